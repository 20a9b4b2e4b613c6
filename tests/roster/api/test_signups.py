import datetime as dt

import pytest
from django.utils import timezone

from roster.models import Phase, SignUp
from tests.factories.organisation import QualificationFactory, SkillFactory
from tests.factories.roster import PeriodFactory, ShiftFactory, SignUpFactory, aware

pytestmark = pytest.mark.django_db


def _post(client, items):
    return client.post("/api/v1/signups/", {"signups": items}, format="json")


def test_officer_signs_up_for_many_shifts_in_one_request_and_updates(
    officer, period, api_client_for
):
    shifts = [ShiftFactory(period=period, start=aware(2027, 1, d, 7, 0)) for d in (5, 6, 7)]
    client = api_client_for(officer)
    response = _post(client, [{"shift": s.id, "wish": "want"} for s in shifts])
    assert response.status_code == 200, response.data
    assert [r["wish"] for r in response.data] == ["want"] * 3
    first_filed = SignUp.objects.get(shift=shifts[0]).created_at
    update = _post(client, [{"shift": shifts[0].id, "wish": "rather_not"}])
    assert update.data[0]["wish"] == "rather_not"
    signup = SignUp.objects.get(shift=shifts[0])
    assert signup.created_at == first_filed
    assert SignUp.objects.filter(officer=officer).count() == 3


def test_bad_wish_is_400_naming_the_field_and_nothing_saved(officer, shift, api_client_for):
    client = api_client_for(officer)
    response = _post(
        client, [{"shift": shift.id, "wish": "want"}, {"shift": shift.id, "wish": "x"}]
    )
    assert response.status_code == 400
    assert "signups" in response.data["fields"]
    assert "wish" in str(response.data["fields"]["signups"])
    empty = client.post("/api/v1/signups/", {"signups": []}, format="json")
    assert "signups" in empty.data["fields"]
    assert not SignUp.objects.exists()


def test_outside_the_window_is_409_and_nothing_saved(officer, team, api_client_for):
    closed = PeriodFactory(team=team, start_date=dt.date(2027, 2, 1), phase=Phase.SIGNUP_CLOSED)
    expired = PeriodFactory(
        team=team,
        start_date=dt.date(2027, 3, 1),
        signup_opens_at=timezone.now() - dt.timedelta(days=9),
        signup_closes_at=timezone.now() - dt.timedelta(days=1),
    )
    client = api_client_for(officer)
    for period in (closed, expired):
        shift = ShiftFactory(
            period=period, start=aware(period.start_date.year, period.start_date.month, 2, 7, 0)
        )
        response = _post(client, [{"shift": shift.id, "wish": "can"}])
        assert response.status_code == 409
        assert response.data["code"] == "signup_window_closed"
    assert not SignUp.objects.exists()


def test_other_teams_shift_is_403_and_unknown_shift_404(
    officer, shift, other_period, api_client_for
):
    other = ShiftFactory(period=other_period)
    client = api_client_for(officer)
    response = _post(
        client, [{"shift": shift.id, "wish": "want"}, {"shift": other.id, "wish": "want"}]
    )
    assert response.status_code == 403
    assert response.data["code"] == "not_team_member"
    assert _post(client, [{"shift": 999999, "wish": "want"}]).status_code == 404
    assert not SignUp.objects.exists()


def test_expired_or_missing_skill_is_422(officer, team, period, api_client_for):
    ovd = SkillFactory(code="ovd")
    QualificationFactory(officer=officer, skill=ovd, valid_until=dt.date(2027, 1, 4))
    shift = ShiftFactory(period=period, demand={"ovd": 1})
    response = _post(api_client_for(officer), [{"shift": shift.id, "wish": "want"}])
    assert response.status_code == 422
    assert response.data["code"] == "not_qualified"
    earlier = ShiftFactory(period=period, demand={"ovd": 1}, start=aware(2027, 1, 4, 7, 0))
    assert (
        _post(api_client_for(officer), [{"shift": earlier.id, "wish": "want"}]).status_code == 200
    )


def test_list_mine_only_with_fixed_queries(
    officer, colleague, period, api_client_for, django_assert_num_queries
):
    for day in range(5, 12):
        shift = ShiftFactory(period=period, start=aware(2027, 1, day, 7, 0))
        SignUpFactory(officer=officer, shift=shift)
        SignUpFactory(officer=colleague, shift=shift)
    client = api_client_for(officer)
    # user, count, page (shift joined)
    with django_assert_num_queries(3):
        response = client.get("/api/v1/signups/")
    assert response.data["count"] == 7


def test_withdraw_own_signup_while_open(officer, colleague, shift, api_client_for):
    mine = SignUpFactory(officer=officer, shift=shift)
    theirs = SignUpFactory(officer=colleague, shift=shift)
    client = api_client_for(officer)
    assert client.delete(f"/api/v1/signups/{theirs.id}/").status_code == 404
    assert client.delete(f"/api/v1/signups/{mine.id}/").status_code == 204
    assert list(SignUp.objects.all()) == [theirs]


def test_withdraw_after_close_is_409(officer, shift, api_client_for):
    mine = SignUpFactory(officer=officer, shift=shift)
    shift.period.phase = Phase.SIGNUP_CLOSED
    shift.period.save()
    response = api_client_for(officer).delete(f"/api/v1/signups/{mine.id}/")
    assert response.status_code == 409
    assert SignUp.objects.filter(pk=mine.pk).exists()


def test_a_batch_of_sign_ups_costs_the_same_queries_as_one(officer, period):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from roster.services.signups import SignUpItem, signups_set

    shifts = [
        ShiftFactory(period=period, start=aware(2027, 1, 4, 7, 0) + dt.timedelta(days=d))
        for d in range(21)
    ]
    counts = []
    for batch in (shifts[:1], shifts[1:]):  # new sign-ups: 1, then 20
        with CaptureQueriesContext(connection) as queries:
            signups_set(actor=officer, items=[SignUpItem(s.pk, "want") for s in batch])
        counts.append(len(queries))
    with CaptureQueriesContext(connection) as queries:  # 21 updates of existing sign-ups
        signups_set(actor=officer, items=[SignUpItem(s.pk, "can") for s in shifts])
    counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[2] <= counts[0] + 1, counts
    assert SignUp.objects.filter(officer=officer, wish="can").count() == 21
    filed = list(SignUp.objects.filter(officer=officer).order_by("created_at", "id"))
    assert [s.shift_id for s in filed] == [s.pk for s in shifts]  # filing order kept
