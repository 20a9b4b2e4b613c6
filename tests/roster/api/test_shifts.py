import pytest

from roster.models import Phase, Shift, ShiftTemplate
from tests.factories.organisation import OfficerFactory, QualificationFactory, SkillFactory
from tests.factories.roster import PeriodFactory, ShiftFactory, ShiftTemplateFactory, SignUpFactory

pytestmark = pytest.mark.django_db

TEMPLATE = {
    "name": "Nacht",
    "kind": "night",
    "start_time": "23:00",
    "end_time": "07:00",
    "weekdays": [4, 5],
    "demand": {"basis": 3},
}
NEW_SHIFT = {
    "kind": "custom",
    "start": "2027-01-06T10:00:00+01:00",
    "end": "2027-01-06T18:00:00+01:00",
    "demand": {"basis": 1},
}


def test_planner_creates_template_and_generates_shifts(planner, team, basis, api_client_for):
    client = api_client_for(planner)
    response = client.post(f"/api/v1/teams/{team.id}/shift-templates/", TEMPLATE, format="json")
    assert response.status_code == 201, response.data
    period = PeriodFactory(team=team, phase=Phase.DRAFT)
    generated = client.post(f"/api/v1/periods/{period.id}/generate-shifts/")
    assert generated.status_code == 201
    assert generated.data == {"created": 8}
    assert Shift.objects.filter(period=period, is_night=True).count() == 8


def test_template_with_unknown_skill_or_bad_weekday_is_400(planner, team, basis, api_client_for):
    client = api_client_for(planner)
    url = f"/api/v1/teams/{team.id}/shift-templates/"
    bad_skill = client.post(url, {**TEMPLATE, "demand": {"duiker": 1}}, format="json")
    assert bad_skill.status_code == 400
    assert "demand" in bad_skill.data["fields"]
    bad_day = client.post(url, {**TEMPLATE, "weekdays": [7]}, format="json")
    assert "weekdays" in bad_day.data["fields"]
    assert not ShiftTemplate.objects.exists()


def test_officer_may_not_create_template(officer, team, basis, api_client_for):
    response = api_client_for(officer).post(
        f"/api/v1/teams/{team.id}/shift-templates/", TEMPLATE, format="json"
    )
    assert response.status_code == 403
    assert not ShiftTemplate.objects.exists()


def test_generate_in_wrong_phase_is_409(planner, team, api_client_for):
    ShiftTemplateFactory(team=team)
    period = PeriodFactory(team=team, phase=Phase.PROPOSED)
    response = api_client_for(planner).post(f"/api/v1/periods/{period.id}/generate-shifts/")
    assert response.status_code == 409
    assert response.data["code"] == "wrong_phase"


def test_period_shift_list_shows_pressure_counts_with_fixed_queries(
    officer, period, team, basis, api_client_for, django_assert_num_queries
):
    shifts = [ShiftFactory(period=period) for _ in range(6)]
    for i, shift in enumerate(shifts):
        for wish in ("want", "want", "can", "rather_not")[: i % 4 + 1]:
            SignUpFactory(shift=shift, officer=OfficerFactory(teams=[team]), wish=wish)
    client = api_client_for(officer)
    # user, scope roles, scope teams, period, count, page
    with django_assert_num_queries(6):
        response = client.get(f"/api/v1/periods/{period.id}/shifts/")
    assert response.data["count"] == 6
    first = response.data["results"][0]
    assert first["pressure"] == {"want": 1, "can": 0, "rather_not": 0}
    assert "officer" not in str(first["pressure"])
    assert response.data["results"][3]["pressure"] == {"want": 2, "can": 1, "rather_not": 1}


