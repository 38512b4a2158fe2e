"""Caseloads, allocation and handover: the story stays when the worker goes.

- ``CaseWeight`` and ``CaseloadLimit`` are configuration rows, loaded by the data
  migration ``0002_default_caseload_weights`` with their sources. They are the one
  place the weights and limits live; change a row (its history is kept) to change
  every caseload at once.
- ``AllocationDecision`` is a manager's allocation of a case to a worker: the
  caseload it made, and the reasons when it went over the stop limit or against
  what the family asked for.
- ``HandoverPack`` is what the new worker is given when a case changes worker: a
  snapshot of the family's own account, network, standing arrangements, open
  promises, preferences, plan and risks, and when the new worker read it.
- ``WorkerChangeRequest`` is a family's (or a worker's, for the family) request for
  a different worker, with a reply due in 10 working days.
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from alongside.cases.models import Stage
from alongside.core.models import Tracked

NO_DELETE = pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)
STAFF = settings.AUTH_USER_MODEL


class Level(models.TextChoices):
    """Where a worker's weighted caseload sits against the limits."""

    WITHIN = "within", "Within the limit"
    WARNING = "warning", "Above the warning level"
    STOP = "stop", "Above the stop limit"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class CaseWeight(Tracked):
    """How much one open case at this stage counts towards a worker's caseload."""

    stage = models.CharField(max_length=20, choices=Stage.choices, unique=True)
    weight = models.DecimalField(max_digits=4, decimal_places=2)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["stage"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="case_weight_not_negative"),
            models.CheckConstraint(condition=~Q(source=""), name="case_weight_has_source"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.weight}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class CaseloadLimit(Tracked):
    """The caseload limits: one row, named ``default``.

    Above ``warning_above`` weighted units a worker's caseload shows a warning;
    an allocation that takes them above ``stop_above`` needs a manager's recorded
    reason. A restricted case counts ``restricted_extra`` on top of its stage.
    """

    name = models.CharField(max_length=30, unique=True, default="default")
    warning_above = models.DecimalField(max_digits=5, decimal_places=2)
    stop_above = models.DecimalField(max_digits=5, decimal_places=2)
    restricted_extra = models.DecimalField(max_digits=4, decimal_places=2, default=0)
    source = models.TextField()

    class Meta:
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=Q(warning_above__gt=0), name="caseload_warning_positive"
            ),
            models.CheckConstraint(
                condition=Q(stop_above__gte=models.F("warning_above")),
                name="caseload_stop_not_below_warning",
            ),
            models.CheckConstraint(
                condition=Q(restricted_extra__gte=0), name="caseload_extra_not_negative"
            ),
            models.CheckConstraint(condition=~Q(source=""), name="caseload_limit_has_source"),
        ]

    def __str__(self) -> str:
        return f"Warning above {self.warning_above}, stop above {self.stop_above}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class AllocationDecision(Tracked):
    """A manager gave this case to this worker: the caseload it made, and why."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="allocation_decisions"
    )
    allocation = models.OneToOneField(
        "cases.Allocation", on_delete=models.PROTECT, related_name="decision"
    )
    from_worker = models.ForeignKey(
        STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_worker = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200)
    units_before = models.DecimalField(max_digits=6, decimal_places=2)
    units_after = models.DecimalField(max_digits=6, decimal_places=2)
    level = models.CharField(max_length=10, choices=Level.choices)
    override_reason = models.TextField(
        blank=True, help_text="Why the worker may go above the stop limit (staff only)"
    )
    preferences_unmet = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="What the family asked for that this worker does not match",
    )
    against_preference_reason = models.TextField(
        blank=True, help_text="Why, in words the family will read"
    )
    family_entry = models.OneToOneField(
        "chronology.Entry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=~Q(level="stop") | ~Q(override_reason=""),
                name="allocation_over_stop_limit_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(preferences_unmet=[]) | ~Q(against_preference_reason=""),
                name="allocation_against_preference_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values), name="allocation_level_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.case_id} to worker {self.to_worker_id}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class HandoverPack(Tracked):
    """What the new worker is given when a case changes worker, as it stood then."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="handover_packs")
    decision = models.OneToOneField(
        AllocationDecision, on_delete=models.PROTECT, related_name="handover_pack"
    )
    from_worker = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    to_worker = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    assembled_at = models.DateTimeField()
    snapshot = models.JSONField()
    commitments_transferred = models.PositiveIntegerField(default=0)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-assembled_at", "-id"]
        triggers = [NO_DELETE]
        indexes = [models.Index(fields=["case", "-assembled_at"], name="handover_case_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False),
                name="handover_acknowledged_with_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(from_worker=models.F("to_worker")),
                name="handover_between_two_workers",
            ),
        ]

    def __str__(self) -> str:
        return f"Handover of case {self.case_id} on {self.assembled_at:%d %b %Y}"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class ChangeDecision(models.TextChoices):
    AGREED = "agreed", "Yes, we will find a different worker"
    DECLINED = "declined", "No, the worker stays"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class WorkerChangeRequest(Tracked):
    """A family asks for a different worker; a manager answers, with reasons, in 10 working days.

    Like a complaint, it lives apart from the chronology, so asking is never held
    against the family: only the family, the person who raised it and the team's
    managers see it.
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="worker_change_requests"
    )
    raised_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        STAFF,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The worker the family had when they asked",
    )
    reason = models.TextField(blank=True)
    raised_at = models.DateTimeField()
    due_on = models.DateField()
    decision = models.CharField(max_length=10, choices=ChangeDecision.choices, blank=True)
    explanation = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        triggers = [NO_DELETE]
        indexes = [models.Index(fields=["case", "-raised_at"], name="change_request_case")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="", decided_at__isnull=True, decided_by__isnull=True)
                | (
                    Q(decision__in=ChangeDecision.values)
                    & ~Q(explanation="")
                    & Q(decided_at__isnull=False, decided_by__isnull=False)
                ),
                name="change_request_decided_with_explanation",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(decision=""), name="one_open_change_request"
            ),
        ]

    def __str__(self) -> str:
        return f"Change of worker asked for on case {self.case_id}"

    @property
    def is_open(self) -> bool:
        return self.decision == ""
