"""The request desk: a catalogue of request types (data, versioned) and filed requests.

Every type follows the one workflow in `services/workflow.py`; a type only differs in its form
(JSON Schema), approval route, fulfilling desk, SLA, outcome kind, privacy class and retention.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError


class OutcomeKind(models.TextChoices):
    NONE = "none", _("None")
    ORDER = "order", _("Order (desk fulfils)")
    ABSENCE = "absence", _("Absence on approval")
    SICK = "sick", _("Sick report (immediate absence)")
    RECOVERY = "recovery", _("Recovery report (ends a sick absence)")
    CONTRACT_HOURS = "contract_hours", _("Contract hours from a date on approval")
    NIGHT_EXEMPTION = "night_exemption", _("Night exemption on approval")
    SECOND_TEAM = "second_team", _("Second team membership on approval")
    OVERTIME = "overtime", _("Overtime into the hours balance on approval")
    SICK_EXTENSION = "sick_extension", _("Sick extension (moves a sick absence's expected end)")
    LEAVE_CHANGE = "leave_change", _("Leave change (moves or withdraws approved leave)")


# Sick forms hold first day, expected duration and contact details only: no free text from the
# requester and no attachments (never a diagnosis, not even volunteered; Dutch DPA policy
# rules "De zieke werknemer"). Their types are the special-category ones with these outcomes.
NO_FREE_TEXT_OUTCOMES = (OutcomeKind.SICK, OutcomeKind.SICK_EXTENSION, OutcomeKind.RECOVERY)


class PrivacyClass(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    PERSONAL = "personal", _("Personal")
    SPECIAL_CATEGORY = "special_category", _("Special category (AVG art. 9/10)")


class StepKind(models.TextChoices):
    TEAM_LEAD = "team_lead", _("Team lead")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    DESK = "desk", _("Named desk")
    FINANCE = "finance", _("Finance")


ROUTE_OPS = ("gt", "gte", "lt", "lte", "eq")
ROUTE_SET_OPS = ("any_outside",)  # some list item is not among `value` (a list of strings)


def _valid_condition(cond: Any) -> bool:
    """`{field, op, value}` compares a number; `{field, sum, op, value}` the sum of `sum` over
    a list of objects; `{span: [from, to], op, value}` the days between two date(-time)s;
    `{field, op: any_outside, value: [..]}` holds when a listed item is not in `value`."""
    if not isinstance(cond, dict):
        return False
    if cond.get("op") in ROUTE_SET_OPS:
        value = cond.get("value")
        return (
            isinstance(cond.get("field"), str)
            and isinstance(value, list)
            and all(isinstance(v, str) for v in value)
        )
    if cond.get("op") not in ROUTE_OPS or not isinstance(cond.get("value"), int | float):
        return False
    span = cond.get("span")
    if span is not None:
        return isinstance(span, list) and len(span) == 2 and all(isinstance(f, str) for f in span)
    return isinstance(cond.get("field"), str) and isinstance(cond.get("sum", ""), str)


def validate_route(route: Any) -> None:
    """A route is a list of steps `{kind, desk?, team_field?, condition?}`: a desk step names
    its desk; a team-lead step may name the form field holding another team (a host team),
    whose lead then approves; for a condition see `_valid_condition`."""
    if not isinstance(route, list):
        raise ValidationError({"route": [_("The route must be a list of steps.")]})
    for step in route:
        if not isinstance(step, dict) or step.get("kind") not in StepKind.values:
            raise ValidationError({"route": [_("Each step needs a known kind.")]})
        if step["kind"] == StepKind.DESK and not isinstance(step.get("desk"), str):
            raise ValidationError({"route": [_("A desk step names its desk code.")]})
        team_field = step.get("team_field")
        if team_field is not None and (
            step["kind"] != StepKind.TEAM_LEAD or not isinstance(team_field, str)
        ):
            raise ValidationError({"route": [_("Only a team-lead step names a team field.")]})
        cond = step.get("condition")
        if cond is not None and not _valid_condition(cond):
            raise ValidationError({"route": [_("A condition is {field, op, value}.")]})


def validate_form_schema(schema: Any) -> None:
    """The form schema must itself be a valid Draft 2020-12 object schema."""
    if not isinstance(schema, dict) or schema.get("type") != "object":
        raise ValidationError({"form_schema": [_("The form schema must describe an object.")]})
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise ValidationError({"form_schema": [str(exc.message)]}) from None


class RequestType(models.Model):
    """A catalogue entry; its content lives in versions, `current_version` is the live one."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    category = models.SlugField(_("category"), max_length=32, db_index=True)
    active = models.BooleanField(_("active"), default=True)
    current_version = models.ForeignKey(
        "RequestTypeVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["category", "code"]
        verbose_name = _("request type")
        verbose_name_plural = _("request types")

    def __str__(self) -> str:
        return self.code


class RequestTypeVersion(models.Model):
    """One immutable version of a type: a filed request keeps the version it was filed under."""

    request_type = models.ForeignKey(RequestType, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    form_schema = models.JSONField(_("form schema"))
    ui_hints = models.JSONField(_("UI hints"), default=dict, blank=True)
    route = models.JSONField(_("approval route"), default=list, blank=True)
    route_note = models.CharField(_("route note"), max_length=300, blank=True)
    desk = models.ForeignKey(
        "organisation.Desk", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sla_days = models.PositiveSmallIntegerField(_("SLA in working days"), default=5)
    outcome_kind = models.CharField(
        _("outcome kind"), max_length=16, choices=OutcomeKind.choices, default=OutcomeKind.NONE
    )
    privacy_class = models.CharField(
        _("privacy class"),
        max_length=20,
        choices=PrivacyClass.choices,
        default=PrivacyClass.PERSONAL,
    )
    retention_days = models.PositiveIntegerField(_("retention in days"), default=730)
    retention_after_employment = models.BooleanField(_("retention from end of employment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["request_type", "number"]
        verbose_name = _("request type version")
        verbose_name_plural = _("request type versions")
        constraints = [
            models.UniqueConstraint(
                fields=["request_type", "number"], name="request_type_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_type_id} v{self.number}"

    def clean(self) -> None:
        validate_form_schema(self.form_schema)
        validate_route(self.route)

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    @property
    def description(self) -> str:
        en = (get_language() or "nl").startswith("en")
        return self.description_en if en else self.description_nl


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_APPROVAL = "in_approval", _("In approval")
    APPROVED = "approved", _("Approved")
    IN_FULFILMENT = "in_fulfilment", _("In fulfilment")
    FULFILLED = "fulfilled", _("Fulfilled")
    CLOSED = "closed", _("Closed")
    RETURNED = "returned", _("Returned for information")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = (
    State.SUBMITTED,
    State.IN_APPROVAL,
    State.APPROVED,
    State.IN_FULFILMENT,
)


class Request(models.Model):
    """One filed request of any type. Its state changes only through `request_transition`."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="desk_requests"
    )
    request_type = models.ForeignKey(RequestType, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(RequestTypeVersion, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        "organisation.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    desk = models.ForeignKey(
        "organisation.Desk", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    form_data = models.JSONField(_("form data"), default=dict)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_desk_requests",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    paused_at = models.DateTimeField(_("SLA paused at"), null=True, blank=True)
    overdue = models.BooleanField(_("overdue"), default=False)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    legal_hold = models.BooleanField(
        _("legal hold"), default=False, help_text=_("Pauses deletion at the end of retention.")
    )
    absence = models.ForeignKey(
        "organisation.Absence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["requester", "state"], name="request_requester_state"),
            models.Index(fields=["desk", "state"], name="request_desk_state"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.request_type_id} ({self.state})"


class RequestEvent(models.Model):
    """An immutable audit event: who moved the request from which state to which, and when."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("from"), max_length=16, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=State.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self) -> str:
        return f"{self.request_id}:{self.from_state}->{self.to_state}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("Audit events are immutable."))
        super().save(*args, **kwargs)


class ApprovalStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for an earlier step")
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")


class ApprovalTask(models.Model):
    """One approvable item: a step of a request's route, for one officer or a desk."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="approvals")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=StepKind.choices)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_tasks",
    )
    delegated_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    desk = models.ForeignKey(
        "organisation.Desk", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ApprovalStatus.choices, default=ApprovalStatus.WAITING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["request", "position"]
        verbose_name = _("approval task")
        verbose_name_plural = _("approval tasks")

    def __str__(self) -> str:
        return f"{self.request_id}#{self.position}:{self.kind}"


class RequestComment(models.Model):
    """A comment: public (the requester sees it) or internal (desk and approvers only)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    internal = models.BooleanField(_("internal"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.request_id}:{self.author_id}"


class ReadChannel(models.TextChoices):
    """Where a special-category request was read."""

    API = "api", _("API")
    CONSOLE = "console", _("Console")
    ADMIN = "admin", _("Admin")
    EXPORT = "export", _("Export")


class PrivacyReadLog(models.Model):
    """Who read which special-category request, when and through which channel (AVG
    accountability)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="read_logs")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)
    channel = models.CharField(
        _("channel"), max_length=8, choices=ReadChannel.choices, default=ReadChannel.API
    )

    class Meta:
        ordering = ["-read_at"]
        verbose_name = _("privacy read log")
        verbose_name_plural = _("privacy read logs")

    def __str__(self) -> str:
        return f"{self.reader_id} read {self.request_id}"


def _attachment_path(instance: Any, filename: str) -> str:
    import uuid

    return f"request-attachments/{instance.request_id}/{uuid.uuid4().hex}"


class RequestAttachment(models.Model):
    """A file on a request, in Django storage under a random name; served only via the API
    after the visibility check (never through MEDIA_URL)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
