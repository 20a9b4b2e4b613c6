import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Notification
from roster.errors import ConsentRequired
from roster.models import Assignment, Phase, RosterAuditEvent, SolveJob, SolveMode, SolveStatus
from roster.services.solving.repair_apply import repair_apply
from roster.solve_refs import officer_ref, shift_ref
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory
from tests.roster.notification_subjects import assert_opens

pytestmark = pytest.mark.django_db


def _repair_moving(period, shift, from_officer, to_officer, skill):
    """A finished repair job whose change set moves `shift` from one officer to another."""
    old = {"officer": officer_ref(from_officer.pk), "shift": shift_ref(shift.pk), "skill": skill}
    new = {"officer": officer_ref(to_officer.pk), "shift": shift_ref(shift.pk), "skill": skill}
    return SolveJob.objects.create(
        period=period,
        mode=SolveMode.REPAIR,
        status=SolveStatus.DONE,
        result={"assignments": [new]},
        report={"change_set": {"previous": [old], "added": [new], "removed": [old]}},
    )


@pytest.fixture
def published_soon(team, officer, basis):
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    start = timezone.now() + dt.timedelta(days=2)
    shift = ShiftFactory(period=period, start=start, end=start + dt.timedelta(hours=8))
    AssignmentFactory(officer=officer, shift=shift, skill=basis)
    return period, shift


def test_change_inside_the_7_day_window_needs_both_officers_consent(
    planner, officer, colleague, published_soon, django_capture_on_commit_callbacks, api_client_for
):
    period, shift = published_soon
    job = _repair_moving(period, shift, officer, colleague, "basis")

    with pytest.raises(ConsentRequired) as refused:
        repair_apply(actor=planner, job=job, consented=[colleague.pk])
    assert refused.value.extra["officers"] == [officer.pk]
    assert Assignment.objects.get().officer == officer  # nothing changed

    with django_capture_on_commit_callbacks(execute=True):
        repair_apply(actor=planner, job=job, consented=[officer.pk, colleague.pk])
    assert Assignment.objects.get().officer == colleague
    event = RosterAuditEvent.objects.get(action="repair_apply")
    assert event.payload["consent"] == sorted([officer.pk, colleague.pk])
    told = set(
        Notification.objects.filter(kind="roster_changed").values_list("recipient", flat=True)
    )
    assert told == {officer.pk, colleague.pk}
    changed = Notification.objects.filter(kind="roster_changed")
    assert_opens(changed, api_client_for, kind="period", subject_id=period.pk)


def test_change_beyond_the_window_needs_no_consent(planner, officer, colleague, team, basis):
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    start = timezone.now() + dt.timedelta(days=8)
    shift = ShiftFactory(period=period, start=start, end=start + dt.timedelta(hours=8))
    AssignmentFactory(officer=officer, shift=shift, skill=basis)
    job = _repair_moving(period, shift, officer, colleague, "basis")
    repair_apply(actor=planner, job=job)
    assert Assignment.objects.get().officer == colleague


def test_apply_over_the_api_names_the_missing_consent(
    planner, officer, colleague, published_soon, api_client_for
):
    period, shift = published_soon
    job = _repair_moving(period, shift, officer, colleague, "basis")
    client = api_client_for(planner)
    refused = client.post(f"/api/v1/solve-jobs/{job.pk}/apply/", {}, format="json")
    assert refused.status_code == 409
    assert refused.data["code"] == "consent_required"
    assert refused.data["extra"]["officers"] == sorted([officer.pk, colleague.pk])
    bad = client.post(f"/api/v1/solve-jobs/{job.pk}/apply/", {"consented": ["x"]}, format="json")
    assert bad.status_code == 400
    assert "consented" in bad.data["fields"]
    ok = client.post(
        f"/api/v1/solve-jobs/{job.pk}/apply/",
        {"consented": [officer.pk, colleague.pk]},
        format="json",
    )
    assert ok.status_code == 200