def test_shift_list_filters_by_date_and_team_and_hides_other_teams(
    officer, period, other_period, api_client_for, django_assert_num_queries
):
    ShiftFactory(period=period)
    late = ShiftFactory(period=period, start=period.shifts.get().start.replace(day=12))
    ShiftFactory(period=other_period)
    client = api_client_for(officer)
    with django_assert_num_queries(5):
        response = client.get("/api/v1/shifts/", {"start": "2027-01-10", "end": "2027-01-31"})
    assert [s["id"] for s in response.data["results"]] == [late.id]
    assert client.get("/api/v1/shifts/").data["count"] == 2
    bad = client.get("/api/v1/shifts/", {"start": "gisteren"})
    assert bad.status_code == 400
    assert "start" in bad.data["fields"]


def test_planner_adds_edits_and_cancels_a_single_shift(planner, period, basis, api_client_for):
    client = api_client_for(planner)
    created = client.post(f"/api/v1/periods/{period.id}/shifts/", NEW_SHIFT, format="json")
    assert created.status_code == 201, created.data
    assert created.data["minutes"] == 480
    shift_id = created.data["id"]
    edited = client.patch(
        f"/api/v1/shifts/{shift_id}/",
        {"end": "2027-01-07T02:00:00+01:00", "demand": {"basis": 2}},
        format="json",
    )
    assert edited.status_code == 200, edited.data
    assert edited.data["is_night"] is True
    assert edited.data["demand"] == {"basis": 2}
    cancelled = client.post(f"/api/v1/shifts/{shift_id}/cancel/")
    assert cancelled.data["cancelled_at"] is not None
    again = client.post(f"/api/v1/shifts/{shift_id}/cancel/")
    assert again.status_code == 409
    assert again.data["code"] == "shift_cancelled"


def test_single_shift_outside_period_or_reversed_is_400(planner, period, basis, api_client_for):
    client = api_client_for(planner)
    url = f"/api/v1/periods/{period.id}/shifts/"
    outside = client.post(
        url,
        {**NEW_SHIFT, "start": "2027-03-06T10:00:00+01:00", "end": "2027-03-06T18:00:00+01:00"},
        format="json",
    )
    assert outside.status_code == 400
    assert "start" in outside.data["fields"]
    reversed_ = client.post(url, {**NEW_SHIFT, "end": "2027-01-06T09:00:00+01:00"}, format="json")
    assert "end" in reversed_.data["fields"]
    missing = client.post(url, {"kind": "early"}, format="json")
    assert set(missing.data["fields"]) == {"start", "end", "demand"}
    assert not Shift.objects.exists()


def test_shift_edits_need_a_planner_of_the_team_and_an_editable_phase(
    officer, planner, team, other_period, basis, api_client_for
):
    shift = ShiftFactory(period=PeriodFactory(team=team, phase=Phase.PUBLISHED))
    assert api_client_for(officer).post(f"/api/v1/shifts/{shift.id}/cancel/").status_code == 403
    published = api_client_for(planner).post(f"/api/v1/shifts/{shift.id}/cancel/")
    assert published.status_code == 409
    other = ShiftFactory(period=other_period)
    assert api_client_for(planner).post(f"/api/v1/shifts/{other.id}/cancel/").status_code == 404
    shift.refresh_from_db()
    assert shift.cancelled_at is None


def test_demand_may_name_other_skills(planner, period, api_client_for):
    QualificationFactory(skill=SkillFactory(code="ovd"))
    response = api_client_for(planner).post(
        f"/api/v1/periods/{period.id}/shifts/",
        {**NEW_SHIFT, "demand": {"ovd": 1}},
        format="json",
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/shifts/?start=",
        "/api/v1/shifts/?end=",
        "/api/v1/shifts/?team=",
        "/api/v1/me/roster/?start=&end=2027-01-31",
    ],
)
def test_an_empty_date_or_id_parameter_is_400_naming_it_not_ignored(officer, api_client_for, query):
    # The schema says format: date; an empty value is no date (issue #17, schema fuzz).
    response = api_client_for(officer).get(query)
    assert response.status_code == 400
    name = query.split("?")[1].split("=")[0]
    assert name in response.json()["fields"]


def test_shift_list_without_dates_is_still_fine(officer, api_client_for):
    assert api_client_for(officer).get("/api/v1/shifts/").status_code == 200
