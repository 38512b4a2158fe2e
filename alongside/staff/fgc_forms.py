"""Forms for family group conferences: referral, the day, invitations, preparation, the
family's plan and each child's offer record."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from alongside.accounts.models import User
from alongside.core.forms import GovukDateField, GovukForm
from alongside.fgc.models import FamilyGroupConference, FgcRole, NotHeldReason, OfferOutcome
from alongside.fgc.selectors import action_owners, coordinators, invitable_for_fgc
from alongside.people.models import Person
from alongside.plans.selectors import family_members
from alongside.staff.visits_forms import _parse_time, _text, _time


class ReferForm(GovukForm):
    coordinator = forms.ChoiceField(
        label="Which coordinator?",
        error_messages={"required": "Choose a coordinator"},
    )
    question = _text(
        "What is the family asked to plan for?",
        help_text="One question, in words the family can read. For example, how can the family "
        "make sure Sam gets to school every day?",
        error_messages={"required": "Enter the question the family will plan for"},
    )
    worries = _text(
        "What are you worried about?",
        rows=5,
        help_text="The family hears this at the start of the conference.",
        error_messages={"required": "Enter what you are worried about"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].choices = [("", "Choose a coordinator")] + [
            (str(u.pk), u.full_name) for u in coordinators()
        ]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["coordinator"] = User.objects.get(pk=data["coordinator"])
        return data


class ArrangeForm(GovukForm):
    starts_on = GovukDateField(
        label="Date",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date"},
    )
    starts_time = _time()
    place = forms.CharField(
        label="Where",
        max_length=300,
        help_text="A place the family chose and feels at ease in.",
        error_messages={"required": "Enter where it will be"},
    )

    def clean_starts_time(self) -> datetime.time:
        return _parse_time(self.cleaned_data["starts_time"])

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        moment = datetime.datetime.combine(data["starts_on"], data["starts_time"])
        return {"starts_at": timezone.make_aware(moment), "place": data["place"]}


class InviteForm(GovukForm):
    role = forms.ChoiceField(
        label="What will they do on the day?",
        choices=FgcRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they will do on the day"},
    )
    person = forms.ChoiceField(
        label="Who from the network?",
        required=False,
        help_text="For the family network, the child or a supporter from the network.",
    )
    name = forms.CharField(label="Name", required=False, max_length=150)
    organisation = forms.CharField(label="Organisation", required=False, max_length=150)
    email = forms.EmailField(label="Email address", required=False)
    language = forms.CharField(
        label="Language", required=False, max_length=60, help_text="For an interpreter."
    )

    def __init__(self, *args: Any, fgc: FamilyGroupConference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Not from the network")] + [
            (str(pk), label) for pk, label in invitable_for_fgc(fgc)
        ]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["person"] = (
            Person.objects.filter(pk=data["person"]).first() if data["person"] else None
        )
        return data


class PreparationForm(GovukForm):
    person = forms.ChoiceField(label="Who did you meet?", required=False)
    with_whom = forms.CharField(
        label="Or write their name",
        required=False,
        max_length=150,
        help_text="For someone not yet on the child's network.",
    )
    on = GovukDateField(
        label="When?",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date"},
    )
    note = _text(
        "What did you agree for the day?",
        help_text="For example, who they want there, what would help them take part.",
        error_messages={"required": "Write what you agreed for the day"},
    )

    def __init__(self, *args: Any, fgc: FamilyGroupConference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Someone else")] + [
            (str(m.person.pk), f"{m.person.display_name} ({m.relation})")
            for m in family_members(fgc.case)
        ]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["person"] = (
            Person.objects.filter(pk=data["person"]).first() if data["person"] else None
        )
        return data


class HeldForm(GovukForm):
    held_on = GovukDateField(
        label="When was it held?",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date"},
    )
    attended = forms.MultipleChoiceField(
        label="Who came?", required=False, widget=forms.CheckboxSelectMultiple
    )
    private_started = _time("Private family time started at")
    private_ended = _time("Private family time ended at")
    professionals_left = forms.BooleanField(
        label="Every professional, the coordinator too, left the room for private family time",
        required=False,
    )

    def __init__(self, *args: Any, fgc: FamilyGroupConference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invitations = fgc.meeting.invitations.all() if fgc.meeting else []
        self.fields["attended"].choices = [(str(i.pk), i.display_name) for i in invitations]

    def clean_private_started(self) -> datetime.time:
        return _parse_time(self.cleaned_data["private_started"])

    def clean_private_ended(self) -> datetime.time:
        return _parse_time(self.cleaned_data["private_ended"])

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["attended"] = [int(pk) for pk in data["attended"]]
        return data


class ShareForm(GovukForm):
    family_chose = forms.BooleanField(
        label="The family chose to share their plan with us", required=False
    )
    words = _text(
        "The plan in the family's words (optional)",
        required=False,
        rows=5,
        help_text="Only what the family want written down. Each step goes in below.",
    )


class ActionForm(GovukForm):
    what = forms.CharField(
        label="What will be done?",
        max_length=150,
        error_messages={"required": "Enter what will be done"},
    )
    owner = forms.ChoiceField(
        label="Who will do it?", error_messages={"required": "Choose who will do it"}
    )
    due_on = GovukDateField(
        label="By when?",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date"},
    )

    def __init__(self, *args: Any, fgc: FamilyGroupConference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        family, staff = action_owners(fgc)
        self.fields["owner"].choices = [
            ("", "Choose who"),
            ("Family and friends", family),
            ("Professionals", staff),
        ]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        kind, _, pk = data.pop("owner").partition("-")
        data["owner_person"] = Person.objects.get(pk=pk) if kind == "person" else None
        data["owner_user"] = User.objects.get(pk=pk) if kind == "user" else None
        return data


class ReasonForm(GovukForm):
    reason = _text("Why?", error_messages={"required": "Say why"})


class OfferForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Was a family group conference offered?",
        choices=OfferOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it was offered"},
    )
    offered_on = GovukDateField(
        label="When was it offered?", help_text="For example, 27 3 2026", required=False
    )
    offered_to = forms.CharField(
        label="Who was it offered to?",
        required=False,
        max_length=200,
        help_text="For example, both parents.",
    )
    reason = forms.ChoiceField(
        label="If not offered, why not?",
        required=False,
        choices=[("", "Choose a reason")]
        + [(k, v) for k, v in NotHeldReason.choices if k != NotHeldReason.FAMILY_DECLINED],
    )
    reason_detail = _text(
        "More about the reason",
        required=False,
        help_text="Needed for another reason. The family can read this.",
    )
