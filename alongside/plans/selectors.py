"""Reading commitments: the plan both ways, and what is overdue for a worker or a team.

Every list here loads its commitments with their owners, case and child in a
fixed number of queries, however many there are. Overdue is worked out the same
way for a professional's promise and a family's task: open and past its due date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as CaseWhen
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from alongside import policy
from alongside.accounts.models import STAFF_ROLES, User
from alongside.cases.models import Case, SupporterScope
from alongside.journey.models import ChildInNeedPlan, ChildProtectionPlan, EarlyHelpEpisode
from alongside.people.codes import RelationshipKind
from alongside.people.models import Person
from alongside.people.selectors import network_of
from alongside.plans.models import Commitment, CommitmentAudience, CommitmentStatus, OwnerKind

# "<them> is <kind> <child>", said as what they are to the child.
TO_CHILD = {
    RelationshipKind.PARENT: "parent",
    RelationshipKind.STEP_PARENT: "step-parent",
    RelationshipKind.SIBLING: "brother or sister",
    RelationshipKind.GRANDPARENT: "grandparent",
    RelationshipKind.AUNT_UNCLE: "aunt or uncle",
    RelationshipKind.PARTNER_OF_PARENT: "parent's partner",
    RelationshipKind.FRIEND: "friend",
    RelationshipKind.LIVES_WITH: "lives with them",
    RelationshipKind.SUPPORTS: "supporter",
}
# "<child> is <kind> <them>": the other way round.
FROM_CHILD = {
    RelationshipKind.PARENT: "child",
    RelationshipKind.STEP_PARENT: "step-child",
    RelationshipKind.SIBLING: "brother or sister",
    RelationshipKind.GRANDPARENT: "grandchild",
    RelationshipKind.FRIEND: "friend",
    RelationshipKind.LIVES_WITH: "lives with them",
}


def _loaded(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return commitments.select_related(
        "case", "case__child", "case__team", "owner_user", "owner_person", "entry"
    )


def _open_first(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return commitments.annotate(
        finished=CaseWhen(
            When(status=CommitmentStatus.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("finished", "due_on", "id")


def commitments_for_case(case: Case) -> QuerySet[Commitment]:
    """Every commitment on the case, open ones first, soonest due first."""
    return _open_first(_loaded(Commitment.objects.filter(case=case)))


def open_commitments(case: Case) -> QuerySet[Commitment]:
    return _loaded(Commitment.objects.open().filter(case=case)).order_by("due_on", "id")


def commitments_visible_to(
    user: Any, case: Case, access: policy.CaseAccess
) -> QuerySet[Commitment]:
    """The commitments on this case this user may read: the family sees all but withheld ones."""
    commitments = commitments_for_case(case)
    if not access.can_read:
        return commitments.none()
    if access.is_supporter and access.scope != SupporterScope.EVERYTHING:
        return commitments.none()
    if access.is_portal:
        return commitments.filter(audience=CommitmentAudience.FAMILY)
    return commitments


def commitment_for_case(case: Case, commitment_id: int) -> Commitment:
    commitment = commitments_for_case(case).filter(pk=commitment_id).first()
    if commitment is None:
        raise Http404("No such commitment")
    return commitment


def overdue_for_worker(user: Any, *, today: datetime.date | None = None) -> QuerySet[Commitment]:
    """A worker's own overdue promises and the overdue family tasks on the cases they hold.

    Only on cases the worker may still open: a promise left behind on a case they
    no longer have shows on that team's list, for its manager to pass on.
    """
    mine = Q(owner_kind=OwnerKind.STAFF, owner_user=user) | Q(
        owner_kind=OwnerKind.FAMILY, case__worker=user
    )
    return _loaded(
        Commitment.objects.overdue(today)
        .filter(mine)
        .filter(case__in=policy.cases_visible_to(user))
        .order_by("due_on", "id")
    )


def overdue_for_team(
    team_ids: Iterable[int], *, viewer: Any = None, today: datetime.date | None = None
) -> QuerySet[Commitment]:
    """Every overdue commitment on the teams' cases, professionals' and families' alike.

    With a viewer, only cases that viewer may open (restricted cases stay hidden).
    """
    commitments = Commitment.objects.overdue(today).filter(case__team_id__in=list(team_ids))
    if viewer is not None:
        commitments = commitments.filter(case__in=policy.cases_visible_to(viewer))
    return _loaded(commitments.order_by("due_on", "id"))


@dataclass(frozen=True)
class FamilyMember:
    person: Person
    relation: str


def family_members(case: Case) -> list[FamilyMember]:
    """The child and the people in their current network, each with what they are to the child."""
    child = case.child
    members: dict[int, FamilyMember] = {}
    if not child.is_unborn and child.date_of_death is None:
        members[child.pk] = FamilyMember(child, "the child")
    for rel in network_of(child):
        if rel.to_person_id == child.pk:
            other, relation = rel.from_person, TO_CHILD.get(RelationshipKind(rel.kind), "")
        else:
            other, relation = rel.to_person, FROM_CHILD.get(RelationshipKind(rel.kind), "")
        if other.archived_at is not None or other.date_of_death is not None:
            continue
        if other.pk not in members:
            members[other.pk] = FamilyMember(other, relation or "in the network")
    return list(members.values())


def staff_for_case(case: Case) -> QuerySet[User]:
    """Active staff of the case's team, and its managers, who may take on a promise."""
    if case.team_id is None:
        return User.objects.none()
    return (
        User.objects.filter(Q(team_id=case.team_id) | Q(managed_teams=case.team_id))
        .filter(is_active=True, role__in=STAFF_ROLES)
        .distinct()
        .order_by("full_name")
    )


