"""An officer in two teams is never double-booked by a claim of a lent place racing a solve
commit, a repair apply or another claim, and a withdrawal never loses to an approval
half-way (issue #18; real row locks: PostgreSQL, threads
with their own connections). Every writer locks the officer's row after its period/shift
(`roster.services.locking`), so the second one re-checks against the first one's roster."""

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from common.errors import DomainError
from organisation.models import Officer, RoleAssignment, Skill
from roster.compliance import officer_violations
from roster.lent_claim_models import LentClaimRequest, LentClaimStatus
from roster.models import (
    Assignment,
    Phase,
    Shift,
    SolveJob,
    SolveMode,
    SolveStatus,
    TeamLendingPolicy,
)
from roster.services.lent_claim_decisions import lent_claim_approve, lent_claim_withdraw
from roster.services.open_shifts import open_shift_claim
from roster.services.solving.commit import result_commit
from roster.services.solving.input import solve_input_build
from roster.services.solving.repair_apply import repair_apply
from roster.solver.io import parse_input, result_to_dict
from roster.solver.solve import solve as solver_solve
from tests.factories.organisation import OfficerFactory, QualificationFactory, TeamFactory
from tests.factories.roster import PeriodFactory, ShiftFactory
from tests.roster.solve_fixtures import fast_solver

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fast_solver"),
]
__all__ = ["fast_solver"]


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _race(**acts: Callable[[], object]) -> dict[str, str]:
    """Run the acts at the same moment, each on its own connection: `ok` or the error code."""
    results: dict[str, str] = {}
    barrier = threading.Barrier(len(acts))

    def run(name: str, act: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=60)
            outcome = act()
            results[name] = str(outcome) if isinstance(outcome, str) else "ok"
        except DomainError as exc:
            results[name] = exc.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in acts.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _shared(team, unit, basis) -> Officer:
    """An officer of centrum and of a third team, west."""
    shared = OfficerFactory(teams=[team, TeamFactory(unit=unit, code="west")])
    QualificationFactory(officer=shared, skill=basis)
    return shared


def _lent_shift(lender, *, hour=9, days=3) -> Shift:
    TeamLendingPolicy.objects.get_or_create(team=lender, defaults={"lends_open_places": True})
    period = PeriodFactory(
        team=lender,
        phase=Phase.PUBLISHED,
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + dt.timedelta(days=6),
    )
    return ShiftFactory(period=period, start=_at(days, hour), demand={"basis": 1})


def _centrum_period(team, phase):
    return PeriodFactory(
        team=team,
        phase=phase,
        start_date=timezone.localdate() + dt.timedelta(days=2),
        end_date=timezone.localdate() + dt.timedelta(days=5),
    )


def _booked_once(shared) -> None:
    mine = list(Shift.objects.filter(assignments__officer=shared).order_by("start"))
    assert len(mine) == 1, mine
    assert officer_violations(shared, mine) == []


def test_a_lent_claim_racing_his_own_teams_solve_commit(team, other_team, unit, basis):
    # given: centrum's solve (not yet committed) puts him on 07:00-15:00; zuid lends 09:00-17:00
    shared = _shared(team, unit, basis)
    planner = OfficerFactory()
    RoleAssignment.objects.create(officer=planner, role="planner", team=team)
    mine = _centrum_period(team, Phase.SOLVING)
    ShiftFactory(period=mine, start=_at(3, 7), demand={"basis": 1})
    lent = _lent_shift(other_team)
    job = SolveJob.objects.create(period=mine, requested_by=planner, status=SolveStatus.RUNNING)
    inp = parse_input(solve_input_build(mine))
    result = result_to_dict(solver_solve(inp, time_limit_s=3, workers=1, seed=0))
    assert len(result["assignments"]) == 1
    skill = Skill.objects.get(code="basis")
    # when: the commit and his claim of the lent place run at once
    results = _race(
        commit=lambda: result_commit(job.pk, inp, result, {}),
        claim=lambda: open_shift_claim(actor=shared, shift=lent, skill=skill),
    )
    # then: one side is refused, he is booked once and breaks no rule
    assert sorted(results.items()) in (
        [("claim", "ok"), ("commit", SolveStatus.FAILED)],
        [("claim", "rule_violation"), ("commit", SolveStatus.DONE)],
    ), results
    _booked_once(shared)


