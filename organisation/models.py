"""The organisation: units, teams, desks, officers (the user model), skills and roles.

Also the HR facts that both the request desk and the roster rely on: an officer's absences
and the delegation of approval authority (ADR 0005).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

FULL_TIME_MINUTES_PER_WEEK = 2160  # 36 h: the police's full-time week (CAO Politie)


class BilingualName(models.Model):
    """A Dutch and an English name; `name` follows the active language."""

    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class Unit(models.Model):
    """A regional unit (eenheid): owns teams and desks."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team (basisteam): the group that is rostered together."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="teams")
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Desk(BilingualName):
    """A desk (loket): a group of desk staff that fulfils certain request types."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="desks")
    code = models.SlugField(_("code"), max_length=32, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")

    def __str__(self) -> str:
        return self.code


class Skill(BilingualName):
    """A skill a shift may demand (e.g. `ovd`); held through a dated qualification."""

    code = models.SlugField(_("code"), max_length=32, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.code


class Language(models.TextChoices):
    """The languages the product speaks (`settings.LANGUAGES`); an officer's preference."""

    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class Officer(AbstractUser):
    """An employee (medewerker): the user model."""

    employee_number = models.CharField(_("employee number"), max_length=16, unique=True)
    contract_minutes_per_week = models.PositiveIntegerField(
        _("contract minutes per week"), default=FULL_TIME_MINUTES_PER_WEEK
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    night_exempt = models.BooleanField(
        _("night exempt"),
        default=False,
        help_text=_("Granted exemption from work between 00:00 and 06:00."),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Empty until set: from Accept-Language at his first login, or by himself in `me`
    # (`organisation.languages`). Notifications, e-mails and reports are rendered in it.
    language = models.CharField(
        _("language"), max_length=8, blank=True, default="", choices=Language.choices
    )
    teams = models.ManyToManyField(Team, related_name="members", blank=True)

    REQUIRED_FIELDS = ["email", "employee_number"]

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_minutes_per_week__gt=0)
                & Q(contract_minutes_per_week__lte=3600),
                name="officer_contract_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def fte(self) -> float:
        return self.contract_minutes_per_week / FULL_TIME_MINUTES_PER_WEEK


class QualificationQuerySet(models.QuerySet["Qualification"]):
    def valid_on(self, day: dt.date | None = None) -> QualificationQuerySet:
        """Qualifications that count on `day` (default today): an expired one does not."""
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def valid_during(self, first: dt.date, last: dt.date) -> QualificationQuerySet:
        """Qualifications that count on some day from ``first`` to ``last`` (inclusive)."""
        return self.filter(valid_from__lte=last).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=first)
        )


class Qualification(models.Model):
    """An officer holds a skill from `valid_from` until `valid_until` (inclusive)."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="qualifications")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="qualifications")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    #: 1 (just qualified) .. 5 (expert); a team may ask a mentor level (issue 18)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    #: the ``valid_until`` whose coming expiry was announced (``expiry_announce``): a
    #: renewed certificate with a new date is announced again, the same date never twice
    expiry_announced_for = models.DateField(null=True, blank=True, editable=False)

    objects = QualificationQuerySet.as_manager()

    class Meta:
        ordering = ["skill__code", "valid_from"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="qualification_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="qualification_level_range"
            ),
            models.UniqueConstraint(
                fields=["officer", "skill", "valid_from"], name="qualification_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.skill_id}"

    def is_valid_on(self, day: dt.date) -> bool:
        """The rule of ``QualificationQuerySet.valid_on`` for a qualification in memory."""
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    TEAM_LEAD = "team_lead", _("Team lead")
    PLANNER = "planner", _("Planner")
    DESK_STAFF = "desk_staff", _("Desk staff")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    ADMINISTRATOR = "administrator", _("Administrator")


class RoleAssignment(models.Model):
    """A role with its scope: team lead/planner of a team, desk staff of a desk, manager of a
    unit, or administrator (no scope). Being an officer comes from team membership."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True)
    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, null=True, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=[Role.TEAM_LEAD, Role.PLANNER],
                        team__isnull=False,
                        desk__isnull=True,
                        unit__isnull=True,
                    )
                    | Q(
                        role=Role.DESK_STAFF,
                        desk__isnull=False,
                        team__isnull=True,
                        unit__isnull=True,
                    )
                    | Q(
                        role=Role.UNIT_MANAGER,
                        unit__isnull=False,
                        team__isnull=True,
                        desk__isnull=True,
                    )
                    | Q(
                        role=Role.ADMINISTRATOR,
                        team__isnull=True,
                        desk__isnull=True,
                        unit__isnull=True,
                    )
                ),
                name="role_assignment_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["officer", "role", "team", "desk", "unit"],
                name="role_assignment_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.role}"


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", _("Leave")
    TRAINING = "training", _("Training")
    SICK = "sick", _("Sick")
    OTHER = "other", _("Other")
    # The officer's own "I cannot work then", filed in a sign-up window (issue 14): no reason
    # why he is absent, so line management may read this kind (organisation.need_to_know).
    UNAVAILABLE = "unavailable", _("Unavailable")


