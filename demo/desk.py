"""Demo data of the request desk: the full catalogue and requests in every state."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from organisation.models import Officer, Unit
from requests_desk.models import Request, RequestType, State
from requests_desk.services.catalogue import catalogue_load
from requests_desk.services.workflow import request_act, request_create


def _file(officer: Officer, code: str, form: dict[str, object], submit: bool) -> Request:
    return request_create(
        actor=officer,
        request_type=RequestType.objects.get(code=code),
        form_data=form,
        submit=submit,
    )


def seed_requests(today: dt.date) -> dict[str, int]:
    """Load the catalogue and, once, a spread of requests in every state (idempotent)."""
    unit = Unit.objects.get(code="ams")
    counts = catalogue_load(unit=unit)
    agent = Officer.objects.get(username="agent")
    if Request.objects.filter(requester=agent).exists():
        return counts
    lead = Officer.objects.get(username="teamchef")
    manager = Officer.objects.get(username="eenheidschef")
    desk = Officer.objects.get(username="loket")
    day = (today + dt.timedelta(days=14)).isoformat()
    claim = {"date": today.isoformat(), "route": "Amsterdam - Den Haag", "mode": "pt"}
    room = {"room": 1, "start": f"{day}T09:00:00+01:00", "end": f"{day}T10:00:00+01:00"}
    with transaction.atomic():
        _file(agent, "address_change", {"address": "Damrak 1", "from": day}, False)  # draft
        _file(agent, "travel_expense", {**claim, "amount": 4200}, True)  # in approval
        big = _file(agent, "travel_expense", {**claim, "amount": 30000}, True)
        request_act(actor=lead, request_id=big.pk, action="approve")  # in approval (UM)
        leave = {"range": {"from": day, "to": day}, "hours": 8.0}
        ok = _file(agent, "annual_leave", leave, True)
        request_act(actor=lead, request_id=ok.pk, action="approve")  # closed, absence made
        ret = _file(
            agent,
            "other_expense",
            {"what": "Boek", "amount": 2500, "cost_centre": 1, "receipt": "bon.pdf"},
            True,
        )
        request_act(actor=lead, request_id=ret.pk, action="return", comment="Bon ontbreekt")
        rej = _file(agent, "unpaid_leave", {**leave, "hours": 8.0}, True)
        request_act(actor=lead, request_id=rej.pk, action="reject", comment="Bezetting")
        wd = _file(agent, "catering", {"when": room["start"], "people": 8, "cost_centre": 1}, True)
        request_act(actor=agent, request_id=wd.pk, action="withdraw")
        _file(agent, "room_booking", room, True)  # approved, in the desk's queue
        ful = _file(agent, "desk_booking", {"location": 1, "date": day}, True)
        request_act(actor=desk, request_id=ful.pk, action="claim")  # in fulfilment
        done = _file(agent, "locker", {"site": 1}, True)
        request_act(actor=desk, request_id=done.pk, action="claim")
        request_act(actor=desk, request_id=done.pk, action="fulfil")  # fulfilled
        closed = _file(
            agent, "building_fault", {"location": "Hal", "what": "Lamp", "urgency": "low"}, True
        )
        request_act(actor=desk, request_id=closed.pk, action="claim")
        request_act(actor=desk, request_id=closed.pk, action="fulfil")
        request_act(actor=agent, request_id=closed.pk, action="close")
        um = _file(agent, "travel_advance", {"trip": "Congres", "amount": 10000}, True)
        request_act(actor=lead, request_id=um.pk, action="approve")
        request_act(actor=manager, request_id=um.pk, action="approve")  # approved
        # HR requests that change what the roster uses (ADR 0006): fewer contract hours
        # from the first of next month, and overtime into the hours balance (see
        # GET /api/v1/me/balances/ as agent).
        first_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        hours = _file(
            agent, "contract_hours_change", {"hours_pw": 32, "from": first_next.isoformat()}, True
        )
        request_act(actor=lead, request_id=hours.pk, action="approve")
        request_act(actor=manager, request_id=hours.pk, action="approve")
        overtime = {
            "date": (today - dt.timedelta(days=1)).isoformat(),
            "hours": 2.5,
            "reason": "Aanhouding liep uit",
        }
        extra = _file(agent, "overtime_registration", overtime, True)
        request_act(actor=lead, request_id=extra.pk, action="approve")
    states = set(Request.objects.filter(requester=agent).values_list("state", flat=True))
    counts["requests"] = Request.objects.count()
    counts["states"] = len(states & set(State.values))
    return counts
