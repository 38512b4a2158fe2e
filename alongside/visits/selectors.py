"""Reading visits: a case's visits, a family's coming visits, and reliability per worker,
team and family. Every function runs a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from alongside.accounts.models import Role, Team, User
from alongside.cases.models import FamilyAccess
from alongside.journey.models import ChildProtectionPlan
from alongside.messaging.models import Channel
from alongside.people.codes import Weekday
from alongside.people.models import Person, Relationship
from alongside.people.selectors import contact_route
from alongside.policy import CASEWORK_ROLES
from alongside.timescales.calendar import add_months, add_working_days
from alongside.visits.models import Outcome, Visit
from alongside.visits.reliability import Figures, period_bounds, reliability, reliability_grouped

if TYPE_CHECKING:
    from alongside.cases.models import Case

DEFAULT_PERIOD_MONTHS = 3
RECENT_CANCELLATIONS = datetime.timedelta(days=14)
STARTED_GRACE = datetime.timedelta(minutes=5)
NEXT_VISIT_WEEKS = 4
WEEKDAYS = [day.value for day in Weekday]  # Monday first, as date.weekday() counts


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last 3 months up to and including today."""
    today = today or timezone.localdate()
    return add_months(today, -DEFAULT_PERIOD_MONTHS) + datetime.timedelta(days=1), today


def family_days(case: Case) -> set[str]:
    """The days the child or a parent with parental responsibility said suit them (one query)."""
    parents = Relationship.objects.filter(
        to_person_id=case.child_id, parental_responsibility=True, ended_on__isnull=True
    ).values("from_person_id")
    days: set[str] = set()
    for stated in Person.objects.filter(Q(pk=case.child_id) | Q(pk__in=parents)).values_list(
        "contact_days", flat=True
    ):
        days.update(stated or [])
    return days


@dataclass(frozen=True)
class Recipient:
    """One family member to tell about a visit, and where."""

    name: str
    channel: Channel
    address: str
    user: User | None


def visit_recipients(case: Case) -> list[Recipient]:
    """Who to tell about a visit: each parent with parental responsibility and everyone who
    can see the case in the portal, once each, by the channel they chose. Two queries.
    """
    parents = Person.objects.filter(
        pk__in=Relationship.objects.filter(
            to_person_id=case.child_id, parental_responsibility=True, ended_on__isnull=True
        ).values("from_person_id"),
        archived_at__isnull=True,
    ).select_related("account")
    grants = FamilyAccess.objects.filter(case=case, revoked_at__isnull=True).select_related(
        "person__account"
    )
    found: dict[str, Recipient] = {}
    for person in [*parents, *(grant.person for grant in grants)]:
        user = getattr(person, "account", None)
        route = contact_route(person, user)
        if route is None:
            continue
        channel, address = route
        first = person.preferred_name or person.first_names.split(" ")[0]
        found.setdefault(address.lower(), Recipient(first, channel, address, user))
    return list(found.values())


def family_contact_times(case: Case) -> list[tuple[str, list[str], str]]:
    """Each of the child and their parents who said when suits them: name, days, times."""
    parents = Relationship.objects.filter(
        to_person_id=case.child_id, parental_responsibility=True, ended_on__isnull=True
    ).values("from_person_id")
    people = Person.objects.filter(Q(pk=case.child_id) | Q(pk__in=parents)).order_by(
        "last_name", "first_names"
    )
    return [
        (person.display_name, list(person.contact_days), person.contact_times)
        for person in people
        if person.contact_days or person.contact_times
    ]


def visits_for_case(case: Case) -> list[Visit]:
    """Every visit on a case, newest first, with the worker and whoever recorded it."""
    return list(
        Visit.objects.filter(case=case)
        .select_related("worker", "recorded_by", "case__team")
        .order_by("-starts_at", "-id")
    )


def visit_for_case(case: Case, visit_id: int) -> Visit | None:
    return (
        Visit.objects.filter(case=case, pk=visit_id)
        .select_related("worker", "case__child", "case__team")
        .first()
    )


def visits_for_family(case: Case) -> list[Visit]:
    """What the family should know is coming: planned visits ahead, and recent cancellations."""
    now = timezone.now()
    return list(
        Visit.objects.filter(case=case, ends_at__gte=now)
        .filter(
            Q(outcome=Outcome.PLANNED)
            | Q(outcome=Outcome.CANCELLED, cancelled_at__gte=now - RECENT_CANCELLATIONS)
        )
        .select_related("worker", "case__team")
        .order_by("starts_at", "id")
    )


def next_visits_for_cases(case_ids: list[int]) -> dict[int, Visit]:
    """Each case's next planned visit (not yet ended), in one query: for pages listing many cases."""
    visits = (
        Visit.objects.filter(
            case_id__in=case_ids, outcome=Outcome.PLANNED, ends_at__gte=timezone.now()
        )
        .select_related("worker", "case__team")
        .order_by("case_id", "starts_at", "id")
        .distinct("case_id")
    )
    return {visit.case_id: visit for visit in visits}


def team_ids_for(user: Any) -> list[int]:
    """The teams a manager manages (their own included); a worker's own team."""
    ids = set(user.managed_teams.values_list("id", flat=True))
    if user.team_id:
        ids.add(user.team_id)
    return sorted(ids)


@dataclass(frozen=True)
class TeamFigures:
    team: Team
    totals: Figures
    workers: list[tuple[User, Figures]]


