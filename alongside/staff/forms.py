from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from alongside.cases.models import BreakGlassReason
from alongside.chronology.models import Audience, Kind, WithheldReason
from alongside.core.forms import GovukDateField, GovukForm
from alongside.people.codes import Disability, Ethnicity, Format, Sex, Weekday

# Kinds only a family member, a young person or a service writes are not offered to staff.
NOT_STAFF_KINDS = (Kind.FAMILY_ACCOUNT, Kind.ALLOCATION, Kind.YOUNG_PERSON, Kind.MEETING_WORDS)
STAFF_KINDS = [(k.value, k.label) for k in Kind if k not in NOT_STAFF_KINDS]


class EntryForm(GovukForm):
    kind = forms.ChoiceField(
        label="What kind of entry is this?", choices=STAFF_KINDS, initial=Kind.NOTE
    )
    occurred_on = GovukDateField(
        label="When did it happen?", help_text="For example, 27 3 2026", required=True
    )
    occurred_time = forms.CharField(
        label="Time",
        help_text="For example, 14:30",
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    title = forms.CharField(
        label="Title", max_length=150, error_messages={"required": "Enter a short title"}
    )
    text = forms.CharField(
        label="What happened",
        help_text="Write it so the family can read it: plain words, no initials.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what happened"},
    )
    agency = forms.CharField(
        label="Written by a partner agency (optional)",
        help_text="For example, Hill Primary School or the health visiting team. Leave it "
        "empty if you wrote it. You are kept as the person who recorded it.",
        max_length=100,
        required=False,
    )
    audience = forms.ChoiceField(
        label="Who can read this?",
        choices=Audience.choices,
        initial=Audience.FAMILY,
        widget=forms.RadioSelect,
        help_text="The family can read entries unless there is a reason from the list below.",
    )
    withheld_reason = forms.ChoiceField(
        label="Why the family cannot read it",
        choices=[("", "Not withheld")] + list(WithheldReason.choices),
        required=False,
    )
    attachment = forms.FileField(
        label="Attach a file (optional)",
        help_text="PDF, Word, JPG, PNG or text, up to 10MB",
        required=False,
    )
    draft = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["occurred_on"].initial = now.date()
        self.fields["occurred_time"].initial = now.strftime("%H:%M")

    def clean_occurred_time(self) -> datetime.time:
        value = self.cleaned_data["occurred_time"].strip().replace(".", ":")
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError("Enter a time like 09:15 or 14:30")
        return datetime.time(int(match[1]), int(match[2]))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("audience")
            and data["audience"] != Audience.FAMILY
            and not data.get("withheld_reason")
        ):
            self.add_error("withheld_reason", "Choose why the family cannot read this entry")
        return data

    def occurred_at(self) -> datetime.datetime:
        day = self.cleaned_data["occurred_on"]
        moment = datetime.datetime.combine(day, self.cleaned_data["occurred_time"])
        return timezone.make_aware(moment)


class EntryEditForm(GovukForm):
    title = forms.CharField(label="Title", max_length=150)
    text = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 8}))
    audience = forms.ChoiceField(
        label="Who can read this?", choices=Audience.choices, widget=forms.RadioSelect
    )
    withheld_reason = forms.ChoiceField(
        label="Why the family cannot read it",
        choices=[("", "Not withheld")] + list(WithheldReason.choices),
        required=False,
    )
    reason = forms.CharField(
        label="Why are you changing this entry?",
        help_text="The earlier version is kept with your reason.",
        max_length=200,
        error_messages={"required": "Say why you are changing this entry"},
    )


class PersonForm(GovukForm):
    first_names = forms.CharField(label="First names", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    preferred_name = forms.CharField(label="Preferred name", max_length=100, required=False)
    pronouns = forms.CharField(label="Pronouns", max_length=40, required=False)
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2015"
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth", required=False, help_text="Only for a baby not yet born"
    )
    sex = forms.ChoiceField(
        label="Sex (as recorded for DfE returns)", choices=Sex.choices, widget=forms.RadioSelect
    )
    gender = forms.CharField(label="Gender, in their own words", max_length=60, required=False)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices)
    disabilities = forms.MultipleChoiceField(
        label="Disability",
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    first_language = forms.CharField(label="First language", max_length=60, required=False)
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    communication_needs = forms.CharField(
        label="Communication needs", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    preferred_formats = forms.MultipleChoiceField(
        label="Formats they want",
        choices=Format.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_days = forms.MultipleChoiceField(
        label="Best days to contact",
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_times = forms.CharField(label="Best times to contact", max_length=100, required=False)
    nhs_number = forms.CharField(
        label="NHS number",
        max_length=14,
        required=False,
        help_text="10 digits, like 485 777 3456",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        max_length=15,
        required=False,
        help_text="13 characters from the child's school",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    reason = forms.CharField(
        label="Why are you changing this?",
        max_length=200,
        error_messages={"required": "Say why you are changing the record"},
    )


class BreakGlassForm(GovukForm):
    reference = forms.CharField(
        label="Case reference",
        max_length=20,
        help_text="For example, C0000123",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    reason_kind = forms.ChoiceField(
        label="Why do you need it?", choices=BreakGlassReason.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Explain",
        help_text="Your manager and the family can see this.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
            }
        ),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search by name or case reference", required=False, max_length=100)


class PersonSearchForm(GovukForm):
    name = forms.CharField(label="Name", max_length=100, required=False)
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2015"
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    identifier = forms.CharField(
        label="NHS number, UPN or council id",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(k) for k in self.fields):
            raise forms.ValidationError("Enter a name, date of birth, postcode or identifier")
        return data


class PersonMergeForm(GovukForm):
    keep = forms.CharField(
        label="Council id of the record to keep",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    duplicate = forms.CharField(
        label="Council id of the duplicate",
        help_text="Its cases, contacts and network move to the record you keep. It is kept, archived.",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    reason = forms.CharField(
        label="How do you know they are the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
