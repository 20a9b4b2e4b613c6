"""Benchmarks, not the product: nothing under ``roster/`` or the other apps imports this.

- ``bench.curtois``: the Curtois & Qu shift-scheduling instances (vendored in
  ``bench/curtois/data/``) with their own CP-SAT model and evaluator;
  ``python -m bench.curtois FILE``, ``python -m bench.curtois.table FILE...``.
- ``bench.scenario``: a generated police team solved by the production solver and by the
  greedy baseline; ``python -m bench.scenario``.
- ``bench.repair``: a repair after new absences; ``python -m bench.repair``.
- ``bench.console``: the console's roster grid; ``make bench-console``.
- ``bench.load``: the whole stack under load; ``make bench-load``.

Figures and how they were measured: ``docs/benchmarks.md``.
"""