def reliability_for_teams(
    team_ids: list[int], *, period_start: datetime.date, period_end: datetime.date
) -> list[TeamFigures]:
    """Every current caseworker in these teams with their figures, and each team's totals.

    A team's totals are the visits made by its current members. Six queries.
    """
    teams = list(Team.objects.filter(pk__in=team_ids).order_by("name"))
    workers = list(
        User.objects.filter(team_id__in=team_ids, role__in=CASEWORK_ROLES, is_active=True).order_by(
            "full_name"
        )
    )
    worker_ids = [w.pk for w in workers]
    visits = Visit.objects.filter(worker__in=worker_ids)
    by_worker = reliability_grouped(
        visits, by="worker", period_start=period_start, period_end=period_end, keys=worker_ids
    )
    by_team = reliability_grouped(
        visits, by="team", period_start=period_start, period_end=period_end, keys=team_ids
    )
    return [
        TeamFigures(
            team=team,
            totals=by_team[team.pk],
            workers=[(w, by_worker[w.pk]) for w in workers if w.team_id == team.pk],
        )
        for team in teams
    ]


def reliability_for_worker(
    worker: User, *, period_start: datetime.date, period_end: datetime.date
) -> Figures:
    """Every visit this worker was down for, wherever the family. Two queries."""
    return reliability(
        Visit.objects.filter(worker=worker), period_start=period_start, period_end=period_end
    )


def reliability_for_case(
    case: Case, *, period_start: datetime.date, period_end: datetime.date
) -> Figures:
    """This family's visits, both sides. Two queries."""
    return reliability(
        Visit.objects.filter(case=case), period_start=period_start, period_end=period_end
    )


def reliability_of_case_workers(
    case: Case, *, period_start: datetime.date, period_end: datetime.date
) -> list[tuple[User, Figures]]:
    """The family's workers (the allocated one and anyone down for a visit in the period),
    each with their figures across every family they visit. Three queries."""
    start, end = period_bounds(period_start, period_end)
    on_case = Visit.objects.filter(case=case, starts_at__gte=start, starts_at__lt=end)
    figures = reliability_grouped(
        Visit.objects.filter(Q(worker_id=case.worker_id) | Q(worker__in=on_case.values("worker"))),
        by="worker",
        period_start=period_start,
        period_end=period_end,
        keys=[case.worker_id] if case.worker_id else [],
    )
    workers = User.objects.filter(pk__in=list(figures)).order_by("full_name")
    return [(worker, figures[worker.pk]) for worker in workers]


def is_manager(user: Any) -> bool:
    return bool(user.role == Role.TEAM_MANAGER)


def next_visits_for_family(case_ids: list[int]) -> dict[int, Visit]:
    """The next planned visit on each case, for the family's home page: one query for any number."""
    now = timezone.now()
    visits = (
        Visit.objects.filter(case_id__in=case_ids, outcome=Outcome.PLANNED, ends_at__gte=now)
        .select_related("worker", "case__team")
        .order_by("case_id", "starts_at", "id")
        .distinct("case_id")
    )
    return {visit.case_id: visit for visit in visits}


def visits_awaiting_outcome(case: Case) -> list[Visit]:
    """Planned visits that have started and wait to be recorded, the latest start first."""
    return list(
        Visit.objects.filter(
            case=case, outcome=Outcome.PLANNED, starts_at__lte=timezone.now() + STARTED_GRACE
        )
        .select_related("worker", "case__team")
        .order_by("-starts_at", "-id")
    )


def next_visit_after(
    after: datetime.datetime,
    *,
    every_working_days: int | None,
    family_days: set[str] | frozenset[str] = frozenset(),
) -> datetime.datetime:
    """When the next visit falls due, at the same time of day.

    On a child protection plan, the plan's number of working days after this visit
    (counted on from today instead when that would not be in the future), moved back
    to the nearest day the family said suits them; otherwise the same weekday four
    weeks on, moved forward to the nearest day the family gave.
    """
    local = timezone.localtime(after)
    today = timezone.localdate()
    if every_working_days:
        day = add_working_days(local.date(), every_working_days)
        if day <= today:
            day = add_working_days(today, every_working_days)
        day = _family_day(day, family_days, step=-1, after=today)
    else:
        day = local.date() + datetime.timedelta(weeks=NEXT_VISIT_WEEKS)
        while day <= today:
            day += datetime.timedelta(weeks=NEXT_VISIT_WEEKS)
        day = _family_day(day, family_days, step=1, after=today)
    return timezone.make_aware(datetime.datetime.combine(day, local.time().replace(tzinfo=None)))


def _family_day(
    day: datetime.date, days: set[str] | frozenset[str], *, step: int, after: datetime.date
) -> datetime.date:
    """The nearest day, going by ``step``, on a weekday the family gave and after ``after``."""
    for n in range(7):
        candidate = day + datetime.timedelta(days=n * step)
        if candidate > after and WEEKDAYS[candidate.weekday()] in days:
            return candidate
    return day


def protection_plan_visit_every(case: Case) -> int | None:
    """How often, in working days, the child's current protection plan says to visit (one query)."""
    return (
        ChildProtectionPlan.objects.filter(referral__case=case, ended_on__isnull=True)
        .order_by("-started_on")
        .values_list("visit_every_working_days", flat=True)
        .first()
    )
