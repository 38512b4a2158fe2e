"""Family group conferences: a family's own meeting to make a plan for their child.

A ``FamilyGroupConference`` starts as a referral to a coordinator. The
coordinator meets the family network to prepare (``Preparation``), arranges the
day (a ``meetings.Meeting`` of the family group conference kind, whose
invitations say who comes) and records each invitee's part on the day
(``Participant``). On the day the family has private family time: only when it
started and ended and that the professionals left are recorded, never what was
said. If the family chooses to share their plan, its actions (``PlanAction``)
are written down; once the council agrees the plan, each action becomes a
``plans.Commitment``.

``FgcOffer`` records, for each child, that a family group conference was
offered (and the family's answer) or the reason it was not.
"""

from __future__ import annotations

import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from alongside.core.models import Tracked

NO_DELETE = pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)
STAFF = settings.AUTH_USER_MODEL


class Step(models.TextChoices):
    REFERRED = "referred", "Referred to the coordinator"
    ARRANGED = "arranged", "Date agreed"
    HELD = "held", "Held"
    PLAN_SHARED = "plan_shared", "Family plan shared"
    ADOPTED = "adopted", "Plan agreed and added to the case plan"
    CLOSED = "closed", "Closed"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class FamilyGroupConference(Tracked):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="family_group_conferences"
    )
    coordinator = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    referred_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField()
    question = models.TextField(help_text="What the family is asked to plan for, in their words.")
    worries = models.TextField(help_text="What the professionals are worried about.")
    meeting = models.OneToOneField(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="family_group_conference",
    )
    private_time_started_at = models.DateTimeField(null=True, blank=True)
    private_time_ended_at = models.DateTimeField(null=True, blank=True)
    professionals_left = models.BooleanField(null=True, blank=True)
    plan_shared_on = models.DateField(null=True, blank=True)
    plan_words = models.TextField(blank=True, help_text="Only what the family chose to share.")
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=Q(private_time_started_at__isnull=True)
                | Q(
                    private_time_ended_at__gt=F("private_time_started_at"),
                    professionals_left=True,
                ),
                name="fgc_private_time_ends_after_it_starts_with_professionals_gone",
            ),
            models.CheckConstraint(
                condition=Q(adopted_at__isnull=True)
                | Q(plan_shared_on__isnull=False, adopted_by__isnull=False),
                name="fgc_adopted_only_a_shared_plan",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(closed_reason=""),
                name="fgc_closed_with_reason",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(closed_at__isnull=True),
                name="fgc_one_open_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"Family group conference referred on {self.referred_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def held_on(self) -> datetime.date | None:
        return self.meeting.held_on if self.meeting is not None else None

    @property
    def step(self) -> Step:
        if self.closed_at is not None:
            return Step.CLOSED
        if self.adopted_at is not None:
            return Step.ADOPTED
        if self.plan_shared_on is not None:
            return Step.PLAN_SHARED
        if self.held_on is not None:
            return Step.HELD
        if self.meeting_id is not None:
            return Step.ARRANGED
        return Step.REFERRED


class FgcRole(models.TextChoices):
    """What someone invited is there to do."""

    FAMILY = "family", "Family network"
    CHILD = "child", "The child"
    CHILD_ADVOCATE = "child_advocate", "The child's advocate"
    SUPPORTER = "supporter", "Supporter for a family member"
    INFORMATION_GIVER = "information_giver", "Professional sharing information"
    INTERPRETER = "interpreter", "Interpreter"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Participant(Tracked):
    """An invitation to the conference's meeting and the invitee's part in it."""

    fgc = models.ForeignKey(
        FamilyGroupConference, on_delete=models.PROTECT, related_name="participants"
    )
    invitation = models.OneToOneField(
        "meetings.Invitation", on_delete=models.PROTECT, related_name="fgc_participant"
    )
    role = models.CharField(max_length=20, choices=FgcRole.choices)

    class Meta:
        ordering = ["id"]
        triggers = [NO_DELETE]

    def __str__(self) -> str:
        return f"{self.invitation.display_name}: {self.get_role_display()}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Preparation(Tracked):
    """The coordinator preparing someone for the day: who, when, and what was agreed."""

    fgc = models.ForeignKey(
        FamilyGroupConference, on_delete=models.PROTECT, related_name="preparations"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    with_whom = models.CharField(max_length=150, blank=True)
    on = models.DateField()
    note = models.TextField()

    class Meta:
        ordering = ["on", "id"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(with_whom=""),
                name="fgc_preparation_with_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"Preparation on {self.on:%d %b %Y}"

    @property
    def who(self) -> str:
        return self.person.display_name if self.person else self.with_whom


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class PlanAction(Tracked):
    """One step of the family's plan: what, who (family or professional) and by when."""

    fgc = models.ForeignKey(FamilyGroupConference, on_delete=models.PROTECT, related_name="actions")
    what = models.CharField(max_length=150)
    owner_user = models.ForeignKey(
        STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    commitment = models.OneToOneField(
        "plans.Commitment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fgc_action",
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False, owner_person__isnull=True)
                | Q(owner_user__isnull=True, owner_person__isnull=False),
                name="fgc_action_has_one_owner",
            ),
            models.CheckConstraint(condition=~Q(what=""), name="fgc_action_says_what"),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archived_reason=""),
                name="fgc_action_removed_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | Q(commitment__isnull=True),
                name="fgc_action_adopted_is_not_removed",
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def owner_name(self) -> str:
        if self.owner_user is not None:
            return self.owner_user.full_name
        return self.owner_person.display_name if self.owner_person else ""

    @property
    def is_professional(self) -> bool:
        return self.owner_user_id is not None


class OfferOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Offered, and the family said yes"
    DECLINED = "declined", "Offered, and the family said no"
    NOT_OFFERED = "not_offered", "Not offered"


class NotHeldReason(models.TextChoices):
    FAMILY_DECLINED = "family_declined", "The family said no"
    NO_NETWORK = "no_network", "No family or friends could take part"
    BEST_INTERESTS = "best_interests", "Not in the child's best interests"
    URGENT = "urgent", "The child needed protecting at once"
    OTHER = "other", "Another reason"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class FgcOffer(Tracked):
    """For one child's case: a family group conference offered, and the answer, or why not.

    The latest record is the one that counts; earlier ones stay as they were.
    Whether one was held comes from the conference itself.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="fgc_offers")
    outcome = models.CharField(max_length=12, choices=OfferOutcome.choices)
    offered_on = models.DateField(null=True, blank=True)
    offered_to = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=20, choices=NotHeldReason.choices, blank=True)
    reason_detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="not_offered") | Q(offered_on__isnull=False),
                name="fgc_offer_offered_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(outcome="accepted") | ~Q(reason=""),
                name="fgc_offer_not_held_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(reason_detail=""),
                name="fgc_offer_other_reason_explained",
            ),
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()
