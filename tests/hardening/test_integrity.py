"""The database backs the roster invariants, so that even a bug in a service (or a raw ORM
write) cannot break them: one assignment per officer per shift (unique constraint, every
database) and no overfilled place, and audit rows that cannot be updated (PostgreSQL triggers
of roster migration 0006 and common migration 0003)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from common.models import ApiAuditRecord
from roster.models import Assignment, AssignmentSource, RosterAuditEvent
from tests.factories.organisation import OfficerFactory, QualificationFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory


def _check_deferred_now() -> None:
    """The overfill trigger is deferred to commit; the test transaction never commits."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def full_shift(team: Any, basis: Any, officer: Any, colleague: Any) -> Any:
    """A shift that needs two officers in `basis` and has both."""
    shift = ShiftFactory(period=PeriodFactory(team=team), demand={"basis": 2})
    AssignmentFactory(officer=officer, shift=shift, skill=basis)
    AssignmentFactory(officer=colleague, shift=shift, skill=basis)
    return shift


@pytest.mark.django_db
def test_a_second_assignment_of_an_officer_to_a_shift_is_refused(
    full_shift: Any, officer: Any, basis: Any
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            officer=officer, shift=full_shift, skill=basis, source=AssignmentSource.MANUAL
        )


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_raw_insert_into_a_full_place_is_refused(full_shift: Any, team: Any, basis: Any) -> None:
    # given: a third qualified officer of the team
    third = OfficerFactory(teams=[team])
    QualificationFactory(officer=third, skill=basis)

    # when: a bug inserts him into the full place, bypassing every service check
    def insert() -> None:
        with transaction.atomic():
            Assignment.objects.create(
                officer=third, shift=full_shift, skill=basis, source=AssignmentSource.MANUAL
            )
            _check_deferred_now()

    with pytest.raises(IntegrityError, match="overfilled"):
        insert()
    # then: nothing was written
    assert full_shift.assignments.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db
def test_moving_an_assignment_into_a_full_place_is_refused(
    full_shift: Any, team: Any, basis: Any
) -> None:
    other = ShiftFactory(period=full_shift.period, start=full_shift.start.replace(day=6))
    third = OfficerFactory(teams=[team])
    moved = AssignmentFactory(officer=third, shift=other, skill=basis)

    def move() -> None:
        with transaction.atomic():
            Assignment.objects.filter(pk=moved.pk).update(shift=full_shift)
            _check_deferred_now()

    with pytest.raises(IntegrityError, match="overfilled"):
        move()


@pytest.mark.postgres
@pytest.mark.django_db
def test_removing_then_adding_within_one_transaction_is_allowed(
    full_shift: Any, team: Any, basis: Any, colleague: Any
) -> None:
    # The check runs at commit: a service may replace places in any order.
    third = OfficerFactory(teams=[team])
    with transaction.atomic():
        Assignment.objects.create(
            officer=third, shift=full_shift, skill=basis, source=AssignmentSource.SOLVER
        )
        Assignment.objects.filter(shift=full_shift, officer=colleague).delete()
        _check_deferred_now()
    assert full_shift.assignments.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db
def test_audit_rows_cannot_be_updated_in_the_database(team: Any, officer: Any) -> None:
    event = RosterAuditEvent.objects.create(
        period=PeriodFactory(team=team), actor=officer, action="publish"
    )
    record = ApiAuditRecord.objects.create(
        actor=officer, method="POST", route="r", path="/api/v1/x/", status=201
    )
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        RosterAuditEvent.objects.filter(pk=event.pk).update(action="nothing")
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        ApiAuditRecord.objects.filter(pk=record.pk).update(status=200)
    # but: erasing an officer nulls his name in the trail (ON DELETE SET NULL) and keeps it
    RosterAuditEvent.objects.filter(pk=event.pk).update(actor=None)
    ApiAuditRecord.objects.filter(pk=record.pk).update(actor=None)
    event.refresh_from_db()
    assert (event.actor_id, event.action) == (None, "publish")
