"""Changing or withdrawing approved leave (`leave_change`) end to end through the API: the
leave's absence, the officer's places and his leave balance follow; a change that is not
possible is a 400 naming the form field, at filing and again at approval.

Uses the officer's month of `test_absence_lifecycle` (shifts on days -1, +1, +2, +4, +6, +9,
+12, +15 and +19 from today, 07:00-15:00 local).
"""

import datetime as dt

import pytest

from organisation.employment_selectors import contract_weekly_on
from organisation.models import Absence
from requests_desk.models import Request
from tests.requests_desk.test_absence_lifecycle import (
    _assigned,
    _at,
    _iso,
    _today,
    officer_month,
)
from tests.requests_desk.test_workflow import _act, _file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery", "catalogue")]


@pytest.fixture
def month(team, officer, colleague, team_lead, planner, basis):
    return officer_month(team, officer, basis)


def _approved_leave(officer, team_lead, api_client_for, first, last, hours=8):
    form = {"range": {"from": _iso(first), "to": _iso(last)}, "hours": hours}
    rid = _file(api_client_for(officer), "annual_leave", form).data["id"]
    approved = _act(api_client_for(team_lead), rid, "approve")
    assert approved.status_code == 200, approved.data
    return rid


def _change(officer, api_client_for, leave, new=None):
    form = {"leave": leave}
    if new is not None:
        form["new_range"] = {"from": _iso(new[0]), "to": _iso(new[1])}
    return _file(api_client_for(officer), "leave_change", form)


def _leave_rows(officer, api_client_for, first_offset):
    year = (_today() + dt.timedelta(days=first_offset)).year
    body = api_client_for(officer).get("/api/v1/me/balances/", {"year": year}).data
    return body["leave"]["requests"]


def _contract_minutes(officer, first, last):
    weekly = contract_weekly_on(officer)
    days = [_today() + dt.timedelta(days=o) for o in range(first, last + 1)]
    return round(sum(weekly(d) / 5 for d in days if d.weekday() < 5))


def test_moving_planned_leave_cancels_it_and_books_the_new_days(
    month, officer, team_lead, api_client_for
):
    _period, shifts = month
    rid = _approved_leave(officer, team_lead, api_client_for, 4, 6, hours=24)
    assert _assigned(officer, shifts) == [-1, 1, 2, 9, 12, 15, 19]
    # when: he moves it to days 12-15 and the team lead approves
    filed = _change(officer, api_client_for, rid, (12, 15))
    assert filed.status_code == 201, filed.data
    approved = _act(api_client_for(team_lead), filed.data["id"], "approve")
    assert approved.status_code == 200, approved.data
    # then: the old absence is cancelled, the new one covers days 12-15
    old, new = Absence.objects.filter(officer=officer).order_by("id")
    assert old.status == "cancelled"
    assert (new.kind, new.start, new.end) == ("leave", _at(12, 0), _at(16, 0))
    assert Request.objects.get(pk=filed.data["id"]).absence == new
    # his places on days 12 and 15 are freed; those on days 4 and 6 stay open
    assert _assigned(officer, shifts) == [-1, 1, 2, 9, 19]
    # the balance books the new days' working days (4 days hold at least 2) at a fifth of
    # his weekly contract each, not the old 24 hours
    rows = _leave_rows(officer, api_client_for, 12)
    assert [(r["request"], r["from"], r["to"]) for r in rows] == [(rid, _iso(12), _iso(15))]
    assert rows[0]["minutes"] == _contract_minutes(officer, 12, 15) > 0


def test_withdrawing_planned_leave_cancels_it_and_frees_the_balance(
    month, officer, team_lead, api_client_for
):
    rid = _approved_leave(officer, team_lead, api_client_for, 9, 12, hours=16)
    assert [r["request"] for r in _leave_rows(officer, api_client_for, 9)] == [rid]
    filed = _change(officer, api_client_for, rid)
    assert filed.status_code == 201, filed.data
    assert _act(api_client_for(team_lead), filed.data["id"], "approve").status_code == 200
    assert Absence.objects.get(officer=officer).status == "cancelled"
    assert _leave_rows(officer, api_client_for, 9) == []
    # a second withdrawal of the same leave is refused: nothing is left to withdraw
    again = _change(officer, api_client_for, rid)
    assert again.status_code == 400
    assert "leave" in again.data["fields"]["form_data"]


