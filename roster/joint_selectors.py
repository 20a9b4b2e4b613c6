"""Reads for joint solves (issue 18): a run as its reader may see it, and the periods a
planner may solve together with one of his."""

from __future__ import annotations

from django.db.models import Prefetch

from common.errors import NotFound
from organisation.models import Officer
from organisation.selectors import actor_scope
from roster.joint_models import JointSolve
from roster.models import Phase, RosterPeriod, SolveJob
from roster.services.solving.joint import period_officer_ids


def joint_solve_get(*, actor: Officer, joint_id: int) -> JointSolve:
    """A joint run whose every team the actor plans or leads (any, for an administrator),
    with its jobs and their periods; else 404 (a run shows every team's figures)."""
    jobs = SolveJob.objects.select_related("period", "period__team").order_by("period_id")
    run = (
        JointSolve.objects.prefetch_related(Prefetch("jobs", queryset=jobs))
        .filter(pk=joint_id)
        .first()
    )
    if run is None:
        raise NotFound()
    scope = actor_scope(actor)
    if not scope.is_admin:
        allowed = scope.planned_team_ids | scope.led_team_ids
        if not {job.period.team_id for job in run.jobs.all()} <= allowed:
            raise NotFound()
    return run


def joint_candidates(*, actor: Officer, period: RosterPeriod) -> list[RosterPeriod]:
    """The periods the actor may solve together with `period`: of other teams of its unit
    that he plans (all, for an administrator), `signup_closed`, overlapping it in time and
    sharing an officer with it. Empty unless `period` itself is `signup_closed`."""
    if period.phase != Phase.SIGNUP_CLOSED:
        return []
    scope = actor_scope(actor)
    qs = (
        RosterPeriod.objects.select_related("team")
        .filter(
            team__unit_id=period.team.unit_id,
            phase=Phase.SIGNUP_CLOSED,
            start_date__lt=period.end_date,
            end_date__gt=period.start_date,
        )
        .exclude(team_id=period.team_id)
        .order_by("team__name", "start_date", "pk")
    )
    if not scope.is_admin:
        qs = qs.filter(team_id__in=scope.planned_team_ids)
    mine = period_officer_ids(period)
    return [p for p in qs if period_officer_ids(p) & mine]
