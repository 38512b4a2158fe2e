"""Work lists: everything due or overdue across a set of cases, soonest first.

One list joins the two kinds of thing a worker can let slip: the statutory clocks
(``journey.deadlines``, computed from what was recorded) and open promises on the
cases (``plans.Commitment``), the family's and the professionals' alike. A worker's
*My work* shows it for their caseload; a manager's team view shows it across their
teams, filtered by worker, stage and status, with overdue counts per worker. Both
take a fixed number of queries whatever the number of cases.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils import timezone

from alongside.accounts.models import User
from alongside.cases.models import Case
from alongside.journey.deadlines import deadlines_for_cases
from alongside.plans.models import Commitment, CommitmentStatus, OwnerKind
from alongside.timescales.engine import OPEN_STATUSES, Deadline, Status, status_for

# A promise is "due soon" within this many working days, as a statutory clock is by default.
PROMISE_DUE_SOON_WORKING_DAYS = 2
# Open items further ahead than this are left for later lists (they are not yet "due").
HORIZON_DAYS = 28

STATUS_WORDS = {
    Status.OVERDUE: "Overdue",
    Status.DUE_SOON: "Due soon",
    Status.DUE: "Due",
}


@dataclass(frozen=True)
class DueItem:
    case: Case
    what: str
    kind: str  # "deadline" (a statutory clock) or "promise" (a commitment)
    due_on: datetime.date
    status: Status
    whose: str  # who must do it: the case's worker, a named professional, or the family

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]


def due_items(
    cases: Sequence[Case],
    *,
    today: datetime.date | None = None,
    horizon_days: int = HORIZON_DAYS,
    deadlines: Mapping[int, list[Deadline]] | None = None,
) -> list[DueItem]:
    """Every open clock and promise on these cases due within the horizon, soonest first.

    ``cases`` should have ``worker`` and ``child`` loaded. Three queries for the clocks
    (see ``deadlines_for_cases``; none if the caller passes them) and one for the promises.
    """
    day = today or timezone.localdate()
    last = day + datetime.timedelta(days=horizon_days)
    by_id = {case.pk: case for case in cases}
    items: list[DueItem] = []
    if deadlines is None:
        deadlines = deadlines_for_cases(cases, today=day)
    for case_id, open_deadlines in deadlines.items():
        case = by_id[case_id]
        whose = case.worker.full_name if case.worker else "Not allocated"
        items.extend(
            DueItem(case, d.rule_name, "deadline", d.due_on, d.status, whose)
            for d in open_deadlines
            if d.status in OPEN_STATUSES and d.due_on <= last
        )
    promises = Commitment.objects.filter(
        case_id__in=list(by_id), status=CommitmentStatus.OPEN, due_on__lte=last
    ).select_related("owner_user", "owner_person")
    for promise in promises:
        if promise.owner_kind == OwnerKind.FAMILY and promise.owner_person is not None:
            whose = f"{promise.owner_person.display_name} (family)"
        elif promise.owner_user is not None:
            whose = promise.owner_user.full_name
        else:
            whose = "Not set"
        status = status_for(promise.due_on, None, day, PROMISE_DUE_SOON_WORKING_DAYS)
        items.append(
            DueItem(by_id[promise.case_id], promise.title, "promise", promise.due_on, status, whose)
        )
    items.sort(key=lambda i: (i.due_on, i.case.reference, i.kind, i.what))
    return items


@dataclass(frozen=True)
class WorkerCount:
    worker_id: int | None
    name: str
    overdue: int
    due_soon: int


def counts_per_worker(items: Sequence[DueItem], workers: Sequence[User]) -> list[WorkerCount]:
    """Overdue and due-soon counts for each worker's cases (every worker listed, even at 0)."""
    overdue: Counter[int | None] = Counter()
    soon: Counter[int | None] = Counter()
    for item in items:
        key = item.case.worker_id
        if item.status == Status.OVERDUE:
            overdue[key] += 1
        elif item.status == Status.DUE_SOON:
            soon[key] += 1
    rows = [WorkerCount(w.pk, w.full_name, overdue[w.pk], soon[w.pk]) for w in workers]
    if overdue[None] or soon[None]:
        rows.append(WorkerCount(None, "Not allocated", overdue[None], soon[None]))
    return sorted(rows, key=lambda r: (-r.overdue, -r.due_soon, r.name))
