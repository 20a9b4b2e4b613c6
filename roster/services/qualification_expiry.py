"""Announcing expiring qualifications (issue 18): the officer and the planners of his teams
learn ahead of time that a certificate runs out, so that he can be re-certified before the
roster has to do without the skill.

`qualification_expiry_announce` (beat: `roster.tasks.announce_expiring_qualifications`,
daily) finds every qualification whose `valid_until` lies within
`QUALIFICATION_EXPIRY_NOTICE_DAYS` from today (local date) and that was not announced for that
date yet, and notifies once: `Qualification.expiry_announced_for` records the date announced,
in the same transaction as the notification (sent on commit). A certificate renewed for the
same date is never announced twice; a renewal that gets a new `valid_until` is announced again
when that date comes near. One already continued by a later qualification of the same skill
(starting at the latest the day after) is not announced at all.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop

from common.i18n import Day, msg
from notifications.models import NotificationKind
from notifications.services.notify import Subject, notify_on_commit
from organisation.models import Qualification, Role, RoleAssignment


def _continued(q: Qualification, until: dt.date) -> bool:
    """A later qualification of the same skill takes over the day after this one ends."""
    after = until + dt.timedelta(days=1)
    return (
        Qualification.objects.filter(officer_id=q.officer_id, skill_id=q.skill_id)
        .exclude(pk=q.pk)
        .valid_on(after)
        .exists()
    )


def qualification_expiry_announce(*, today: dt.date | None = None) -> int:
    """Announce the qualifications that expire soon (see module docstring); returns how many
    were announced. Idempotent: a second run the same day announces nothing."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=settings.QUALIFICATION_EXPIRY_NOTICE_DAYS)
    due = (
        Qualification.objects.filter(valid_until__gte=today, valid_until__lte=horizon)
        .exclude(expiry_announced_for=F("valid_until"))
        .order_by("valid_until", "id")
        .values_list("pk", flat=True)
    )
    announced = 0
    for pk in list(due):
        with transaction.atomic():
            q = (
                Qualification.objects.select_for_update()
                .select_related("skill", "officer")
                .get(pk=pk)
            )
            until_day = q.valid_until
            if until_day is None or q.expiry_announced_for == until_day:
                continue  # changed or announced meanwhile
            q.expiry_announced_for = until_day
            q.save(update_fields=["expiry_announced_for"])
            if _continued(q, until_day):
                continue
            officer = q.officer
            subject = Subject("officer", officer.pk, f"/api/v1/officers/{officer.pk}/competences/")
            until = Day(until_day, "DATE_FORMAT")
            notify_on_commit(
                recipient_ids=[officer.pk],
                kind=NotificationKind.QUALIFICATION_EXPIRING,
                title=msg(
                    gettext_noop("Your %(skill)s qualification expires on %(date)s"),
                    skill=q.skill.code,
                    date=until,
                ),
                subject=subject,
            )
            planners = sorted(
                set(
                    RoleAssignment.objects.filter(
                        role=Role.PLANNER, team__in=officer.teams.all()
                    ).values_list("officer_id", flat=True)
                )
                - {officer.pk}
            )
            notify_on_commit(
                recipient_ids=planners,
                kind=NotificationKind.QUALIFICATION_EXPIRING,
                title=msg(
                    gettext_noop("%(name)s's %(skill)s qualification expires on %(date)s"),
                    name=officer.get_full_name() or officer.username,
                    skill=q.skill.code,
                    date=until,
                ),
                subject=subject,
            )
            announced += 1
    return announced