@dataclass(frozen=True)
class OpenPlan:
    key: str
    label: str
    cin_plan: ChildInNeedPlan | None = None
    cp_plan: ChildProtectionPlan | None = None
    early_help: EarlyHelpEpisode | None = None


def open_plans(case: Case) -> list[OpenPlan]:
    """The case's current plans a commitment can belong to, the most specific first."""
    plans: list[OpenPlan] = []
    for cp in ChildProtectionPlan.objects.filter(referral__case=case, ended_on__isnull=True):
        plans.append(
            OpenPlan(
                f"cp-{cp.pk}", f"Child protection plan from {cp.started_on:%-d %B %Y}", cp_plan=cp
            )
        )
    for cin in ChildInNeedPlan.objects.filter(referral__case=case, ended_on__isnull=True):
        plans.append(
            OpenPlan(
                f"cin-{cin.pk}", f"Child in need plan from {cin.started_on:%-d %B %Y}", cin_plan=cin
            )
        )
    for eh in EarlyHelpEpisode.objects.filter(case=case, ended_on__isnull=True):
        plans.append(
            OpenPlan(
                f"eh-{eh.pk}", f"Early help plan from {eh.started_on:%-d %B %Y}", early_help=eh
            )
        )
    return plans


def commitment_history(commitment: Commitment) -> list[dict[str, Any]]:
    """Every recorded version of a commitment, newest first, with who changed it and why."""
    events = commitment.events.select_related("pgh_context").order_by("-pgh_created_at", "-pgh_id")  # type: ignore[attr-defined]
    events = list(events)
    user_ids = {e.owner_user_id for e in events} | {e.updated_by_id for e in events}
    users = dict(User.objects.filter(pk__in=user_ids - {None}).values_list("pk", "full_name"))
    person_ids = {e.owner_person_id for e in events} - {None}
    people = {p.pk: p.display_name for p in Person.objects.filter(pk__in=person_ids)}
    history = []
    for event in events:
        context = event.pgh_context.metadata if event.pgh_context_id else {}
        owner = users.get(event.owner_user_id) or people.get(event.owner_person_id, "")
        history.append(
            {
                "at": event.pgh_created_at,
                "label": "Made" if event.pgh_label == "insert" else "Changed",
                "status": CommitmentStatus(event.status).label,
                "owner": owner,
                "due_on": event.due_on,
                "by": users.get(event.updated_by_id, ""),
                "reason": context.get("reason", ""),
            }
        )
    return history


def family_tasks_due(
    *, person_id: int, case_ids: Iterable[int], until: datetime.date
) -> QuerySet[Commitment]:
    """A family member's own open tasks on their cases, late or due by ``until``.

    For the portal home page ("waiting for you"): only tasks the family can see,
    in one query for any number of cases.
    """
    return (
        Commitment.objects.open()
        .filter(
            case_id__in=list(case_ids),
            owner_kind=OwnerKind.FAMILY,
            owner_person_id=person_id,
            audience=CommitmentAudience.FAMILY,
            due_on__lte=until,
        )
        .order_by("due_on", "id")
    )
