"""The solver's value types: frozen dataclasses in, frozen dataclasses out.

``SolveInput`` (officers, shifts, sign-ups, unavailability, pinned and previous placements,
rule parameters and weights) is what ``solve`` reads; ``SolveResult`` is what it returns.
Times are integer minutes from the horizon start (computed in UTC, so DST is in the numbers),
days are local day indices from the horizon's first local day. ``roster.solver.io`` turns the
JSON contract (``docs/solver_io.md``) into these types and back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from roster.rules import History, RuleParams, Violation, WorkItem, to_minutes
from roster.solver.notes import Note

#: Minutes per week of one FTE: the police full-time week of 36 h. Fairness compares
#: burdens per FTE = contract_minutes_per_week / FTE_MINUTES.
FTE_MINUTES = 2160


class Wish(StrEnum):
    WANT = "want"
    CAN = "can"
    RATHER_NOT = "rather_not"


class StageName(StrEnum):
    """The lexicographic stages of the objective (``roster.solver.stages``)."""

    SHORTFALL = "shortfall"
    CHANGES = "changes"
    TRAINING = "training"
    FAIRNESS = "fairness"
    WISHES = "wishes"
    TOTALS = "totals"


#: The default stage order: empty places first, then (repairs only) the changes to officers
#: other than the absent ones, the worst fairness deviations, the worst-off want-grant rate
#: and last the weighted totals.
DEFAULT_STAGES: tuple[StageName, ...] = tuple(StageName)


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"
    INVALID_INPUT = "invalid_input"


@dataclass(frozen=True)
class OfficerHistory:
    """Fairness ledger of earlier periods and the rule state at the horizon start."""

    nights: int = 0
    weekends: int = 0
    holidays: int = 0
    minutes_delta: int = 0
    last_shift_end: int | None = None
    last_shift_night: bool = False
    consecutive_nights_at_start: int = 0
    consecutive_days_at_start: int = 0
    last_shift_day: int | None = None
    last_weekly_rest_end: int | None = None

    def burden(self, name: str) -> int:
        return {"night": self.nights, "weekend": self.weekends, "holiday": self.holidays}[name]

    def rules_history(self) -> History:
        return History(
            last_shift_end=self.last_shift_end,
            last_shift_night=self.last_shift_night,
            consecutive_nights_at_start=self.consecutive_nights_at_start,
            consecutive_days_at_start=self.consecutive_days_at_start,
            last_shift_day=self.last_shift_day,
            last_weekly_rest_end=self.last_weekly_rest_end,
        )


@dataclass(frozen=True)
class TrainingData:
    """The officer is in training for ``skill`` (``roster.solver.training``): he may fill a
    place of it only with one of ``mentors`` working the same shift, and should get
    ``target`` such shifts in the horizon (stage ``training``)."""

    skill: str
    mentors: tuple[str, ...]
    target: int = 0


@dataclass(frozen=True)
class OfficerData:
    id: str
    #: the skills he may fill places of: those he holds plus those he is in training for
    skills: tuple[str, ...]
    contract_minutes_per_week: int
    night_exempt: bool = False
    history: OfficerHistory = field(default_factory=OfficerHistory)
    training: tuple[TrainingData, ...] = ()

    @property
    def fte(self) -> float:
        return self.contract_minutes_per_week / FTE_MINUTES

    @property
    def held_skills(self) -> frozenset[str]:
        """The skills he holds (without the ones he is in training for)."""
        return frozenset(self.skills) - {t.skill for t in self.training}


@dataclass(frozen=True)
class ShiftData:
    """A shift; ``night`` is the ATW night flag computed from its times (local 00-06)."""

    id: str
    start: int
    end: int
    day: int
    night: bool
    kind: str
    burdens: frozenset[str]
    demand: Mapping[str, int]

    @property
    def minutes(self) -> int:
        return self.end - self.start

    @property
    def places(self) -> int:
        return sum(self.demand.values())

    def work_item(self) -> WorkItem:
        return WorkItem(self.id, self.start, self.end, self.night, self.day)


@dataclass(frozen=True)
class SignUp:
    officer: str
    shift: str
    wish: Wish
    order: int


@dataclass(frozen=True)
class Unavailability:
    officer: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True, order=True)
class Placement:
    """One officer in one place of a shift, for one skill."""

    officer: str
    shift: str
    skill: str


PinnedAssignment = Placement


@dataclass(frozen=True)
class Weights:
    """Objective weights, in priority order shortfall > fairness > wish > stability."""

    shortfall: int = 10000
    fairness: int = 100
    wish: int = 10
    rather_not: int = 20
    unsigned: int = 5
    stability: int = 50

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Weights:
        """Build from a mapping (e.g. a setting): a missing key takes its default.

        Raises ``ValueError`` naming the key for an unknown key or a value that is not a
        non-negative ``int``, like ``RuleParams.from_mapping``.
        """
        names = set(cls.__dataclass_fields__)
        values: dict[str, int] = {}
        for key, value in data.items():
            if key not in names:
                raise ValueError(f"{key}: unknown weight")
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{key}: must be a non-negative integer")
            values[key] = value
        return cls(**values)


@dataclass(frozen=True)
class RuleSet:
    """Hard-rule parameters and the named objective weights."""

    params: RuleParams = field(default_factory=RuleParams)
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True)
class FatigueCap:
    """The optional fatigue cap (``roster.solver.fatigue``, ``docs/fatigue.md``): no officer's
    daily fatigue score above ``cap``; ``earlier`` holds each officer's shifts before the
    horizon (negative minutes and days), which count towards the score."""

    cap: int
    earlier: Mapping[str, tuple[WorkItem, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class SolveInput:
    timezone: str
    horizon_start: dt.datetime
    horizon_end: dt.datetime
    officers: tuple[OfficerData, ...]
    shifts: tuple[ShiftData, ...]
    signups: tuple[SignUp, ...] = ()
    unavailable: tuple[Unavailability, ...] = ()
    pinned: tuple[Placement, ...] = ()
    previous: tuple[Placement, ...] | None = None
    rules: RuleSet = field(default_factory=RuleSet)
    stages: tuple[StageName, ...] = DEFAULT_STAGES
    fatigue: FatigueCap | None = None
    officer_by_id: Mapping[str, OfficerData] = field(init=False, repr=False, compare=False)
    shift_by_id: Mapping[str, ShiftData] = field(init=False, repr=False, compare=False)
    signup_by_key: Mapping[tuple[str, str], SignUp] = field(init=False, repr=False, compare=False)
    unavailable_by_officer: Mapping[str, tuple[Unavailability, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        unav: dict[str, list[Unavailability]] = {}
        for u in self.unavailable:
            unav.setdefault(u.officer, []).append(u)
        object.__setattr__(self, "officer_by_id", {o.id: o for o in self.officers})
        object.__setattr__(self, "shift_by_id", {s.id: s for s in self.shifts})
        object.__setattr__(self, "signup_by_key", {(s.officer, s.shift): s for s in self.signups})
        object.__setattr__(self, "unavailable_by_officer", {k: tuple(v) for k, v in unav.items()})

    @property
    def params(self) -> RuleParams:
        return self.rules.params

    @property
    def weights(self) -> Weights:
        return self.rules.weights

    @property
    def horizon_minutes(self) -> int:
        return to_minutes(self.horizon_end, self.horizon_start)

    @property
    def repair(self) -> bool:
        """A non-empty ``previous`` roster makes this a repair: changes cost ``stability``."""
        return bool(self.previous)


@dataclass(frozen=True)
class Shortfall:
    shift: str
    skill: str
    missing: int
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfficerFigures:
    id: str
    minutes: int
    nights: int
    weekends: int
    holidays: int
    wishes_want: int
    wishes_granted: int
    rather_not_given: int
    unsigned_given: int


@dataclass(frozen=True)
class TrainingFigures:
    """A trainee's training shifts (places of the skill he trains for) against his target."""

    officer: str
    skill: str
    shifts: int
    target: int


