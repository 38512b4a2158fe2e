"""Forms for the child's network, portal sign-ins and restricting a case."""

from __future__ import annotations

from typing import Any

from django import forms

from alongside.accounts.models import User
from alongside.core.forms import GovukDateField, GovukForm
from alongside.people.codes import RelationshipKind
from alongside.staff.journey_forms import YES_NO, staff_choices


def _yes_no(label: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": kwargs.pop("required_message", "Choose yes or no")},
        **kwargs,
    )


def _reason(label: str, message: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": message},
    )


class RelationshipForm(GovukForm):
    kind = forms.ChoiceField(
        label="How are they related to the child?",
        help_text="Read it as: this person is … the child. For a professional, choose 'Supports'.",
        choices=RelationshipKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they are related to the child"},
    )
    parental_responsibility = _yes_no(
        "Do they have parental responsibility for the child?",
        required_message="Say whether they have parental responsibility",
    )
    lives_with = _yes_no(
        "Does the child live with them?",
        required_message="Say whether the child lives with them",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        max_length=200,
        required=False,
        help_text="For example, their job and organisation if they are a professional.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def relationship_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": RelationshipKind(data["kind"]),
            "parental_responsibility": data["parental_responsibility"] == "yes",
            "lives_with": data["lives_with"] == "yes",
            "notes": data["notes"].strip(),
        }


class NetworkPersonForm(RelationshipForm):
    """Someone new to the council's records, and how they are related to the child."""

    field_order = [
        "first_names",
        "last_name",
        "date_of_birth",
        "email",
        "phone",
        "address",
        "postcode",
        "first_language",
        "interpreter_needed",
    ]

    first_names = forms.CharField(
        label="First names", max_length=100, error_messages={"required": "Enter their first names"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    date_of_birth = GovukDateField(
        label="Date of birth (if known)", required=False, help_text="For example, 27 3 1985"
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    address = forms.CharField(
        label="Address (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    first_language = forms.CharField(
        label="First language", max_length=60, required=False, initial="English"
    )
    interpreter_needed = _yes_no(
        "Do they need an interpreter?", required_message="Say whether they need an interpreter"
    )

    def clean_postcode(self) -> str:
        return str(self.cleaned_data["postcode"]).strip().upper()

    def person_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "first_names": data["first_names"].strip(),
            "last_name": data["last_name"].strip(),
            "date_of_birth": data["date_of_birth"],
            "email": data["email"],
            "phone": data["phone"].strip(),
            "address": data["address"].strip(),
            "postcode": data["postcode"],
            "first_language": data["first_language"].strip(),
            "interpreter_needed": data["interpreter_needed"] == "yes",
        }


class EndForm(GovukForm):
    on = GovukDateField(
        label="When did it end?",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date it ended"},
    )
    reason = _reason("Why has it ended?", "Say why this relationship has ended")


class PortalForm(GovukForm):
    email_or_phone = forms.CharField(
        label="Their email address or mobile number",
        max_length=254,
        help_text="We send them a message saying how to sign in. Each time they sign in, "
        "we send a code here.",
        error_messages={"required": "Enter their email address or mobile number"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class StopForm(GovukForm):
    reason = _reason("Why are you stopping their access?", "Say why you are stopping access")


class RestrictForm(GovukForm):
    reason = _reason("Why is this case restricted?", "Say why this case is restricted")
    allowed = forms.MultipleChoiceField(
        label="Who else may see it?",
        help_text="Everyone not chosen loses the case at once, even in this team. "
        "You are always on the list.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, team_id: int | None, me: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups, self.users = staff_choices()
        ordered = sorted(
            groups, key=lambda g: not any(self.users[pk].team_id == team_id for pk, _ in g[1])
        )
        options = [
            (pk, f"{label} ({team})")
            for team, items in ordered
            for pk, label in items
            if pk != str(me.pk)
        ]
        self.fields["allowed"].choices = options

    def allowed_users(self) -> list[User]:
        return [self.users[pk] for pk in self.cleaned_data["allowed"]]


class ListAddForm(GovukForm):
    user = forms.ChoiceField(
        label="Who should be added?", error_messages={"required": "Choose who to add"}
    )
    reason = _reason("Why do they need to see it?", "Say why they need to see this case")

    def __init__(self, *args: Any, exclude: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups, self.users = staff_choices()
        self.fields["user"].choices = [("", "Choose a member of staff")] + [
            (team, [(pk, label) for pk, label in items if int(pk) not in exclude])
            for team, items in groups
        ]

    def chosen(self) -> User:
        return self.users[self.cleaned_data["user"]]


class ReasonForm(GovukForm):
    reason = _reason("Reason", "Give a reason")
