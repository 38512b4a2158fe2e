"""Forms for the front door and the statutory journey.

Field names follow the service arguments they feed, so a service's error lands on
its field. ``values()`` gives the keyword arguments for the service.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from alongside.accounts.models import Team, User
from alongside.cases.models import ClosureReason
from alongside.core.forms import GovukDateField, GovukForm
from alongside.journey.codes import (
    AbuseCategory,
    AssessmentFactor,
    AssessmentOutcome,
    ContactKind,
    NextStep,
    PrimaryNeed,
    ReferralSource,
    Section47Outcome,
    SharingBasis,
    StrategyDecision,
)
from alongside.people.codes import Sex
from alongside.policy import CASEWORK_ROLES

YES_NO = [("yes", "Yes"), ("no", "No")]
SOURCES = [("", "Choose where it came from")] + list(ReferralSource.choices)


def _text(label: str, *, required: bool = True, rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _date(label: str, *, required: bool = True, **kwargs: Any) -> GovukDateField:
    kwargs.setdefault("help_text", "For example, 27 3 2026")
    return GovukDateField(label=label, required=required, **kwargs)


def _yes_no(label: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, **kwargs)


def staff_choices() -> tuple[list[tuple[str, Any]], dict[str, User]]:
    """Caseworking staff grouped by team, for a select, and the users by id."""
    users = list(
        User.objects.filter(role__in=CASEWORK_ROLES, is_active=True)
        .select_related("team")
        .order_by("team__name", "full_name")
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for user in users:
        team = user.team.name if user.team else "No team"
        groups.setdefault(team, []).append(
            (str(user.pk), f"{user.full_name}, {user.get_role_display()}")
        )
    return list(groups.items()), {str(user.pk): user for user in users}


class JourneyForm(GovukForm):
    def values(self) -> dict[str, Any]:
        """The keyword arguments for the service this form feeds."""
        return dict(self.cleaned_data)


class StaffChoiceMixin:
    """A select of caseworking staff, grouped by team; cleans to a User or None."""

    staff_field = "worker"
    staff_empty = "Choose a worker"

    def _load_staff(self) -> None:
        choices, self._staff = staff_choices()
        field = self.fields[self.staff_field]  # type: ignore[attr-defined]
        field.choices = [("", self.staff_empty), *choices]

    def _staff_user(self, value: str) -> User | None:
        return self._staff.get(value) if value else None


# --- Front door ----------------------------------------------------------------------


class PersonNewForm(JourneyForm):
    first_names = forms.CharField(
        label="First names",
        max_length=100,
        error_messages={"required": "Enter their first names"},
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    date_of_birth = _date("Date of birth", required=False, help_text="For example, 27 3 2015")
    expected_date_of_birth = _date(
        "Expected date of birth", required=False, help_text="Only for a baby not yet born"
    )
    sex = forms.ChoiceField(
        label="Sex (as recorded for DfE returns)",
        choices=Sex.choices,
        initial=Sex.UNKNOWN,
        widget=forms.RadioSelect,
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    address = _text("Address", required=False, rows=3)

    def clean_postcode(self) -> str:
        return self.cleaned_data["postcode"].strip().upper()


class ContactForm(JourneyForm):
    received_on = _date("When did it come in?", help_text="For example, 27 3 2026")
    received_time = forms.CharField(
        label="Time",
        help_text="For example, 14:30",
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    kind = forms.ChoiceField(
        label="What is it?", choices=ContactKind.choices, widget=forms.RadioSelect
    )
    source = forms.ChoiceField(
        label="Who got in touch?",
        choices=SOURCES,
        help_text="The DfE referral source",
        error_messages={"required": "Choose who got in touch"},
    )
    referrer_name = forms.CharField(label="Their name", max_length=150, required=False)
    referrer_organisation = forms.CharField(
        label="Their organisation", max_length=150, required=False
    )
    referrer_email = forms.EmailField(
        label="Their email address",
        required=False,
        help_text="We tell them what we decided",
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    referrer_phone = forms.CharField(
        label="Their phone number",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    reason = _text(
        "Why did they get in touch?",
        rows=5,
        error_messages={"required": "Say why they contacted us"},
    )
    information_shared = _text("What else did they tell us?", required=False)
    sharing_basis = forms.ChoiceField(
        label="How was the information shared?",
        choices=SharingBasis.choices,
        widget=forms.RadioSelect,
    )
    lawful_reason = _text(
        "The lawful reason for sharing without consent",
        required=False,
        rows=3,
        help_text="Needed only when it was shared without consent",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["received_on"].initial = now.date()
        self.fields["received_time"].initial = now.strftime("%H:%M")

    def clean_received_time(self) -> datetime.time:
        value = self.cleaned_data["received_time"].strip().replace(".", ":")
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError("Enter a time like 09:15 or 14:30")
        return datetime.time(int(match[1]), int(match[2]))

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        moment = datetime.datetime.combine(data.pop("received_on"), data.pop("received_time"))
        data["received_at"] = timezone.make_aware(moment)
        return data


class DecideForm(StaffChoiceMixin, JourneyForm):
    next_step = forms.ChoiceField(
        label="What happens next?", choices=NextStep.choices, widget=forms.RadioSelect
    )
    reason = _text(
        "Why?",
        required=False,
        help_text="Needed for no further action. The family reads this.",
    )
    team = forms.ModelChoiceField(
        label="Which team will work with the family?",
        queryset=Team.objects.filter(archived_at__isnull=True).order_by("name"),
        empty_label="Choose a team",
        error_messages={"required": "Choose a team"},
    )
    worker = forms.ChoiceField(
        label="Worker",
        required=False,
        help_text="Needed for early help: the lead practitioner. Choose someone in the team.",
    )
    primary_need = forms.ChoiceField(
        label="Primary need", choices=PrimaryNeed.choices, initial=PrimaryNeed.N0
    )
    tell_family = _yes_no("Tell the family?", initial="yes")
    not_told_reason = _text(
        "Why will the family not be told?",
        required=False,
        rows=3,
        help_text="Needed only if the family will not be told",
    )

    staff_empty = "Nobody yet"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._load_staff()

    def clean_worker(self) -> User | None:
        return self._staff_user(self.cleaned_data["worker"])

    def clean_tell_family(self) -> bool:
        return bool(self.cleaned_data["tell_family"] == "yes")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        worker, team = data.get("worker"), data.get("team")
        if worker is not None and team is not None and worker.team_id != team.pk:
            self.add_error("worker", f"Choose a worker in {team.name}, or nobody yet")
        return data


# --- Assessment ----------------------------------------------------------------------


class AssessmentCompleteForm(JourneyForm):
    completed_on = _date("When was it finished?")
    factors = forms.MultipleChoiceField(
        label="Factors identified",
        choices=AssessmentFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Choose at least one factor, or 'No factors identified'"},
    )
    outcome = forms.ChoiceField(
        label="Outcome", choices=AssessmentOutcome.choices, widget=forms.RadioSelect
    )
    family_views = _text("What the family said", required=False)
    child_views = _text("What the child said or showed us", required=False)
    child_seen = forms.BooleanField(label="The child was seen", required=False)
    child_seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    late_reason = _text(
        "If it finished late, why?",
        required=False,
        rows=3,
        help_text="An assessment is due within 45 working days of the referral",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("child_seen_alone") and not data.get("child_seen"):
            self.add_error("child_seen", "A child seen alone was seen: tick both")
        return data


class AuthoriseForm(JourneyForm):
    on = _date("Date authorised")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


# --- Child protection ------------------------------------------------------------------


class StrategyForm(JourneyForm):
    held_on = _date("When was it held?")
    decision = forms.ChoiceField(
        label="What was decided?", choices=StrategyDecision.choices, widget=forms.RadioSelect
    )
    participants = _text(
        "Who took part?",
        rows=5,
        help_text="One per line: name, agency, role. For example: Sam Patel, Police, Detective",
        error_messages={"required": "Record who took part and from which agency"},
    )
    notes = _text("Notes", required=False, rows=6)
    family_told = _text(
        "What the family may be told",
        required=False,
        rows=3,
        help_text="Or why they are not told yet. This goes on the family's chronology.",
    )

    def clean_participants(self) -> list[tuple[str, str, str]]:
        people = []
        for number, line in enumerate(self.cleaned_data["participants"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",", 2)]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise forms.ValidationError(
                    f"Line {number} ({line.strip()[:40]}) needs a name and an agency, "
                    "separated by a comma"
                )
            people.append(
                (parts[0][:150], parts[1][:150], (parts[2] if len(parts) > 2 else "")[:150])
            )
        if not people:
            raise forms.ValidationError("Record who took part and from which agency")
        return people


class Section47Form(JourneyForm):
    completed_on = _date("When did the enquiry finish?")
    outcome = forms.ChoiceField(
        label="Outcome", choices=Section47Outcome.choices, widget=forms.RadioSelect
    )
    conference_date = _date(
        "Date of the initial conference",
        required=False,
        help_text="Only if the outcome is a conference. For example, 27 3 2026",
    )


class ConferenceForm(JourneyForm):
    held_on = _date("When was it held?")
    plan_needed = _yes_no("Is a child protection plan needed?")
    category = forms.ChoiceField(
        label="Category of abuse",
        choices=[("", "No plan needed")] + list(AbuseCategory.choices),
        required=False,
        help_text="Only if a plan is needed",
    )
    next_review = _date(
        "Date of the next review conference",
        required=False,
        help_text="Only if a plan is needed. For example, 27 3 2026",
    )

    def clean_plan_needed(self) -> bool:
        return bool(self.cleaned_data["plan_needed"] == "yes")


class CoreGroupForm(JourneyForm):
    held_on = _date("When did the core group meet?")
    notes = _text("What was agreed", required=False, rows=6)


class CpPlanEndForm(JourneyForm):
    ended_on = _date("When did the plan end?")
    reason = forms.CharField(
        label="Why is the plan ending?",
        max_length=200,
        error_messages={"required": "Say why the plan is ending"},
    )


# --- Child in need, closure and early help ------------------------------------------------


class CinReviewForm(JourneyForm):
    held_on = _date("When was the plan reviewed?")
    notes = _text("What was agreed", required=False, rows=6)


class CloseForm(JourneyForm):
    closed_on = _date("Date closed")
    reason = forms.ChoiceField(
        label="Reason for closing",
        choices=[("", "Choose a reason")] + list(ClosureReason.choices),
        help_text="The DfE closure reason",
        error_messages={"required": "Choose the reason for closing"},
    )
    step_down_offer = _text(
        "What was the family offered next?",
        rows=3,
        help_text="Nobody is simply dropped: say what support they can have now",
        error_messages={"required": "Record what the family was offered next"},
    )


class EarlyHelpStartForm(StaffChoiceMixin, JourneyForm):
    lead = forms.ChoiceField(
        label="Lead practitioner", error_messages={"required": "Choose the lead practitioner"}
    )
    started_on = _date("Start date")
    family_plan = _text("The family's plan", required=False, rows=5)

    staff_field = "lead"
    staff_empty = "Choose the lead practitioner"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._load_staff()

    def clean_lead(self) -> User:
        user = self._staff_user(self.cleaned_data["lead"])
        if user is None:
            raise forms.ValidationError("Choose the lead practitioner")
        return user


class StepUpForm(JourneyForm):
    on = _date("Date of the step up")
    source = forms.ChoiceField(
        label="Referral source",
        choices=SOURCES,
        initial=ReferralSource.S5D,
        help_text="The DfE referral source: usually early help",
        error_messages={"required": "Choose the referral source"},
    )
    reason = _text("Why is early help stepping up?", error_messages={"required": "Say why"})
