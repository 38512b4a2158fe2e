"""The one-screen form for recording a visit, with its defaults taken from the record.

Field names follow the arguments of ``visits.services.visit_record`` (and the keys of
its errors); ``values()`` gives those arguments, and ``FIELD_FOR`` maps an error key
that is not a field's name to the field that feeds it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from alongside.accounts.models import User
from alongside.cases.models import Case
from alongside.chronology.models import Audience, WithheldReason
from alongside.core.forms import GovukDateField, GovukForm
from alongside.plans.selectors import FamilyMember
from alongside.staff.visits_forms import SIDE_CHOICES, _moment, _parse_time, _text
from alongside.visits import words
from alongside.visits.models import Outcome, Visit
from alongside.visits.services import Agreed, NextVisit, outside_family_days

AGREED_ROWS = 3
UNPLANNED = "none"
FIELD_FOR = {
    "happened_at": "happened_on",
    "next_starts_at": "next_starts_on",
    "next_ends_at": "next_starts_on",
}
YES_NO = [("yes", "Yes"), ("no", "No")]


@dataclass(frozen=True)
class Defaults:
    """What the record already knows, so the form does not ask it."""

    awaiting: list[Visit]
    chosen: Visit | None
    members: list[FamilyMember]
    worker: User
    next_starts_at: datetime.datetime
    next_minutes: int
    place: str


def _visit_label(visit: Visit) -> str:
    return (
        f"{visit.get_kind_display()}: {words.day(visit.starts_at)}, {words.clock(visit.starts_at)},"
        f" {visit.place}, with {visit.worker.full_name}"
    )


class VisitRecordForm(GovukForm):
    visit = forms.ChoiceField(
        label="Which visit?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which visit you are recording"},
    )
    happened_on = GovukDateField(
        label="If it was not planned: the date", help_text="For example, 27 3 2026", required=False
    )
    happened_time = forms.CharField(
        label="If it was not planned: the time it started",
        help_text="For example, 09:30 or 14:00",
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=[
            (Outcome.ON_TIME.value, "It happened on time"),
            (Outcome.LATE.value, "It happened, but started late"),
            (Outcome.NO_ACCESS.value, "Nobody was in, or nobody answered"),
        ],
        initial=Outcome.ON_TIME.value,
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
    late_reason = _text("If it was late: why?", required=False, rows=2)
    seen = forms.MultipleChoiceField(
        label="Who did you see?", required=False, widget=forms.CheckboxSelectMultiple
    )
    seen_others = forms.CharField(
        label="Someone else (optional)",
        help_text="For example, a neighbour or a friend of the family",
        max_length=300,
        required=False,
    )
    child_seen_alone = forms.ChoiceField(
        label="Was the child seen alone?", choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    note = _text(
        "What did you talk about?",
        required=False,
        rows=8,
        help_text="The family reads this. Use plain words, no initials.",
    )
    plan_next = forms.BooleanField(label="Plan the next visit", required=False, initial=True)
    next_starts_on = GovukDateField(
        label="Date of the next visit", help_text="For example, 27 3 2026", required=False
    )
    next_starts_time = forms.CharField(
        label="Time of the next visit",
        help_text="For example, 09:30 or 14:00",
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    next_place = forms.CharField(label="Where", max_length=300, required=False)
    next_purpose_for_family = _text(
        "Why you are meeting",
        required=False,
        rows=2,
        help_text="The family is told this with the date and time.",
    )
    next_availability_clash_reason = _text("Why this day?", required=False, rows=2)
    audience = forms.ChoiceField(
        label="Who can read this record?",
        choices=Audience.choices,
        initial=Audience.FAMILY,
        widget=forms.RadioSelect,
        help_text="The family can read it unless there is a reason from the list below.",
    )
    withheld_reason = forms.ChoiceField(
        label="Why the family cannot read it",
        choices=[("", "Not withheld"), *WithheldReason.choices],
        required=False,
    )

    def __init__(self, *args: Any, case: Case, user: User, defaults: Defaults, **kwargs: Any):
        self.case, self.user, self.defaults = case, user, defaults
        super().__init__(*args, **kwargs)
        self._add_agreed_rows()
        self._visits = {str(v.pk): v for v in defaults.awaiting}
        self._people = {str(m.person.pk): m.person for m in defaults.members}
        self.fields["visit"].choices = [
            *((str(v.pk), _visit_label(v)) for v in defaults.awaiting),
            (UNPLANNED, "A visit that was not planned"),
        ]
        self.fields["visit"].initial = str(defaults.chosen.pk) if defaults.chosen else UNPLANNED
        if not defaults.awaiting:
            self.fields["visit"].widget = forms.HiddenInput()
            self.fields["happened_on"].label = "Date of the visit"
            self.fields["happened_time"].label = "Time it started"
        child = case.child
        self.fields["seen"].choices = [
            (
                str(m.person.pk),
                m.person.display_name + ("" if m.person == child else f" ({m.relation})"),
            )
            for m in defaults.members
        ]
        self.fields["seen"].initial = [str(child.pk)] if str(child.pk) in self._people else []
        self.fields["child_seen_alone"].label = f"Was {child.display_name} seen alone?"
        self.fields["happened_on"].initial = timezone.localdate()
        local_next = timezone.localtime(defaults.next_starts_at)
        self.fields["next_starts_on"].initial = local_next.date()
        self.fields["next_starts_time"].initial = f"{local_next:%H:%M}"
        self.fields["next_place"].initial = defaults.place
        self.fields["next_purpose_for_family"].initial = words.next_purpose(child.display_name)
        self.clash_needed = outside_family_days(case, defaults.next_starts_at)[0]

    def _add_agreed_rows(self) -> None:
        worker = self.defaults.worker
        owners = [(f"u{worker.pk}", f"{worker.full_name} (worker)")]
        if self.user.pk != worker.pk:
            owners.append((f"u{self.user.pk}", f"{self.user.full_name} (you)"))
        owners += [
            (f"p{m.person.pk}", f"{m.person.display_name} ({m.relation})")
            for m in self.defaults.members
        ]
        self._owners = owners
        due = timezone.localtime(self.defaults.next_starts_at).date()
        for n in range(1, AGREED_ROWS + 1):
            self.fields[f"agreed_{n}_title"] = forms.CharField(
                label=f"What was agreed ({n})",
                max_length=150,
                required=False,
                widget=forms.TextInput(attrs={"class": "govuk-input"}),
            )
            self.fields[f"agreed_{n}_owner"] = forms.ChoiceField(
                label=f"Whose job ({n})",
                choices=owners,
                initial=owners[0][0],
                required=False,
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
            self.fields[f"agreed_{n}_due_on"] = GovukDateField(
                label=f"By when ({n})", required=False, initial=due
            )

    def agreed_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"agreed_{n}_title"], self[f"agreed_{n}_owner"], self[f"agreed_{n}_due_on"])
            for n in range(1, AGREED_ROWS + 1)
        ]

    def show_clash(self) -> bool:
        value = self["next_availability_clash_reason"].value()
        return bool(self.clash_needed or value or self.errors.get("next_availability_clash_reason"))

    def _time_or_error(self, name: str, message: str) -> datetime.time | None:
        value = self.cleaned_data.get(name, "")
        if not value:
            self.add_error(name, message)
            return None
        try:
            return _parse_time(value)
        except forms.ValidationError as error:
            self.add_error(name, error)
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("visit") == UNPLANNED or not self.defaults.awaiting:
            day = data.get("happened_on")
            if day is None and "happened_on" not in self.errors:
                self.add_error("happened_on", "Enter the date of the visit")
            moment = self._time_or_error("happened_time", "Enter the time it started, like 14:00")
            if day and moment:
                data["happened_at"] = _moment(day, moment)
        elif data.get("visit") and data["visit"] not in self._visits:
            self.add_error("visit", "Choose which visit you are recording")
        if data.get("outcome") == Outcome.LATE:
            self._clean_late(data)
        if data.get("outcome") == Outcome.NO_ACCESS:
            data["seen"], data["seen_others"], data["child_seen_alone"] = [], "", ""
        if data.get("audience") not in (None, Audience.FAMILY) and not data.get("withheld_reason"):
            self.add_error("withheld_reason", "Choose why the family cannot read this")
        self._clean_agreed(data)
        if data.get("plan_next"):
            self._clean_next(data)
        return data

    def _clean_late(self, data: dict[str, Any]) -> None:
        if not data.get("late_minutes") and "late_minutes" not in self.errors:
            self.add_error("late_minutes", "Enter how many minutes late it started")
        if not data.get("late_caused_by"):
            self.add_error("late_caused_by", "Choose who was late")
        if not data.get("late_reason", "").strip():
            self.add_error("late_reason", "Say why it started late")

    def _clean_agreed(self, data: dict[str, Any]) -> None:
        for n in range(1, AGREED_ROWS + 1):
            if not data.get(f"agreed_{n}_title", "").strip():
                continue
            if not data.get(f"agreed_{n}_owner"):
                self.add_error(f"agreed_{n}_owner", "Choose whose job it is")
            if not data.get(f"agreed_{n}_due_on") and f"agreed_{n}_due_on" not in self.errors:
                self.add_error(f"agreed_{n}_due_on", "Enter when it will be done by")

    def _clean_next(self, data: dict[str, Any]) -> None:
        day = data.get("next_starts_on")
        if day is None and "next_starts_on" not in self.errors:
            self.add_error("next_starts_on", "Enter the date of the next visit")
        moment = self._time_or_error("next_starts_time", "Enter the time, like 14:00")
        if not data.get("next_place", "").strip():
            self.add_error("next_place", "Enter where the next visit will be")
        if not data.get("next_purpose_for_family", "").strip():
            self.add_error("next_purpose_for_family", "Say why you are meeting")
        if not (day and moment):
            return
        starts_at = _moment(day, moment)
        data["next_starts_at"] = starts_at
        outside, days = outside_family_days(self.case, starts_at)
        self.clash_needed = outside
        if outside and not data.get("next_availability_clash_reason", "").strip():
            self.add_error(
                "next_availability_clash_reason",
                f"The family said these days suit them: {', '.join(days)}. "
                "Say why the visit cannot be on one of those days",
            )

    def _owner(self, value: str) -> dict[str, Any]:
        if value.startswith("p") and value[1:] in self._people:
            return {"owner_person": self._people[value[1:]]}
        users = {str(u.pk): u for u in (self.defaults.worker, self.user)}
        return {"owner_user": users.get(value[1:])}

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        happened = data["outcome"] != Outcome.NO_ACCESS
        next_visit = None
        if data.get("plan_next"):
            starts_at = data["next_starts_at"]
            next_visit = NextVisit(
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=self.defaults.next_minutes),
                place=data["next_place"],
                purpose_for_family=data["next_purpose_for_family"],
                availability_clash_reason=data["next_availability_clash_reason"],
            )
        agreed = [
            Agreed(
                title=data[f"agreed_{n}_title"],
                due_on=data[f"agreed_{n}_due_on"],
                **self._owner(data[f"agreed_{n}_owner"]),
            )
            for n in range(1, AGREED_ROWS + 1)
            if data.get(f"agreed_{n}_title", "").strip()
        ]
        alone = data.get("child_seen_alone")
        return {
            "visit": self._visits.get(data.get("visit", "")),
            "happened_at": data.get("happened_at"),
            "outcome": data["outcome"],
            "late_minutes": data.get("late_minutes"),
            "late_reason": data.get("late_reason", ""),
            "late_caused_by": data.get("late_caused_by", ""),
            "seen": [self._people[pk] for pk in data.get("seen", []) if pk in self._people],
            "seen_others": data.get("seen_others", ""),
            "child_seen_alone": {"yes": True, "no": False}.get(alone) if happened else None,
            "note": data.get("note", ""),
            "agreed": agreed,
            "next_visit": next_visit,
            "audience": data["audience"],
            "withheld_reason": data.get("withheld_reason", ""),
        }
