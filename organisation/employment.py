"""Dated terms of employment: what an approved HR request changes for an officer.

- `ContractHours`: the contract minutes per week from a date on (history; ADR 0006).
- `NightExemption`: exempt from night shifts for a date range.
- `SecondTeamMembership`: a member of a second team for a date range, besides `Officer.teams`.
- `HoursMutation`: a signed change of the officer's hours balance (registered overtime).
- `LeaveEntitlement`: an officer's yearly leave entitlement where it differs from the default.

The desk's outcome handlers write these (`organisation.employment_services`); the roster and
the balances read them through `organisation.employment_selectors`. Imported by
`organisation.models`, so Django registers them with the app.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

#: `valid_from` of the base row: the contract an officer had before his first recorded change.
CONTRACT_BASE_DATE = dt.date(1, 1, 1)
MAX_CONTRACT_MINUTES = 3600  # 60 h, as `Officer.contract_minutes_per_week`


class ContractHours(models.Model):
    """The officer works `minutes_per_week` from `valid_from` until the next row's date.

    An officer either has no row (then `Officer.contract_minutes_per_week` holds for every
    date) or a base row dated `CONTRACT_BASE_DATE` plus one row per change.
    """

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contract_hours"
    )
    valid_from = models.DateField(_("valid from"))
    minutes_per_week = models.PositiveIntegerField(
        _("contract minutes per week"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CONTRACT_MINUTES)],
    )
    source = models.CharField(_("source"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["officer_id", "valid_from"]
        verbose_name = _("contract hours")
        verbose_name_plural = _("contract hours")
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "valid_from"], name="contract_hours_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(minutes_per_week__gt=0) & Q(minutes_per_week__lte=MAX_CONTRACT_MINUTES),
                name="contract_hours_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.minutes_per_week}@{self.valid_from}"


class NightExemption(models.Model):
    """Exempt from night shifts from `valid_from` until `valid_until` (inclusive; empty: no
    end). Deliberately no basis (age, physician, care): the roster needs only the dates, and
    the basis may be health data (it stays on the request, need-to-know)."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="night_exemptions"
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["officer_id", "valid_from"]
        verbose_name = _("night exemption")
        verbose_name_plural = _("night exemptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="night_exemption_range",
            ),
            models.UniqueConstraint(
                fields=["source"], condition=~Q(source=""), name="night_exemption_unique_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:night-exempt@{self.valid_from}"

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class SecondTeamMembership(models.Model):
    """The officer is also rostered with `team` from `valid_from` until `valid_until`
    (inclusive). `Officer.teams` stays the home teams (ADR 0006)."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_teams"
    )
    team = models.ForeignKey(
        "organisation.Team", on_delete=models.CASCADE, related_name="second_team_members"
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    source = models.CharField(_("source"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["officer_id", "valid_from"]
        verbose_name = _("second team membership")
        verbose_name_plural = _("second team memberships")
        indexes = [models.Index(fields=["team", "valid_from"], name="second_team_team_from")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="second_team_range"
            ),
            models.UniqueConstraint(
                fields=["source"], condition=~Q(source=""), name="second_team_unique_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.team_id}@{self.valid_from}"

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_until


class HoursMutationKind(models.TextChoices):
    OVERTIME = "overtime", _("Overtime")
    CORRECTION = "correction", _("Correction")


class HoursMutation(models.Model):
    """A signed change of the officer's hours balance on `date` (positive: he is owed time)."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hours_mutations"
    )
    date = models.DateField(_("date"))
    minutes = models.IntegerField(_("minutes"))
    kind = models.CharField(_("kind"), max_length=16, choices=HoursMutationKind.choices)
    source = models.CharField(_("source"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hours_mutations_made"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["officer_id", "date", "id"]
        verbose_name = _("hours mutation")
        verbose_name_plural = _("hours mutations")
        indexes = [models.Index(fields=["officer", "date"], name="hours_mutation_officer_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind"],
                condition=~Q(source=""),
                name="hours_mutation_unique_source",
            ),
            models.CheckConstraint(condition=~Q(minutes=0), name="hours_mutation_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.minutes:+d}@{self.date}"


class LeaveEntitlement(models.Model):
    """The officer's leave entitlement for a calendar year where HR set one; without a row the
    default of `organisation.employment_selectors.leave_entitlement_minutes` holds."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leave_entitlements"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    minutes = models.PositiveIntegerField(_("minutes"))

    class Meta:
        ordering = ["officer_id", "year"]
        verbose_name = _("leave entitlement")
        verbose_name_plural = _("leave entitlements")
        constraints = [
            models.UniqueConstraint(fields=["officer", "year"], name="leave_entitlement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.year}"
