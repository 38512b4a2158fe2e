"""Reliability figures: the one place that counts kept, late, moved and cancelled visits.

Every page that shows how reliable visits were (a worker's, a team's, a family's)
asks this module, so the words and the sums are the same everywhere.

The rules:

- A visit belongs to a period when it was due to start in it: from the first
  day's midnight up to, but not including, midnight after the last day (local time).
- **Planned** counts every visit due in the period, whatever happened to it.
  **Kept** counts the ones that happened (on time or late).
- Lateness, cancellations and moves count against the side that caused them:
  the worker, the family, or something else (snow, a strike, a hospital stay).
  A family cancellation never counts against the worker, and a worker's never
  against the family.
- **Short notice** is less than ``SHORT_NOTICE`` (24 hours) between being told
  and the time the visit was due to start. Exactly 24 hours is not short notice.
  Cancelling after the start (nobody came) is short notice.
- A move counts in the period of the time it was moved *from*.
- **Nobody in** (no access: the worker came and could not see the family) is on
  the family's side.
- A visit recorded after it happened without being planned first (``unplanned``)
  was never a promise to the family, so it is not counted at all.

Each function runs a fixed number of queries (two) whatever the number of visits,
workers or cases: conditional ``Count`` aggregates, grouped where asked.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from alongside.visits.models import Outcome, Side, Visit, VisitMove

SHORT_NOTICE: Final = datetime.timedelta(hours=24)

GroupBy = Literal["worker", "case", "team"]
_GROUP_FIELDS: Final[dict[str, str]] = {
    "worker": "worker_id",
    "case": "case_id",
    "team": "worker__team_id",
}


@dataclass(frozen=True)
class SideFigures:
    """What one side (the worker, the family, something else) caused."""

    late: int = 0
    late_minutes: int = 0
    cancelled: int = 0
    cancelled_short_notice: int = 0
    moved: int = 0
    moved_short_notice: int = 0
    no_access: int = 0


@dataclass(frozen=True)
class Figures:
    period_start: datetime.date
    period_end: datetime.date
    planned: int = 0
    kept: int = 0
    on_time: int = 0
    late: int = 0
    cancelled: int = 0
    cancelled_short_notice: int = 0
    moved: int = 0
    moved_short_notice: int = 0
    no_access: int = 0
    not_recorded: int = 0
    to_come: int = 0
    worker: SideFigures = field(default_factory=SideFigures)
    family: SideFigures = field(default_factory=SideFigures)
    other: SideFigures = field(default_factory=SideFigures)

    def side_rows(self) -> list[tuple[str, int, int, int]]:
        """Each measure with the worker's, the family's and other causes' numbers, in plain words."""
        w, f, o = self.worker, self.family, self.other
        return [
            (label, getattr(w, name), getattr(f, name), getattr(o, name))
            for name, label in SIDE_LABELS
        ]

    def worker_rows(self) -> list[tuple[str, int]]:
        """What the worker caused, in the same words (nobody in is never the worker's)."""
        return [(label, getattr(self.worker, name)) for name, label in SIDE_LABELS[:-1]]


SIDE_LABELS: Final = [
    ("late", "Late"),
    ("cancelled", "Cancelled"),
    ("cancelled_short_notice", "Cancelled with less than 24 hours' notice"),
    ("moved", "Moved to another time"),
    ("moved_short_notice", "Moved with less than 24 hours' notice"),
    ("no_access", "Nobody in when the worker came"),
]


