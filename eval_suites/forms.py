"""The run list's filter form (read from the query string)."""

from __future__ import annotations

from typing import Any

from django import forms

from eval_suites.dashboard_selectors import RunFilters
from eval_suites.models import RunStatus


class RunFilterForm(forms.Form):
    q = forms.CharField(required=False, label="search", max_length=200)
    suite = forms.ChoiceField(required=False)
    model = forms.ChoiceField(required=False)
    status = forms.ChoiceField(required=False, choices=[("", "any status"), *RunStatus.choices])
    since = forms.DateField(required=False, label="from", widget=forms.DateInput({"type": "date"}))
    until = forms.DateField(required=False, label="to", widget=forms.DateInput({"type": "date"}))

    def __init__(self, *args: Any, suites: list[str], models: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        suite_field: Any = self.fields["suite"]
        model_field: Any = self.fields["model"]
        suite_field.choices = [("", "any suite"), *((s, s) for s in suites)]
        model_field.choices = [("", "any model"), *((m, m) for m in models)]

    def filters(self) -> RunFilters:
        """The valid filters; an invalid field is ignored (and shown as invalid)."""
        if not self.is_bound:
            return RunFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return RunFilters(
            suite=data.get("suite") or "",
            model=data.get("model") or "",
            status=data.get("status") or "",
            since=data.get("since"),
            until=data.get("until"),
            search=data.get("q") or "",
        )
