"""Input of the console's POSTs and GET filters: a bad value is a 400 naming the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roster.models import SolveMode


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
