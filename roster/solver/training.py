"""Trainees and their mentors (issue 18).

An officer in training for a skill (``OfficerData.training``) may fill a place of that skill
only together with a qualified mentor working the same shift (in any place): one of the
training's ``mentors``, each accompanying at most one trainee on a shift. That is a matching
between the trainees of a shift and its mentors; the model encodes it with a Boolean
``y[trainee,mentor,shift]`` per possible pair (``add_mentors_and_quota``), and ``unmentored`` checks
it on a roster by augmenting paths (the verifier, the start roster, the roster services use
the same function). Each trainee should get ``target`` such training shifts in the horizon:
the stage ``training`` minimises the sum of what is missing (``training_short``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from ortools.sat.python import cp_model

from roster.rules import RuleId, Violation, check_officer
from roster.solver.eligibility import static_block
from roster.solver.types import Placement, SolveInput, TrainingData, TrainingFigures


class _Vars(Protocol):
    """What ``add_mentors_and_quota`` needs of ``build.ModelVars`` (it cannot import ``build``)."""

    x: dict[tuple[str, str, str], cp_model.IntVar]
    work: dict[tuple[str, str], cp_model.IntVar]
    training_short: cp_model.LinearExprT | None


def trainings(inp: SolveInput) -> dict[tuple[str, str], TrainingData]:
    """(officer, skill) -> the training, for every trainee of the input."""
    return {(o.id, t.skill): t for o in inp.officers for t in o.training}


def _match(wanted: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """A maximum matching trainee -> mentor (Kuhn's augmenting paths; a shift has few)."""
    mentor_of: dict[str, str] = {}  # mentor -> trainee

    def augment(trainee: str, seen: set[str]) -> bool:
        for mentor in wanted[trainee]:
            if mentor in seen:
                continue
            seen.add(mentor)
            if mentor not in mentor_of or augment(mentor_of[mentor], seen):
                mentor_of[mentor] = trainee
                return True
        return False

    for trainee in sorted(wanted):
        augment(trainee, set())
    return {t: m for m, t in mentor_of.items()}


def unaccompanied(wanted: Mapping[str, Sequence[str]]) -> list[str]:
    """The trainees (trainee -> the mentors of his who work the shift) whom no distinct
    mentor can accompany, as few as a best matching leaves, sorted. The roster services
    check a changed shift with this, the same matching as ``unmentored``."""
    matched = _match(wanted)
    return sorted(t for t in wanted if t not in matched)


def unmentored(inp: SolveInput, placements: Iterable[Placement]) -> list[Placement]:
    """The trainee placements of ``placements`` that no distinct mentor on the same shift
    accompanies (as few as a best matching leaves), sorted."""
    train = trainings(inp)
    if not train:
        return []
    by_shift: dict[str, list[Placement]] = {}
    for p in placements:
        by_shift.setdefault(p.shift, []).append(p)
    out: list[Placement] = []
    for shift_places in by_shift.values():
        working = {p.officer for p in shift_places}
        wanted: dict[str, Sequence[str]] = {}
        place_of: dict[str, Placement] = {}
        for p in shift_places:
            t = train.get((p.officer, p.skill))
            if t is not None:
                wanted[p.officer] = [m for m in t.mentors if m in working and m != p.officer]
                place_of[p.officer] = p
        if not wanted:
            continue
        matched = _match(wanted)
        out.extend(place_of[o] for o in wanted if o not in matched)
    return sorted(out)


def mentor_violations(inp: SolveInput, placements: Iterable[Placement]) -> list[Violation]:
    """``project.training_mentor`` for every trainee placement without a mentor."""
    return [
        Violation(
            RuleId.TRAINING_MENTOR,
            p.officer,
            (p.shift,),
            f"{p.officer} is in training for {p.skill} and works {p.shift} without a mentor",
        )
        for p in unmentored(inp, placements)
    ]


def _lawful_for(inp: SolveInput, officer: str, placements: Sequence[Placement]) -> bool:
    data = inp.officer_by_id[officer]
    items = [inp.shift_by_id[p.shift].work_item() for p in placements if p.officer == officer]
    return not check_officer(
        items,
        inp.params,
        data.history.rules_history(),
        officer=officer,
        night_exempt=data.night_exempt,
    )


def _with_mentor(inp: SolveInput, roster: list[Placement], place: Placement) -> list[Placement]:
    """``roster`` with a mentor of ``place`` (a pinned trainee place) put on its shift: in a
    free place of a skill he holds, else instead of an officer who is neither pinned nor a
    mentor there, when that is lawful for him; ``roster`` unchanged when no mentor can be."""
    t = trainings(inp)[place.officer, place.skill]
    shift = inp.shift_by_id[place.shift]
    pinned = set(inp.pinned)
    on_shift = [p for p in roster if p.shift == place.shift]
    working = {p.officer for p in on_shift}
    for mentor in t.mentors:
        data = inp.officer_by_id[mentor]
        if mentor in working or static_block(inp, data, shift) is not None:
            continue
        for skill in sorted(data.held_skills):
            need = shift.demand.get(skill, 0)
            taken = [p for p in on_shift if p.skill == skill]
            if need <= 0:
                continue
            options: list[list[Placement]] = []
            if len(taken) < need:
                options.append(roster)
            options += [
                [p for p in roster if p != other]
                for other in taken
                if other not in pinned and trainings(inp).get((other.officer, other.skill)) is None
            ]
            for base in options:
                candidate = [*base, Placement(mentor, place.shift, skill)]
                if _lawful_for(inp, mentor, candidate):
                    return candidate
    return roster


def without_unmentored(inp: SolveInput, placements: Sequence[Placement]) -> list[Placement]:
    """``placements`` where every trainee place has a mentor: a pinned trainee place gets a
    mentor put on its shift where one lawfully can be (``_with_mentor``); the other trainee
    places without one are dropped, repeated until none is left (a mentor removed for his
    own training elsewhere may leave another trainee alone). A start roster for ``solve``."""
    pinned = set(inp.pinned)
    kept = list(placements)
    for place in unmentored(inp, kept):
        if place in pinned:
            kept = _with_mentor(inp, kept, place)
    while True:
        drop = {p for p in unmentored(inp, kept) if p not in pinned}
        if not drop:
            return kept
        kept = [p for p in kept if p not in drop]


def pinned_mentor_violations(inp: SolveInput) -> list[Violation]:
    """A pinned trainee place none of whose mentors is pinned on the shift or may work it at
    all (``candidate(mentor, shift)``) can never be accompanied: the pins are infeasible."""
    train = trainings(inp)
    pinned_on: dict[str, set[str]] = {}
    for p in inp.pinned:
        pinned_on.setdefault(p.shift, set()).add(p.officer)
    out: list[Violation] = []
    for p in inp.pinned:
        t = train.get((p.officer, p.skill))
        if t is None:
            continue
        shift = inp.shift_by_id[p.shift]
        if any(
            m in pinned_on[p.shift] or static_block(inp, inp.officer_by_id[m], shift) is None
            for m in t.mentors
        ):
            continue
        out.append(
            Violation(
                RuleId.TRAINING_MENTOR,
                p.officer,
                (p.shift,),
                f"pinned as trainee for {p.skill} on {p.shift}, but no mentor can work it",
            )
        )
    return out


def add_mentors_and_quota(model: cp_model.CpModel, vars: _Vars, data: SolveInput) -> None:
    """Hard: ``project.training_mentor``: ``x[t,s,k]`` of a trainee ``t`` for his training
    skill ``k`` equals the sum of ``y[t,m,s]`` over his mentors ``m`` that may work ``s``;
    ``y[t,m,s] <= work[m,s]`` and each mentor accompanies at most one trainee per shift.
    Also the quota of the stage ``training``: ``short[t,k] >= target - sum_s x[t,s,k]``,
    ``>= 0``; their sum is ``vars.training_short`` (``None`` without a target). No soft
    penalty: the quota is a stage of its own (``roster.solver.stages``), not a weight."""
    train = trainings(data)
    if not train:
        return
    by_mentor: dict[tuple[str, str], list[cp_model.IntVar]] = {}
    got: dict[tuple[str, str], list[cp_model.IntVar]] = {}
    for (officer, shift, skill), var in vars.x.items():
        t = train.get((officer, skill))
        if t is None:
            continue
        got.setdefault((officer, skill), []).append(var)
        ys = []
        for mentor in t.mentors:
            work = vars.work.get((mentor, shift))
            if work is None or mentor == officer:
                continue
            y = model.new_bool_var(f"y[{officer},{mentor},{shift}]")
            model.add_implication(y, work)
            by_mentor.setdefault((mentor, shift), []).append(y)
            ys.append(y)
        model.add(sum(ys) == var)  # no mentor may work it: the place is never his
    for ys in by_mentor.values():
        if len(ys) > 1:
            model.add_at_most_one(ys)
    shorts: list[cp_model.IntVar] = []
    for (officer, skill), t in sorted(train.items()):
        if t.target <= 0:
            continue
        xs = got.get((officer, skill), [])
        short = model.new_int_var(0, t.target, f"training_short[{officer},{skill}]")
        model.add(short >= t.target - sum(xs))
        shorts.append(short)
    if shorts:
        vars.training_short = sum(shorts)


def training_figures(
    inp: SolveInput, placements: Iterable[Placement]
) -> tuple[tuple[TrainingFigures, ...], int]:
    """Per trainee and skill the training shifts he got against his target, and the sum of
    what is missing (the value of the stage ``training``)."""
    train = trainings(inp)
    if not train:
        return (), 0
    count = dict.fromkeys(train, 0)
    for p in placements:
        if (p.officer, p.skill) in count:
            count[p.officer, p.skill] += 1
    rows = tuple(
        TrainingFigures(officer, skill, count[officer, skill], t.target)
        for (officer, skill), t in sorted(train.items())
    )
    return rows, sum(max(0, r.target - r.shifts) for r in rows)
