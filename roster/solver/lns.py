"""One large-neighbourhood search for every roster model (the police model and Curtois-Qu).

The engine knows nothing of either model. A model implements ``Problem``: its officers, its
days, which officers share a skill, which officers (and around which day) the worst term of
the objective sits, and ``resolve``: re-solve a neighbourhood (some officers over a window of
days) with everything else fixed to the current roster, returning a ``Candidate`` with its
lexicographic ``key`` (a tuple, smaller is better). The engine picks neighbourhoods, accepts a
candidate only when its key is lexicographically smaller (or equal, with ``accept_equal``),
and adapts each kind's size to what the sub-solver manages in its time.

Neighbourhood kinds (``KINDS``):

- ``officers``: a few officers over a long window, so their rosters can be rebuilt;
- ``days``: every officer over a short window, so shifts move between officers;
- ``skill``: officers sharing a skill over a medium window (they can swap places);
- ``worst``: the officers of the worst term (the fairness family's worst officers, the
  lowest want-grant rates, the shifts left empty) over a window around its day;
- ``rows`` (opt-in, not in ``KINDS``): a few officers over the whole horizon (half of them
  from the worst term), so that what a rule counts over the horizon (weekends worked,
  minutes) can move between them from one end of it to the other;
- ``exchange`` (opt-in, for a problem with an ``exchange`` method, ``ExchangingProblem``):
  the officers the problem names for filling its worst term by an exchange across the
  horizon (who could take the term's place and who could take over what they give up),
  over the whole horizon.

Each kind is tried once first, in ``KINDS`` order (the worst term first); then a kind is
drawn with probability proportional to ``(improved + 1) / (tried + 2)``, so kinds
that help are drawn more often and none is starved. Each kind's size (in free cells, i.e.
officer-day-skill variables) grows by ``GROW`` when its sub-model is proved optimal in under
half its time limit and shrinks by ``GROW`` when it is not proved at all.

With ``parallel`` > 1 (opt-in: the caller asks for it, and the problem's ``resolve`` must
be safe to call from several threads at once) the engine keeps that many neighbourhoods in
re-solve at once, in threads (CP-SAT releases the GIL while it solves). Each is picked from
the roster current when it starts, of officers not in the neighbourhoods in re-solve (a
``days`` neighbourhood frees a random ``1 / parallel`` of the officers). When one ends, the
roster may have changed since (another neighbourhood's candidate was accepted): the engine
then asks the problem to ``merge`` the candidate into the current roster (an optional
method: ``None`` when they conflict; a problem without it loses such candidates) and
compares the merged key. Which neighbourhood ends first depends on timing, so a parallel
search is not repeatable.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = [
    "ALL_KINDS",
    "KINDS",
    "SMALL_MODEL_VARIABLES",
    "WHOLE_SHARE",
    "Candidate",
    "ExchangingProblem",
    "Kind",
    "LnsStats",
    "MergingProblem",
    "Neighbourhood",
    "Problem",
    "better",
    "pick",
    "search",
    "whole_share",
]

KINDS = ("worst", "officers", "days", "skill")
#: Every kind ``pick`` knows: ``KINDS`` plus the opt-in ones.
ALL_KINDS = (*KINDS, "rows", "exchange")
#: Share of a stage's time for the whole-model solve that comes first (its proven bound, and a
#: proof when the model is small); the search gets the rest (and whatever the solve left).
#: The police stages (``roster.solver.solve``) and the Curtois-Qu benchmark both use it.
WHOLE_SHARE = 0.4
#: A model with at most this many variables gives the whole-model solve all of a stage's
#: time (the search runs only in what a proof leaves): on a repair's window (~7 000
#: variables for 60 officers) and the small Curtois-Qu instances CP-SAT's own search found
#: the better rosters (measured: a repair at 30 s and 60 s, load 11-14, kept 1 avoidable
#: empty place with 40 % for the whole-model solve, filled it with 100 %).
SMALL_MODEL_VARIABLES = 10_000


def whole_share(variables: int) -> float:
    """Share of a stage's time for the whole-model solve of a model this size."""
    return 1.0 if variables <= SMALL_MODEL_VARIABLES else WHOLE_SHARE


