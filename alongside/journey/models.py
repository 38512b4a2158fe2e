"""The statutory journey, from first contact to closure, hanging off the case.

Each record here is one step the law or guidance names. Its dates are the
events that the timescale engine counts from; nothing here stores a deadline.
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from alongside.core.models import Tracked
from alongside.journey.codes import (
    AbuseCategory,
    AssessmentFactor,
    AssessmentOutcome,
    ConferenceKind,
    ContactKind,
    NextStep,
    PrimaryNeed,
    ReferralSource,
    Section47Outcome,
    SharingBasis,
    StrategyDecision,
)

NO_DELETE = pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)
STAFF = settings.AUTH_USER_MODEL


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Contact(Tracked):
    """Any approach about a child, a family's own request for help included."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="contacts")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    received_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=ContactKind.choices)
    source = models.CharField(max_length=3, choices=ReferralSource.choices)
    referrer_name = models.CharField(max_length=150, blank=True)
    referrer_organisation = models.CharField(max_length=150, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=20, blank=True)
    reason = models.TextField()
    information_shared = models.TextField(blank=True)
    sharing_basis = models.CharField(max_length=12, choices=SharingBasis.choices)
    lawful_reason = models.TextField(blank=True)
    next_step = models.CharField(max_length=12, choices=NextStep.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    family_told = models.BooleanField(default=True)
    family_not_told_reason = models.TextField(blank=True)
    chronology_entry = models.OneToOneField(
        "chronology.Entry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sharing_basis="no_consent") | ~Q(lawful_reason=""),
                name="contact_sharing_without_consent_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(next_step="nfa") | ~Q(decision_reason=""),
                name="contact_nfa_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(next_step="") | Q(decided_at__isnull=False),
                name="contact_decision_has_time",
            ),
            models.CheckConstraint(
                condition=Q(family_told=True) | ~Q(family_not_told_reason=""),
                name="contact_family_not_told_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} about {self.child_id} on {self.received_at:%d %b %Y}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Referral(Tracked):
    """A child in need episode: from a referral to its closure (the CIN census unit)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals")
    contact = models.OneToOneField(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="referral"
    )
    referral_date = models.DateField()
    source = models.CharField(max_length=3, choices=ReferralSource.choices)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, default="N0")
    no_further_action = models.BooleanField(default=False)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, blank=True)
    step_down_offer = models.TextField(blank=True)

    class Meta:
        ordering = ["-referral_date", "-id"]
        triggers = [NO_DELETE]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(closed_on__isnull=True), name="one_open_referral"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | (~Q(closure_reason="") & ~Q(step_down_offer="")),
                name="referral_closed_with_reason_and_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.referral_date:%d %b %Y}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class EarlyHelpEpisode(Tracked):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="early_help")
    lead_practitioner = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    family_plan = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_on"]
        triggers = [NO_DELETE]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on__isnull=True), name="one_open_early_help"
            ),
        ]

    def __str__(self) -> str:
        return f"Early help from {self.started_on:%d %b %Y}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Assessment(Tracked):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="assessments")
    started_on = models.DateField()
    factors = ArrayField(
        models.CharField(max_length=3, choices=AssessmentFactor.choices), default=list, blank=True
    )
    family_views = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    child_seen = models.BooleanField(default=False)
    child_seen_alone = models.BooleanField(default=False)
    outcome = models.CharField(max_length=12, choices=AssessmentOutcome.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    authorised_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    late_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_on"]
        triggers = [NO_DELETE]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(authorised_on__isnull=True),
                name="one_open_assessment",
            ),
            models.CheckConstraint(
                condition=Q(authorised_on__isnull=True) | ~Q(factors=[]),
                name="authorised_assessment_has_factors",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment from {self.started_on:%d %b %Y}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class StrategyDiscussion(Tracked):
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    held_on = models.DateField()
    decision = models.CharField(max_length=12, choices=StrategyDecision.choices)
    notes = models.TextField(blank=True)
    family_told = models.TextField(
        blank=True, help_text="What the family may be told, or why they are not told yet"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        triggers = [NO_DELETE]

    def __str__(self) -> str:
        return f"Strategy discussion on {self.held_on:%d %b %Y}"


class StrategyParticipant(Tracked):
    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="participants"
    )
    name = models.CharField(max_length=150)
    agency = models.CharField(max_length=150)
    role = models.CharField(max_length=150, blank=True)

    class Meta:
        triggers = [NO_DELETE]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Section47Enquiry(Tracked):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="enquiries")
    strategy_discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="enquiries"
    )
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Section47Outcome.choices, blank=True)

    class Meta:
        ordering = ["-started_on"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | ~Q(outcome=""),
                name="s47_completed_with_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {self.started_on:%d %b %Y}"

    @property
    def conference_needed(self) -> bool:
        return self.outcome == Section47Outcome.CONFERENCE


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class ChildProtectionPlan(Tracked):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cp_plans")
    started_on = models.DateField()
    initial_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    latest_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    visit_every_working_days = models.PositiveSmallIntegerField(default=10)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_on"]
        triggers = [NO_DELETE]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"], condition=Q(ended_on__isnull=True), name="one_open_cp_plan"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="cp_plan_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(visit_every_working_days__gte=1) & Q(visit_every_working_days__lte=60),
                name="cp_plan_visit_frequency_sensible",
            ),
        ]

    def __str__(self) -> str:
        return f"Child protection plan from {self.started_on:%d %b %Y}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Conference(Tracked):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="conferences")
    kind = models.CharField(max_length=8, choices=ConferenceKind.choices)
    scheduled_for = models.DateField()
    chair = models.ForeignKey(
        STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="chaired_conferences"
    )
    held_on = models.DateField(null=True, blank=True)
    plan_needed = models.BooleanField(null=True, blank=True)
    category = models.CharField(max_length=3, choices=AbuseCategory.choices, blank=True)
    plan = models.ForeignKey(
        ChildProtectionPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences",
    )

    class Meta:
        ordering = ["-scheduled_for"]
        triggers = [NO_DELETE]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.scheduled_for:%d %b %Y}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class CoreGroup(Tracked):
    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="core_groups"
    )
    held_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on"]
        triggers = [NO_DELETE]

    def __str__(self) -> str:
        return f"Core group on {self.held_on:%d %b %Y}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class ChildInNeedPlan(Tracked):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cin_plans")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    carried_from = models.ForeignKey(
        EarlyHelpEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    plan = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_on"]
        triggers = [NO_DELETE]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"], condition=Q(ended_on__isnull=True), name="one_open_cin_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"Child in need plan from {self.started_on:%d %b %Y}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class PlanReview(Tracked):
    cin_plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on"]
        triggers = [NO_DELETE]

    def __str__(self) -> str:
        return f"Plan review on {self.held_on:%d %b %Y}"