def test_started_leave_may_end_earlier_and_keeps_its_first_day(
    month, officer, team_lead, api_client_for
):
    _period, shifts = month
    rid = _approved_leave(officer, team_lead, api_client_for, -1, 4, hours=40)
    assert _assigned(officer, shifts) == [-1, 6, 9, 12, 15, 19]  # yesterday's is worked
    filed = _change(officer, api_client_for, rid, (-1, 1))
    assert filed.status_code == 201, filed.data
    assert _act(api_client_for(team_lead), filed.data["id"], "approve").status_code == 200
    absence = Absence.objects.get(officer=officer)
    assert (absence.start, absence.end, absence.status) == (_at(-1, 0), _at(2, 0), "active")
    # the places on days 2 and 4 it had freed stay open
    assert _assigned(officer, shifts) == [-1, 6, 9, 12, 15, 19]
    rows = _leave_rows(officer, api_client_for, -1)
    assert [(r["from"], r["to"]) for r in rows] == [(_iso(-1), _iso(1))]
    assert rows[0]["minutes"] == _contract_minutes(officer, -1, 1) > 0  # 3 days: a weekday


@pytest.mark.parametrize(
    ("leave_days", "new", "field"),
    [
        ((-1, 4), None, "leave"),  # started: cannot be withdrawn
        ((-1, 4), (0, 2), "new_range"),  # started: keeps its first day
        ((-1, 4), (-1, 6), "new_range"),  # started: cannot be lengthened
        ((-1, 4), (-1, -1), "new_range"),  # started: the last day today at the earliest
        ((4, 6), (-2, 3), "new_range"),  # not started: may not move into the past
        ((4, 6), (9, 8), "new_range"),  # last day before the first
    ],
)
def test_a_change_that_is_not_possible_is_400_naming_the_field_and_files_nothing(
    month, officer, team_lead, api_client_for, leave_days, new, field
):
    rid = _approved_leave(officer, team_lead, api_client_for, *leave_days)
    filed_before = Request.objects.count()
    refused = _change(officer, api_client_for, rid, new)
    assert refused.status_code == 400, refused.data
    assert field in refused.data["fields"]["form_data"]
    assert Request.objects.count() == filed_before
    assert Absence.objects.get(officer=officer).status in ("planned", "active")


def test_someone_elses_or_unapproved_leave_cannot_be_changed(
    month, officer, colleague, team_lead, api_client_for
):
    theirs = _approved_leave(colleague, team_lead, api_client_for, 9, 9)
    refused = _change(officer, api_client_for, theirs)
    assert refused.status_code == 400
    assert "leave" in refused.data["fields"]["form_data"]
    pending = _file(
        api_client_for(officer),
        "annual_leave",
        {"range": {"from": _iso(9), "to": _iso(9)}, "hours": 8},
    ).data["id"]
    refused = _change(officer, api_client_for, pending)
    assert refused.status_code == 400
    assert Absence.objects.get().officer == colleague  # nothing of his changed


def test_approval_checks_again_and_refuses_a_change_overtaken_meanwhile(
    month, officer, team_lead, api_client_for
):
    rid = _approved_leave(officer, team_lead, api_client_for, 9, 12)
    move = _change(officer, api_client_for, rid, (15, 15)).data["id"]
    withdraw = _change(officer, api_client_for, rid).data["id"]
    assert _act(api_client_for(team_lead), withdraw, "approve").status_code == 200
    # the leave is withdrawn now: the move can no longer be approved
    refused = _act(api_client_for(team_lead), move, "approve")
    assert refused.status_code == 400
    assert "leave" in refused.data["fields"]["form_data"]
    assert Request.objects.get(pk=move).state == "in_approval"
    assert [a.status for a in Absence.objects.all()] == ["cancelled"]


def test_moving_onto_another_absence_is_refused_at_approval(
    month, officer, team_lead, api_client_for
):
    rid = _approved_leave(officer, team_lead, api_client_for, 9, 9)
    _approved_leave(officer, team_lead, api_client_for, 15, 15)
    move = _change(officer, api_client_for, rid, (15, 16))
    # filing checks the leave, not the overlap with other absences: the approval does
    assert move.status_code == 201, move.data
    refused = _act(api_client_for(team_lead), move.data["id"], "approve")
    assert refused.status_code == 400
    assert "new_range" in refused.data["fields"]["form_data"]
    statuses = sorted(a.status for a in Absence.objects.all())
    assert statuses == ["planned", "planned"]  # the first leave was not cancelled either
