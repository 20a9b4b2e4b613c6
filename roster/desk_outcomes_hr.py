"""Desk outcomes that change an officer's terms (registered in `RosterConfig.ready()`).

On approval of the request (inside the workflow's transaction):
- `contract_hours` (`contract_hours_change`): the contract minutes from the form's `from` on,
  as history (`organisation.employment.ContractHours`); a period spanning the date uses both.
- `night_exemption`: exempt from night shifts from the form's `from` on (no end on the form).
  The basis (age, physician, care) is not copied: it stays on the request (need-to-know).
- `second_team`: rostered with the form's `team` too over its `range` (inclusive).
- `overtime` (`overtime_registration`): the form's hours land in the hours balance on its date.

Each writes through `organisation.employment_services` with the source `request:<pk>`, so
approving again (a request returned after approval and approved anew) replaces the earlier
effect and never doubles it. The next solve reads them through `roster.services.solving.input`.
The roster registers these (not `organisation`, which sits below the desk; ADR 0005/0006).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from organisation.employment_services import (
    contract_hours_record,
    hours_mutation_record,
    night_exemption_record,
    second_team_record,
)
from organisation.models import Officer, Team
from requests_desk.errors import FormInvalid
from requests_desk.models import OutcomeKind, Request
from requests_desk.outcomes import Outcome, register_outcome


def _invalid(field: str, message: str) -> FormInvalid:
    return FormInvalid(extra={"fields": {"form_data": {field: [message]}}})


def _date(form: dict[str, Any], *path: str) -> dt.date:
    value: Any = form
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _invalid(path[0], _("A date (YYYY-MM-DD) is required.")) from None


def _minutes(form: dict[str, Any], field: str) -> int:
    """Hours on the form (a number, may have decimals) as whole minutes."""
    try:
        minutes = int((Decimal(str(form.get(field))) * 60).to_integral_value())
    except (InvalidOperation, ValueError):
        minutes = 0
    if minutes <= 0:
        raise _invalid(field, _("A positive number of hours is required."))
    return minutes


def _source(request: Request) -> str:
    return f"request:{request.pk}"


def _contract_hours_on_approval(request: Request, actor: Officer) -> None:
    contract_hours_record(
        actor=actor,
        officer=request.requester,
        valid_from=_date(request.form_data, "from"),
        minutes_per_week=_minutes(request.form_data, "hours_pw"),
        source=_source(request),
    )


def _night_exemption_on_approval(request: Request, actor: Officer) -> None:
    night_exemption_record(
        actor=actor,
        officer=request.requester,
        valid_from=_date(request.form_data, "from"),
        source=_source(request),
    )


def _second_team_on_approval(request: Request, actor: Officer) -> None:
    team = Team.objects.filter(pk=request.form_data.get("team")).first()
    if team is None:
        raise _invalid("team", _("No such team."))
    first = _date(request.form_data, "range", "from")
    last = _date(request.form_data, "range", "to")
    if last < first:
        raise _invalid("range", _("The range ends before it starts."))
    second_team_record(
        actor=actor,
        officer=request.requester,
        team=team,
        valid_from=first,
        valid_until=last,
        source=_source(request),
    )


def _overtime_on_approval(request: Request, actor: Officer) -> None:
    hours_mutation_record(
        actor=actor,
        officer=request.requester,
        date=_date(request.form_data, "date"),
        minutes=_minutes(request.form_data, "hours"),
        source=_source(request),
    )


def register() -> None:
    """Hand these outcome handlers to the desk (called once from `AppConfig.ready()`)."""
    register_outcome(OutcomeKind.CONTRACT_HOURS, Outcome(on_approved=_contract_hours_on_approval))
    register_outcome(OutcomeKind.NIGHT_EXEMPTION, Outcome(on_approved=_night_exemption_on_approval))
    register_outcome(OutcomeKind.SECOND_TEAM, Outcome(on_approved=_second_team_on_approval))
    register_outcome(OutcomeKind.OVERTIME, Outcome(on_approved=_overtime_on_approval))
