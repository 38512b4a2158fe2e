"""Forms for meetings: planning one, inviting, recording it, minutes and the report."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from alongside.cases.models import Case
from alongside.core.forms import GovukDateField, GovukForm
from alongside.journey.models import Conference
from alongside.meetings.models import CONFERENCE_KINDS, InviteeKind, Meeting, MeetingKind
from alongside.meetings.selectors import invitable_people, unlinked_conferences
from alongside.people.models import Person
from alongside.staff.visits_forms import _parse_time, _text, _time


class MeetingForm(GovukForm):
    kind = forms.ChoiceField(
        label="What kind of meeting is it?",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting"},
    )
    conference = forms.ChoiceField(
        label="Which conference on the journey is it?",
        required=False,
        help_text="Only for a child protection conference. Its date comes from the journey.",
    )
    starts_on = GovukDateField(
        label="Date",
        help_text="For example, 27 3 2026",
        required=False,
    )
    starts_time = _time()
    place = forms.CharField(
        label="Where",
        max_length=300,
        error_messages={"required": "Enter where the meeting will be"},
    )
    purpose = _text(
        "Why are you meeting?",
        required=False,
        help_text="The family reads this in their letter. The letter already says what this "
        "kind of meeting is for, so add only what is special this time.",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._conferences = {str(c.pk): c for c in unlinked_conferences(case)}
        self.fields["conference"].choices = [("", "Not a conference")] + [
            (key, str(c)) for key, c in self._conferences.items()
        ]

    def clean_starts_time(self) -> datetime.time:
        return _parse_time(self.cleaned_data["starts_time"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        conference = self._conferences.get(data.get("conference") or "")
        data["conference"] = conference
        if conference is not None:
            data["starts_on"] = conference.scheduled_for
        elif data.get("kind") in CONFERENCE_KINDS:
            self.add_error("conference", "Choose the conference booked on the journey")
        elif not data.get("starts_on"):
            self.add_error("starts_on", "Enter the date")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        moment = datetime.datetime.combine(data["starts_on"], data["starts_time"])
        conference: Conference | None = data["conference"]
        return {
            "kind": data["kind"],
            "conference": conference,
            "starts_at": timezone.make_aware(moment),
            "place": data["place"],
            "purpose": data["purpose"],
        }


class InviteForm(GovukForm):
    invitee_kind = forms.ChoiceField(
        label="Who are you inviting?",
        choices=InviteeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who you are inviting"},
    )
    person = forms.ChoiceField(label="Which family member?", required=False)
    name = forms.CharField(label="Name", required=False, max_length=150)
    organisation = forms.CharField(label="Organisation", required=False, max_length=150)
    email = forms.EmailField(label="Email address", required=False)
    role = forms.CharField(
        label="Their role",
        required=False,
        max_length=100,
        help_text="For example, mother, health visitor or advocate",
    )
    language = forms.CharField(
        label="Language",
        required=False,
        max_length=60,
        help_text="For an interpreter. A family member's language comes from their record.",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Not a family member")] + [
            (str(pk), label) for pk, label in invitable_people(case)
        ]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["person"] = (
            Person.objects.filter(pk=data["person"]).first() if data["person"] else None
        )
        return data


class ReportForm(GovukForm):
    family_text = _text(
        "The family's copy",
        rows=24,
        help_text="Drafted from the record. Edit it; do not retype it.",
    )
    professionals_text = _text(
        "For professionals only",
        required=False,
        rows=8,
        help_text="Never shared with the family.",
    )


class RecordForm(GovukForm):
    held_on = GovukDateField(
        label="When was it held?",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date"},
    )
    attended = forms.MultipleChoiceField(
        label="Who came?", required=False, widget=forms.CheckboxSelectMultiple
    )
    decisions = _text("What was decided?", rows=6)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(i.pk), i.display_name) for i in meeting.invitations.all()
        ]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["attended"] = [int(pk) for pk in data["attended"]]
        return data


class MinutesForm(GovukForm):
    minutes = _text("The minutes", rows=12, help_text="The family gets these.")


class EasyReadForm(GovukForm):
    text = _text(
        "The easy-read copy",
        rows=30,
        help_text="One idea a line, 15 words or fewer. Start a line with [picture: what it "
        "shows] to say which picture goes beside it.",
        error_messages={"required": "The copy cannot be empty"},
    )


class TranslationForm(GovukForm):
    language = forms.CharField(
        label="Language",
        max_length=60,
        error_messages={"required": "Enter the language it is translated into"},
    )
    translated_by = forms.CharField(
        label="Who translated it",
        max_length=150,
        help_text="Their name and the translation service",
        error_messages={"required": "Enter who translated it"},
    )
    text = _text(
        "The translated report",
        rows=24,
        error_messages={"required": "Enter the translated report"},
    )
