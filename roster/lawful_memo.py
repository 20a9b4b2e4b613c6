"""A memo of "may this officer lawfully work this shift", for the open-shifts list.

`GET /open-shifts/` asks the working-time rules, for every open place of the officer's teams,
whether adding that shift to his own shifts around it breaks a rule. The answer depends only
on what the check reads, so the memo is keyed by exactly that (content-addressed):

- the officer's id and standing night exemption (`Officer.night_exempt`);
- the candidate shift and each of his own shifts within `LOOKAROUND` of it: id, start, end,
  night flag (the fields `roster.compliance.work_items` reads);
- his dated night-exemption days that those night shifts touch;
- the rule parameters and the source text of the rules module and of this check;
- the fatigue cap that binds him on the shift's team (`AdditionCheck.memo_fact`), so a
  changed `TeamFatiguePolicy` asks for a different key.

An entry therefore cannot go stale: a sign-up, swap, claim, absence, skill change,
publication or a moved shift changes an input, so the read asks for a different key and runs
the full check. Nothing is invalidated by hand; old keys expire after `TTL_SECONDS`. What is
not an input of the rule check (open counts, qualifications, absences, team membership) is
read fresh on every request by the caller, never memoised here.

The memo lives in the default cache (`CACHE_URL`: shared by all processes in production).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

from django.core.cache import cache
from django.utils import timezone

from organisation.models import Officer
from roster.models import Shift
from roster.rules import LOOKAROUND, RuleParams

TTL_SECONDS = 6 * 3600
PREFIX = "lawful:v1"


def _code_version() -> str:
    """A digest of the rules module, the compliance adapter, the check, this module and the
    default parameters:
    a deployment that changes a rule never reads an answer of the old one."""
    here = Path(__file__).resolve().parent
    files = [
        *sorted((here / "rules").glob("*.py")),
        here / "compliance.py",
        here / "services" / "open_shifts.py",  # the check itself (`_lawful`)
        Path(__file__),
    ]
    digest = hashlib.sha256(repr(RuleParams()).encode())
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


def around(shift: Shift, mine: Iterable[Shift]) -> list[Shift]:
    """The officer's own shifts the check of `shift` looks at: within `LOOKAROUND`."""
    return [
        s
        for s in mine
        if s.pk != shift.pk
        and s.start < shift.end + LOOKAROUND
        and s.end > shift.start - LOOKAROUND
    ]


def _shift_fact(s: Shift) -> str:
    return f"{s.pk}/{s.start.timestamp()!r}/{s.end.timestamp()!r}/{int(s.is_night)}"


def memo_key(
    officer: Officer,
    shift: Shift,
    near: Sequence[Shift],
    exempt_days: AbstractSet[dt.date],
    facts_of: dict[int, str] | None = None,
    policy: str = "",
) -> str:
    """The cache key of one check: a digest of every input it reads (see the module doc).
    `facts_of`: `_shift_fact` by shift id, computed once for a whole list. `policy`: the
    team settings the check reads (the fatigue cap: `AdditionCheck.memo_fact`)."""
    fact = (lambda s: facts_of[s.pk]) if facts_of is not None else _shift_fact
    touched = (
        sorted(
            {
                day
                for s in [*near, shift]
                if s.is_night
                for day in (timezone.localtime(s.start).date(), timezone.localtime(s.end).date())
                if day in exempt_days
            }
        )
        if exempt_days
        else []
    )
    facts = "|".join(
        [
            CODE_VERSION,
            str(officer.pk),
            str(int(officer.night_exempt)),
            fact(shift),
            ",".join(sorted(fact(s) for s in near)),
            ",".join(d.isoformat() for d in touched),
            policy,
        ]
    )
    return f"{PREFIX}:{officer.pk}:{hashlib.sha256(facts.encode()).hexdigest()}"


def lawful_shift_ids(
    officer: Officer,
    candidates: Sequence[Shift],
    mine: Sequence[Shift],
    exempt_days: AbstractSet[dt.date],
    check: Callable[[Officer, Shift, list[Shift], AbstractSet[dt.date]], bool],
    policy_of: Callable[[Shift], str] | None = None,
) -> set[int]:
    """The ids of `candidates` that `check(officer, shift, around, exempt_days)` finds lawful;
    answers from the memo where it has them (one cache round trip for all), the rest from
    `check`, then stored (a second round trip, only when something was missing)."""
    nears = {shift.pk: around(shift, mine) for shift in candidates}
    facts_of = {s.pk: _shift_fact(s) for s in [*mine, *candidates]}
    keys = {
        s.pk: memo_key(
            officer, s, nears[s.pk], exempt_days, facts_of, policy_of(s) if policy_of else ""
        )
        for s in candidates
    }
    known = cache.get_many(list(keys.values())) if keys else {}
    lawful: set[int] = set()
    fresh: dict[str, bool] = {}
    for shift in candidates:
        key = keys[shift.pk]
        if key in known:
            ok = bool(known[key])
        else:
            ok = check(officer, shift, nears[shift.pk], exempt_days)
            fresh[key] = ok
        if ok:
            lawful.add(shift.pk)
    if fresh:
        cache.set_many(fresh, TTL_SECONDS)
    return lawful
