from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    """The stored outcome of a POST sent with an `Idempotency-Key` (per user and key), sealed:
    `key` is an HMAC of the client's key and `sealed_body` is encrypted under a key derived
    from it (see common.idempotency)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=255, help_text=_("HMAC-SHA256 of the client's key."))
    fingerprint = models.CharField(max_length=64, help_text=_("SHA-256 of path and body."))
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    sealed_body = models.TextField(blank=True, help_text=_("The response body, encrypted."))
    response_headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_user_key"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class ApiAuditRecord(models.Model):
    """One write to the API (POST/PUT/PATCH/DELETE): who, which operation, which object (in the
    path), the outcome and the request id; never the body. Written by
    `common.middleware.ApiAuditMiddleware` for every write, whatever the view, next to the
    domain's own trails (`RosterAuditEvent`, `RequestEvent`). Immutable: the admin is
    read-only and PostgreSQL refuses updates (migration 0003)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    method = models.CharField(_("method"), max_length=8)
    route = models.CharField(_("route"), max_length=200, help_text=_("The URL pattern."))
    path = models.CharField(_("path"), max_length=400)
    status = models.PositiveSmallIntegerField(_("status"))
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("API audit record")
        verbose_name_plural = _("API audit records")

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class SyncSnapshot(models.Model):
    """What one user was last sent of one list (`common.sync`): per item key, a fingerprint of
    the item as he saw it. The next delta of that list is the difference with it: items whose
    fingerprint changed or that are new, and the keys that are gone (the tombstones). Holds
    keys and hashes only, never content; kept SYNC_SNAPSHOTS_KEPT per user and list, and at
    most SYNC_SNAPSHOT_MAX_AGE_DAYS (`purge_sync_snapshots`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    list_key = models.CharField(max_length=120, help_text=_("The list and its filters."))
    taken_at = models.DateTimeField(help_text=_("The sync token handed out for it."))
    fingerprints = models.JSONField(default=dict, help_text=_("Item key to content hash."))

    class Meta:
        indexes = [
            models.Index(fields=["user", "list_key", "taken_at"], name="sync_snapshot_lookup"),
            models.Index(fields=["taken_at"], name="sync_snapshot_age"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.list_key}@{self.taken_at:%Y-%m-%dT%H:%M:%S}"
