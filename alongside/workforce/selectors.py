"""Reading caseloads, preferences, handovers and change-of-worker requests.

Caseload lists load in a fixed number of queries whatever the number of workers
and cases: the limits, the weights, the workers, and one grouped count of their
open cases.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from alongside.accounts.models import Role, Team, User
from alongside.cases.models import (
    Allocation,
    Case,
    CaseType,
    CaseTypeMark,
    FamilyAccess,
    Stage,
)
from alongside.messaging.models import Channel
from alongside.people.models import Person, Relationship
from alongside.people.selectors import contact_route
from alongside.timescales.calendar import add_months, add_working_days
from alongside.workforce.models import (
    AllocationDecision,
    CaseloadLimit,
    CaseWeight,
    HandoverPack,
    Level,
    WorkerChangeRequest,
)

CASEWORKERS = (Role.SOCIAL_WORKER, Role.FAMILY_SUPPORT_WORKER, Role.TEAM_MANAGER)
# Used only if the configuration rows are missing (they are loaded by a data migration).
FALLBACK_WARNING = Decimal(15)
FALLBACK_STOP = Decimal(20)
FALLBACK_WEIGHT = Decimal(1)
# Staff in England all work in English, so a wish for an English speaker is always met.
EVERYONE_SPEAKS = frozenset({"english"})
CHANGE_REQUEST_WORKING_DAYS = 10


# --- Weights and limits ---------------------------------------------------------------------


def units_text(value: Decimal) -> str:
    """Weighted units as people write them: 12, 12.5, 12.25."""
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class Limits:
    warning_above: Decimal
    stop_above: Decimal
    restricted_extra: Decimal
    weights: dict[str, Decimal]
    # What each case type in use adds, by its id; a type no longer used adds nothing.
    type_weights: dict[int, Decimal] = field(default_factory=dict)

    def weight_of(self, stage: str, is_restricted: bool, type_ids: Iterable[int] = ()) -> Decimal:
        weight = self.weights.get(stage, FALLBACK_WEIGHT)
        weight += sum((self.type_weights.get(pk, Decimal(0)) for pk in type_ids), Decimal(0))
        return weight + (self.restricted_extra if is_restricted else Decimal(0))

    def level_of(self, units: Decimal) -> Level:
        if units > self.stop_above:
            return Level.STOP
        if units > self.warning_above:
            return Level.WARNING
        return Level.WITHIN


def caseload_limits() -> Limits:
    """The limits, the weight of each stage and of each case type in use: three queries."""
    row = CaseloadLimit.objects.filter(name="default").first()
    weights = dict(CaseWeight.objects.values_list("stage", "weight"))
    types = dict(CaseType.objects.filter(is_active=True).values_list("pk", "weight"))
    if row is None:
        return Limits(FALLBACK_WARNING, FALLBACK_STOP, Decimal(0), weights, types)
    return Limits(row.warning_above, row.stop_above, row.restricted_extra, weights, types)


def case_types_in_use() -> QuerySet[CaseType]:
    return CaseType.objects.filter(is_active=True).order_by("name")


def case_types_for(case_ids: Iterable[int]) -> dict[int, list[CaseType]]:
    """The current types of each of these cases, by case id, in one query."""
    found: dict[int, list[CaseType]] = defaultdict(list)
    marks = (
        CaseTypeMark.objects.filter(case_id__in=list(case_ids), ended_at__isnull=True)
        .select_related("case_type")
        .order_by("case_type__name")
    )
    for mark in marks:
        found[mark.case_id].append(mark.case_type)
    return found


def weights_for_display(limits: Limits) -> list[tuple[str, str]]:
    """Each open stage and what a case at it counts, in the order of the journey."""
    return [
        (label, units_text(limits.weights.get(value, FALLBACK_WEIGHT)))
        for value, label in Stage.choices
        if value != Stage.CLOSED
    ]


def case_units(case: Case, limits: Limits | None = None) -> Decimal:
    """How much this case counts towards its worker's caseload."""
    limits = limits or caseload_limits()
    types = case_types_for([case.pk]).get(case.pk, [])
    return limits.weight_of(case.stage, case.is_restricted, [t.pk for t in types])


@dataclass
class Caseload:
    worker: User
    cases: int
    units: Decimal
    level: Level

    @property
    def units_text(self) -> str:
        return units_text(self.units)

    @property
    def is_warning(self) -> bool:
        return self.level == Level.WARNING

    @property
    def is_stop(self) -> bool:
        return self.level == Level.STOP


