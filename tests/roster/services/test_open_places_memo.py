"""The open-shifts list reads lawfulness from a memo (`roster.lawful_memo`); after every kind
of roster change its answer must equal the full rule check of each place, the one a claim
runs (`check_can_take`). Each test reads the list first (filling the memo), changes the
roster through the service, then compares for everyone involved."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from common.errors import DomainError
from organisation.models import Officer, Training
from organisation.services import qualification_create
from roster.compliance import AdditionCheck
from roster.models import Phase, Shift, SwapKind, SwapStatus, TeamTrainingPolicy
from roster.services.absence_effects import absence_effects_apply
from roster.services.open_shifts import check_can_take, open_places_for, open_shift_claim
from roster.services.publication import roster_publish
from roster.services.signups import SignUpItem, signups_set
from roster.services.swaps import swap_accept, swap_approve, swap_offer
from tests.factories.organisation import (
    AbsenceFactory,
    OfficerFactory,
    QualificationFactory,
    SkillFactory,
)
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()
KINDS = (("early", 7), ("late", 15), ("night", 23))


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)), TZ)


def full_check(officer: Officer) -> set[tuple[int, str, int]]:
    """Every open place of the officer's teams that the claim's full check lets him take."""
    places = set()
    upcoming = Shift.objects.filter(
        team__in=officer.teams.all(),
        period__phase=Phase.PUBLISHED,
        cancelled_at__isnull=True,
        start__gt=timezone.now(),
    )
    for shift in upcoming:
        filled = Counter(a.skill.code for a in shift.assignments.select_related("skill"))
        for code, need in shift.demand.items():
            if int(need) <= filled[code]:
                continue
            try:
                check_can_take(officer, shift, code)
            except DomainError:
                continue
            places.add((shift.pk, code, int(need) - filled[code]))
    return places


def listed(officer: Officer) -> set[tuple[int, str, int]]:
    return {(p.shift.pk, p.skill, p.open) for p in open_places_for(actor=officer)}


def assert_memo_agrees(*officers: Officer) -> None:
    for officer in officers:
        assert listed(officer) == full_check(officer), officer.username


def make_period(team, first: dt.date, days: int, phase: str, fillers) -> dict:
    """`days` days of early/late/night shifts needing 2 `basis`, one place filled by the
    filler of that kind: every shift has one open place."""
    period = PeriodFactory(team=team, phase=phase, start_date=first)
    shifts = {}
    for d in range(days):
        day = first + dt.timedelta(days=d)
        for (kind, hour), filler in zip(KINDS, fillers, strict=True):
            shift = ShiftFactory(
                period=period,
                kind=kind,
                start=_at(day, hour),
                end=_at(day, hour) + dt.timedelta(hours=8),
                demand={"basis": 2},
            )
            AssignmentFactory(officer=filler, shift=shift, skill=filler.basis)
            shifts[d, kind] = shift
    return {"period": period, "shifts": shifts}


def _fillers(team, basis, prefix: str) -> list[Officer]:
    """One officer per shift kind who fills one place of every shift of that kind."""
    fillers = []
    for kind, _hour in KINDS:
        filler = OfficerFactory(username=f"{prefix}_{kind}")
        filler.teams.add(team)
        QualificationFactory(officer=filler, skill=basis)
        filler.basis = basis
        fillers.append(filler)
    return fillers


@pytest.fixture
def world(team, basis, officer, colleague):
    fillers = _fillers(team, basis, "filler")
    first = timezone.localdate() + dt.timedelta(days=3)
    published = make_period(team, first, 6, Phase.PUBLISHED, fillers)
    s = published["shifts"]
    # the officer works day 1 late and day 3 night; the colleague day 2 early
    mine = {
        "late1": AssignmentFactory(officer=officer, shift=s[1, "late"], skill=basis),
        "night3": AssignmentFactory(officer=officer, shift=s[3, "night"], skill=basis),
        "early2": AssignmentFactory(officer=colleague, shift=s[2, "early"], skill=basis),
    }
    return {"first": first, "shifts": s, "mine": mine, "fillers": fillers, **published}


def test_a_second_read_runs_no_rule_check_and_answers_the_same(world, officer, monkeypatch):
    first = listed(officer)
    calls = []
    real = AdditionCheck.lawful
    monkeypatch.setattr(AdditionCheck, "lawful", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert listed(officer) == first == full_check(officer)
    assert calls == []
    # the rules forbid some places (rest around his own shifts) and allow others
    s = world["shifts"]
    assert (s[2, "early"].pk, "basis", 1) not in first  # 8 h after his late shift
    assert (s[2, "late"].pk, "basis", 1) in first


def test_a_changed_own_shift_rechecks_only_the_places_around_it(world, officer, monkeypatch):
    listed(officer)
    checked: list[int] = []
    real = AdditionCheck.lawful
    monkeypatch.setattr(
        AdditionCheck,
        "lawful",
        lambda check, shift, *a: checked.append(shift.pk) or real(check, shift, *a),
    )
    # a shift 30 days on (outside LOOKAROUND of every current place) given to him
    far = world["first"] + dt.timedelta(days=40)
    later = make_period(officer.teams.first(), far, 1, Phase.PUBLISHED, world["fillers"])
    AssignmentFactory(
        officer=officer, shift=later["shifts"][0, "early"], skill=world["fillers"][0].basis
    )
    assert listed(officer) == full_check(officer)
    # only the new places (the late and night of that day) were checked, nothing nearer
    assert sorted(checked) == sorted(
        [later["shifts"][0, "late"].pk, later["shifts"][0, "night"].pk]
    )


def test_claim(world, officer, colleague, basis):
    assert_memo_agrees(officer, colleague)
    before = listed(colleague)
    shift = world["shifts"][1, "early"]
    open_shift_claim(actor=colleague, shift=shift, skill=basis)
    assert listed(colleague) != before
    assert_memo_agrees(officer, colleague)


def test_swap(world, officer, colleague, team_lead):
    assert_memo_agrees(officer, colleague)
    before = (listed(officer), listed(colleague))
    swap = swap_offer(
        actor=officer,
        kind=SwapKind.GIVE_AWAY,
        assignment=world["mine"]["night3"],
        receiver=colleague,
    )
    swap = swap_accept(actor=colleague, swap=swap)
    if swap.status == SwapStatus.ACCEPTED:
        swap_approve(actor=team_lead, swap=swap)
    assert (listed(officer), listed(colleague)) != before
    assert_memo_agrees(officer, colleague)


def test_absence(world, officer, colleague):
    assert_memo_agrees(officer, colleague)
    before = listed(officer)
    first = world["first"]
    absence = AbsenceFactory(
        officer=officer,
        kind="leave",
        start=_at(first + dt.timedelta(days=4), 0),
        end=_at(first + dt.timedelta(days=5), 0),
    )
    absence_effects_apply(actor=officer, absence=absence)
    assert listed(officer) != before
    assert_memo_agrees(officer, colleague)


def test_sick_report_frees_a_place_for_the_colleague(world, officer, colleague):
    assert_memo_agrees(officer, colleague)
    before = listed(colleague)
    absence = AbsenceFactory(
        officer=officer,
        kind="sick",
        start=timezone.now(),
        end=None,
        expected_end=timezone.now() + dt.timedelta(days=30),
    )
    absence_effects_apply(actor=officer, absence=absence)
    assert listed(colleague) != before
    assert listed(officer) == set()
    assert_memo_agrees(officer, colleague)


def test_skill_change(world, officer, colleague, administrator, unit):
    motor = SkillFactory(code="motor")
    shift = world["shifts"][5, "late"]
    shift.demand = {"basis": 2, "motor": 1}
    shift.save(update_fields=["demand"])
    assert_memo_agrees(officer, colleague)
    assert (shift.pk, "motor", 1) not in listed(officer)
    qualification_create(
        actor=administrator, officer=officer, skill=motor, valid_from=timezone.localdate()
    )
    assert (shift.pk, "motor", 1) in listed(officer)
    assert_memo_agrees(officer, colleague)


def test_training_places_are_exactly_those_a_trainee_may_claim(
    world, team, basis, officer, colleague
):
    # given: the officer trains for ovd (two training shifts a period; he holds one), the
    # colleague may mentor; ovd places on four shifts, the colleague on two of them
    ovd = SkillFactory(code="ovd")
    Training.objects.create(officer=officer, skill=ovd, started_on=timezone.localdate())
    QualificationFactory(officer=colleague, skill=ovd)
    TeamTrainingPolicy.objects.create(team=team, shifts_per_period=2)
    s = world["shifts"]
    for key in ((0, "early"), (0, "night"), (4, "early"), (5, "late"), (5, "night")):
        s[key].demand = {"basis": 2, "ovd": 1}
        s[key].save(update_fields=["demand"])
    AssignmentFactory(officer=officer, shift=s[0, "early"], skill=ovd)
    for key in ((4, "early"), (5, "late")):  # the 4th early: no rest after his night of the 3rd
        AssignmentFactory(officer=colleague, shift=s[key], skill=basis)
    # then: the list holds the 5th late as a training place, and equals what the claim allows
    assert (s[5, "late"].pk, "ovd", 1) in listed(officer)
    assert (s[5, "night"].pk, "ovd", 1) not in listed(officer)  # no mentor on it
    assert (s[4, "early"].pk, "ovd", 1) not in listed(officer)
    assert_memo_agrees(officer, colleague)
    # at his number of training shifts, none
    AssignmentFactory(officer=officer, shift=s[0, "night"], skill=ovd)
    assert not {p for p in listed(officer) if p[1] == "ovd"}
    assert_memo_agrees(officer, colleague)


def test_publication(world, team, basis, officer, colleague, planner):
    assert_memo_agrees(officer, colleague)
    before = listed(officer)
    nxt = make_period(
        team, world["first"] + dt.timedelta(days=6), 3, Phase.PROPOSED, _fillers(team, basis, "p")
    )
    assert listed(officer) == before  # proposed: not open yet
    roster_publish(actor=planner, period=nxt["period"])
    assert listed(officer) > before
    assert_memo_agrees(officer, colleague)


def test_signup_changes_nothing_of_the_published_roster(world, officer, colleague):
    assert_memo_agrees(officer, colleague)
    before = listed(officer)
    later = PeriodFactory(
        team=officer.teams.first(),
        phase=Phase.SIGNUP_OPEN,
        start_date=world["first"] + dt.timedelta(days=60),
    )
    shift = ShiftFactory(
        period=later, start=_at(world["first"] + dt.timedelta(days=61), 7), demand={"basis": 2}
    )
    signups_set(actor=officer, items=[SignUpItem(shift_id=shift.pk, wish="want")])
    assert listed(officer) == before
    assert_memo_agrees(officer, colleague)


def _next_spring_forward(today: dt.date) -> dt.date:
    """The next last Sunday of March (Europe/Amsterdam goes from 02:00 to 03:00)."""
    year = today.year if today < dt.date(today.year, 3, 20) else today.year + 1
    day = dt.date(year, 3, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def test_dst_night(team, basis, officer, colleague):
    # given a published week around the night the clocks go forward (the night shift
    # Saturday 23:00 to Sunday 07:00 is 7 real hours) with one open place per shift
    sunday = _next_spring_forward(timezone.localdate())
    saturday_night = _at(sunday - dt.timedelta(days=1), 23).astimezone(dt.UTC)
    assert _at(sunday, 7).astimezone(dt.UTC) - saturday_night == dt.timedelta(hours=7)
    week = make_period(
        team, sunday - dt.timedelta(days=3), 6, Phase.PUBLISHED, _fillers(team, basis, "dst")
    )
    night = week["shifts"][2, "night"]  # Saturday 23:00 → Sunday 07:00
    assert timezone.localtime(night.start).date() == sunday - dt.timedelta(days=1)
    assert_memo_agrees(officer, colleague)
    before = listed(officer)
    # when the officer claims the DST night
    open_shift_claim(actor=officer, shift=night, skill=basis)
    # then the places after it (rest after a night) drop out, as the full check says
    assert listed(officer) != before
    assert (week["shifts"][3, "early"].pk, "basis", 1) not in listed(officer)
    assert_memo_agrees(officer, colleague)
