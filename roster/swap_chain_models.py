"""Swap chains: offers that name the shifts an officer would take instead, and the chains
(cycles of three or more officers) the search finds among them (`roster.services.swap_chains`).

Imported at the end of `roster.models` (which Django reads); this module refers to the
roster's other models by name, so the two do not import each other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SwapOfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    USED = "used", _("Used in a chain")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed (the place changed or the shift started)")


class SwapOffer(models.Model):
    """An officer offers his place (`assignment`) of the published roster and names the
    shifts he would take instead (`wanted_shifts`, of his own team). The shift, skill and the
    shift's times are kept so that a changed place is noticed."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="swap_offers"
    )
    team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(
        "roster.Assignment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shift = models.ForeignKey("roster.Shift", on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey("organisation.Skill", on_delete=models.PROTECT, related_name="+")
    wanted_shifts = models.ManyToManyField(
        "roster.Shift", related_name="+", verbose_name=_("wanted")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SwapOfferStatus.choices, default=SwapOfferStatus.OPEN
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("swap offer")
        verbose_name_plural = _("swap offers")
        indexes = [models.Index(fields=["team", "status"], name="swap_offer_team_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status="open"),
                name="swap_offer_one_open_per_place",
            ),
        ]

    def __str__(self) -> str:
        return f"offer:{self.officer_id}:{self.shift_id}:{self.status}"


class SwapChainStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for the officers")
    ACCEPTED = "accepted", _("Accepted, waiting for the team lead")
    APPLIED = "applied", _("Applied")
    DECLINED = "declined", _("Declined by an officer")
    REJECTED = "rejected", _("Rejected by the team lead")
    VOID = "void", _("Void (the roster changed)")


#: A chain in one of these states can still change the roster.
OPEN_CHAIN_STATUSES = (SwapChainStatus.PROPOSED, SwapChainStatus.ACCEPTED)


class SwapChain(models.Model):
    """A cycle of offers: the officer of each leg takes the place of the next leg, the last
    the first's. Applied at once when every officer accepted and, where the team's swap policy
    wants it, a team lead approved once for the whole chain."""

    team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SwapChainStatus.choices,
        default=SwapChainStatus.PROPOSED,
    )
    needs_approval = models.BooleanField(_("needs a team lead's approval"), default=False)
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
        verbose_name = _("swap chain")
        verbose_name_plural = _("swap chains")
        indexes = [models.Index(fields=["team", "status"], name="swap_chain_team_status")]

    def __str__(self) -> str:
        return f"chain:{self.pk}:{self.status}"


class SwapChainLeg(models.Model):
    """One place of a chain: `giver` hands over `assignment` (on `shift`, in `skill`) to
    `taker`. `shift_start`/`shift_end` are the shift's times when the chain was found: a moved
    shift voids the chain. `accepted_at`: the giver's acceptance of the whole chain."""

    chain = models.ForeignKey(SwapChain, on_delete=models.CASCADE, related_name="legs")
    position = models.PositiveSmallIntegerField(_("position"))
    offer = models.ForeignKey(SwapOffer, on_delete=models.CASCADE, related_name="legs")
    giver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(
        "roster.Assignment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shift = models.ForeignKey("roster.Shift", on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey("organisation.Skill", on_delete=models.PROTECT, related_name="+")
    shift_start = models.DateTimeField(_("shift start when found"))
    shift_end = models.DateTimeField(_("shift end when found"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["chain", "position"]
        verbose_name = _("swap chain leg")
        verbose_name_plural = _("swap chain legs")
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="swap_chain_leg_position"),
            models.CheckConstraint(
                condition=~Q(giver=models.F("taker")), name="swap_chain_leg_two_officers"
            ),
        ]

    def __str__(self) -> str:
        return f"leg:{self.chain_id}:{self.position}:{self.giver_id}->{self.taker_id}"
