"""A joint solve: several teams' periods solved together in one run (issue 18,
`roster.services.solving.joint_jobs`).

Each period of the run has its own `SolveJob` (`SolveJob.joint`), so everything that knows
single solves (one active job per period, the period's report, the console's job page) knows
a joint run's periods too; the run holds the status of the whole.

Imported at the end of `roster.models` (which Django reads); this module refers to the
roster's other models by name, so the two do not import each other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JointStatus(models.TextChoices):
    """The values of `SolveStatus`: a run's status reads like its jobs'."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class JointSolve(models.Model):
    """One run of a joint solve. `status` takes the values of a solve job (queued → running
    → done/failed/cancelled); `progress` the joint objective, bound and seconds while it
    runs; `error` why it failed (no period changed then)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=JointStatus.choices, default=JointStatus.QUEUED
    )
    progress = models.JSONField(_("progress"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    #: `error` as a stored message, read in the reader's language (`solving.failure`)
    error_message = models.JSONField(_("error message"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("joint solve")
        verbose_name_plural = _("joint solves")

    def __str__(self) -> str:
        return f"joint:{self.pk}:{self.status}"

    @property
    def active(self) -> bool:
        return self.status in (JointStatus.QUEUED, JointStatus.RUNNING)
