"""Curtois & Qu (2014) shift scheduling benchmark: reader, evaluator, CP-SAT model and search.

``reader`` parses instance and roster files, ``evaluate`` is the independent referee (hard rules
and objective), ``model`` builds the CP-SAT model in builder style, ``search`` solves it.
``python -m bench.curtois FILE`` runs one instance (``run``), ``python -m bench.curtois.table
FILE...`` several; the instances are vendored in ``data/``. No Django here.
"""

from pathlib import Path

#: The 24 instances with ``best_known.csv`` and ``cq2014_results.csv`` (see ``data/README.md``).
DATA_DIR = Path(__file__).resolve().parent / "data"