@dataclass(frozen=True)
class Fairness:
    """Spreads (max - min over the officers the burden applies to) of the burden per FTE,
    history ledger included, and the lowest want-grant rate."""

    nights_per_fte_spread: float
    weekends_per_fte_spread: float
    holidays_per_fte_spread: float
    hours_balance_per_fte_spread: float
    min_wish_grant_rate: float


@dataclass(frozen=True)
class Terms:
    shortfall: int
    fairness: int
    wish: int
    stability: int

    @property
    def total(self) -> int:
        return self.shortfall + self.fairness + self.wish + self.stability


class StageStatus(StrEnum):
    OPTIMAL = "optimal"  # proven optimal (given the earlier stages held)
    FEASIBLE = "feasible"  # improved or kept within its time, not proven
    NO_SOLUTION = "no_solution"  # CP-SAT found nothing in its time: the roster before it kept
    NOT_RUN = "not_run"  # no time left


@dataclass(frozen=True)
class StageResult:
    """One lexicographic stage: its ``value`` on the returned roster (recomputed from the
    assignments), ``bound`` the best value CP-SAT proved possible with the earlier stages
    held (a lower bound for ``sense`` ``min``, an upper bound for ``max``), or ``None``."""

    name: StageName
    sense: str
    value: int
    bound: int | None
    status: StageStatus
    seconds: float
    detail: Mapping[str, int] = field(default_factory=dict)
    #: the proven bound of a ``detail`` entry, where there is one (the ``wishes`` levels)
    detail_bounds: Mapping[str, int] = field(default_factory=dict)


class ChangeReason(StrEnum):
    """Why a repair changed an officer's roster (``roster.solver.repair``)."""

    PLACE_LOST = "place_lost"  # his own placements are no longer allowed (e.g. absent)
    COVERS_LOST_PLACE = "covers_lost_place"  # he takes over places lost by others
    KNOCK_ON = "knock_on"  # moved to make room for a cover or to keep the rules


@dataclass(frozen=True)
class OfficerChange:
    """A changed officer of a repair: shifts added and removed against ``previous`` (a skill
    change counts as both), the reason code and its parameters."""

    officer: str
    reason: ChangeReason
    added: tuple[str, ...]
    removed: tuple[str, ...]
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SolveResult:
    status: Status
    objective: int | None
    bound: int | None
    wall_time_s: float
    assignments: tuple[Placement, ...] = ()
    shortfalls: tuple[Shortfall, ...] = ()
    officers: tuple[OfficerFigures, ...] = ()
    fairness: Fairness | None = None
    changes: int = 0
    terms: Terms | None = None
    violations: tuple[Violation, ...] = ()
    #: reason codes and parameters (``roster.solver.notes``), rendered by the reader's side
    notes: tuple[Note, ...] = ()
    stats: Mapping[str, float] = field(default_factory=dict)
    stages: tuple[StageResult, ...] = ()
    changed_officers: tuple[OfficerChange, ...] = ()
    training: tuple[TrainingFigures, ...] = ()
