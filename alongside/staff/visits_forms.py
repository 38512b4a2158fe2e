"""Forms for planning, moving, cancelling and recording visits, and choosing a period.

Field names follow the service arguments they feed; ``values()`` gives the keyword
arguments for the service, and ``FIELD_FOR`` maps a service's error key back to
the field that feeds it.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from alongside.accounts.models import User
from alongside.cases.models import Case
from alongside.core.forms import GovukDateField, GovukForm
from alongside.policy import CASEWORK_ROLES
from alongside.visits.models import Outcome, Side, Visit, VisitKind

DURATIONS = [
    ("30", "30 minutes"),
    ("45", "45 minutes"),
    ("60", "1 hour"),
    ("90", "1 and a half hours"),
    ("120", "2 hours"),
    ("180", "3 hours"),
]
FIELD_FOR = {"starts_at": "starts_on", "ends_at": "duration", "cancelled_at": "told_on"}
SIDE_CHOICES = [
    (Side.WORKER.value, "The worker (or someone else at the council)"),
    (Side.FAMILY.value, "The family"),
    (Side.OTHER.value, "Something else, like bad weather or a strike"),
]
TIME_PATTERN = re.compile(r"(\d{1,2})[:.](\d{2})")


def _text(label: str, *, required: bool = True, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _time(label: str = "Start time") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="For example, 09:30 or 14:00",
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter a time like 09:30 or 14:00"},
    )


def _parse_time(value: str) -> datetime.time:
    match = TIME_PATTERN.fullmatch(value.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise forms.ValidationError("Enter a time like 09:30 or 14:00")
    return datetime.time(int(match[1]), int(match[2]))


def _moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


class _TimedForm(GovukForm):
    """A start date, a start time and a duration, made into ``starts_at`` and ``ends_at``."""

    def clean_starts_time(self) -> datetime.time:
        return _parse_time(self.cleaned_data["starts_time"])

    def times(self) -> dict[str, datetime.datetime]:
        starts_at = _moment(self.cleaned_data["starts_on"], self.cleaned_data["starts_time"])
        minutes = int(self.cleaned_data["duration"])
        return {"starts_at": starts_at, "ends_at": starts_at + datetime.timedelta(minutes=minutes)}


def _clash_help(days: list[str]) -> str:
    if not days:
        return "The family has not said which days suit them, so you do not need this."
    return (
        f"Only needed if the visit is not on a day the family said suits them: {', '.join(days)}."
    )


class VisitPlanForm(_TimedForm):
    kind = forms.ChoiceField(
        label="What kind of visit is it?",
        choices=VisitKind.choices,
        initial=VisitKind.HOME_VISIT,
        widget=forms.RadioSelect,
    )
    worker = forms.ChoiceField(label="Who is going?", error_messages={"required": "Choose who"})
    starts_on = GovukDateField(
        label="Date",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date"},
    )
    starts_time = _time()
    duration = forms.ChoiceField(label="How long", choices=DURATIONS, initial="60")
    place = forms.CharField(
        label="Where",
        max_length=300,
        help_text="The address, or 'By phone' for a call",
        error_messages={"required": "Enter where the visit will be"},
    )
    purpose_for_family = _text(
        "Why are you meeting?",
        rows=4,
        help_text="The family reads this. Use plain words: say why, and what you will talk about.",
        error_messages={"required": "Say why you are meeting, in words the family can read"},
    )
    what_to_bring = _text("What should they bring?", required=False)
    who_they_may_bring = _text(
        "Who can they bring?",
        required=False,
        help_text="If you leave this empty, we tell them they can bring a friend or someone "
        "from their family for support.",
    )
    availability_clash_reason = _text("Why this day?", required=False)

    def __init__(self, *args: Any, case: Case, user: Any, days: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = list(
            User.objects.filter(role__in=CASEWORK_ROLES, is_active=True)
            .filter(Q(team_id=case.team_id) | Q(pk=user.pk))
            .order_by("full_name")
        )
        self._staff = {str(u.pk): u for u in staff}
        self.fields["worker"].choices = [(str(u.pk), u.full_name) for u in staff]
        mine = str(user.pk) if str(user.pk) in self._staff else str(case.worker_id or "")
        self.fields["worker"].initial = mine
        child = case.child
        self.fields["place"].initial = ", ".join(p for p in (child.address, child.postcode) if p)
        self.fields["availability_clash_reason"].help_text = _clash_help(days)

    def clean_worker(self) -> User:
        worker = self._staff.get(self.cleaned_data["worker"])
        if worker is None:
            raise forms.ValidationError("Choose who is going")
        return worker

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("starts_on", "starts_time", "duration"):
            data.pop(name)
        return {**data, **self.times()}


class VisitMoveForm(_TimedForm):
    by_whom = forms.ChoiceField(
        label="Who asked to move it?",
        choices=SIDE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who asked to move the visit"},
    )
    starts_on = GovukDateField(
        label="New date",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the new date"},
    )
    starts_time = _time("New start time")
    duration = forms.ChoiceField(label="How long", choices=DURATIONS)
    place = forms.CharField(
        label="Where", max_length=300, error_messages={"required": "Enter where the visit will be"}
    )
    reason = _text(
        "Why is it moving?",
        help_text="The family reads this.",
        error_messages={"required": "Say why the visit is moving"},
    )
    availability_clash_reason = _text("Why this day?", required=False)

    def __init__(self, *args: Any, visit: Visit, days: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        minutes = str(visit.duration_minutes)
        choices = dict(DURATIONS)
        if minutes not in choices:
            self.fields["duration"].choices = [(minutes, f"{minutes} minutes"), *DURATIONS]
        self.fields["duration"].initial = minutes
        self.fields["place"].initial = visit.place
        self.fields["availability_clash_reason"].help_text = _clash_help(days)

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("starts_on", "starts_time", "duration"):
            data.pop(name)
        return {**data, **self.times()}


class VisitCancelForm(GovukForm):
    by_whom = forms.ChoiceField(
        label="Who cancelled it?",
        choices=SIDE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who cancelled the visit"},
    )
    reason = _text(
        "Why?",
        help_text="The family reads this.",
        error_messages={"required": "Say why the visit is cancelled"},
    )
    told_on = GovukDateField(
        label="When was it cancelled?",
        help_text="The day you told the family, or they told you. For example, 27 3 2026",
        error_messages={"required": "Enter the day it was cancelled"},
    )
    told_time = _time("Time it was cancelled")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["told_on"].initial = now.date()
        self.fields["told_time"].initial = now.strftime("%H:%M")
        self.fields["told_time"].help_text = "For example, 09:30. Notice is counted from this time."

    def clean_told_time(self) -> datetime.time:
        return _parse_time(self.cleaned_data["told_time"])

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "by_whom": data["by_whom"],
            "reason": data["reason"],
            "cancelled_at": _moment(data["told_on"], data["told_time"]),
        }


class VisitOutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=[
            (Outcome.ON_TIME.value, "It happened on time"),
            (Outcome.LATE.value, "It happened, but started late"),
            (Outcome.NO_ACCESS.value, "Nobody was in, or nobody answered"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened"},
    )
    late_minutes = forms.IntegerField(
        label="If it was late: how many minutes late?",
        required=False,
        min_value=1,
        max_value=1440,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the number of minutes, like 15",
            "min_value": "Enter the number of minutes, like 15",
            "max_value": "Enter a number of minutes up to 1440",
        },
    )
    late_caused_by = forms.ChoiceField(
        label="If it was late: who was late?",
        choices=SIDE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    late_reason = _text("If it was late: why?", required=False, help_text="The family reads this.")
    note = _text(
        "What happened (optional)",
        required=False,
        rows=5,
        help_text="The family reads this. Use plain words.",
    )

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PeriodForm(GovukForm):
    period_start = GovukDateField(label="From", required=False, help_text="For example, 1 1 2026")
    period_end = GovukDateField(label="To", required=False, help_text="For example, 31 3 2026")

    def __init__(self, *args: Any, default: tuple[datetime.date, datetime.date], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.default = default
        self.fields["period_start"].initial = default[0]
        self.fields["period_end"].initial = default[1]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", "The end date must be on or after the start date")
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen period; the default when nothing (or something wrong) was chosen."""
        if not self.is_bound or not self.is_valid():
            return self.default
        data = self.cleaned_data
        return data.get("period_start") or self.default[0], data.get("period_end") or self.default[
            1
        ]
