"""A claim of a lent place that waits for the officer's home team lead (issue #18).

When a team's `TeamLendingPolicy.members_need_approval` is on, a claim by one of its
officers of a place another team lends becomes a `LentClaimRequest` (`roster.services.
lent_claims`) instead of an assignment; his home team lead approves (the claim is made then,
every check run again under the locks) or rejects it in the approvals inbox; while it is
pending the officer may withdraw it (`lent_claim_withdraw`).

Imported at the end of `roster.models` (which Django reads); this module refers to the
roster's other models by name, so the two do not import each other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LentClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    VOIDED = "voided", _("Voided (the shift started, was filled or cancelled)")
    WITHDRAWN = "withdrawn", _("Withdrawn by the officer")


class LentClaimRequest(models.Model):
    """An officer asks to take an open place (`shift`, `skill`) another team lends him; his
    home team's lead decides. `approvers` are the home teams whose policy asked for it
    (frozen at the claim, so a later policy change does not move the item)."""

    shift = models.ForeignKey("roster.Shift", on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey("organisation.Skill", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lent_claim_requests"
    )
    approver_teams = models.ManyToManyField(
        "organisation.Team", related_name="+", verbose_name=_("approving teams")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=LentClaimStatus.choices,
        default=LentClaimStatus.PENDING,
    )
    assignment = models.ForeignKey(
        "roster.Assignment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: the lead's comment on a rejection, or why it was voided (`started`, `filled`, ...)
    reason = models.CharField(_("reason"), max_length=500, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("lent claim request")
        verbose_name_plural = _("lent claim requests")
        indexes = [models.Index(fields=["status"], name="lent_claim_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "officer"],
                condition=Q(status="pending"),
                name="lent_claim_one_pending_per_officer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}@{self.shift_id}:{self.status}"
