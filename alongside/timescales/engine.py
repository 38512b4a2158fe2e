"""The timescale engine: statutory deadlines computed from events, never typed in.

``compute_deadlines(rules, events, today)`` is a pure function. Nothing it
returns is stored: deadlines are worked out from the events every time they are
needed, so adding, correcting or removing an event (a referral date put right, a
visit recorded late, a meeting cancelled) recomputes every deadline at once.
There is nothing to keep in step and no stored deadline to go stale.

How a rule becomes clocks:

* An **after** rule starts a clock on each of its start events; the deadline is
  ``amount`` units after the start (working days: the n-th working day after,
  the start being day 0 — see ``calendar``). A **before** rule counts back from
  its start event (a meeting date): the deadline is ``amount`` units before it.
* **Recurring** rules give every start event its own clock. Otherwise only the
  latest start counts (a second referral replaces the first clock). Several
  start events of one rule on the same day start one clock.
* An after-clock is **met** by the first end event on or after its start day; an
  end event on the start day meets it. When the end event is also a start event
  of the rule (each visit is due after the last one), an event never meets the
  clock it started. A before-clock is met by the first end event after the
  previous start event of the rule and no later than its own start (a report
  shared after the meeting is too late to count).
* A clock is **stopped** if one of the rule's stop events happens after it
  starts and before it is met (met wins on the same day). Stopped clocks stay in
  the output with status ``stopped`` and ``stopped_on`` set, so a record can say
  why a clock ended; lists of work filter on ``Deadline.is_open``.
* Events on the same day are taken in the order given, which matters only when
  a start and a stop, or two starts, share a day.
* Statuses are relative to ``today``: ``due_soon`` when not met and due within
  the rule's ``due_soon_working_days`` working days (today counts as within).
* ``overrides`` maps a rule code to an amount that replaces the rule's own, for
  a plan that sets its own frequency (``{"T10": 5}``: visits every 5 working days).

An event's ``ref`` (the id of the record it came from) is carried to the
deadlines it starts; the engine never matches on it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from alongside.timescales.calendar import (
    add_months,
    add_weeks,
    add_working_days,
    subtract_working_days,
)


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"


class Direction(StrEnum):
    AFTER = "after"
    BEFORE = "before"


class Status(StrEnum):
    DUE = "due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"
    STOPPED = "stopped"


OPEN_STATUSES = frozenset({Status.DUE, Status.DUE_SOON, Status.OVERDUE})


@dataclass(frozen=True)
class Event:
    name: str
    on: datetime.date
    ref: str = ""


@dataclass(frozen=True)
class RuleSpec:
    """One timescale rule as plain data (built from ``TimescaleRule`` by ``rule_specs()``)."""

    code: str
    name: str
    start_events: tuple[str, ...]
    end_event: str
    unit: Unit
    amount: int
    direction: Direction = Direction.AFTER
    stop_events: tuple[str, ...] = ()
    recurring: bool = False
    due_soon_working_days: int = 2


@dataclass(frozen=True)
class Deadline:
    rule_code: str
    rule_name: str
    started_on: datetime.date  # the start event's date (for a before rule, the meeting date)
    due_on: datetime.date
    met_on: datetime.date | None
    status: Status
    ref: str = ""
    stopped_on: datetime.date | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


_NO_OVERRIDES: Mapping[str, int] = MappingProxyType({})


def shift(d: datetime.date, unit: Unit, amount: int, direction: Direction) -> datetime.date:
    """``amount`` units after (or before) ``d``."""
    sign = 1 if direction == Direction.AFTER else -1
    if unit == Unit.WORKING_DAYS:
        if direction == Direction.AFTER:
            return add_working_days(d, amount)
        return subtract_working_days(d, amount)
    if unit == Unit.CALENDAR_DAYS:
        return d + datetime.timedelta(days=sign * amount)
    if unit == Unit.WEEKS:
        return add_weeks(d, sign * amount)
    return add_months(d, sign * amount)


_UNIT_WORDS = {
    Unit.WORKING_DAYS: ("working day", "working days"),
    Unit.CALENDAR_DAYS: ("day", "days"),
    Unit.WEEKS: ("week", "weeks"),
    Unit.MONTHS: ("month", "months"),
}


def describe_count(unit: Unit, amount: int, direction: Direction) -> str:
    """Plain words for a rule's count: "15 working days after", "1 working day after"."""
    singular, plural = _UNIT_WORDS[unit]
    return f"{amount} {singular if amount == 1 else plural} {direction.value}"


