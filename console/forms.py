"""Input of the console's POSTs and GET filters: a bad value is a 400 naming the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from roster.models import SolveMode
from roster.report_text import STAGE_LABELS
from roster.solver.types import DEFAULT_STAGES


class PeriodPickForm(forms.Form):
    period = forms.IntegerField(min_value=1, label=_("period"))


class SolveStartForm(forms.Form):
    mode = forms.ChoiceField(choices=SolveMode.choices, initial=SolveMode.NORMAL, label=_("mode"))


class InboxDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject")), ("return", _("Return"))]
    )
    comment = forms.CharField(max_length=500, required=False, label=_("comment"))


class DeskActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("claim", _("Claim")), ("fulfil", _("Fulfil")), ("comment", _("Comment"))]
    )
    comment = forms.CharField(max_length=2000, required=False, label=_("comment"))
    internal = forms.BooleanField(required=False, label=_("internal"))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("action") == "comment" and not str(data.get("comment") or "").strip():
            self.add_error("comment", _("Write a comment."))
        return data


class RepairApplyForm(forms.Form):
    consented = forms.CharField(required=False, max_length=2000, label=_("consented officers"))

    def clean_consented(self) -> list[int]:
        raw = str(self.cleaned_data.get("consented") or "")
        out = []
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(_("List officer ids separated by commas."))
            out.append(int(part))
        return out


class StageOrderForm(forms.Form):
    """A team's stage order (``roster.services.solver_policy``): one choice per position, an
    empty one leaves the position out. The order's rules (each stage once, empty places
    first, totals last) are the solver's and are checked when it is saved."""

    def __init__(self, *args: Any, order: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(none)")), *((str(n), STAGE_LABELS[n]) for n in DEFAULT_STAGES)]
        for k in range(len(DEFAULT_STAGES)):
            self.fields[f"stage_{k + 1}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=_("Priority %(n)d") % {"n": k + 1},
                initial=order[k] if k < len(order) else "",
            )

    def stages(self) -> list[str]:
        """The chosen stages in order, the empty positions left out."""
        return [
            self.cleaned_data[f"stage_{k + 1}"]
            for k in range(len(DEFAULT_STAGES))
            if self.cleaned_data[f"stage_{k + 1}"]
        ]
