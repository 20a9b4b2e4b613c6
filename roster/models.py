"""The roster: periods, shifts, sign-ups, assignments, swaps, claims and solve jobs.

The fairness ledger is no table: `roster.ledger` derives it from the assignments.

An officer's absences live in `organisation.models.Absence`: the desk reads them too.

Instants are aware datetimes stored in UTC; local wall-clock features (night, weekend,
holiday) are derived in Europe/Amsterdam once, when a shift is made.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from roster.solver.io import (
    STAGE_SHORTFALL_FIRST,
    STAGE_TOTALS_LAST,
    STAGE_TWICE,
    STAGE_UNKNOWN,
    InputError,
    stage_order,
)


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNUP_OPEN = "signup_open", _("Sign-up open")
    SIGNUP_CLOSED = "signup_closed", _("Sign-up closed")
    SOLVING = "solving", _("Solving")
    PROPOSED = "proposed", _("Proposed")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class RosterPeriod(models.Model):
    """A team's roster period (e.g. 4 weeks): local days `start_date` up to, not including,
    `end_date`. Its phase only changes through `roster.services.periods.period_move`."""

    team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="periods")
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("first day after the period"))
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.DRAFT)
    signup_opens_at = models.DateTimeField(_("sign-up opens at"))
    signup_closes_at = models.DateTimeField(_("sign-up closes at"))
    publish_on = models.DateField(_("publication date"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The fairness ledger is derived from the assignments (`roster.ledger`); only who was on
    # the team when the roster was published is kept, so a member without a shift in it
    # still counts the period's contract hours.
    published_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        blank=True,
        verbose_name=_("members at publication"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("roster period")
        verbose_name_plural = _("roster periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="period_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(signup_closes_at__gt=F("signup_opens_at")),
                name="period_signup_window_order",
            ),
            models.UniqueConstraint(fields=["team", "start_date"], name="period_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}:{self.start_date}"


class RosterAuditEvent(models.Model):
    """An immutable record of a change to a period's roster (phase moves, manual edits)."""

    period = models.ForeignKey(RosterPeriod, on_delete=models.CASCADE, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    from_phase = models.CharField(_("from phase"), max_length=16, blank=True)
    to_phase = models.CharField(_("to phase"), max_length=16, blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("roster audit event")
        verbose_name_plural = _("roster audit events")

    def __str__(self) -> str:
        return f"{self.period_id}:{self.action}"


class ShiftKind(models.TextChoices):
    EARLY = "early", _("Early")
    LATE = "late", _("Late")
    NIGHT = "night", _("Night")
    EVENING = "evening", _("Evening")
    CUSTOM = "custom", _("Custom")


class ShiftTemplate(models.Model):
    """A recurring shift of a team: local wall-clock start and end time (an end at or before
    the start is on the next day), weekdays (0 = Monday) and demand per skill code; optionally
    only between `valid_from` and `valid_until`.

    The end is a wall-clock time, not a duration, because that is what a roster means: a
    23:00-07:00 night lasts 9 h across the last Sunday of October and 7 h across the last
    Sunday of March. The real duration of each generated shift is computed in UTC."""

    team = models.ForeignKey(
        "organisation.Team", on_delete=models.CASCADE, related_name="shift_templates"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ShiftKind.choices)
    start_time = models.TimeField(_("local start time"))
    end_time = models.TimeField(_("local end time"))
    weekdays = models.JSONField(_("weekdays"), default=list)
    demand = models.JSONField(_("demand per skill"), default=dict)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["team", "start_time", "id"]
        verbose_name = _("shift template")
        verbose_name_plural = _("shift templates")
        constraints = [
            models.CheckConstraint(
                condition=~Q(end_time=F("start_time")), name="template_end_differs_from_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}:{self.name}"


class Shift(models.Model):
    """A concrete shift (dienst). Burden flags are computed once, when the shift is made."""

    team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="shifts")
    period = models.ForeignKey(RosterPeriod, on_delete=models.CASCADE, related_name="shifts")
    template = models.ForeignKey(
        ShiftTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="shifts"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ShiftKind.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    demand = models.JSONField(_("demand per skill"), default=dict)
    is_night = models.BooleanField(_("night"), default=False)
    is_weekend = models.BooleanField(_("weekend"), default=False)
    is_holiday = models.BooleanField(_("holiday"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        indexes = [models.Index(fields=["team", "start"], name="shift_team_start")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="shift_end_after_start"),
            models.UniqueConstraint(
                fields=["period", "template", "start"],
                condition=Q(template__isnull=False),
                name="shift_unique_template_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}:{self.kind}@{self.start:%Y-%m-%dT%H:%M}"

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class Wish(models.TextChoices):
    WANT = "want", _("Want")
    CAN = "can", _("Can")
    RATHER_NOT = "rather_not", _("Rather not")


class SignUp(models.Model):
    """An officer's wish for a shift (intekenen); `created_at` keeps the filing order."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signups"
    )
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    wish = models.CharField(_("wish"), max_length=16, choices=Wish.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["officer", "shift"], name="signup_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.shift_id}:{self.wish}"


class AssignmentSource(models.TextChoices):
    SOLVER = "solver", _("Solver")
    MANUAL = "manual", _("Manual")
    SWAP = "swap", _("Swap")
    CLAIM = "claim", _("Claim")


class Assignment(models.Model):
    """An officer works a shift in one skill's place."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    skill = models.ForeignKey("organisation.Skill", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=16, choices=AssignmentSource.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["shift__start", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["officer", "shift"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.shift_id}:{self.skill_id}"


class CalendarFeed(models.Model):
    """An officer's secret iCalendar feed. Only a SHA-256 of the token is stored; rotating
    replaces it, deleting revokes the feed."""

    officer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"feed:{self.officer_id}"


class SolveStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class SolveMode(models.TextChoices):
    NORMAL = "normal", _("Normal")
    REPAIR = "repair", _("Repair")


#: A job in one of these states still runs (or will): at most one per period.
ACTIVE_SOLVE_STATUSES = (SolveStatus.QUEUED, SolveStatus.RUNNING)


class SolveJob(models.Model):
    """One solver run of a period (`roster.services.solving`).

    `progress` holds the best objective, bound and seconds while it runs; `result` the
    `samenroosteren.solve-result/1` JSON; `report` the planner/officer report (and, for a
    repair, the change set). `applied_at`: when the result became the period's roster (at once
    for a normal solve, when the planner applies it for a repair)."""

    period = models.ForeignKey(RosterPeriod, on_delete=models.CASCADE, related_name="solve_jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    mode = models.CharField(
        _("mode"), max_length=16, choices=SolveMode.choices, default=SolveMode.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SolveStatus.choices, default=SolveStatus.QUEUED
    )
    progress = models.JSONField(_("progress"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    report = models.JSONField(_("report"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    #: `error` as a stored message, read in the reader's language (`solving.failure`)
    error_message = models.JSONField(_("error message"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    #: The joint run (several teams solved together) this job is the period's part of.
    joint = models.ForeignKey(
        "roster.JointSolve",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("solve job")
        verbose_name_plural = _("solve jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(status__in=["queued", "running"]),
                name="solvejob_one_active_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}:{self.mode}:{self.status}"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_SOLVE_STATUSES


class SwapKind(models.TextChoices):
    EXCHANGE = "exchange", _("Exchange")
    GIVE_AWAY = "give_away", _("Give away")
    MARKET = "market", _("Market")


class SwapStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    APPROVED = "approved", _("Approved")
    AUTO_APPROVED = "auto_approved", _("Approved automatically")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


#: A swap in one of these states can still change the roster.
OPEN_SWAP_STATUSES = (SwapStatus.OFFERED, SwapStatus.ACCEPTED)


class Swap(models.Model):
    """An officer's offer to hand over a place of the published roster (`roster.services.swaps`).

    `exchange`: the offerer's place for the receiver's place (`wanted_assignment`);
    `give_away`: the offerer's place to the named `receiver`; `market`: to whoever qualified
    accepts first (`receiver` is set on accept). The shifts are kept as well as the
    assignments, because approval moves the assignments to the other officer. Offering is the
    offerer's consent and accepting the receiver's (Barp art. 12, fixed 7-day window)."""

    kind = models.CharField(_("kind"), max_length=16, choices=SwapKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=SwapStatus.choices, default=SwapStatus.OFFERED
    )
    team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="swaps")
    offerer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="swaps_offered"
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="swaps_received",
    )
    offered_assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    offered_shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="+")
    offered_skill = models.ForeignKey(
        "organisation.Skill", on_delete=models.PROTECT, related_name="+"
    )
    wanted_assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    wanted_shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    wanted_skill = models.ForeignKey(
        "organisation.Skill", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    offerer_consent_at = models.DateTimeField(_("offerer consent at"))
    receiver_consent_at = models.DateTimeField(_("receiver consent at"), null=True, blank=True)
    late_change = models.BooleanField(_("inside the fixed 7-day window"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("swap")
        verbose_name_plural = _("swaps")
        indexes = [models.Index(fields=["team", "status"], name="swap_team_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="exchange") | Q(wanted_shift__isnull=False),
                name="swap_exchange_has_wanted_shift",
            ),
            models.CheckConstraint(
                condition=Q(kind="market") | Q(receiver__isnull=False),
                name="swap_named_receiver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.offerer_id}->{self.receiver_id}:{self.status}"


class OpenShiftPolicy(models.TextChoices):
    FIRST_COME = "first_come", _("First come, first served")
    FAIR_AWARD = "fair_award", _("Fair award at a deadline")


#: Bounds of a team's claim window for fair award (hours after the first claim).
CLAIM_WINDOW_HOURS_MAX = 14 * 24


class TeamSwapPolicy(models.Model):
    """A team's swap and open-shift policy (no row: the defaults).

    `auto_approve` lets a lawful swap that leaves coverage per skill unchanged take effect on
    acceptance; otherwise a team lead approves. `open_shift_policy`: `first_come` assigns an
    open place to the first lawful claimant; `fair_award` records claims until a deadline
    (`claim_window_hours` after the first claim of the place, and never later than
    `award_hours_before_start` before the shift) and then awards the place to the eligible
    claimant with the lowest burden ledger (`roster.services.fair_award`)."""

    team = models.OneToOneField(
        "organisation.Team", on_delete=models.CASCADE, related_name="swap_policy"
    )
    auto_approve = models.BooleanField(_("approve lawful swaps automatically"), default=True)
    open_shift_policy = models.CharField(
        _("open shift policy"),
        max_length=16,
        choices=OpenShiftPolicy.choices,
        default=OpenShiftPolicy.FIRST_COME,
    )
    claim_window_hours = models.PositiveSmallIntegerField(
        _("claim window (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(CLAIM_WINDOW_HOURS_MAX)],
    )
    award_hours_before_start = models.PositiveSmallIntegerField(
        _("award at the latest (hours before the shift)"),
        default=12,
        validators=[MaxValueValidator(CLAIM_WINDOW_HOURS_MAX)],
    )

    class Meta:
        verbose_name = _("team swap policy")
        verbose_name_plural = _("team swap policies")

    def __str__(self) -> str:
        return f"{self.team_id}:auto={self.auto_approve}:{self.open_shift_policy}"


#: Upper bound of a lending team's lead time (hours before the shift starts).
LENDING_WITHIN_HOURS_MAX = 28 * 24


class TeamLendingPolicy(models.Model):
    """Whether a team lends its open places to officers of other teams of its unit (no row:
    it does not; `roster.services.lending`, issue #18).

    `lends_open_places`: open places of the team's published roster are offered to officers
    of `to_teams` (none chosen: every other team of the unit), who claim them through the
    ordinary claim flow, checked against all their assignments in every team.
    `within_hours`: lent only once the shift starts within this many hours (the own team
    has the place to itself until then); empty: as soon as the place is open.
    `members_need_approval` is the borrower side: claims by this team's own officers of places
    other teams lend wait for this team's lead (`roster.services.lent_claims`)."""

    team = models.OneToOneField(
        "organisation.Team", on_delete=models.CASCADE, related_name="lending_policy"
    )
    lends_open_places = models.BooleanField(_("lend open places to other teams"), default=False)
    to_teams = models.ManyToManyField(
        "organisation.Team", blank=True, related_name="+", verbose_name=_("to teams")
    )
    within_hours = models.PositiveSmallIntegerField(
        _("lend within (hours before the shift)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(LENDING_WITHIN_HOURS_MAX)],
    )
    #: borrower side: this team's OWN officers' claims of places other teams lend wait for
    #: this team's lead (`roster.services.lent_claims`)
    members_need_approval = models.BooleanField(
        _("our officers' claims elsewhere need our team lead's approval"), default=False
    )

    class Meta:
        verbose_name = _("team lending policy")
        verbose_name_plural = _("team lending policies")

    def __str__(self) -> str:
        return f"{self.team_id}:lends={self.lends_open_places}"


#: Upper bound of a team's sick margin (days freed after a sick report's expected end).
SICK_MARGIN_DAYS_MAX = 14


#: An officer's own unavailability per period (`roster.services.unavailability`): default and
#: upper bound of the team's limit, in local days.
UNAVAILABILITY_MAX_DAYS_DEFAULT = 4
UNAVAILABILITY_MAX_DAYS_MAX = 31


class TeamAbsencePolicy(models.Model):
    """How a team's roster reacts to absences (no row: the defaults).

    `sick_margin_days`: an open-ended sick absence frees the officer's shifts up to its
    expected end plus this many days; his later shifts stay assigned and are flagged "at risk"
    for the planner (`roster.services.absence_effects`).

    `unavailability_max_days_per_period`: how many local days of a period an officer may mark
    himself unavailable in its sign-up window (`roster.services.unavailability`; a time range
    counts as every day it touches, each day once); 0: the team allows none."""

    team = models.OneToOneField(
        "organisation.Team", on_delete=models.CASCADE, related_name="absence_policy"
    )
    sick_margin_days = models.PositiveSmallIntegerField(
        _("sick margin (days after the expected end)"),
        default=1,
        validators=[MaxValueValidator(SICK_MARGIN_DAYS_MAX)],
    )
    unavailability_max_days_per_period = models.PositiveSmallIntegerField(
        _("unavailability: at most days per period"),
        default=UNAVAILABILITY_MAX_DAYS_DEFAULT,
        validators=[MaxValueValidator(UNAVAILABILITY_MAX_DAYS_MAX)],
        help_text=_(
            "Local days an officer may mark himself unavailable in one period; a time range "
            "counts as each day it touches. 0: not allowed."
        ),
    )

    class Meta:
        verbose_name = _("team absence policy")
        verbose_name_plural = _("team absence policies")

    def __str__(self) -> str:
        return f"{self.team_id}:sick_margin={self.sick_margin_days}"


#: Longest reason an officer may give for his own unavailability.
UNAVAILABILITY_REASON_MAX_LENGTH = 200


class UnavailabilityReason(models.Model):
    """The reason an officer gave, in his own words, for marking himself unavailable
    (`roster.services.unavailability`). Optional and never required; it may hold anything,
    health data too, so only he reads it (`organisation.need_to_know.may_read_reason`): it is
    kept off the `Absence` (which the desk, the health desk, line management and the admin
    read), is not in the admin, and goes when the unavailability is withdrawn."""

    absence = models.OneToOneField(
        "organisation.Absence",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="unavailability_reason",
    )
    text = models.CharField(_("reason"), max_length=UNAVAILABILITY_REASON_MAX_LENGTH)

    class Meta:
        verbose_name = _("reason for unavailability")
        verbose_name_plural = _("reasons for unavailability")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="unavailability_reason_not_empty")
        ]

    def __str__(self) -> str:
        return f"{self.absence_id}:reason"  # never the text


class AtRiskAssignment(models.Model):
    """A place of an officer with an open-ended absence after the stretch that was freed:
    kept assigned (he may be back by then) but flagged for the planner. One flag per
    assignment; the absence's next change (extension, recovery, end) recomputes them
    (`roster.services.absence_effects`). Readers learn "absent", never the kind."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="at_risk_flag"
    )
    absence = models.ForeignKey(
        "organisation.Absence", on_delete=models.CASCADE, related_name="at_risk_flags"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["assignment__shift__start", "id"]
        verbose_name = _("place at risk")
        verbose_name_plural = _("places at risk")

    def __str__(self) -> str:
        return f"{self.assignment_id}:at-risk:absent"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    WON = "won", _("Awarded")
    LOST = "lost", _("Not awarded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OpenShiftClaim(models.Model):
    """A claim of an open place under the fair-award policy: recorded, not assigned, until
    the place is awarded at `deadline` (`roster.services.fair_award`). `explanation` holds
    why the place went to whom, with every claimant's figures."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="claims")
    skill = models.ForeignKey("organisation.Skill", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_shift_claims"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    deadline = models.DateTimeField(_("award deadline"))
    assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("open shift claim")
        verbose_name_plural = _("open shift claims")
        indexes = [models.Index(fields=["status", "deadline"], name="claim_status_deadline")]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "skill", "officer"],
                condition=Q(status="pending"),
                name="claim_one_pending_per_officer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.shift_id}:{self.status}"


class RepairSuggestion(models.Model):
    """A one-click repair offered to a team's planners after places were freed (a sick
    report): shown in their approvals inbox until a repair solve is started (`job`) or the
    planner dismisses it. One open suggestion per period; later freed places join it."""

    period = models.ForeignKey(
        RosterPeriod, on_delete=models.CASCADE, related_name="repair_suggestions"
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    freed_places = models.PositiveIntegerField(_("freed places"), default=0)
    job = models.ForeignKey(
        SolveJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    dismissed = models.BooleanField(_("dismissed"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("repair suggestion")
        verbose_name_plural = _("repair suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(resolved_at__isnull=True),
                name="repair_suggestion_one_open_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}:repair:{self.freed_places}"


class TeamTrainingPolicy(models.Model):
    """How a team trains (issue 18; no row: the defaults). `shifts_per_period`: the training
    shifts (places of the skill he trains for, with a mentor) the solver aims to give each
    trainee per period (its stage `training`); 0: no aim, a trainee still takes such places
    only with a mentor. `mentor_min_level`: the qualification level an officer needs to mentor
    (`organisation.Qualification.level`), unless the training names its own mentor."""

    team = models.OneToOneField(
        "organisation.Team", on_delete=models.CASCADE, related_name="training_policy"
    )
    shifts_per_period = models.PositiveSmallIntegerField(
        _("training shifts per period"), default=0, validators=[MaxValueValidator(31)]
    )
    mentor_min_level = models.PositiveSmallIntegerField(
        _("mentor: at least level"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = _("team training policy")
        verbose_name_plural = _("team training policies")

    def __str__(self) -> str:
        return f"{self.team_id}:training"


#: The default fatigue cap (points, `docs/fatigue.md`) and the highest a team may set.
FATIGUE_CAP_DEFAULT = 60
FATIGUE_CAP_MAX = 500


class TeamFatiguePolicy(models.Model):
    """Whether the solver caps the team's fatigue scores (no row: the defaults, no cap).

    `cap_enabled`: every solve and repair of the team keeps each officer's daily fatigue
    score (`roster.rules.fatigue`) at or below `cap`; a roster above it is a violation in the
    report. The cap also sets the console grid's heat (warm from 80 % of it) when off."""

    team = models.OneToOneField(
        "organisation.Team", on_delete=models.CASCADE, related_name="fatigue_policy"
    )
    cap_enabled = models.BooleanField(_("cap fatigue in solves"), default=False)
    cap = models.PositiveSmallIntegerField(
        _("fatigue cap (points)"),
        default=FATIGUE_CAP_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(FATIGUE_CAP_MAX)],
    )

    class Meta:
        verbose_name = _("team fatigue policy")
        verbose_name_plural = _("team fatigue policies")

    def __str__(self) -> str:
        return f"{self.team_id}:fatigue_cap={self.cap if self.cap_enabled else 'off'}"


#: The solver's reasons to refuse a stage order, in the reader's language.
STAGE_ORDER_ERRORS = {
    STAGE_UNKNOWN: _("Unknown stage."),
    STAGE_TWICE: _("Each stage at most once."),
    STAGE_SHORTFALL_FIRST: _("Shortfall must come first: an empty place outranks every aim."),
    STAGE_TOTALS_LAST: _("Totals must come last: it breaks the ties of the others."),
}


class TeamSolverPolicy(models.Model):
    """The order of the solver's lexicographic stages for the team's solves and repairs
    (issue #15, `docs/solver_io.md` "Stages"; no row or an empty list: the deployment's order,
    `SOLVER_STAGES`, else the solver's default). The solver's own rules hold: known stages,
    each at most once, `shortfall` first and `totals` (if listed) last
    (`roster.solver.io.stage_order`). A joint solve of teams whose orders differ uses the
    deployment's order and says so in its report."""

    team = models.OneToOneField(
        "organisation.Team", on_delete=models.CASCADE, related_name="solver_policy"
    )
    stages = models.JSONField(_("solver stages in priority order"), default=list, blank=True)

    class Meta:
        verbose_name = _("team solver policy")
        verbose_name_plural = _("team solver policies")

    def __str__(self) -> str:
        return f"{self.team_id}:stages={','.join(self.stages) or 'default'}"

    def clean(self) -> None:
        super().clean()
        if not self.stages:
            return
        if not isinstance(self.stages, list) or not all(isinstance(n, str) for n in self.stages):
            raise ValidationError({"stages": _("A list of stage names.")})
        try:
            stage_order(self.stages)
        except InputError as exc:
            raise ValidationError({"stages": STAGE_ORDER_ERRORS[exc.detail]}) from None


# Swap chains, lent claims waiting for the home lead and joint solves (issue 18) and each
# officer's materialised open places (issue #17) live in their own modules; imported here so
# that Django registers them.
from roster import (  # noqa: E402, F401
    joint_models,
    lent_claim_models,
    open_fit_models,
    swap_chain_models,
)
