"""Writing a finished solve: the proposed roster (normal) or the change set (repair).

`result_commit` writes in ONE transaction; `roster_replace` makes a period's roster equal a
list of placements (also used by `repair_apply`).

Lock order: period, then solve job, then the officers of the result (`elsewhere`): the
result is re-checked against each officer's work in other teams as committed meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from common.i18n import Msg
from organisation.models import Officer, Skill
from roster.models import (
    Assignment,
    AssignmentSource,
    Phase,
    RosterPeriod,
    SolveJob,
    SolveMode,
    SolveStatus,
)
from roster.place_changes import places_changed
from roster.services.audit import audit_record
from roster.services.locking import lock_period, lock_row
from roster.services.phases import move_locked
from roster.services.solving import failure
from roster.services.solving.elsewhere import (
    elsewhere_conflicts,
    lock_officers,
    team_placements,
)
from roster.services.solving.failure import failure_fields
from roster.services.solving.outcome import job_finish, period_release
from roster.solve_refs import ref_pk
from roster.solver.types import SolveInput


def result_commit(
    job_id: int, inp: SolveInput, result: dict[str, Any], report: dict[str, Any]
) -> str:
    """Write the result in ONE transaction: the roster (normal) or the change set (repair)."""
    with transaction.atomic():
        job = SolveJob.objects.select_related("period").get(pk=job_id)
        period = lock_period(job.period)
        job = lock_row(SolveJob.objects, pk=job_id)
        if not job.active:  # cancelled meanwhile: the cancel already released the period
            return job.status
        progress = {
            "objective": result["objective"],
            "bound": result["bound"],
            "seconds": result["wall_time_s"],
        }
        if job.mode == SolveMode.REPAIR:
            if period.phase != Phase.PUBLISHED:
                job_finish(
                    job,
                    SolveStatus.FAILED,
                    **failure_fields("the period is no longer published", failure.not_published()),
                )
                return job.status
            clash, message = _elsewhere_clash(period, inp, result)
            if clash:
                job_finish(job, SolveStatus.FAILED, **failure_fields(clash, message), result=result)
                return job.status
            report["change_set"] = change_set(inp, result)
            job_finish(job, SolveStatus.DONE, result=result, report=report, progress=progress)
            return job.status
        if period.phase != Phase.SOLVING:
            job_finish(
                job,
                SolveStatus.FAILED,
                **failure_fields(
                    f"the period left solving ({period.phase})", failure.left_solving(period.phase)
                ),
            )
            return job.status
        clash, message = _elsewhere_clash(period, inp, result)
        if clash:  # the period goes back to signup_closed: solve again
            job_finish(job, SolveStatus.FAILED, **failure_fields(clash, message), result=result)
            period_release(period, actor=job.requested_by, reason="solve_failed")
            return job.status
        written = roster_replace(
            period, team_placements(result["assignments"]), actor=job.requested_by
        )
        move_locked(actor=job.requested_by, period=period, to_phase=Phase.PROPOSED)  # type: ignore[arg-type]
        audit_record(
            actor=job.requested_by,
            period=period,
            action="solve_result",
            payload={"job": job.pk, **written},
        )
        job_finish(
            job,
            SolveStatus.DONE,
            result=result,
            report=report,
            progress=progress,
            applied_at=timezone.now(),
        )
        return job.status


def _elsewhere_clash(
    period: RosterPeriod, inp: SolveInput, result: Mapping[str, Any]
) -> tuple[str, Msg | None]:
    """Lock the result's officers and re-check it against their work in other teams as
    committed now (another team's solve, a claim or an assignment may have landed since the
    input was read); the error text and message of a clash, else ("", None)."""
    placements = team_placements(result["assignments"])
    lock_officers(sorted({ref_pk(p["officer"]) for p in placements}))
    clashes = elsewhere_conflicts([period], placements, h0=inp.horizon_start, h1=inp.horizon_end)
    if not clashes:
        return "", None
    problems = [f"{v.rule}: {v.message}" for v in clashes[:20]]
    message = failure.elsewhere_clash((v.officer for v in clashes), len(clashes))
    return "another team's roster changed meanwhile: " + "; ".join(problems), message


def roster_replace(
    period: RosterPeriod,
    placements: Sequence[Mapping[str, str]],
    *,
    actor: Officer | None,
    source: str = AssignmentSource.SOLVER,
) -> dict[str, int]:
    """Make the period's roster equal `placements`: remove every assignment not in it, add
    the missing ones as `source`. Returns the counts."""
    wanted = {(ref_pk(p["officer"]), ref_pk(p["shift"]), p["skill"]) for p in placements}
    existing = list(Assignment.objects.filter(shift__period=period).select_related("skill"))
    have = {(a.officer_id, a.shift_id, a.skill.code): a.pk for a in existing}
    remove = [pk for key, pk in have.items() if key not in wanted]
    Assignment.objects.filter(pk__in=remove).delete()
    skills = {s.code: s for s in Skill.objects.filter(code__in={k for _o, _s, k in wanted})}
    add = sorted(key for key in wanted if key not in have)
    Assignment.objects.bulk_create(
        [
            Assignment(officer_id=o, shift_id=s, skill=skills[k], source=source, created_by=actor)
            for o, s, k in add
        ]
    )
    gone = [key for key, pk in have.items() if key not in wanted]
    places_changed(
        shift_ids={s for _o, s, _k in gone} | {s for _o, s, _k in add},
        officer_ids={o for o, _s, _k in gone} | {o for o, _s, _k in add},
    )
    return {"removed": len(remove), "added": len(add), "kept": len(have) - len(remove)}


def change_set(inp: SolveInput, result: Mapping[str, Any]) -> dict[str, Any]:
    """Placements added and removed against the input's `previous` roster."""
    before = {(p.officer, p.shift, p.skill) for p in inp.previous or ()}
    after = {(p["officer"], p["shift"], p["skill"]) for p in team_placements(result["assignments"])}

    def rows(keys: Iterable[tuple[str, str, str]]) -> list[dict[str, str]]:
        return [{"officer": o, "shift": s, "skill": k} for o, s, k in sorted(keys)]

    return {
        "previous": rows(before),
        "added": rows(after - before),
        "removed": rows(before - after),
    }