#: Factor by which a kind's size grows (proved fast) or shrinks (not proved).
GROW = 1.15
MIN_CELLS = 60.0
MAX_CELLS = 100_000.0


@dataclass(frozen=True)
class Neighbourhood:
    """Officers freed over days ``first`` .. ``stop - 1``, except the days in ``held``,
    which keep the current roster (only an ``exchange`` whose problem names its days has
    any: a problem that names none need not read it)."""

    kind: str
    officers: tuple[str, ...]
    first: int
    stop: int
    held: tuple[int, ...] = ()


@dataclass
class Candidate:
    """A sub-solve's roster: ``key`` compares lexicographically (smaller is better);
    ``proved`` when the sub-model was solved to optimality; ``payload`` is the model's own
    (its roster, its solution vector): the engine hands it back to ``Problem.accept``."""

    key: tuple[int, ...]
    proved: bool
    seconds: float
    payload: Any = None


class Problem(Protocol):
    """What a model offers the search."""

    @property
    def officers(self) -> Sequence[str]:
        """Every officer that may be freed."""
        ...

    @property
    def days(self) -> tuple[int, int]:
        """The days a neighbourhood may free: ``first`` .. ``stop - 1``."""
        ...

    @property
    def cells_per_officer_day(self) -> float:
        """Free cells (decision variables) per officer and day, on average."""
        ...

    def key(self) -> tuple[int, ...]:
        """The current roster's lexicographic key."""
        ...

    def skill_groups(self) -> Sequence[Sequence[str]]:
        """Groups of officers that share a skill (may be empty)."""
        ...

    def worst(self) -> tuple[Sequence[str], int | None]:
        """The officers of the current worst term and a day it concerns (or ``None``)."""
        ...

    def resolve(self, hood: Neighbourhood, time_limit_s: float, seed: int) -> Candidate | None:
        """Re-solve ``hood`` with the rest fixed to the current roster; ``None``: nothing
        found in the time. In a parallel search it runs in a worker thread while the engine
        may ``accept`` other candidates: it must read the current roster once."""
        ...

    def accept(self, candidate: Candidate) -> None:
        """Make ``candidate`` the current roster."""
        ...


class MergingProblem(Problem, Protocol):
    """A problem whose candidates can be carried over to a roster changed since they were
    computed (a parallel search's other neighbourhoods)."""

    def merge(self, candidate: Candidate) -> Candidate | None:
        """``candidate``'s changes applied to the current roster, with the key of the result;
        ``None`` when they conflict with what changed since it was computed (or add
        nothing)."""
        ...


class ExchangingProblem(Problem, Protocol):
    """A problem that names the officers of an exchange for kind ``exchange``."""

    def exchange(self, size: int, busy: Collection[str]) -> tuple[Any, ...]:
        """About ``size`` officers, none in ``busy``, who could together mend the worst term
        by moving work across the horizon, and a day it concerns (or ``None``): ``(officers,
        day)``; or ``(officers, day, days)``, the days the exchange needs: the engine then
        frees them over those days only (the days between are ``held``), as many of the
        officers (in the order named) as fit there, which may be more than ``size``."""
        ...


def better(new: tuple[int, ...], old: tuple[int, ...], *, accept_equal: bool = False) -> bool:
    """Lexicographically smaller (or equal, when ``accept_equal``)."""
    return new < old or (accept_equal and new == old)


@dataclass
class Kind:
    """One neighbourhood kind, its adaptive size (free cells) and its record."""

    name: str
    cells: float
    tried: int = 0
    improved: int = 0
    proved: int = 0

    def weight(self) -> float:
        return (self.improved + 1) / (self.tried + 2)


