"""Promises both ways: what professionals and family members each said they would do.

A commitment has one owner (a member of staff or a person in the child's
network), a due date, and an outcome with a reason when it was not kept. The
same fields and the same rules apply to both kinds of owner. Overdue is never
stored: it is open and past its due date, worked out whenever it is shown.
"""

from __future__ import annotations

import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from alongside.chronology.models import WithheldReason
from alongside.core.models import Tracked

NO_DELETE = pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)


class OwnerKind(models.TextChoices):
    STAFF = "staff", "Professional"
    FAMILY = "family", "Family"


class CommitmentStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"


class SourceKind(models.TextChoices):
    PLAN_ACTION = "plan_action", "An action on the plan"
    REFERRAL = "referral", "A referral to a service"
    CALL_BACK = "call_back", "A call back"
    DOCUMENT = "document", "A document or report"
    VISIT = "visit", "A visit"
    MEETING = "meeting", "A meeting"
    OTHER = "other", "Something else"


class CommitmentAudience(models.TextChoices):
    """Family-visible by default, like the chronology; kept from them only with a reason."""

    FAMILY = "family", "The family and professionals"
    PROFESSIONALS = "professionals", "Professionals only"


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def open(self) -> CommitmentQuerySet:
        return self.filter(status=CommitmentStatus.OPEN)

    def overdue(self, today: datetime.date | None = None) -> CommitmentQuerySet:
        """Open and past the due date: the same test for professionals and families."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Commitment(Tracked):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="commitments")
    title = models.CharField(max_length=150)
    detail = models.TextField(blank=True)
    owner_kind = models.CharField(max_length=10, choices=OwnerKind.choices)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    owner_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    status_reason = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=15, choices=SourceKind.choices, default=SourceKind.OTHER)
    entry = models.ForeignKey(
        "chronology.Entry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
        help_text="The chronology entry this promise came from",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
        help_text="The meeting this promise was made at",
    )
    cin_plan = models.ForeignKey(
        "journey.ChildInNeedPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    cp_plan = models.ForeignKey(
        "journey.ChildProtectionPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    early_help = models.ForeignKey(
        "journey.EarlyHelpEpisode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    audience = models.CharField(
        max_length=15, choices=CommitmentAudience.choices, default=CommitmentAudience.FAMILY
    )
    withheld_reason = models.CharField(max_length=20, choices=WithheldReason.choices, blank=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        triggers = [NO_DELETE]
        indexes = [
            models.Index(fields=["case", "due_on"], name="commitment_case_due"),
            models.Index(
                fields=["owner_user", "due_on"],
                condition=Q(status="open"),
                name="commitment_open_by_owner",
            ),
            models.Index(fields=["due_on"], condition=Q(status="open"), name="commitment_open_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_kind="staff", owner_user__isnull=False, owner_person__isnull=True)
                    | Q(owner_kind="family", owner_person__isnull=False, owner_user__isnull=True)
                ),
                name="commitment_has_one_owner_of_its_kind",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CommitmentStatus.values),
                name="commitment_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["missed", "cancelled"]) | ~Q(status_reason=""),
                name="commitment_missed_or_cancelled_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="commitment_done_with_date",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="commitment_has_title"),
            models.CheckConstraint(
                condition=Q(audience="family", withheld_reason="")
                | (Q(audience="professionals") & ~Q(withheld_reason="")),
                name="commitment_withheld_only_with_reason",
            ),
            models.CheckConstraint(
                condition=~(Q(cin_plan__isnull=False) & Q(cp_plan__isnull=False))
                & ~(Q(cin_plan__isnull=False) & Q(early_help__isnull=False))
                & ~(Q(cp_plan__isnull=False) & Q(early_help__isnull=False)),
                name="commitment_on_at_most_one_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status == CommitmentStatus.OPEN and self.due_on < timezone.localdate()

    @property
    def days_late(self) -> int:
        """How many days past the due date: today if still open, the day done if done."""
        if self.status == CommitmentStatus.DONE and self.completed_on:
            return max(0, (self.completed_on - self.due_on).days)
        if self.status == CommitmentStatus.OPEN:
            return max(0, (timezone.localdate() - self.due_on).days)
        return 0

    @property
    def state(self) -> str:
        """For the status tag: overdue, open, done, done_late, missed or cancelled."""
        if self.is_overdue:
            return "overdue"
        if self.status == CommitmentStatus.DONE and self.days_late:
            return "done_late"
        return str(self.status)

    @property
    def is_professional(self) -> bool:
        return self.owner_kind == OwnerKind.STAFF

    @property
    def owner_name(self) -> str:
        if self.owner_kind == OwnerKind.STAFF and self.owner_user is not None:
            return self.owner_user.full_name
        if self.owner_person is not None:
            return self.owner_person.display_name
        return ""

    @property
    def owner_role(self) -> str:
        """A professional's job, in words a family knows; empty for a family member."""
        if self.owner_kind == OwnerKind.STAFF and self.owner_user is not None:
            return self.owner_user.job_title or self.owner_user.get_role_display()
        return ""
