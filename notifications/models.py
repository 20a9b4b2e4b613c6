"""Notifications: one message to one officer, delivered in-app, by e-mail and by push, and
each officer's channel preferences. A notification names its subject by reference (kind, id,
URL), so any app above may notify about its own objects without this app knowing them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.i18n import render


class NotificationKind(models.TextChoices):
    """Every kind of notification the apps send (the values are stored and in the API)."""

    # the request desk
    REQUEST_APPROVED = "request_approved", _("Request approved")
    REQUEST_RETURNED = "request_returned", _("Request returned for information")
    REQUEST_REJECTED = "request_rejected", _("Request rejected")
    REQUEST_FULFILLED = "request_fulfilled", _("Request fulfilled")
    REQUEST_CLOSED = "request_closed", _("Request closed")
    REQUEST_OVERDUE = "request_overdue", _("Request overdue")
    APPROVAL_PENDING = "approval_pending", _("Approval pending")
    DESK_QUEUE = "desk_queue", _("In the desk's queue")
    OFFICER_ABSENT = "officer_absent", _("Officer absent")
    OFFICER_BACK = "officer_back", _("Officer back at work")
    # the roster
    ROSTER_PUBLISHED = "roster_published", _("Roster published")
    ROSTER_CHANGED = "roster_changed", _("Roster changed")
    REPAIR_SUGGESTED = "repair_suggested", _("Roster repair suggested")
    OPEN_SHIFT_AVAILABLE = "open_shift_available", _("Open shift available")
    OPEN_SHIFT_CLAIMED = "open_shift_claimed", _("Open shift claimed")
    OPEN_SHIFT_WON = "open_shift_won", _("Open shift awarded to you")
    OPEN_SHIFT_LOST = "open_shift_lost", _("Open shift awarded to a colleague")
    SWAP_OFFER_RECEIVED = "swap_offer_received", _("Swap offered to you")
    SWAP_ACCEPTED = "swap_accepted", _("Swap offer accepted")
    SWAP_APPROVAL_NEEDED = "swap_approval_needed", _("Swap waits for approval")
    SWAP_APPROVED = "swap_approved", _("Swap approved")
    SWAP_REJECTED = "swap_rejected", _("Swap rejected")
    QUALIFICATION_EXPIRING = "qualification_expiring", _("Qualification expiring")
    SWAP_CHAIN_PROPOSED = "swap_chain_proposed", _("Swap chain proposed to you")
    SWAP_CHAIN_APPROVAL_NEEDED = "swap_chain_approval_needed", _("Swap chain waits for approval")
    SWAP_CHAIN_APPLIED = "swap_chain_applied", _("Swap chain applied")
    SWAP_CHAIN_CANCELLED = "swap_chain_cancelled", _("Swap chain cancelled")
    LENT_CLAIM_APPROVAL_NEEDED = "lent_claim_approval_needed", _("Claim elsewhere waits for you")
    LENT_CLAIM_REQUESTED = "lent_claim_requested", _("Your open shift requested")
    LENT_CLAIM_APPROVED = "lent_claim_approved", _("Claim elsewhere approved")
    LENT_CLAIM_REJECTED = "lent_claim_rejected", _("Claim elsewhere rejected")
    LENT_CLAIM_VOIDED = "lent_claim_voided", _("Claim elsewhere voided")
    LENT_CLAIM_WITHDRAWN = "lent_claim_withdrawn", _("Claim elsewhere withdrawn")


#: The subject kind of a notification about a desk request (the API's `request` field reads it).
REQUEST_SUBJECT_KIND = "request"


class Notification(models.Model):
    """A message to one officer; delivered in-app, by e-mail and push per his preferences."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    # `title` and `body` are written in the recipient's language when it is created (e-mail
    # and push send these); `text` keeps the same as message ids and parameters
    # (`common.i18n`): {"title": ..., "body": ...}, so the in-app list renders them in the
    # language he reads in now, also after he changed it. Empty for a plain-text notification.
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    text = models.JSONField(_("text"), default=dict, blank=True)
    # What the notification is about, by a generic reference (no foreign key, so that any app
    # may be a subject): e.g. kind "request", the request's id and its API URL.
    subject_kind = models.CharField(_("subject kind"), max_length=40, blank=True, default="")
    subject_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    subject_url = models.CharField(_("subject URL"), max_length=200, blank=True, default="")
    urgent = models.BooleanField(_("urgent"), default=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    pushed_at = models.DateTimeField(_("pushed at"), null=True, blank=True)
    # Set when quiet hours held the push back: the moment the delayed push task is due.
    push_due_at = models.DateTimeField(_("push due at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["subject_kind", "subject_id"], name="notification_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}:{self.kind}"

    def rendered(self, part: str, language: str | None = None) -> str:
        """`title` or `body` in `language` (default: the active one); as stored when the
        notification has no message for it."""
        stored = (self.text or {}).get(part)
        if stored:
            return render(stored, language)[: 200 if part == "title" else None]
        return str(getattr(self, part))

    @property
    def title_text(self) -> str:
        return self.rendered("title")

    @property
    def body_text(self) -> str:
        return self.rendered("body")


class NotificationPreference(models.Model):
    """Per-officer channel choices and quiet hours (no push then, except urgent)."""

    officer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("e-mail"), default=True)
    push = models.BooleanField(_("push"), default=True)
    quiet_start_hour = models.PositiveSmallIntegerField(_("quiet hours start"), default=23)
    quiet_end_hour = models.PositiveSmallIntegerField(_("quiet hours end"), default=7)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.officer_id)


class DevicePlatform(models.TextChoices):
    """The push service a device token belongs to."""

    FCM = "fcm", _("Firebase Cloud Messaging")
    APNS = "apns", _("Apple Push Notification service")


class Device(models.Model):
    """A phone (an installed app) of an officer that receives push messages.

    A token belongs to one installation of the app, so it is unique per platform: when someone
    else signs in on the same phone and registers it, the row moves to him
    (`services/devices.py`). A token the provider calls invalid is deleted.
    """

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="devices"
    )
    platform = models.CharField(_("platform"), max_length=8, choices=DevicePlatform.choices)
    token = models.CharField(_("token"), max_length=512)
    app_id = models.CharField(_("app id"), max_length=200, blank=True, default="")
    name = models.CharField(_("name"), max_length=100, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_registered_at = models.DateTimeField(_("last registered at"))

    class Meta:
        ordering = ["-last_registered_at", "-id"]
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        constraints = [
            models.UniqueConstraint(fields=["platform", "token"], name="device_token_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.platform}:{self.pk}"
