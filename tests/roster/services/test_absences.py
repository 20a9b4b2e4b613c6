import pytest
from django.core.exceptions import ValidationError

from common.errors import Forbidden
from organisation.models import Absence
from roster.errors import AbsenceAlreadyEnded
from roster.services.absences import absence_create, absence_end
from tests.factories.roster import aware

pytestmark = pytest.mark.django_db


def test_officer_may_report_himself_sick_open_ended_and_end_it(officer) -> None:
    absence = absence_create(
        actor=officer,
        officer=officer,
        kind="sick",
        start=aware(2027, 1, 4, 8, 0),
        source="request:1",
    )
    assert absence.end is None
    assert absence.created_by == officer
    ended = absence_end(actor=officer, absence=absence, end=aware(2027, 1, 6, 0, 0))
    assert ended.end == aware(2027, 1, 6, 0, 0)
    with pytest.raises(AbsenceAlreadyEnded):
        absence_end(actor=officer, absence=absence, end=aware(2027, 1, 7, 0, 0))


def test_sick_absence_has_no_medical_field() -> None:
    names = {f.name for f in Absence._meta.get_fields()}
    assert not names & {"diagnosis", "reason", "medical", "illness", "note"}


def test_officer_may_not_record_his_own_leave(officer) -> None:
    with pytest.raises(Forbidden):
        absence_create(
            actor=officer,
            officer=officer,
            kind="leave",
            start=aware(2027, 1, 4, 0, 0),
            end=aware(2027, 1, 5, 0, 0),
        )


@pytest.mark.parametrize("role", ["planner", "team_lead", "unit_manager", "administrator"])
def test_managers_record_leave(role, officer, request) -> None:
    actor = request.getfixturevalue(role)
    absence = absence_create(
        actor=actor,
        officer=officer,
        kind="leave",
        start=aware(2027, 1, 4, 0, 0),
        end=aware(2027, 1, 5, 0, 0),
    )
    assert absence.pk is not None


def test_desk_staff_of_the_unit_records_training(desk_staff, officer) -> None:
    absence = absence_create(
        actor=desk_staff,
        officer=officer,
        kind="training",
        start=aware(2027, 1, 4, 9, 0),
        end=aware(2027, 1, 4, 17, 0),
    )
    assert absence.kind == "training"


def test_other_team_lead_and_colleague_are_forbidden(other_team_lead, colleague, officer) -> None:
    for actor in (other_team_lead, colleague):
        with pytest.raises(Forbidden):
            absence_create(actor=actor, officer=officer, kind="sick", start=aware(2027, 1, 4, 0, 0))
    assert Absence.objects.count() == 0


def test_only_sick_may_be_open_ended_and_end_must_follow_start(planner, officer) -> None:
    with pytest.raises(ValidationError) as leave:
        absence_create(actor=planner, officer=officer, kind="leave", start=aware(2027, 1, 4, 0, 0))
    assert "end" in leave.value.message_dict
    with pytest.raises(ValidationError):
        absence_create(
            actor=planner,
            officer=officer,
            kind="leave",
            start=aware(2027, 1, 5, 0, 0),
            end=aware(2027, 1, 4, 0, 0),
        )
    assert Absence.objects.count() == 0
