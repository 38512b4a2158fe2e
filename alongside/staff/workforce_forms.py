"""Forms for allocation, handover and change-of-worker requests.

Field names follow the service arguments they feed, so a service's error lands
on its field.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from alongside.accounts.models import User
from alongside.core.forms import GovukDateField, GovukForm
from alongside.workforce.models import ChangeDecision
from alongside.workforce.selectors import WorkerMatch


def _text(label: str, *, required: bool = False, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class AllocateForm(GovukForm):
    """Choose a worker; the reasons the service may ask for sit below."""

    worker = forms.ChoiceField(
        label="Who should have this case?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a worker", "invalid_choice": "Choose a worker"},
    )
    reason = forms.CharField(
        label="Why this worker?",
        max_length=200,
        help_text="For example, new allocation after the assessment, or the worker is leaving",
        error_messages={"required": "Say why you are giving this case to this worker"},
    )
    arrangements = _text(
        "Standing arrangements the new worker must keep (optional)",
        help_text=(
            "For example, contact with dad every Saturday at the family centre. "
            "This goes on the chronology, so the family can read it."
        ),
    )
    against_preference_reason = _text(
        "Why the worker is not who the family asked for",
        help_text="Needed only when the worker does not match. The family will read this.",
    )
    override_reason = _text(
        "Why the worker can take a case above the caseload limit",
        help_text="Needed only above the stop limit. The family does not see this.",
    )

    def __init__(self, *args: Any, matches: list[WorkerMatch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._workers = {str(m.worker.pk): m.worker for m in matches}
        self.fields["worker"].choices = [  # type: ignore[attr-defined]
            (key, worker.full_name) for key, worker in self._workers.items()
        ]

    def chosen_worker(self) -> User:
        return self._workers[self.cleaned_data["worker"]]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("worker")
        return data


class StaffChangeRequestForm(GovukForm):
    """A worker records that the family asked for a different worker."""

    raised_on = GovukDateField(
        label="When did the family ask?",
        required=False,
        help_text="For example, 27 3 2026. Leave empty if they asked today.",
    )
    reason = _text(
        "What did the family say? (optional)",
        rows=4,
        help_text="Their reason in their words, if they gave one. The team manager will read it.",
    )

    def clean_raised_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("raised_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return day

    def raised_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("raised_on")
        if not day or day == timezone.localdate():
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


class ChangeDecideForm(GovukForm):
    decision = forms.ChoiceField(
        label="Will the family have a different worker?",
        choices=ChangeDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no"},
    )
    explanation = _text(
        "Explain your answer",
        required=True,
        rows=5,
        help_text="The family will read this. Use plain words.",
        error_messages={"required": "Explain your answer. The family will read it"},
    )


def _units(label: str, *, hint: str = "", max_digits: int = 4) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=hint,
        max_digits=max_digits,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": f"Enter a number for {label.lower()}",
            "invalid": f"Enter {label.lower()} as a number, like 1 or 1.5",
            "max_digits": f"Enter {label.lower()} as a smaller number",
            "max_decimal_places": f"Enter {label.lower()} with no more than 2 decimal places",
            "max_whole_digits": f"Enter {label.lower()} as a smaller number",
        },
    )


def caseload_settings_form(
    stages: list[tuple[str, str]], types: Sequence[tuple[int, str]] = ()
) -> type[GovukForm]:
    """A form with one weight per open stage and case type, the limits, and why they change.

    Ranges are checked by ``workforce.services.caseload_settings_update`` so the rule
    lives in one place; its errors land on these fields by name.
    """
    fields: dict[str, forms.Field] = {f"weight_{value}": _units(label) for value, label in stages}
    fields.update(
        {
            f"type_{pk}": _units(name, hint="Weighted units added on top of its stage")
            for pk, name in types
        }
    )
    fields["restricted_extra"] = _units(
        "A restricted case", hint="Weighted units added on top of its stage"
    )
    fields["warning_above"] = _units(
        "Warning above", hint="A worker's caseload shows a warning above this", max_digits=5
    )
    fields["stop_above"] = _units(
        "Stop above",
        hint="A new case above this needs the manager's recorded reason",
        max_digits=5,
    )
    fields["reason"] = _text(
        "Why are you changing them?",
        required=True,
        max_length=250,
        help_text="Kept with the change, with your name and the time",
        error_messages={"required": "Say why the weights or limits are changing"},
    )
    return type("CaseloadSettingsForm", (GovukForm,), fields)


class CaseTypeAddForm(GovukForm):
    """A new case type: its name, a hint for staff choosing it, its extra weight, and why."""

    name = forms.CharField(
        label="Name of the case type",
        max_length=80,
        help_text="As staff will see it on a case, like Care proceedings in court",
        error_messages={"required": "Enter the name of the case type"},
    )
    hint = forms.CharField(
        label="When does a case have this type? (optional)",
        max_length=200,
        required=False,
        help_text="Shown to staff when they choose a case's types",
    )
    weight = _units("Extra weight", hint="Weighted units added on top of the case's stage")
    reason = _text(
        "Why is this case type needed?",
        required=True,
        max_length=250,
        help_text="Kept with the change, with your name and the time",
        error_messages={"required": "Say why this case type is needed"},
    )


class CaseTypesForm(GovukForm):
    """Which kinds of work the case involves, and why that has changed."""

    case_types = forms.MultipleChoiceField(
        label="What kinds of work does this case involve?",
        help_text="Select all that apply. Each adds to the case's weight on its worker's caseload",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label="Why are the case types changing?",
        max_length=200,
        required=False,
        help_text="For example, the local authority has applied for a care order",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_types"].choices = choices  # type: ignore[attr-defined]
