"""The solver and the rules are plain Python: importing them loads no Django module."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import roster.rules
import roster.solver

ROOT = Path(__file__).resolve().parents[3]


def _modules() -> list[str]:
    """Every module of ``roster.rules`` and ``roster.solver``, so a new one is covered too."""
    names = []
    for package in (roster.rules, roster.solver):
        names.append(package.__name__)
        names.extend(
            info.name for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
        )
    return sorted(names)


def test_every_solver_and_rules_module_is_listed():
    names = _modules()
    assert {"roster.rules.checks", "roster.solver.solve", "roster.solver.__main__"} <= set(names)


def test_fresh_interpreter_loads_no_django():
    code = (
        "import importlib, sys\n"
        f"for name in {_modules()!r}:\n"
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
