"""Need-to-know for absences: who may learn what about an officer's absence.

The one rule every channel reads (absences API, console grid and cell page, solve input and
report, exports). Under the AVG (art. 9) line management may learn that an officer is absent and
until when, not why:

- the officer himself, and staff of the designated occupational-health desk (setting
  `HEALTH_DESK_CODE`, the desk that handles sick reports) for the officers of that desk's unit:
  the kind (sick, leave, training, other) and the source (e.g. `request:21`);
- everyone else who may see the absence at all (team lead, planner, unit manager of one of the
  officer's teams; administrators; colleagues where a channel lists them): only that the officer
  is absent, from when and until when; the kind reads `absent` and the source is empty;
- nobody else: nothing (selectors leave the absence out, so a look-up is a 404).

An officer's own unavailability (kind `unavailable`, filed by himself during a sign-up window)
is no reason why he is absent but a statement that he cannot work then, which the planner
needs to plan: every reader who may see the absence reads the kind `unavailable`. Its
optional reason, in the officer's own words, may hold anything (health data too): only the
officer himself reads it, not even the health desk (`may_read_reason`).

Which absences a reader may see at all stays with the selectors (`roster.selectors.absence_list`);
this module says how much of a visible absence he may read.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisation.models import Absence, AbsenceKind, Officer, Team
from organisation.selectors import actor_scope

#: What a reader who may not learn the kind sees in its place.
ABSENT = "absent"

#: The kind every reader may learn: the officer's own unavailability says nothing about why.
UNAVAILABLE = str(AbsenceKind.UNAVAILABLE)

#: Every value a reader may see as an absence's kind (the schema's enum).
SHOWN_KIND_CHOICES: list[tuple[str, Any]] = [*AbsenceKind.choices, (ABSENT, _("Absent"))]


class Disclosure(IntEnum):
    NOTHING = 0
    PRESENCE = 1  # absent, from, (expected) until
    KIND = 2  # plus the kind and the source


def health_desk_team_ids(actor: Officer) -> frozenset[int]:
    """Teams whose officers' absence kinds the actor may learn as staff of the health desk.

    No query unless the actor staffs a desk; cached on the actor like his scope."""
    cached: frozenset[int] | None = getattr(actor, "_health_desk_team_ids", None)
    if cached is not None:
        return cached
    desk_ids = actor_scope(actor).desk_ids
    ids: frozenset[int] = frozenset()
    if desk_ids:
        ids = frozenset(
            Team.objects.filter(
                unit__desks__pk__in=desk_ids, unit__desks__code=settings.HEALTH_DESK_CODE
            ).values_list("pk", flat=True)
        )
    actor._health_desk_team_ids = ids  # type: ignore[attr-defined]
    return ids


def kind_readable_q(actor: Officer) -> Q:
    """Absences whose kind the actor may learn (for selectors: the health desk's share)."""
    teams = health_desk_team_ids(actor)
    own = Q(officer_id=actor.pk)
    return own | Q(officer__teams__in=teams) if teams else own


def _kind_officer_ids(actor: Officer) -> frozenset[int]:
    cached: frozenset[int] | None = getattr(actor, "_kind_officer_ids", None)
    if cached is not None:
        return cached
    ids = {actor.pk}
    teams = health_desk_team_ids(actor)
    if teams:
        ids |= set(
            Officer.teams.through.objects.filter(team_id__in=teams).values_list(
                "officer_id", flat=True
            )
        )
    result = frozenset(ids)
    actor._kind_officer_ids = result  # type: ignore[attr-defined]
    return result


def may_learn_kind(actor: Officer | None, officer_id: int) -> bool:
    """Whether `actor` may learn why `officer_id` is absent (the officer, the health desk)."""
    if actor is None or not actor.is_authenticated:
        return False
    return officer_id in _kind_officer_ids(actor)


def absence_disclosure(actor: Officer | None, absence: Absence) -> Disclosure:
    """How much of a visible absence `actor` may read (visibility itself: the selectors)."""
    return Disclosure.KIND if may_learn_kind(actor, absence.officer_id) else Disclosure.PRESENCE


def kind_for(actor: Officer | None, officer_id: int, kind: str) -> str:
    """An absence's `kind` of `officer_id` as `actor` may read it: the real one, `unavailable`
    (anyone who sees the absence), or `absent`. For callers that read only some columns."""
    if kind == UNAVAILABLE or may_learn_kind(actor, officer_id):
        return str(kind)
    return ABSENT


def shown_kind(actor: Officer | None, absence: Absence) -> str:
    """The absence's kind for `actor`: the real one, or `absent`."""
    return kind_for(actor, absence.officer_id, absence.kind)


def shown_kind_label(actor: Officer | None, absence: Absence) -> str:
    """The kind as text for `actor` ("Sick"/"Ziek" only to those who may learn it)."""
    kind = shown_kind(actor, absence)
    return str(_("Absent")) if kind == ABSENT else str(AbsenceKind(kind).label)


def shown_source(actor: Officer | None, absence: Absence) -> str:
    """Where the absence came from (e.g. `request:21`), or empty for who may not learn it."""
    return absence.source if may_learn_kind(actor, absence.officer_id) else ""


def may_read_special_category(
    actor: Officer | None, *, officer_id: int, desk_id: int | None
) -> bool:
    """Whether `actor` may read a special-category record (AVG art. 9/10) about `officer_id`:
    its type, form answers and attachments (a sick report, a recovery report...).

    The officer himself, and staff of the designated desk: the desk the record is routed to,
    or, for a record routed to no desk, the occupational-health desk of the officer's unit.
    Everyone else (an administrator in the Django admin included) reads that a special-category
    record exists, never what it is or says. Internal comments follow their own, narrower rule
    (`requests_desk.selectors.internal_comments_visible`: never the requester)."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.pk == officer_id:
        return True
    if desk_id is not None:
        return desk_id in actor_scope(actor).desk_ids
    return may_learn_kind(actor, officer_id)


def may_read_reason(actor: Officer | None, officer_id: int) -> bool:
    """Whether `actor` may read the reason `officer_id` gave for his own unavailability
    (`roster.models.UnavailabilityReason`): only the officer himself."""
    return actor is not None and actor.is_authenticated and actor.pk == officer_id
