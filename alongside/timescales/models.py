"""Timescale rules as data: what starts a clock, how long it runs, what meets it.

Rules are reference data loaded by a data migration, each with its source.
Local rules (a council's own frequencies) are changed by editing the row, and
every change is kept in history, because a rule change moves every deadline.
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from alongside.core.models import Tracked
from alongside.timescales import events
from alongside.timescales.engine import Direction, Unit, describe_count


class UnitChoice(models.TextChoices):
    WORKING_DAYS = Unit.WORKING_DAYS.value, "Working days"
    CALENDAR_DAYS = Unit.CALENDAR_DAYS.value, "Calendar days"
    WEEKS = Unit.WEEKS.value, "Weeks"
    MONTHS = Unit.MONTHS.value, "Months"


class DirectionChoice(models.TextChoices):
    AFTER = Direction.AFTER.value, "After the start event"
    BEFORE = Direction.BEFORE.value, "Before the start event (a meeting date)"


class Kind(models.TextChoices):
    STATUTE = "statute", "Statute or regulations"
    STATUTORY_GUIDANCE = "statutory_guidance", "Statutory guidance"
    LOCAL = "local", "Local procedure"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class TimescaleRule(Tracked):
    """One statutory or local timescale.

    ``start_events`` is a list: a rule may start on more than one kind of event
    (child protection visits are due after the plan starts and after each visit).
    """

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=150)
    description = models.TextField(help_text="What this means, in plain words for families.")
    start_events = ArrayField(models.CharField(max_length=40))
    end_event = models.CharField(max_length=40)
    direction = models.CharField(
        max_length=6, choices=DirectionChoice.choices, default=DirectionChoice.AFTER
    )
    unit = models.CharField(max_length=14, choices=UnitChoice.choices)
    amount = models.PositiveSmallIntegerField()
    stop_events = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    recurring = models.BooleanField(default=False)
    due_soon_working_days = models.PositiveSmallIntegerField(default=2)
    source = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        triggers = [pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=1), name="timescale_amount_positive"),
            models.CheckConstraint(
                condition=Q(start_events__len__gte=1), name="timescale_has_start_event"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=UnitChoice.values), name="timescale_unit_known"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=DirectionChoice.values),
                name="timescale_direction_known",
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="timescale_kind_known"),
            models.CheckConstraint(condition=~Q(source=""), name="timescale_has_source"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def count_text(self) -> str:
        return describe_count(Unit(self.unit), self.amount, Direction(self.direction))

    @property
    def start_labels(self) -> list[str]:
        return [events.label(name) for name in self.start_events]

    @property
    def end_label(self) -> str:
        return events.label(self.end_event)

    @property
    def stop_labels(self) -> list[str]:
        return [events.label(name) for name in self.stop_events]
