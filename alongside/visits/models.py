"""Visits and appointments: planned with the family, kept or not, held against whoever caused it.

A visit is planned in words the family can read, moved or cancelled with who asked
and why, and closed with what happened. Lateness and cancellations are recorded
against the side that caused them (the worker, the family or something else), the
same way for everyone; ``visits/reliability.py`` turns them into figures.
"""

from __future__ import annotations

import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from alongside.core.models import Tracked

NO_DELETE = pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)
APPEND_ONLY = pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


class VisitKind(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    OFFICE = "office", "Office appointment"
    CALL = "call", "Phone or video call"
    MEETING = "meeting", "Meeting"


class Outcome(models.TextChoices):
    PLANNED = "", "Planned"
    ON_TIME = "on_time", "Happened on time"
    LATE = "late", "Happened, but late"
    CANCELLED = "cancelled", "Cancelled"
    NO_ACCESS = "no_access", "Nobody was in"


class Side(models.TextChoices):
    """Who caused a late start, a cancellation or a move."""

    WORKER = "worker", "The worker"
    FAMILY = "family", "The family"
    OTHER = "other", "Something else"


SIDES = [side.value for side in Side]
HAPPENED = [Outcome.ON_TIME, Outcome.LATE, Outcome.NO_ACCESS]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Visit(Tracked):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="visits")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits"
    )
    kind = models.CharField(max_length=12, choices=VisitKind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300)
    purpose_for_family = models.TextField("why we are meeting, written for the family")
    what_to_bring = models.TextField(blank=True)
    who_they_may_bring = models.TextField(blank=True)
    outside_family_days = models.BooleanField(
        "on a day the family did not say suits them", default=False
    )
    availability_clash_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    late_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    late_reason = models.TextField(blank=True)
    late_caused_by = models.CharField(max_length=6, choices=Side.choices, blank=True)
    cancelled_by = models.CharField(max_length=6, choices=Side.choices, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    outcome_note = models.TextField(blank=True)
    unplanned = models.BooleanField(
        "recorded after it happened, without being planned first",
        default=False,
        help_text="Not a promise made to the family, so not counted in the reliability figures",
    )
    seen = models.ManyToManyField(
        "people.Person", through="VisitSeen", related_name="+", blank=True
    )
    seen_others = models.CharField("anyone else seen", max_length=300, blank=True)
    child_seen_alone = models.BooleanField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        triggers = [NO_DELETE]
        indexes = [
            models.Index(fields=["case", "starts_at"], name="visit_case_starts"),
            models.Index(fields=["worker", "starts_at"], name="visit_worker_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="visit_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(purpose_for_family="") & ~Q(place=""),
                name="visit_has_purpose_and_place",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="visit_outcome_known"
            ),
            models.CheckConstraint(
                condition=Q(outside_family_days=False) | ~Q(availability_clash_reason=""),
                name="visit_clash_has_reason",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        outcome=Outcome.LATE,
                        late_minutes__gt=0,
                        late_caused_by__in=SIDES,
                    )
                    & ~Q(late_reason="")
                )
                | (
                    ~Q(outcome=Outcome.LATE)
                    & Q(late_minutes__isnull=True, late_reason="", late_caused_by="")
                ),
                name="visit_late_with_minutes_reason_and_cause",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        outcome=Outcome.CANCELLED,
                        cancelled_by__in=SIDES,
                        cancelled_at__isnull=False,
                    )
                    & ~Q(cancel_reason="")
                )
                | (
                    ~Q(outcome=Outcome.CANCELLED)
                    & Q(cancelled_by="", cancelled_at__isnull=True, cancel_reason="")
                ),
                name="visit_cancelled_by_whom_when_and_why",
            ),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(recorded_at__isnull=True, recorded_by__isnull=True))
                | (~Q(outcome="") & Q(recorded_at__isnull=False, recorded_by__isnull=False)),
                name="visit_outcome_recorded_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_planned(self) -> bool:
        return self.outcome == Outcome.PLANNED

    @property
    def notice(self) -> datetime.timedelta | None:
        """How much warning a cancellation gave: the time from cancelling to the start."""
        if self.cancelled_at is None:
            return None
        return self.starts_at - self.cancelled_at

    @property
    def notice_hours(self) -> float | None:
        notice = self.notice
        return None if notice is None else round(notice.total_seconds() / 3600, 1)

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@pghistory.track(pghistory.InsertEvent())
class VisitSeen(models.Model):
    """Someone from the child's network seen at a visit. Written once, never changed."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="seen_rows")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        triggers = [APPEND_ONLY]
        constraints = [
            models.UniqueConstraint(fields=["visit", "person"], name="visit_seen_once"),
        ]

    def __str__(self) -> str:
        return f"Person {self.person_id} seen at visit {self.visit_id}"


class VisitMove(models.Model):
    """A visit moved to a new time: who asked, why, and how much notice it gave. Never changed."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="moves")
    moved_at = models.DateTimeField()
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.CharField(max_length=6, choices=Side.choices)
    reason = models.TextField()
    from_starts_at = models.DateTimeField()
    to_starts_at = models.DateTimeField()
    from_place = models.CharField(max_length=300)
    to_place = models.CharField(max_length=300)

    class Meta:
        ordering = ["moved_at", "id"]
        triggers = [APPEND_ONLY]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="visit_move_has_reason"),
            models.CheckConstraint(
                condition=Q(asked_by__in=SIDES), name="visit_move_asked_by_a_side"
            ),
        ]

    def __str__(self) -> str:
        return f"Visit {self.visit_id} moved at {self.moved_at:%Y-%m-%d %H:%M}"

    @property
    def notice(self) -> datetime.timedelta:
        return self.from_starts_at - self.moved_at
