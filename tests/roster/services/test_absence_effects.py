"""absence_effects_apply: which places an absence frees, which it flags at risk, and what it
tells. Times are fixed by `now` (no clock in the test)."""

import datetime as dt

import pytest

from organisation.models import Absence, AbsenceKind
from roster.models import (
    Assignment,
    AtRiskAssignment,
    Phase,
    RepairSuggestion,
    RosterAuditEvent,
    TeamAbsencePolicy,
)
from roster.services.absence_effects import absence_effects_apply
from roster.services.absences import absence_end, absence_extend, absence_record
from tests.factories.organisation import AbsenceFactory, OfficerFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db

NOW = aware(2027, 1, 5, 10, 0)  # Tuesday 5 January 2027, 10:00


def _shift(period, start, hours=8):
    return ShiftFactory(period=period, start=start, end=start + dt.timedelta(hours=hours))


def _assigned(officer, basis, period, *starts):
    return [
        AssignmentFactory(officer=officer, shift=_shift(period, s), skill=basis).shift
        for s in starts
    ]


def _assigned_shift_ids(officer):
    return set(Assignment.objects.filter(officer=officer).values_list("shift_id", flat=True))


def _flagged_shift_ids(absence):
    return set(
        AtRiskAssignment.objects.filter(absence=absence).values_list(
            "assignment__shift_id", flat=True
        )
    )


def test_a_fixed_absence_frees_the_coming_places_inside_it_only(officer, colleague, team, basis):
    # given: a published period; the officer on a shift that started, one inside the
    # absence, one after it; a colleague on the shift inside
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    started, inside, after = _assigned(
        officer, basis, period, aware(2027, 1, 5, 7, 0), aware(2027, 1, 6, 7, 0),
        aware(2027, 1, 12, 7, 0),
    )  # fmt: skip
    AssignmentFactory(officer=colleague, shift=inside, skill=basis)
    absence = AbsenceFactory(
        officer=officer, kind=AbsenceKind.LEAVE, start=aware(2027, 1, 5, 0, 0),
        end=aware(2027, 1, 10, 0, 0),
    )  # fmt: skip

    # when
    effects = absence_effects_apply(actor=officer, absence=absence, now=NOW)

    # then: only the place inside is freed, with an audit event that never says why
    assert [f.shift_id for f in effects.freed] == [inside.pk]
    assert effects.at_risk == []  # a fixed absence flags nothing
    assert _assigned_shift_ids(officer) == {started.pk, after.pk}
    assert Assignment.objects.filter(officer=colleague, shift=inside).exists()
    event = RosterAuditEvent.objects.get(action="assignment_freed")
    assert event.payload["shift"] == inside.pk
    assert event.payload["reason"] == "absent"
    assert event.payload["absence"] == absence.pk
    suggestion = RepairSuggestion.objects.get(period=period)
    assert suggestion.freed_places == 1


def test_an_open_ended_sick_absence_frees_up_to_expected_end_plus_margin_and_flags_the_rest(
    officer, team, basis
):
    # given: sick from Monday, expected back Wednesday 00:00; the default margin is 1 day
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    tue, wed, thu, mon = _assigned(
        officer, basis, period, aware(2027, 1, 5, 15, 0), aware(2027, 1, 6, 7, 0),
        aware(2027, 1, 7, 7, 0), aware(2027, 1, 11, 7, 0),
    )  # fmt: skip
    absence = AbsenceFactory(
        officer=officer, kind=AbsenceKind.SICK, start=aware(2027, 1, 4, 0, 0), end=None,
        expected_end=aware(2027, 1, 6, 0, 0),
    )  # fmt: skip

    # when
    effects = absence_effects_apply(actor=officer, absence=absence, now=NOW)

    # then: Tuesday and Wednesday (the margin day) are freed; Thursday and Monday stay
    # assigned and are flagged at risk
    assert [f.shift_id for f in effects.freed] == [tue.pk, wed.pk]
    assert _assigned_shift_ids(officer) == {thu.pk, mon.pk}
    assert _flagged_shift_ids(absence) == {thu.pk, mon.pk}
    assert len(effects.at_risk) == 2


def test_the_margin_is_the_teams_setting(officer, team, basis):
    TeamAbsencePolicy.objects.create(team=team, sick_margin_days=0)
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    tue, wed = _assigned(officer, basis, period, aware(2027, 1, 5, 15, 0), aware(2027, 1, 6, 7, 0))
    absence = AbsenceFactory(
        officer=officer, kind=AbsenceKind.SICK, start=aware(2027, 1, 4, 0, 0), end=None,
        expected_end=aware(2027, 1, 6, 0, 0),
    )  # fmt: skip
    effects = absence_effects_apply(actor=officer, absence=absence, now=NOW)
    assert [f.shift_id for f in effects.freed] == [tue.pk]
    assert _flagged_shift_ids(absence) == {wed.pk}


def test_without_an_expected_end_the_report_day_and_the_margin_are_freed(officer, team, basis):
    # `longer` / `unknown` on the form: today and the margin day; the rest at risk
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    tue, wed, thu = _assigned(
        officer, basis, period, aware(2027, 1, 5, 15, 0), aware(2027, 1, 6, 23, 0),
        aware(2027, 1, 7, 0, 0),
    )  # fmt: skip
    absence = AbsenceFactory(
        officer=officer, kind=AbsenceKind.SICK, start=aware(2027, 1, 5, 0, 0), end=None,
        expected_end=None,
    )  # fmt: skip
    effects = absence_effects_apply(actor=officer, absence=absence, now=NOW)
    assert [f.shift_id for f in effects.freed] == [tue.pk, wed.pk]
    assert _flagged_shift_ids(absence) == {thu.pk}


