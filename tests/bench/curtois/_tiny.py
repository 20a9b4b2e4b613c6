"""Tiny hand-made Curtois-format instances for the tests, and the vendored benchmark files."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.curtois import DATA_DIR
from bench.curtois.construct import construct_by_employee
from bench.curtois.evaluate import evaluate
from bench.curtois.pricing import ColumnGeneration
from bench.curtois.reader import Instance, parse_instance
from bench.curtois.search import SolveResult

REPO_ROOT = Path(__file__).resolve().parents[3]
#: The 24 benchmark files and their best-known values, vendored in the repository.
CURTOIS_DIR = DATA_DIR


def benchmark_file(name: str) -> Path:
    """Path of a vendored benchmark file (it must be there: the tests never skip)."""
    path = CURTOIS_DIR / name
    assert path.is_file(), f"vendored Curtois file missing: {path}"
    return path


def make_instance(
    *,
    horizon: int = 7,
    shifts: str = "D,480,",
    staff: str = "A,D=7,3360,0,7,1,1,1",
    days_off: str = "",
    on_requests: str = "",
    off_requests: str = "",
    cover: str | None = None,
) -> Instance:
    """Build an instance from the section bodies (one record per line). By default every shift
    on every day wants 0 staff with weights 100/1."""
    if cover is None:
        shift_ids = [line.split(",")[0] for line in shifts.splitlines() if line.strip()]
        cover = "\n".join(f"{d},{s},0,100,1" for d in range(horizon) for s in shift_ids)
    text = f"""# tiny test instance
SECTION_HORIZON
{horizon}

SECTION_SHIFTS
{shifts}

SECTION_STAFF
{staff}

SECTION_DAYS_OFF
{days_off}

SECTION_SHIFT_ON_REQUESTS
{on_requests}

SECTION_SHIFT_OFF_REQUESTS
{off_requests}

SECTION_COVER
{cover}
"""
    return parse_instance(text, name="tiny")


def row(pattern: str, shift: str = "D") -> list[str | None]:
    """``"11011"`` -> ``["D", "D", None, "D", "D"]``; other characters are shift ids."""
    out: list[str | None] = []
    for ch in pattern:
        if ch == "0":
            out.append(None)
        elif ch == "1":
            out.append(shift)
        else:
            out.append(ch)
    return out


def brute_force(inst: Instance) -> int | None:
    """Best objective over every roster of a one-employee instance (None: none feasible)."""
    (employee,) = inst.staff
    choices = [None, *(s.id for s in inst.shift_types)]
    best = None
    for days in itertools.product(choices, repeat=inst.horizon):
        result = evaluate(inst, {employee.id: list(days)})
        if result.feasible and (best is None or result.objective < best):
            best = result.objective
    return best


def run_fresh(script: str) -> str:
    """Run ``script`` in a fresh interpreter of this Python from the repository root and return
    its standard output; fail the test with its standard error when it exits non-zero.

    Code that forks a process pool runs here, never in the test process: forking a process
    that runs threads can copy a held lock into the child, which then never starts (the test
    process runs Redis clients and test servers; in CI such a pool's child hung). The command
    line runs none, so a fresh interpreter runs the pool as ``python -m bench.curtois`` does."""
    out = subprocess.run(  # noqa: S603 -- this interpreter, a script from our own tests
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO_ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def scored_objective(inst: Instance, result: SolveResult) -> int:
    """The objective of ``result``'s roster, after checking that there is one, that the
    independent evaluator finds it lawful and that it scores it at the reported objective."""
    assert result.roster is not None
    checked = evaluate(inst, result.roster)
    assert checked.feasible, checked.violations[:5]
    assert checked.objective == result.objective
    return checked.objective


def random_small(seed: int) -> Instance:
    """A random small instance: 3 employees, 14 days, 2 shift types (L may not precede E),
    random cover with under/over weights, random requests and rules."""
    rng = random.Random(seed)
    days = 14
    cover = "\n".join(
        f"{d},{s},{rng.randint(0, 2)},{rng.choice([1, 10, 100])},{rng.choice([1, 2, 5])}"
        for d in range(days)
        for s in ("E", "L")
    )
    requests = [
        "\n".join(
            f"{e},{rng.randrange(days)},{rng.choice('EL')},{rng.randint(1, 3)}" for e in "ABC"
        )
        for _ in range(2)
    ]
    return make_instance(
        horizon=days,
        shifts="E,480,\nL,480,E",
        staff="\n".join(
            f"{e},E=14|L={rng.randint(3, 14)},4800,1440,{rng.randint(3, 5)},{rng.randint(1, 2)},"
            f"{rng.randint(1, 2)},{rng.randint(1, 2)}"
            for e in "ABC"
        ),
        on_requests=requests[0],
        off_requests=requests[1],
        cover=cover,
    )


def converged(inst: Instance, workers: int = 2, deadline_s: float = 300.0) -> ColumnGeneration:
    """Column generation from ``construct_by_employee``'s roster until the master LP is solved
    (``deadline_s`` is far more than these instances need); it has a proved round."""
    first = construct_by_employee(inst, time.monotonic() + deadline_s, seed=0)
    assert first is not None
    generation = ColumnGeneration(inst, [first], workers=workers)
    generation.run(time.monotonic() + deadline_s)
    assert generation.proved
    return generation
