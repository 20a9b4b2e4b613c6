"""The competence profile API (issue 18): who reads what, who writes what, bad input."""

import datetime as dt

import pytest

from organisation.models import Ambition, Training
from tests.factories.organisation import QualificationFactory, SkillFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/competences/"
AMBITIONS = "/api/v1/me/ambitions/"


def profile_url(officer) -> str:
    return f"/api/v1/officers/{officer.pk}/competences/"


def trainings_url(officer) -> str:
    return f"/api/v1/officers/{officer.pk}/trainings/"


@pytest.fixture
def ovd():
    return SkillFactory(code="ovd")


@pytest.fixture
def profile(officer, colleague, ovd):
    """The officer has an ambition and is in training for ovd with his colleague as mentor."""
    QualificationFactory(officer=colleague, skill=ovd, level=3)
    Ambition.objects.create(officer=officer, text="Motorrijder worden")
    Training.objects.create(
        officer=officer, skill=ovd, mentor=colleague, started_on=dt.date(2026, 1, 1)
    )
    return officer


def test_an_officer_adds_changes_and_removes_his_own_ambition(officer, ovd, api_client_for):
    client = api_client_for(officer)
    # when he adds an ambition aimed at a skill
    created = client.post(
        AMBITIONS, {"text": "Meer ovd-diensten", "skill": "ovd", "shift_kind": "late"}
    )
    assert created.status_code == 201
    assert (created.json()["text"], created.json()["skill"]) == ("Meer ovd-diensten", "ovd")
    # then his own profile shows it
    assert [a["text"] for a in client.get(ME).json()["ambitions"]] == ["Meer ovd-diensten"]
    # when he changes and removes it
    url = f"{AMBITIONS}{created.json()['id']}/"
    changed = client.patch(url, {"text": "Motorrijder worden", "skill": None}, format="json")
    assert (changed.status_code, changed.json()["skill"]) == (200, None)
    assert client.delete(url).status_code == 204
    assert not Ambition.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": "x" * 501}, "text"),
        ({"text": "ok", "skill": "nope"}, "skill"),
        ({"text": "ok", "skill": ""}, "skill"),
        ({"text": "ok", "shift_kind": "not a slug"}, "shift_kind"),
        ({"text": "ok", "officer": 1}, "officer"),
    ],
)
def test_bad_ambition_input_names_the_field_and_saves_nothing(
    officer, ovd, api_client_for, body, field
):
    response = api_client_for(officer).post(AMBITIONS, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Ambition.objects.exists()


def test_someone_elses_ambition_is_not_found(profile, colleague, api_client_for):
    ambition = Ambition.objects.get()
    client = api_client_for(colleague)
    assert client.patch(f"{AMBITIONS}{ambition.pk}/", {"text": "x"}).status_code == 404
    assert client.delete(f"{AMBITIONS}{ambition.pk}/").status_code == 404
    assert Ambition.objects.get().text == "Motorrijder worden"


@pytest.mark.parametrize("reader", ["officer", "team_lead", "planner", "unit_manager"])
def test_the_officer_and_his_managers_read_the_whole_profile(
    profile, colleague, request, api_client_for, reader
):
    client = api_client_for(request.getfixturevalue(reader))
    body = client.get(profile_url(profile)).json()
    assert [(s["skill"], s["level"]) for s in body["skills"]] == [("basis", 1)]
    assert [a["text"] for a in body["ambitions"]] == ["Motorrijder worden"]
    [training] = body["trainings"]
    assert (training["skill"], training["in_progress"]) == ("ovd", True)
    assert training["mentor"] == {"id": colleague.pk, "name": colleague.get_full_name()}


def test_a_colleague_may_not_read_ambitions_or_training(profile, colleague, api_client_for):
    response = api_client_for(colleague).get(profile_url(profile))
    assert response.status_code == 403
    assert "Motorrijder" not in response.content.decode()
    assert "ovd" not in response.content.decode()


def test_another_teams_officer_and_lead_do_not_see_the_profile(
    profile, other_officer, other_team_lead, api_client_for
):
    for reader in (other_officer, other_team_lead):
        response = api_client_for(reader).get(profile_url(profile))
        assert response.status_code == 404
        assert "Motorrijder" not in response.content.decode()


def test_a_planner_starts_and_ends_a_training_with_a_mentor(
    officer, colleague, planner, ovd, api_client_for
):
    QualificationFactory(officer=colleague, skill=ovd)
    client = api_client_for(planner)
    response = client.post(
        trainings_url(officer),
        {
            "skill": "ovd",
            "started_on": "2026-11-01",
            "expected_end_on": "2027-03-01",
            "mentor": colleague.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["skill"], response.json()["mentor"]["id"]) == ("ovd", colleague.pk)
    ended = client.post(
        f"/api/v1/trainings/{response.json()['id']}/end/", {"ended_on": "2026-12-01"}
    )
    assert (ended.status_code, ended.json()["ended_on"], ended.json()["in_progress"]) == (
        200,
        "2026-12-01",
        False,
    )


@pytest.mark.parametrize("writer", ["officer", "colleague"])
def test_the_officer_and_his_colleague_may_not_start_a_training(
    officer, colleague, ovd, request, api_client_for, writer
):
    response = api_client_for(request.getfixturevalue(writer)).post(
        trainings_url(officer), {"skill": "ovd", "started_on": "2026-11-01"}
    )
    assert response.status_code == 403
    assert not Training.objects.exists()


def test_another_teams_lead_does_not_see_the_officer_to_train(
    officer, other_team_lead, ovd, api_client_for
):
    response = api_client_for(other_team_lead).post(
        trainings_url(officer), {"skill": "ovd", "started_on": "2026-11-01"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"started_on": "2026-11-01"}, "skill"),
        ({"skill": "ovd"}, "started_on"),
        (
            {"skill": "ovd", "started_on": "2026-11-01", "expected_end_on": "2026-11-01"},
            "expected_end_on",
        ),
        ({"skill": "basis", "started_on": "2026-11-01"}, "skill"),  # already held
        ({"skill": "ovd", "started_on": "2026-11-01", "mentor": "officer"}, "mentor"),
        ({"skill": "ovd", "started_on": "2026-11-01", "mentor": "colleague"}, "mentor"),
        ({"skill": "ovd", "started_on": "2026-11-01", "mentor": "other_officer"}, "mentor"),
        ({"skill": "ovd", "started_on": "2026-11-01", "mentor": 999999}, "mentor"),
        ({"skill": "ovd", "started_on": "2026-11-01", "mentor": ""}, "mentor"),
    ],
)
def test_bad_training_input_names_the_field_and_saves_nothing(
    officer, colleague, other_officer, planner, ovd, api_client_for, body, field
):
    # the colleague does not hold ovd; the other team's officer does but shares no team
    QualificationFactory(officer=other_officer, skill=ovd)
    people = {"officer": officer.pk, "colleague": colleague.pk, "other_officer": other_officer.pk}
    if body.get("mentor") in people:
        body = {**body, "mentor": people[body["mentor"]]}
    response = api_client_for(planner).post(trainings_url(officer), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Training.objects.exists()


def test_a_second_running_training_for_the_same_skill_is_refused(profile, planner, api_client_for):
    response = api_client_for(planner).post(
        trainings_url(profile), {"skill": "ovd", "started_on": "2026-12-01"}
    )
    assert response.status_code == 400
    assert "skill" in response.json()["fields"]
    assert Training.objects.count() == 1


def test_ending_twice_is_refused(profile, planner, api_client_for):
    training = Training.objects.get()
    url = f"/api/v1/trainings/{training.pk}/end/"
    assert api_client_for(planner).post(url, {}).status_code == 200
    again = api_client_for(planner).post(url, {})
    assert again.status_code == 400
    assert "ended_on" in again.json()["fields"]


def test_the_officer_may_not_end_his_own_training_and_others_do_not_see_it(
    profile, other_team_lead, api_client_for
):
    training = Training.objects.get()
    url = f"/api/v1/trainings/{training.pk}/end/"
    assert api_client_for(profile).post(url, {}).status_code == 403
    assert api_client_for(other_team_lead).post(url, {}).status_code == 404
    assert Training.objects.get().ended_on is None


def test_the_export_holds_the_profile_and_no_one_elses(profile, colleague, api_client_for):
    Ambition.objects.create(officer=colleague, text="Rechercheur worden")
    export = api_client_for(profile).get("/api/v1/me/export/").json()["competences"]
    assert [a["text"] for a in export["ambitions"]] == ["Motorrijder worden"]
    assert [(t["skill"], t["ended_on"]) for t in export["trainings"]] == [("ovd", None)]
    assert [(q["skill"], q["level"]) for q in export["qualifications"]] == [("basis", 1)]
    assert set(export["qualifications"][0]) == {
        "skill",
        "level",
        "valid_from",
        "valid_until",
        "expiry_announced_for",
    }
