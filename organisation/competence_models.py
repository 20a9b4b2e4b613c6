"""An officer's competence profile beside his qualifications: his ambitions and the
trainings he is following (issue 18). Imported by ``organisation.models`` so that Django
registers them with this app."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Ambition(models.Model):
    """What an officer wants to grow into, in his own words ("wants to become motor
    officer"), optionally aimed at a skill or a kind of shift. He alone writes it; the lead
    and planner of his teams, his unit manager and administrators read it."""

    officer = models.ForeignKey(
        "organisation.Officer", on_delete=models.CASCADE, related_name="ambitions"
    )
    text = models.CharField(_("ambition"), max_length=500)
    skill = models.ForeignKey(
        "organisation.Skill", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shift_kind = models.SlugField(_("shift kind"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ambition")
        verbose_name_plural = _("ambitions")

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.text[:30]}"


class TrainingQuerySet(models.QuerySet["Training"]):
    def in_progress(self, day: dt.date) -> TrainingQuerySet:
        """Trainings that run on ``day``: started, not ended."""
        return self.filter(started_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        )

    def during(self, first: dt.date, last: dt.date) -> TrainingQuerySet:
        """Trainings that run on some day from ``first`` to ``last`` (inclusive)."""
        return self.filter(started_on__lte=last).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=first)
        )


class Training(models.Model):
    """An officer in training for a skill: while it runs he may take a place of that skill
    only with a qualified mentor on the same shift (``roster.solver.training``). ``mentor``
    names his own mentor when there is one; otherwise any officer qualified at the team's
    mentor level may accompany him."""

    officer = models.ForeignKey(
        "organisation.Officer", on_delete=models.CASCADE, related_name="trainings"
    )
    skill = models.ForeignKey(
        "organisation.Skill", on_delete=models.PROTECT, related_name="trainings"
    )
    mentor = models.ForeignKey(
        "organisation.Officer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentees",
    )
    started_on = models.DateField(_("started on"))
    expected_end_on = models.DateField(_("expected end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_end_on__isnull=True)
                | Q(expected_end_on__gt=models.F("started_on")),
                name="training_expected_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="training_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("officer")), name="training_mentor_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.skill_id}"

    def runs_on(self, day: dt.date) -> bool:
        """The rule of ``TrainingQuerySet.in_progress`` for a training in memory."""
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)