def caseloads_for(workers: Sequence[User], limits: Limits | None = None) -> list[Caseload]:
    """Each worker's open cases and weighted units, in two queries (plus three for the limits).

    One grouped count of the open cases by stage and restriction, one of their case types.
    """
    limits = limits or caseload_limits()
    ids = [worker.pk for worker in workers]
    counts: dict[int, int] = defaultdict(int)
    units: dict[int, Decimal] = defaultdict(Decimal)
    grouped = (
        Case.objects.filter(closed_on__isnull=True, worker_id__in=ids)
        .values_list("worker_id", "stage", "is_restricted")
        .annotate(n=Count("id"))
        .order_by()
    )
    for worker_id, stage, is_restricted, n in grouped:
        counts[worker_id] += n
        units[worker_id] += limits.weight_of(stage, is_restricted) * n
    typed = (
        CaseTypeMark.objects.filter(
            ended_at__isnull=True, case__closed_on__isnull=True, case__worker_id__in=ids
        )
        .values_list("case__worker_id", "case_type_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for worker_id, type_id, n in typed:
        units[worker_id] += limits.type_weights.get(type_id, Decimal(0)) * n
    return [Caseload(w, counts[w.pk], units[w.pk], limits.level_of(units[w.pk])) for w in workers]


def worker_caseload(worker: User, limits: Limits | None = None) -> Caseload:
    return caseloads_for([worker], limits)[0]


def team_workers(team_ids: Iterable[int]) -> QuerySet[User]:
    """Active caseworking staff of these teams, by team then name."""
    return (
        User.objects.filter(team_id__in=list(team_ids), role__in=CASEWORKERS, is_active=True)
        .select_related("team")
        .order_by("team__name", "full_name")
    )


def team_caseloads(team: Team, limits: Limits | None = None) -> list[Caseload]:
    """The weighted caseload of every worker in the team: six queries in all."""
    return caseloads_for(list(team_workers([team.pk])), limits)


def team_open_cases(team_ids: Iterable[int]) -> QuerySet[Case]:
    """The teams' open cases, unallocated first, for the allocation list."""
    return (
        Case.objects.filter(team_id__in=list(team_ids), closed_on__isnull=True)
        .select_related("child", "worker", "team")
        .order_by(
            ExpressionWrapper(Q(worker__isnull=True), output_field=BooleanField()).desc(),
            "child__last_name",
            "id",
        )
    )


def open_cases_by_id(case_ids: Iterable[int]) -> QuerySet[Case]:
    """These cases, with what the allocation list shows of each (ids already allowed).

    Only the columns the list shows and weighs are read: a page of 50 cases with their
    children, workers and teams was otherwise about 200 whole rows.
    """
    return (
        Case.objects.filter(pk__in=list(case_ids))
        .select_related("child", "worker", "team")
        .only(
            "reference",
            "stage",
            "is_restricted",
            "child_id",
            "worker_id",
            "team_id",
            "child__first_names",
            "child__last_name",
            "child__preferred_name",
            "worker__full_name",
            "team__name",
        )
    )


# --- What the family asked for ----------------------------------------------------------------


@dataclass(frozen=True)
class Preference:
    """One wish about the worker, said as a sentence: "Aisha would like a worker who is a woman"."""

    person: str
    relation: str
    kind: str  # "gender" or "language"
    value: str

    @property
    def wish(self) -> str:
        if self.kind == "gender":
            return f"a worker who is a {self.value}"
        return f"a worker who speaks {self.value}"

    @property
    def text(self) -> str:
        return f"{self.person} ({self.relation}) would like {self.wish}"

    def met_by(self, worker: User) -> bool:
        if self.kind == "gender":
            return worker.gender == self.value
        wanted = self.value.strip().lower()
        spoken = {language.strip().lower() for language in worker.languages}
        return wanted in EVERYONE_SPEAKS or wanted in spoken


def family_people(case: Case) -> list[tuple[Person, str]]:
    """The child and each person with parental responsibility for them, with who they are."""
    child = case.child
    people: list[tuple[Person, str]] = [(child, "the child")]
    parents = Person.objects.filter(
        id__in=Relationship.objects.filter(
            to_person=child, parental_responsibility=True, ended_on__isnull=True
        ).values("from_person_id"),
        archived_at__isnull=True,
    ).order_by("last_name", "first_names")
    people.extend((parent, "parent") for parent in parents)
    return people


def worker_preferences(case: Case) -> list[Preference]:
    """What the child and their parents asked for in a worker."""
    wishes: list[Preference] = []
    for person, relation in family_people(case):
        if person.preferred_worker_gender:
            wishes.append(
                Preference(person.display_name, relation, "gender", person.preferred_worker_gender)
            )
        if person.preferred_worker_language.strip():
            wishes.append(
                Preference(
                    person.display_name,
                    relation,
                    "language",
                    person.preferred_worker_language.strip(),
                )
            )
    return wishes


@dataclass
class WorkerMatch:
    """A worker for the allocation form: their caseload now and after, and the family's wishes."""

    caseload: Caseload
    units_after: Decimal
    level_after: Level
    met: list[Preference] = field(default_factory=list)
    unmet: list[Preference] = field(default_factory=list)

    @property
    def worker(self) -> User:
        return self.caseload.worker

    @property
    def after_text(self) -> str:
        return units_text(self.units_after)


def worker_matches(
    case: Case, workers: Sequence[User], limits: Limits | None = None
) -> list[WorkerMatch]:
    """Each possible worker for this case, with their caseload after it and the wishes they meet."""
    limits = limits or caseload_limits()
    wishes = worker_preferences(case)
    weight = case_units(case, limits)
    matches = []
    for load in caseloads_for(workers, limits):
        after = load.units if case.worker_id == load.worker.pk else load.units + weight
        matches.append(
            WorkerMatch(
                caseload=load,
                units_after=after,
                level_after=limits.level_of(after),
                met=[w for w in wishes if w.met_by(load.worker)],
                unmet=[w for w in wishes if not w.met_by(load.worker)],
            )
        )
    return matches


def previous_worker(case: Case) -> User | None:
    """The worker now, or the last one the case had if it is waiting for a worker."""
    if case.worker_id is not None:
        return case.worker
    last = (
        Allocation.objects.filter(case=case, worker__isnull=False)
        .select_related("worker")
        .order_by("-started_on", "-id")
        .first()
    )
    return last.worker if last else None


# --- Handover -----------------------------------------------------------------------------------


def latest_handover(case: Case) -> HandoverPack | None:
    return (
        HandoverPack.objects.filter(case=case)
        .select_related("from_worker", "to_worker", "acknowledged_by", "decision")
        .order_by("-assembled_at", "-id")
        .first()
    )


def handover_pending(*, case: Case, worker: Any) -> bool:
    """True while this worker has been handed this case and has not yet read the handover pack.

    Visits ask this before an outcome is recorded: the new worker reads the
    family's story before the first visit.
    """
    latest = (
        HandoverPack.objects.filter(case=case)
        .order_by("-assembled_at", "-id")
        .values_list("to_worker_id", "acknowledged_at")
        .first()
    )
    if latest is None:
        return False
    to_worker_id, acknowledged_at = latest
    return to_worker_id == getattr(worker, "pk", None) and acknowledged_at is None


def handovers_to_read(worker: Any) -> QuerySet[HandoverPack]:
    """Handover packs given to this worker that they have not read, on cases they still hold."""
    return (
        HandoverPack.objects.filter(
            to_worker=worker, acknowledged_at__isnull=True, case__worker=worker
        )
        .select_related("case", "case__child", "from_worker")
        .order_by("assembled_at")
    )


def latest_allocation_decision(case: Case) -> AllocationDecision | None:
    return (
        AllocationDecision.objects.filter(case=case)
        .select_related("to_worker", "to_worker__team", "family_entry", "team")
        .order_by("-created_at", "-id")
        .first()
    )


# --- How many workers a child has had --------------------------------------------------------


def _window_start(today: datetime.date | None) -> datetime.date:
    return add_months(today or timezone.localdate(), -12)


def workers_in_last_12_months(case: Case, *, today: datetime.date | None = None) -> int:
    """How many different workers the child has had in the last 12 months, on any of their cases."""
    day = today or timezone.localdate()
    return (
        Allocation.objects.filter(case__child_id=case.child_id, worker__isnull=False)
        .filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=_window_start(day)))
        .values("worker_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class TeamChanges:
    children: int
    two_or_more: int
    changes_by_case: dict[int, int]


# Each allocation is marked, when it is written, if it changed the child's worker (across all
# of the child's cases: cases.models.worker_changes_sql). A case's count is the marked
# allocations of its child started since the window began: an index lookup a case, so a team's
# thousands of allocations are never read, sorted or sent to Python. The team's figures come
# back as two numbers, and the counts only of the cases asked for (a page of the list).
_TEAM_CHANGES = """
SELECT count(*), count(*) FILTER (WHERE n >= 2),
       coalesce(json_object_agg(id, n) FILTER (WHERE id = ANY(%(cases)s)), '{}')
  FROM (SELECT o.id,
               (SELECT count(*)
                  FROM cases_case c JOIN cases_allocation a ON a.case_id = c.id
                 WHERE c.child_id = o.child_id AND a.changes_worker
                   AND a.started_on >= %(since)s) AS n
          FROM cases_case o
         WHERE o.team_id = ANY(%(teams)s) AND o.closed_on IS NULL) AS counted
"""


def team_worker_changes(
    team_ids: Iterable[int],
    *,
    case_ids: Iterable[int] = (),
    today: datetime.date | None = None,
) -> TeamChanges:
    """For the teams' open cases: how many children had 2 or more changes of worker in 12
    months, and the count of each of ``case_ids``. One query, whatever the number of cases.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            _TEAM_CHANGES,
            {
                "teams": sorted(set(team_ids)),
                "cases": sorted(set(case_ids)),
                "since": _window_start(today),
            },
        )
        children, two_or_more, counts = cursor.fetchone()
    if isinstance(counts, str):
        counts = json.loads(counts)
    return TeamChanges(
        children=children,
        two_or_more=two_or_more,
        changes_by_case={int(pk): n for pk, n in counts.items()},
    )


# --- Change-of-worker requests ------------------------------------------------------------------


def change_requests_for_teams(team_ids: Iterable[int]) -> QuerySet[WorkerChangeRequest]:
    """Requests on the teams' cases: unanswered first, then by the date the reply is due."""
    return (
        WorkerChangeRequest.objects.filter(case__team_id__in=list(team_ids))
        .select_related("case", "case__child", "raised_by", "worker", "decided_by")
        .order_by("decision", "due_on", "id")
    )


def change_requests_waiting(team_ids: Iterable[int], visible: QuerySet[Any]) -> tuple[int, int]:
    """How many requests on the teams' cases (those in ``visible``) wait for an answer, and
    how many of those are past the date the answer was due: one query."""
    counted = (
        WorkerChangeRequest.objects.filter(
            case__team_id__in=list(team_ids), decision="", case__in=visible
        )
        .order_by()
        .aggregate(
            waiting=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate()))
        )
    )
    return counted["waiting"], counted["overdue"]