@dataclass
class LnsStats:
    """What one search did: per kind ``tried/improved`` and final size; the keys found."""

    iterations: int = 0
    improvements: int = 0
    seconds: float = 0.0
    kinds: dict[str, Kind] = field(default_factory=dict)
    progress: list[tuple[float, tuple[int, ...]]] = field(default_factory=list)
    #: parallel search: candidates computed from an older roster and carried over to the
    #: current one (``merged``, accepted or not), or lost (``merge`` gave ``None``: they
    #: conflicted with it or added nothing)
    merged: int = 0
    conflicts: int = 0
    #: the longest a re-solve ran past its time limit (building its model, reading its
    #: roster back): later re-solves get that much less time, so the search ends by its
    #: deadline (measured: 2.8 s past 120 s on the largest Curtois instance without it)
    overrun: float = 0.0

    def as_stats(self, prefix: str) -> dict[str, float]:
        out: dict[str, float] = {
            f"{prefix}lns_iterations": self.iterations,
            f"{prefix}lns_improvements": self.improvements,
            f"{prefix}lns_time_s": round(self.seconds, 3),
        }
        if self.merged or self.conflicts:
            out[f"{prefix}lns_merged"] = self.merged
            out[f"{prefix}lns_conflicts"] = self.conflicts
        for kind in self.kinds.values():
            out[f"{prefix}lns_{kind.name}_tried"] = kind.tried
            out[f"{prefix}lns_{kind.name}_improved"] = kind.improved
        return out


def _window(
    rng: random.Random, days: tuple[int, int], width: int, around: int | None
) -> tuple[int, int]:
    first_day, stop_day = days
    span = stop_day - first_day
    width = max(1, min(span, width))
    if around is None:
        first = rng.randrange(first_day, stop_day - width + 1)
    else:
        lo = max(first_day, around - width + 1)
        hi = min(around, stop_day - width)
        first = rng.randrange(lo, max(lo, hi) + 1)
    return first, first + width


