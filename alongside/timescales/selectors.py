"""Reads of timescale rules."""

from __future__ import annotations

from django.db.models import QuerySet

from alongside.timescales.engine import Direction, RuleSpec, Unit
from alongside.timescales.models import TimescaleRule


def rule_spec(rule: TimescaleRule) -> RuleSpec:
    return RuleSpec(
        code=rule.code,
        name=rule.name,
        start_events=tuple(rule.start_events),
        end_event=rule.end_event,
        unit=Unit(rule.unit),
        amount=rule.amount,
        direction=Direction(rule.direction),
        stop_events=tuple(rule.stop_events),
        recurring=rule.recurring,
        due_soon_working_days=rule.due_soon_working_days,
    )


def rule_specs() -> list[RuleSpec]:
    """The active rules, as plain data for ``engine.compute_deadlines``."""
    return [rule_spec(rule) for rule in TimescaleRule.objects.filter(active=True).order_by("code")]


def rules_for_listing() -> QuerySet[TimescaleRule]:
    """Every rule, active or not, in code order: the one page that lists them all."""
    return TimescaleRule.objects.order_by("code")