def change_requests_for_case(case: Case) -> QuerySet[WorkerChangeRequest]:
    return (
        WorkerChangeRequest.objects.filter(case=case)
        .select_related("raised_by", "decided_by", "worker")
        .order_by("-raised_at", "-id")
    )


def change_request_due_on(raised_on: datetime.date) -> datetime.date:
    """A manager answers a request for a different worker within 10 working days."""
    return add_working_days(raised_on, CHANGE_REQUEST_WORKING_DAYS)


# --- Who in the family we tell --------------------------------------------------------------


@dataclass(frozen=True)
class FamilyContact:
    """One family member to tell, where, and how they like things written."""

    name: str
    channel: Channel
    address: str
    user: User | None
    formats: tuple[str, ...]
    language: str


def _contact(person: Person, user: User | None) -> FamilyContact | None:
    route = contact_route(person, user)
    if route is None:
        return None
    channel, address = route
    first = person.preferred_name or person.first_names.split(" ")[0]
    return FamilyContact(
        first, channel, address, user, tuple(person.preferred_formats), person.first_language
    )


def _account(person: Person) -> User | None:
    try:
        return person.account
    except User.DoesNotExist:
        return None


def family_contacts(case: Case, *, also: User | None = None) -> list[FamilyContact]:
    """Everyone to tell about the child's worker: each parent with parental responsibility,
    everyone who can see the case in the portal, and ``also`` (who asked), once each."""
    parents = Person.objects.filter(
        id__in=Relationship.objects.filter(
            to_person_id=case.child_id, parental_responsibility=True, ended_on__isnull=True
        ).values("from_person_id"),
        archived_at__isnull=True,
    ).select_related("account")
    grants = FamilyAccess.objects.filter(case=case, revoked_at__isnull=True).select_related(
        "person", "person__account"
    )
    people = [*parents, *(grant.person for grant in grants)]
    if also is not None and also.person is not None:
        people.append(also.person)
    found: dict[str, FamilyContact] = {}
    for person in people:
        contact = _contact(person, _account(person))
        if contact is not None and contact.address.lower() not in found:
            found[contact.address.lower()] = contact
    return list(found.values())
