"""Curtois & Qu (2014) shift scheduling benchmark: reader, evaluator, CP-SAT model and search.

``reader`` parses instance and roster files, ``evaluate`` is the independent referee (hard rules
and objective), ``model`` builds the CP-SAT model in builder style, ``search`` solves it.
``python -m bench.curtois.run curtois FILE`` runs one instance. No Django here.
"""
