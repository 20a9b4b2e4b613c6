"""Solving a roster period, one module per step (see each module's docstring)."""