def pick(
    problem: Problem,
    kind: Kind,
    rng: random.Random,
    busy: Collection[str] = (),
    share: int = 1,
) -> Neighbourhood | None:
    """A neighbourhood of ``kind`` holding about ``kind.cells`` free cells (``None`` when
    the kind does not apply now: no skill groups, no worst term). In a parallel search:
    of officers not in ``busy`` (those of the neighbourhoods in re-solve), and a ``days``
    neighbourhood frees a random ``1 / share`` of the officers, not all."""
    officers = [o for o in problem.officers if o not in busy]
    if not officers:
        return None
    first_day, stop_day = problem.days
    span = max(1, stop_day - first_day)
    per_day = max(1e-9, problem.cells_per_officer_day)
    cells = kind.cells
    around: int | None = None
    if kind.name == "officers":
        width = min(span, max(14, span // 4))
        chosen = rng.sample(officers, min(len(officers), max(2, int(cells / (width * per_day)))))
    elif kind.name == "days":
        chosen = officers
        if share > 1:
            most = max(2, len(problem.officers) // share)
            chosen = rng.sample(officers, min(len(officers), most))
        width = int(cells / (len(officers) * per_day))
    elif kind.name == "skill":
        free = ([o for o in g if o not in busy] for g in problem.skill_groups())
        groups = [g for g in free if len(g) >= 2]
        if not groups:
            return None
        group = list(rng.choice(groups))
        width = min(span, max(3, span // 3))
        n = max(2, min(len(group), int(cells / (width * per_day))))
        chosen = rng.sample(group, n)
        width = int(cells / (n * per_day))
    elif kind.name == "worst":
        worst, around = problem.worst()
        chosen = [o for o in worst if o not in busy]
        if not chosen:
            return None
        # the worst officers plus random others to trade with
        others = [o for o in officers if o not in set(chosen)]
        width = min(span, max(7, span // 2))
        extra = max(1, int(cells / (width * per_day)) - len(chosen))
        chosen += rng.sample(others, min(len(others), extra))
        if around is not None:
            width = max(3, int(cells / (len(chosen) * per_day)))
    elif kind.name == "rows":
        # as many officers as fit over the whole horizon (at least two, then a shorter
        # window), half of them from the worst term, the others to trade with
        n = max(2, int(cells / (span * per_day)))
        worst = [o for o in problem.worst()[0] if o not in busy]
        chosen = rng.sample(worst, min(len(worst), n // 2))
        taken = set(chosen)
        others = [o for o in officers if o not in taken]
        chosen += rng.sample(others, min(len(others), n - len(chosen)))
        width = min(span, int(cells / (len(chosen) * per_day)))
    elif kind.name == "exchange":
        # the problem's own choice of officers, over the whole horizon when they fit (or
        # over the days the problem names, when it names some: more officers fit there)
        exchange: Callable[..., tuple[Any, ...]] | None = getattr(problem, "exchange", None)
        if exchange is None:
            return None
        n = max(2, int(cells / (span * per_day)))
        named, around, *named_days = exchange(n, set(busy))
        days = sorted(
            {d for d in (named_days[0] if named_days else ()) if first_day <= d < stop_day}
        )
        if days:
            n = max(2, int(cells / (len(days) * per_day)))
            chosen = [o for o in named if o not in busy][:n]
            if not chosen:
                return None
            named_set = set(days)
            held = tuple(d for d in range(days[0], days[-1] + 1) if d not in named_set)
            return Neighbourhood(kind.name, tuple(chosen), days[0], days[-1] + 1, held)
        chosen = [o for o in named if o not in busy][:n]
        if not chosen:
            return None
        width = min(span, int(cells / (len(chosen) * per_day)))
    else:
        raise ValueError(f"unknown neighbourhood kind {kind.name!r}")
    first, stop = _window(rng, (first_day, stop_day), max(2, width), around)
    return Neighbourhood(kind.name, tuple(chosen), first, stop)


def search(
    problem: Problem,
    deadline: float,
    *,
    seed: int = 0,
    kinds: Sequence[str] = KINDS,
    start_cells: float = 600.0,
    sub_time_s: float = 2.0,
    accept_equal: bool = False,
    stop_at: tuple[int, ...] | None = None,
    stats: LnsStats | None = None,
    parallel: int = 1,
) -> LnsStats:
    """Improve ``problem``'s roster by re-solving neighbourhoods until ``deadline``
    (``time.perf_counter()``), or until its key reaches ``stop_at`` (nothing better can
    exist, e.g. a proven bound). Returns what it did (pass ``stats`` to go on counting).
    ``parallel``: neighbourhoods re-solved at once, in threads (see the module's doc)."""
    rng = random.Random(seed)  # noqa: S311 -- search diversification, not security
    started = time.perf_counter()
    out = stats if stats is not None else LnsStats()
    for name in kinds:
        out.kinds.setdefault(name, Kind(name, float(start_cells)))
    active = [out.kinds[name] for name in kinds]
    if parallel > 1:
        _search_parallel(
            problem,
            deadline,
            rng,
            active,
            sub_time_s,
            accept_equal,
            stop_at,
            out,
            parallel,
            started,
        )
        out.seconds += time.perf_counter() - started
        return out
    current = problem.key()
    misses = 0
    while time.perf_counter() < deadline - 0.05:
        if stop_at is not None and current <= stop_at:
            break
        # each kind once, in ``kinds`` order (the worst term first), then drawn by success
        untried = [k for k in active if k.tried == 0]
        if untried and misses == 0:
            kind = untried[0]
        else:
            kind = rng.choices(active, weights=[k.weight() for k in active])[0]
        hood = pick(problem, kind, rng)
        if hood is None:
            misses += 1
            if misses > 20 * len(active):
                break
            continue
        remaining = deadline - time.perf_counter() - out.overrun
        if remaining <= 0.02:
            break
        limit = min(sub_time_s, remaining)
        began = time.perf_counter()
        candidate = problem.resolve(hood, limit, rng.randrange(1 << 30))
        out.overrun = max(out.overrun, time.perf_counter() - began - limit)
        out.iterations += 1
        kind.tried += 1
        if candidate is not None and better(candidate.key, current, accept_equal=accept_equal):
            if candidate.key < current:
                kind.improved += 1
                out.improvements += 1
                out.progress.append((time.perf_counter() - started, candidate.key))
            problem.accept(candidate)
            current = candidate.key
        _adapt(kind, candidate, limit)
    out.seconds += time.perf_counter() - started
    return out


def _adapt(kind: Kind, candidate: Candidate | None, limit: float) -> None:
    """Grow ``kind`` when its sub-model was proved in under half ``limit``, shrink it when
    not proved."""
    if candidate is not None and candidate.proved:
        kind.proved += 1
        if candidate.seconds < limit / 2:
            kind.cells = min(kind.cells * GROW, MAX_CELLS)
    else:
        kind.cells = max(kind.cells / GROW, MIN_CELLS)


@dataclass
class _Running:
    """A neighbourhood in re-solve: its kind, its time limit, and the number of rosters
    accepted before it started (its candidate is merged when that number has moved)."""

    kind: Kind
    hood: Neighbourhood
    limit: float
    accepted_before: int
    began: float


def _search_parallel(
    problem: Problem,
    deadline: float,
    rng: random.Random,
    active: list[Kind],
    sub_time_s: float,
    accept_equal: bool,
    stop_at: tuple[int, ...] | None,
    out: LnsStats,
    parallel: int,
    started: float,
) -> None:
    """``search`` with ``parallel`` neighbourhoods in re-solve at once (threads)."""
    merge: Callable[[Candidate], Candidate | None] | None = getattr(problem, "merge", None)
    current = problem.key()
    accepted = 0  # rosters accepted so far: a candidate started before the last is merged
    misses = 0
    dispatched = {k.name: 0 for k in active}
    running: dict[Future[Candidate | None], _Running] = {}

    def done() -> bool:
        return stop_at is not None and current <= stop_at

    with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="lns") as pool:
        while True:
            while (
                len(running) < parallel
                and not done()
                and misses <= 20 * len(active)
                and time.perf_counter() < deadline - 0.05
            ):
                untried = [k for k in active if dispatched[k.name] == 0]
                if untried and misses == 0:
                    kind = untried[0]
                else:
                    kind = rng.choices(active, weights=[k.weight() for k in active])[0]
                # officers not in re-solve elsewhere, so that the candidates merge
                busy = {o for job in running.values() for o in job.hood.officers}
                hood = pick(problem, kind, rng, busy, parallel)
                if hood is None:
                    misses += 1
                    continue
                remaining = deadline - time.perf_counter() - out.overrun
                if remaining <= 0.02:
                    break
                limit = min(sub_time_s, remaining)
                misses = 0
                dispatched[kind.name] += 1
                future = pool.submit(problem.resolve, hood, limit, rng.randrange(1 << 30))
                running[future] = _Running(kind, hood, limit, accepted, time.perf_counter())
            if not running:
                return
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            misses = 0  # officers are free again: the kinds may apply now
            # in start order, so that a run is reproducible when the timing is
            for future in [f for f in running if f in finished]:
                job = running.pop(future)
                out.overrun = max(out.overrun, time.perf_counter() - job.began - job.limit)
                candidate = future.result()
                out.iterations += 1
                job.kind.tried += 1
                _adapt(job.kind, candidate, job.limit)
                if candidate is None or done():
                    continue
                if job.accepted_before != accepted:
                    merged = merge(candidate) if merge is not None else None
                    if merged is None:
                        out.conflicts += 1
                        continue
                    out.merged += 1
                    candidate = merged
                if better(candidate.key, current, accept_equal=accept_equal):
                    if candidate.key < current:
                        job.kind.improved += 1
                        out.improvements += 1
                        out.progress.append((time.perf_counter() - started, candidate.key))
                    problem.accept(candidate)
                    current = candidate.key
                    accepted += 1