class AbsenceStatus(models.TextChoices):
    """Where an absence is in its life; derived from its times (`Absence.status`), except
    `cancelled`, which is stored (`Absence.cancelled_at`)."""

    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


DAY = dt.timedelta(days=1)


class AbsenceQuerySet(models.QuerySet["Absence"]):
    def in_force(self) -> AbsenceQuerySet:
        """Absences that count (not cancelled): they block the roster and must not overlap."""
        return self.filter(cancelled_at__isnull=True)

    def overlapping(self, start: dt.datetime, end: dt.datetime | None) -> AbsenceQuerySet:
        """Absences that share time with [start, end) (an empty end: open-ended)."""
        qs = self.filter(Q(end__isnull=True) | Q(end__gt=start))
        return qs if end is None else qs.filter(start__lt=end)

    def blocking(
        self,
        start: dt.datetime,
        end: dt.datetime | None,
        expected_end: dt.datetime | None = None,
    ) -> AbsenceQuerySet:
        """Absences a new one over [start, end) would clash with (`end` empty: a new open-ended
        sick absence, planned until `expected_end`).

        An open-ended absence blocks only its planning reach: up to its expected end, or its
        first day when none is given. Beyond that nobody knows whether the officer is still
        sick, so leave, training or his own unavailability may still be recorded there, and a
        sick report is never refused because of leave booked later. Two open-ended absences
        always clash: a second sick report while one is open is an extension instead.
        """
        reach_of_open = Q(end__isnull=True) & (
            Q(expected_end__gt=start) | Q(expected_end__isnull=True, start__gt=start - DAY)
        )
        qs = self.filter(Q(end__gt=start) | reach_of_open)
        if end is None:
            own_reach = expected_end if expected_end is not None else start + DAY
            return self.filter(Q(pk__in=qs.filter(start__lt=own_reach)) | Q(end__isnull=True))
        return qs.filter(start__lt=end)


class Absence(models.Model):
    """An officer is unavailable from `start` until `end` (exclusive).

    Every source (sick report, extension, recovery, approved leave or training, a manager's
    entry, the officer's own unavailability) makes or changes one of these;
    `roster.services.absences` keeps them apart (no two in force overlap for one officer) and
    applies them to the roster. `end` is empty for an open-ended sick report (until recovery);
    `expected_end` is then the planning estimate. The status is derived from the times
    (`status`), except a cancellation (`cancelled_at`). Deliberately no diagnosis or medical
    field (AVG: a sick report records only that and when someone is sick). Kind `unavailable`
    is the officer's own statement (`roster.services.unavailability`); the reason he may give
    for it is kept apart, in `roster.models.UnavailabilityReason`, which only he reads.
    """

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AbsenceKind.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    expected_end = models.DateTimeField(_("expected end"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="absences_created",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        indexes = [models.Index(fields=["officer", "start"], name="absence_officer_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")),
                name="absence_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(expected_end__isnull=True) | Q(expected_end__gt=F("start")),
                name="absence_expected_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        # Never the kind: this text reaches admin titles, breadcrumbs and the admin's history
        # (LogEntry.object_repr), which line management reads (organisation.need_to_know).
        return f"{self.officer_id}:absent@{self.start:%Y-%m-%d}"

    def status_at(self, now: dt.datetime) -> AbsenceStatus:
        """The status at `now`: planned before the start, ended from the (fixed) end on."""
        if self.cancelled_at is not None:
            return AbsenceStatus.CANCELLED
        if now < self.start:
            return AbsenceStatus.PLANNED
        if self.end is not None and now >= self.end:
            return AbsenceStatus.ENDED
        return AbsenceStatus.ACTIVE

    @property
    def status(self) -> AbsenceStatus:
        return self.status_at(timezone.now())


class Delegation(models.Model):
    """An approver names a substitute for a date range (inclusive)."""

    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations"
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="substitutions"
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="delegation_range"
            ),
            models.CheckConstraint(
                condition=~Q(approver=models.F("substitute")), name="delegation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.approver_id}->{self.substitute_id}"


# Dated terms of employment and the competence profile (ambitions, trainings; issue 18) live
# in their own modules; imported here so that Django registers them with this app (and
# `from organisation.models import ContractHours` works).
from organisation.competence_models import Ambition, Training  # noqa: E402
from organisation.employment import (  # noqa: E402
    ContractHours,
    HoursMutation,
    HoursMutationKind,
    LeaveEntitlement,
    NightExemption,
    SecondTeamMembership,
)

__all__ = [
    "Absence",
    "AbsenceKind",
    "Ambition",
    "BilingualName",
    "ContractHours",
    "Delegation",
    "Desk",
    "HoursMutation",
    "HoursMutationKind",
    "LeaveEntitlement",
    "NightExemption",
    "Officer",
    "Qualification",
    "Role",
    "RoleAssignment",
    "SecondTeamMembership",
    "Skill",
    "Team",
    "Training",
    "Unit",
]
