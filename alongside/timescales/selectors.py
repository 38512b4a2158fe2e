"""Reads of timescale rules."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from alongside.timescales.engine import Direction, RuleSpec, Unit
from alongside.timescales.models import TimescaleRule

_SPEC_FIELDS = (
    "code", "name", "start_events", "end_event", "unit", "amount", "direction",
    "stop_events", "recurring", "due_soon_working_days",
)  # fmt: skip


def _spec(values: tuple[Any, ...]) -> RuleSpec:
    code, name, starts, end, unit, amount, direction, stops, recurring, due_soon = values
    return RuleSpec(
        code=code,
        name=name,
        start_events=tuple(starts),
        end_event=end,
        unit=Unit(unit),
        amount=amount,
        direction=Direction(direction),
        stop_events=tuple(stops),
        recurring=recurring,
        due_soon_working_days=due_soon,
    )


def rule_spec(rule: TimescaleRule) -> RuleSpec:
    return _spec(tuple(getattr(rule, name) for name in _SPEC_FIELDS))


def rule_specs() -> list[RuleSpec]:
    """The active rules, as plain data for ``engine.compute_deadlines``.

    Read as plain values (no model objects): lists of work read them on every request.
    """
    rows = TimescaleRule.objects.filter(active=True).order_by("code").values_list(*_SPEC_FIELDS)
    return [_spec(row) for row in rows]


def rules_for_listing() -> QuerySet[TimescaleRule]:
    """Every rule, active or not, in code order: the one page that lists them all."""
    return TimescaleRule.objects.order_by("code")
