"""The solver and the rules are plain Python: importing them loads no Django module."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

MODULES = [
    "roster.rules",
    "roster.solver",
    "roster.solver.types",
    "roster.solver.io",
    "roster.solver.build",
    "roster.solver.solve",
    "roster.solver.explain",
    "roster.solver.verify",
    "roster.solver.baseline",
    "bench.scenario",
    "roster.solver.__main__",
]


def test_fresh_interpreter_loads_no_django():
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
