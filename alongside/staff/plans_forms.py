"""Forms for the plan both ways: adding a commitment and recording what happened to it.

Field names follow the service arguments they feed, so a service's error lands on
its field. ``values()`` gives the keyword arguments for the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from alongside.accounts.models import User
from alongside.chronology.models import WithheldReason
from alongside.core.forms import GovukDateField, GovukForm
from alongside.plans.models import CommitmentAudience, CommitmentStatus, SourceKind
from alongside.plans.selectors import FamilyMember, OpenPlan


class CommitmentForm(GovukForm):
    title = forms.CharField(
        label="What will be done?",
        max_length=150,
        help_text="Write it so the family can read it. For example: Send the notes from the meeting.",
        error_messages={"required": "Enter what will be done"},
    )
    owner = forms.ChoiceField(
        label="Who will do it?",
        help_text="A professional in the team, or someone in the child's family or network.",
        error_messages={"required": "Choose who will do it"},
    )
    due_on = GovukDateField(
        label="When will it be done by?",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date it will be done by"},
    )
    detail = forms.CharField(
        label="More detail (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source = forms.ChoiceField(
        label="Where did this come from?", choices=SourceKind.choices, initial=SourceKind.OTHER
    )
    plan = forms.ChoiceField(label="Which plan is it part of?", required=False)
    audience = forms.ChoiceField(
        label="Who can see this?",
        choices=CommitmentAudience.choices,
        initial=CommitmentAudience.FAMILY,
        widget=forms.RadioSelect,
        help_text="The family can see everything on the plan unless there is a reason below.",
    )
    withheld_reason = forms.ChoiceField(
        label="Why the family cannot see it",
        choices=[("", "Not kept from the family")] + list(WithheldReason.choices),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        staff: Sequence[User],
        family: Sequence[FamilyMember],
        plans: Sequence[OpenPlan],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._users = {f"user-{u.pk}": u for u in staff}
        self._people = {f"person-{m.person.pk}": m.person for m in family}
        self._plans = {p.key: p for p in plans}
        owner_field: Any = self.fields["owner"]
        owner_field.choices = [
            ("", "Choose who will do it"),
            (
                "Professionals",
                [
                    (k, f"{u.full_name}, {u.job_title or u.get_role_display()}")
                    for k, u in self._users.items()
                ],
            ),
            (
                "Family and network",
                [
                    (f"person-{m.person.pk}", f"{m.person.display_name}, {m.relation}")
                    for m in family
                ],
            ),
        ]
        if plans:
            plan_field: Any = self.fields["plan"]
            plan_field.choices = [("", "Not part of a plan")] + [(p.key, p.label) for p in plans]
            self.fields["plan"].initial = plans[0].key
        else:
            del self.fields["plan"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience") == CommitmentAudience.PROFESSIONALS and not data.get(
            "withheld_reason"
        ):
            self.add_error("withheld_reason", "Choose why the family cannot see this")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        plan = self._plans.get(data.get("plan") or "")
        return {
            "title": data["title"],
            "detail": data["detail"],
            "due_on": data["due_on"],
            "source": data.get("source") or SourceKind.OTHER,
            "owner_user": self._users.get(data["owner"]),
            "owner_person": self._people.get(data["owner"]),
            "cin_plan": plan.cin_plan if plan else None,
            "cp_plan": plan.cp_plan if plan else None,
            "early_help": plan.early_help if plan else None,
            "audience": data["audience"],
            "withheld_reason": data["withheld_reason"] or "",
        }


OUTCOMES = [
    (CommitmentStatus.DONE.value, "It was done"),
    (CommitmentStatus.MISSED.value, "It was not done"),
    (CommitmentStatus.CANCELLED.value, "It is cancelled: it is no longer needed or agreed"),
]


class OutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened"},
    )
    done_on = GovukDateField(
        label="When was it done?",
        required=False,
        help_text="Only if it was done. Leave it empty for today. For example, 27 3 2026",
    )
    reason = forms.CharField(
        label="Why?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if it was not done or is cancelled. Whoever can see this promise can read it.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("reason") or "").strip():
            if data.get("outcome") == CommitmentStatus.MISSED:
                self.add_error("reason", "Say why it was not done")
            elif data.get("outcome") == CommitmentStatus.CANCELLED:
                self.add_error("reason", "Say why it is cancelled")
        return data