def test_two_lent_claims_of_overlapping_shifts_in_two_teams_one_succeeds(
    team, other_team, unit, basis
):
    # given: zuid and oost both lend a place that overlaps the other
    shared = _shared(team, unit, basis)
    zuid = _lent_shift(other_team, hour=9)
    oost = _lent_shift(TeamFactory(unit=unit, code="oost"), hour=12)
    skill = Skill.objects.get(code="basis")
    # when
    results = _race(
        zuid=lambda: open_shift_claim(actor=shared, shift=zuid, skill=skill),
        oost=lambda: open_shift_claim(actor=shared, shift=oost, skill=skill),
    )
    # then
    assert sorted(results.values()) == ["ok", "rule_violation"], results
    _booked_once(shared)


def test_a_lent_claim_racing_a_repair_apply_of_his_own_team(team, other_team, unit, basis):
    # given: a finished repair of centrum's published roster gives him 07:00-15:00
    shared = _shared(team, unit, basis)
    planner = OfficerFactory()
    RoleAssignment.objects.create(officer=planner, role="planner", team=team)
    mine = _centrum_period(team, Phase.PUBLISHED)
    early = ShiftFactory(period=mine, start=_at(3, 7), demand={"basis": 1})
    new = {"officer": f"o{shared.pk}", "shift": f"s{early.pk}", "skill": "basis"}
    job = SolveJob.objects.create(
        period=mine,
        mode=SolveMode.REPAIR,
        status=SolveStatus.DONE,
        result={"assignments": [new]},
        report={"change_set": {"previous": [], "added": [new], "removed": []}},
    )
    lent = _lent_shift(other_team)
    skill = Skill.objects.get(code="basis")
    # when
    results = _race(
        # he consents (his new shift is inside the fixed week): only the race decides
        repair=lambda: repair_apply(actor=planner, job=job, consented=[shared.pk]),
        claim=lambda: open_shift_claim(actor=shared, shift=lent, skill=skill),
    )
    # then: exactly one of the two went through
    assert sorted(results.items()) in (
        [("claim", "ok"), ("repair", "repair_not_applicable")],
        [("claim", "rule_violation"), ("repair", "ok")],
    ), results
    _booked_once(shared)


def test_approving_a_lent_claim_racing_a_claim_of_his_other_team(
    team, other_team, unit, basis, team_lead
):
    # given: his lead's approval is pending for zuid's 09:00; oost lends an overlapping 12:00
    TeamLendingPolicy.objects.create(team=team, members_need_approval=True)
    shared = _shared(team, unit, basis)
    zuid = _lent_shift(other_team, hour=9)
    oost = _lent_shift(TeamFactory(unit=unit, code="oost"), hour=12)
    skill = Skill.objects.get(code="basis")
    pending = open_shift_claim(actor=shared, shift=zuid, skill=skill)
    assert isinstance(pending, LentClaimRequest)
    TeamLendingPolicy.objects.filter(team=team).update(members_need_approval=False)
    # when: the lead approves while he claims oost's place directly
    results = _race(
        approve=lambda: lent_claim_approve(actor=team_lead, request=pending),
        claim=lambda: open_shift_claim(actor=shared, shift=oost, skill=skill),
    )
    # then
    assert sorted(results.values()) == ["ok", "rule_violation"], results
    _booked_once(shared)
    pending.refresh_from_db()
    approved = results["approve"] == "ok"
    assert (pending.status == LentClaimStatus.APPROVED) is approved


def test_withdrawing_a_lent_claim_racing_its_approval(team, other_team, unit, basis, team_lead):
    # given: his lead's approval is pending for zuid's place
    TeamLendingPolicy.objects.create(team=team, members_need_approval=True)
    shared = _shared(team, unit, basis)
    zuid = _lent_shift(other_team)
    skill = Skill.objects.get(code="basis")
    pending = open_shift_claim(actor=shared, shift=zuid, skill=skill)
    assert isinstance(pending, LentClaimRequest)
    # when: he withdraws it while his lead approves it
    results = _race(
        approve=lambda: lent_claim_approve(actor=team_lead, request=pending),
        withdraw=lambda: lent_claim_withdraw(actor=shared, request=pending),
    )
    # then: exactly one wins; the place is his only if the approval won
    assert sorted(results.values()) == ["lent_claim_decided", "ok"], results
    pending.refresh_from_db()
    placed = list(Assignment.objects.filter(shift=zuid).values_list("officer_id", flat=True))
    if results["approve"] == "ok":
        assert (pending.status, placed) == (LentClaimStatus.APPROVED, [shared.pk])
    else:
        assert (pending.status, placed) == (LentClaimStatus.WITHDRAWN, [])