def period_bounds(
    period_start: datetime.date, period_end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware datetimes: [first day 00:00, day after the last day 00:00)."""
    start = timezone.make_aware(datetime.datetime.combine(period_start, datetime.time.min))
    end_day = period_end + datetime.timedelta(days=1)
    end = timezone.make_aware(datetime.datetime.combine(end_day, datetime.time.min))
    return start, end


def _visit_counts(now: datetime.datetime) -> dict[str, Any]:
    short = Q(cancelled_at__gt=F("starts_at") - SHORT_NOTICE)
    late = Q(outcome=Outcome.LATE)
    cancelled = Q(outcome=Outcome.CANCELLED)
    counts: dict[str, Any] = {
        "planned": Count("id"),
        "on_time": Count("id", filter=Q(outcome=Outcome.ON_TIME)),
        "late": Count("id", filter=late),
        "cancelled": Count("id", filter=cancelled),
        "cancelled_short_notice": Count("id", filter=cancelled & short),
        "no_access": Count("id", filter=Q(outcome=Outcome.NO_ACCESS)),
        "not_recorded": Count("id", filter=Q(outcome=Outcome.PLANNED, starts_at__lt=now)),
        "to_come": Count("id", filter=Q(outcome=Outcome.PLANNED, starts_at__gte=now)),
    }
    for side in Side:
        by_side = Q(late_caused_by=side)
        counts[f"{side}__late"] = Count("id", filter=late & by_side)
        counts[f"{side}__late_minutes"] = Sum("late_minutes", filter=late & by_side, default=0)
        cancelled_by = cancelled & Q(cancelled_by=side)
        counts[f"{side}__cancelled"] = Count("id", filter=cancelled_by)
        counts[f"{side}__cancelled_short_notice"] = Count("id", filter=cancelled_by & short)
    return counts


def _move_counts() -> dict[str, Any]:
    short = Q(moved_at__gt=F("from_starts_at") - SHORT_NOTICE)
    counts: dict[str, Any] = {
        "moved": Count("id"),
        "moved_short_notice": Count("id", filter=short),
    }
    for side in Side:
        counts[f"{side}__moved"] = Count("id", filter=Q(asked_by=side))
        counts[f"{side}__moved_short_notice"] = Count("id", filter=Q(asked_by=side) & short)
    return counts


def _figures(
    row: Mapping[str, Any],
    moves: Mapping[str, Any],
    period_start: datetime.date,
    period_end: datetime.date,
) -> Figures:
    def side(name: str) -> SideFigures:
        return SideFigures(
            late=row.get(f"{name}__late", 0),
            late_minutes=row.get(f"{name}__late_minutes", 0) or 0,
            cancelled=row.get(f"{name}__cancelled", 0),
            cancelled_short_notice=row.get(f"{name}__cancelled_short_notice", 0),
            moved=moves.get(f"{name}__moved", 0),
            moved_short_notice=moves.get(f"{name}__moved_short_notice", 0),
            no_access=row.get("no_access", 0) if name == Side.FAMILY else 0,
        )

    return Figures(
        period_start=period_start,
        period_end=period_end,
        planned=row.get("planned", 0),
        kept=row.get("on_time", 0) + row.get("late", 0),
        on_time=row.get("on_time", 0),
        late=row.get("late", 0),
        cancelled=row.get("cancelled", 0),
        cancelled_short_notice=row.get("cancelled_short_notice", 0),
        moved=moves.get("moved", 0),
        moved_short_notice=moves.get("moved_short_notice", 0),
        no_access=row.get("no_access", 0),
        not_recorded=row.get("not_recorded", 0),
        to_come=row.get("to_come", 0),
        worker=side(Side.WORKER),
        family=side(Side.FAMILY),
        other=side(Side.OTHER),
    )


def _in_period(
    visits: QuerySet[Visit], period_start: datetime.date, period_end: datetime.date
) -> tuple[QuerySet[Visit], QuerySet[VisitMove]]:
    start, end = period_bounds(period_start, period_end)
    visits = visits.order_by().filter(unplanned=False)
    due = visits.filter(starts_at__gte=start, starts_at__lt=end)
    moves = VisitMove.objects.filter(
        visit__in=visits.values("id"), from_starts_at__gte=start, from_starts_at__lt=end
    ).order_by()
    return due, moves


def reliability(
    visits_queryset: QuerySet[Visit], *, period_start: datetime.date, period_end: datetime.date
) -> Figures:
    """The figures for these visits over the period (both days included). Two queries."""
    due, moves = _in_period(visits_queryset, period_start, period_end)
    row = due.aggregate(**_visit_counts(timezone.now()))
    moved = moves.aggregate(**_move_counts())
    return _figures(row, moved, period_start, period_end)


def reliability_grouped(
    visits_queryset: QuerySet[Visit],
    *,
    by: GroupBy,
    period_start: datetime.date,
    period_end: datetime.date,
    keys: Iterable[int] = (),
) -> dict[int, Figures]:
    """The same figures per worker, per case or per worker's team. Two queries.

    ``keys`` are included with zero figures when they had no visits in the period.
    """
    key = _GROUP_FIELDS[by]
    due, moves = _in_period(visits_queryset, period_start, period_end)
    rows = {
        row["key"]: row for row in due.values(key=F(key)).annotate(**_visit_counts(timezone.now()))
    }
    moved = {
        row["key"]: row for row in moves.values(key=F(f"visit__{key}")).annotate(**_move_counts())
    }
    wanted = set(keys) | set(rows) | set(moved)
    wanted.discard(None)  # type: ignore[arg-type]
    return {
        k: _figures(rows.get(k, {}), moved.get(k, {}), period_start, period_end) for k in wanted
    }