def status_for(
    due_on: datetime.date, met_on: datetime.date | None, today: datetime.date, due_soon: int
) -> Status:
    if met_on is not None:
        return Status.MET_ON_TIME if met_on <= due_on else Status.MET_LATE
    if today > due_on:
        return Status.OVERDUE
    if due_on <= add_working_days(today, due_soon):
        return Status.DUE_SOON
    return Status.DUE


def compute_deadlines(
    rules: Sequence[RuleSpec],
    events: Iterable[Event],
    today: datetime.date,
    overrides: Mapping[str, int] = _NO_OVERRIDES,
) -> list[Deadline]:
    """Every clock the events start under the rules, soonest deadline first."""
    timeline = sorted(events, key=lambda e: e.on)  # stable: same-day events keep their order
    deadlines: list[Deadline] = []
    for rule in rules:
        amount = overrides.get(rule.code, rule.amount)
        if amount < 1:
            raise ValueError(f"{rule.code}: the amount must be at least 1, not {amount}")
        deadlines.extend(_rule_deadlines(rule, amount, timeline, today))
    deadlines.sort(key=lambda d: (d.due_on, d.rule_code, d.started_on))
    return deadlines


def _clock_starts(rule: RuleSpec, timeline: Sequence[Event]) -> list[int]:
    """Positions in the timeline of the start events that start a clock."""
    positions = [i for i, e in enumerate(timeline) if e.name in rule.start_events]
    # Several starts on one day start one clock: keep the last of each day.
    positions = [
        p
        for k, p in enumerate(positions)
        if k + 1 == len(positions) or timeline[positions[k + 1]].on != timeline[p].on
    ]
    return positions if rule.recurring else positions[-1:]


def _rule_deadlines(
    rule: RuleSpec, amount: int, timeline: Sequence[Event], today: datetime.date
) -> list[Deadline]:
    out = []
    for p in _clock_starts(rule, timeline):
        start = timeline[p]
        if rule.direction == Direction.AFTER:
            met, stop = _after_window(rule, timeline, p)
        else:
            met, stop = _before_window(rule, timeline, p)
        due_on = shift(start.on, rule.unit, amount, rule.direction)
        if stop is not None and (met is None or stop < met):
            status, met = Status.STOPPED, None
        else:
            stop = None
            status = status_for(due_on, met, today, rule.due_soon_working_days)
        out.append(
            Deadline(
                rule_code=rule.code,
                rule_name=rule.name,
                started_on=start.on,
                due_on=due_on,
                met_on=met,
                status=status,
                ref=start.ref,
                stopped_on=stop,
            )
        )
    return out


def _after_window(
    rule: RuleSpec, timeline: Sequence[Event], p: int
) -> tuple[datetime.date | None, datetime.date | None]:
    """When the clock started at position p was met, and when it was stopped."""
    start = timeline[p]
    met: datetime.date | None = None
    stop: datetime.date | None = None
    for i, e in enumerate(timeline):
        if e.on < start.on or i == p:
            continue
        later = e.on > start.on or i > p
        if met is None and e.name == rule.end_event and (later or e.name not in rule.start_events):
            met = e.on
        if stop is None and e.name in rule.stop_events and later:
            stop = e.on
    return met, stop


def _before_window(
    rule: RuleSpec, timeline: Sequence[Event], p: int
) -> tuple[datetime.date | None, datetime.date | None]:
    """Like ``_after_window`` for a before rule: the window runs from the previous start."""
    anchor = timeline[p]
    previous = [e.on for e in timeline if e.name in rule.start_events and e.on < anchor.on]
    after = max(previous, default=None)
    met: datetime.date | None = None
    stop: datetime.date | None = None
    for e in timeline:
        if e.on > anchor.on or (after is not None and e.on <= after):
            continue
        if met is None and e.name == rule.end_event:
            met = e.on
        if stop is None and e.name in rule.stop_events:
            stop = e.on
    return met, stop