def test_the_freeing_window_counts_local_days_over_the_dst_night(officer, team, basis):
    # given: sick from Friday 26 March 2027, expected back Sunday 28 March 00:00 (the clocks
    # go forward that night, 02:00 -> 03:00); margin 1 day: free until Monday 29 March 00:00
    # local (= 28 March 22:00 UTC; 24 h after the expected end would be 23:00 UTC)
    now = aware(2027, 3, 26, 8, 0)
    period = PeriodFactory(
        team=team, phase=Phase.PUBLISHED, start_date=dt.date(2027, 3, 22),
        end_date=dt.date(2027, 4, 18),
    )  # fmt: skip
    night = AssignmentFactory(
        officer=officer,
        shift=ShiftFactory(
            period=period, kind="night", start=aware(2027, 3, 27, 23, 0),
            end=aware(2027, 3, 28, 7, 0),  # 7 hours on the wall clock: the DST night
        ),
        skill=basis,
    ).shift  # fmt: skip
    late, after_midnight = _assigned(
        officer, basis, period, aware(2027, 3, 28, 23, 30), aware(2027, 3, 29, 0, 30)
    )
    absence = AbsenceFactory(
        officer=officer, kind=AbsenceKind.SICK, start=aware(2027, 3, 26, 0, 0), end=None,
        expected_end=aware(2027, 3, 28, 0, 0),
    )  # fmt: skip
    absence = Absence.objects.get(pk=absence.pk)  # as stored: in UTC

    # when
    effects = absence_effects_apply(actor=officer, absence=absence, now=now)

    # then: the DST night and Sunday's late shift are freed; Monday 00:30 stays (at risk)
    assert [f.shift_id for f in effects.freed] == [night.pk, late.pk]
    assert _flagged_shift_ids(absence) == {after_midnight.pk}


def test_applying_again_changes_nothing(officer, team, basis):
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    _assigned(officer, basis, period, aware(2027, 1, 5, 15, 0), aware(2027, 1, 9, 7, 0))
    absence = AbsenceFactory(
        officer=officer, kind=AbsenceKind.SICK, start=aware(2027, 1, 4, 0, 0), end=None,
        expected_end=aware(2027, 1, 6, 0, 0),
    )  # fmt: skip
    first = absence_effects_apply(actor=officer, absence=absence, now=NOW)
    again = absence_effects_apply(actor=officer, absence=absence, now=NOW)
    assert len(first.freed) == 1
    assert again.freed == []
    assert again.at_risk == first.at_risk
    assert RepairSuggestion.objects.get(period=period).freed_places == 1


def test_extension_frees_the_next_stretch_and_moves_the_flags(officer, planner, team, basis):
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    wed, fri, mon = _assigned(
        officer, basis, period, aware(2027, 1, 6, 7, 0), aware(2027, 1, 8, 7, 0),
        aware(2027, 1, 11, 7, 0),
    )  # fmt: skip
    change = absence_record(
        actor=officer, officer=officer, kind=AbsenceKind.SICK, start=aware(2027, 1, 5, 0, 0),
        expected_end=aware(2027, 1, 6, 0, 0), now=NOW,
    )  # fmt: skip
    assert [f.shift_id for f in change.effects.freed] == [wed.pk]
    assert _flagged_shift_ids(change.absence) == {fri.pk, mon.pk}

    # when: expected back on Saturday instead
    extended = absence_extend(
        actor=officer, absence=change.absence, expected_end=aware(2027, 1, 9, 0, 0), now=NOW
    )

    # then: Friday is freed too; only Monday is still at risk
    assert [f.shift_id for f in extended.effects.freed] == [fri.pk]
    assert _flagged_shift_ids(change.absence) == {mon.pk}
    assert RepairSuggestion.objects.get(period=period).freed_places == 2


def test_the_end_frees_what_lies_inside_clears_the_flags_and_keeps_the_rest(officer, team, basis):
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    fri, mon, wed = _assigned(
        officer, basis, period, aware(2027, 1, 8, 7, 0), aware(2027, 1, 11, 7, 0),
        aware(2027, 1, 13, 7, 0),
    )  # fmt: skip
    change = absence_record(
        actor=officer, officer=officer, kind=AbsenceKind.SICK, start=aware(2027, 1, 5, 0, 0),
        expected_end=aware(2027, 1, 6, 0, 0), now=NOW,
    )  # fmt: skip
    assert _flagged_shift_ids(change.absence) == {fri.pk, mon.pk, wed.pk}

    # when: back on Monday 11 January
    absence_end(actor=officer, absence=change.absence, end=aware(2027, 1, 11, 0, 0), now=NOW)

    # then: Friday (still inside) is freed; Monday and Wednesday stay assigned; no flags
    assert _assigned_shift_ids(officer) == {mon.pk, wed.pk}
    assert not AtRiskAssignment.objects.exists()


def test_a_flag_goes_with_its_assignment_and_not_to_a_new_holder(officer, team, basis):
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    (later,) = _assigned(officer, basis, period, aware(2027, 1, 12, 7, 0))
    change = absence_record(
        actor=officer, officer=officer, kind=AbsenceKind.SICK, start=aware(2027, 1, 5, 0, 0),
        expected_end=aware(2027, 1, 6, 0, 0), now=NOW,
    )  # fmt: skip
    assignment = Assignment.objects.get(shift=later)
    assert AtRiskAssignment.objects.filter(assignment=assignment).exists()
    from roster.selectors import with_at_risk

    other = OfficerFactory(teams=[team])
    Assignment.objects.filter(pk=assignment.pk).update(officer=other)
    assert not with_at_risk(Assignment.objects.filter(pk=assignment.pk)).get().at_risk
    assert change.absence.at_risk_flags.count() == 1
