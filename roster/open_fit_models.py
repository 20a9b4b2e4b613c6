"""The open places each officer may lawfully take, kept up to date on roster changes
(`roster.services.open_fits`, issue #17 "fast reads").

Imported at the end of `roster.models` (which Django reads); this module refers to the
roster's other models by name, so the two do not import each other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenFitState(models.Model):
    """Whether an officer's `OpenPlaceFit` rows may be read: they are when
    `computed_generation == generation`. Every change of an input of his list raises
    `generation`; a recompute stores the generation it started from. No row: never computed
    (the list is computed live)."""

    officer = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    generation = models.PositiveIntegerField(default=1)
    computed_generation = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("open-places state")
        verbose_name_plural = _("open-places states")

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.computed_generation}/{self.generation}"


class OpenPlaceFit(models.Model):
    """`officer` may lawfully take a place of `skill` on `shift` (whether the place is open
    now is read live). `lent`: the shift is of another team that lends to him, from
    `lent_within_hours` before its start (null: at once). `training`: a place of the skill
    he is in training for, listed while a mentor works the shift (read live)."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    shift = models.ForeignKey("roster.Shift", on_delete=models.CASCADE, related_name="+")
    skill = models.CharField(max_length=32)
    lent = models.BooleanField(default=False)
    lent_within_hours = models.PositiveIntegerField(null=True, blank=True)
    #: a place of the skill he is in training for (its mentor is checked at every read)
    training = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("open-place fit")
        verbose_name_plural = _("open-place fits")
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "shift", "skill"], name="open_place_fit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}:{self.shift_id}:{self.skill}"
