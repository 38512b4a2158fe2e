"""Reading family group conferences: one conference, the family network as a diagram and a
list, each child's offer record, and the team figures for children reaching pre-proceedings.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import Role, User
from alongside.cases.models import Case
from alongside.fgc.models import (
    FamilyGroupConference,
    FgcOffer,
    NotHeldReason,
    OfferOutcome,
    Participant,
    PlanAction,
)
from alongside.meetings.models import Meeting, MeetingKind
from alongside.people.codes import RelationshipKind
from alongside.people.models import Person, Relationship
from alongside.plans.selectors import family_members, staff_for_case


def coordinators() -> QuerySet[User]:
    """Everyone who may take a referral: active family group conference coordinators."""
    return User.objects.filter(role=Role.FGC_COORDINATOR, is_active=True).order_by("full_name")


def _loaded(fgcs: QuerySet[FamilyGroupConference]) -> QuerySet[FamilyGroupConference]:
    return fgcs.select_related(
        "case", "case__child", "coordinator", "referred_by", "adopted_by", "meeting"
    ).prefetch_related(
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("invitation", "invitation__person"),
        ),
        Prefetch(
            "actions",
            queryset=PlanAction.objects.filter(archived_at__isnull=True).select_related(
                "owner_user", "owner_person", "commitment"
            ),
            to_attr="current_actions",
        ),
        "preparations__person",
    )


def fgcs_for_case(case: Case) -> QuerySet[FamilyGroupConference]:
    return _loaded(FamilyGroupConference.objects.filter(case=case))


def fgc_for_case(case: Case, fgc_id: int) -> FamilyGroupConference:
    found = fgcs_for_case(case).filter(pk=fgc_id).first()
    if found is None:
        raise Http404("No such family group conference")
    return found


def fgcs_for_coordinator(user: Any) -> QuerySet[FamilyGroupConference]:
    """A coordinator's open referrals, on cases they may open, soonest referred first."""
    return (
        FamilyGroupConference.objects.filter(coordinator=user, closed_at__isnull=True)
        .filter(case__in=policy.cases_visible_to(user))
        .select_related("case", "case__child", "meeting", "referred_by")
        .order_by("referred_on", "id")
    )


def open_fgc(case: Case) -> FamilyGroupConference | None:
    return FamilyGroupConference.objects.filter(case=case, closed_at__isnull=True).first()


def latest_offer(case: Case) -> FgcOffer | None:
    return FgcOffer.objects.filter(case=case).order_by("-created_at", "-id").first()


def action_owners(
    fgc: FamilyGroupConference,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Who may take on an action: the child's network, and the case team's professionals."""
    family = [
        (f"person-{m.person.pk}", f"{m.person.display_name} ({m.relation})")
        for m in family_members(fgc.case)
    ]
    staff = [
        (f"user-{u.pk}", f"{u.full_name} ({(u.job_title or u.get_role_display()).lower()})")
        for u in staff_for_case(fgc.case)
    ]
    if fgc.coordinator.is_active and not any(k == f"user-{fgc.coordinator_id}" for k, _ in staff):
        staff.append((f"user-{fgc.coordinator_id}", f"{fgc.coordinator.full_name} (coordinator)"))
    return family, staff


# --- The family network ------------------------------------------------------------------------


NODE_WIDTH = 210
NODE_HEIGHT = 64


@dataclass
class Node:
    person: Person
    relation: str
    x: float = 0.0
    y: float = 0.0
    participant: Participant | None = None
    links: list[str] = field(default_factory=list)

    @property
    def is_child(self) -> bool:
        return self.relation == "the child"

    @property
    def left(self) -> float:
        return round(self.x - NODE_WIDTH / 2, 1)

    @property
    def top(self) -> float:
        return round(self.y - NODE_HEIGHT / 2, 1)

    @property
    def text_y(self) -> tuple[float, float, float]:
        """Where the three lines of text inside the box sit."""
        return (round(self.top + 20, 1), round(self.top + 38, 1), round(self.top + 56, 1))


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    to_child: bool


@dataclass(frozen=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int
    others: list[Participant]
    node_width: int = NODE_WIDTH
    node_height: int = NODE_HEIGHT


def _describe(rel: Relationship, names: dict[int, str]) -> str:
    kind = RelationshipKind(rel.kind).label.lower()
    return f"{names[rel.from_person_id]} is {kind} {names[rel.to_person_id]}"


def family_network(fgc: FamilyGroupConference) -> Network:
    """The child and their current network, laid out round the child, with who is invited.

    Lines join everyone the network graph links, not only links to the child, so a
    grandparent shows beside the parent they are linked to.
    """
    case = fgc.case
    members = family_members(case)
    nodes = {m.person.pk: Node(m.person, m.relation) for m in members}
    if case.child_id not in nodes:
        nodes[case.child_id] = Node(case.child, "the child")
    by_person = {
        p.invitation.person_id: p for p in fgc.participants.all() if p.invitation.person_id
    }
    others = [p for p in fgc.participants.all() if not p.invitation.person_id]
    for pk, node in nodes.items():
        node.participant = by_person.get(pk)
    ordered = [nodes[case.child_id]] + [n for pk, n in nodes.items() if pk != case.child_id]
    around = ordered[1:]
    radius = max(190.0, 42.0 * len(around))
    width = int(2 * radius + NODE_WIDTH + 40)
    height = int(2 * radius + NODE_HEIGHT + 40)
    centre_x, centre_y = width / 2, height / 2
    ordered[0].x, ordered[0].y = centre_x, centre_y
    for i, node in enumerate(around):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(around))
        node.x = round(centre_x + radius * math.cos(angle), 1)
        node.y = round(centre_y + radius * math.sin(angle), 1)
    relationships = Relationship.objects.filter(
        from_person_id__in=list(nodes), to_person_id__in=list(nodes), ended_on__isnull=True
    ).order_by("id")
    names = {pk: n.person.display_name for pk, n in nodes.items()}
    edges = []
    for rel in relationships:
        a, b = nodes[rel.from_person_id], nodes[rel.to_person_id]
        edges.append(Edge(a.x, a.y, b.x, b.y, case.child_id in (a.person.pk, b.person.pk)))
        if case.child_id not in (a.person.pk, b.person.pk):
            a.links.append(_describe(rel, names))
            b.links.append(_describe(rel, names))
    return Network(ordered, edges, width, height, others)


# --- Each child's record before pre-proceedings ------------------------------------------------


class Standing:
    HELD = "held"
    OFFERED = "offered"
    DECLINED = "declined"
    NOT_OFFERED = "not_offered"
    NONE = "none"


@dataclass(frozen=True)
class FgcRecord:
    standing: str
    held_on: datetime.date | None
    offer: FgcOffer | None

    @property
    def recorded(self) -> bool:
        return self.standing != Standing.NONE

    @property
    def reason_label(self) -> str:
        if self.offer is None or not self.offer.reason:
            return ""
        return NotHeldReason(self.offer.reason).label


def _standing(held_on: datetime.date | None, offer: FgcOffer | None) -> str:
    if held_on is not None:
        return Standing.HELD
    if offer is None:
        return Standing.NONE
    return {
        OfferOutcome.ACCEPTED: Standing.OFFERED,
        OfferOutcome.DECLINED: Standing.DECLINED,
    }.get(OfferOutcome(offer.outcome), Standing.NOT_OFFERED)


def fgc_record(case: Case) -> FgcRecord:
    """Whether a conference was held on this case, else the latest offer record."""
    held_on = Meeting.objects.filter(
        family_group_conference__case=case, held_on__isnull=False
    ).aggregate(first=Min("held_on"))["first"]
    offer = latest_offer(case)
    return FgcRecord(_standing(held_on, offer), held_on, offer)


@dataclass(frozen=True)
class TeamRate:
    """Children who reached a pre-proceedings meeting, by what was recorded before it."""

    children: int
    held: int
    offered: int
    declined: int
    not_offered: int
    not_recorded: int
    reasons: list[tuple[str, int]]

    def percent(self, count: int) -> int:
        return round(100 * count / self.children) if self.children else 0

    @property
    def offered_total(self) -> int:
        """Offered at all: held, agreed and waiting, or offered and the family said no."""
        return self.held + self.offered + self.declined

    @property
    def held_percent(self) -> int:
        return self.percent(self.held)

    @property
    def offered_percent(self) -> int:
        return self.percent(self.offered_total)

    @property
    def not_offered_percent(self) -> int:
        return self.percent(self.not_offered)

    @property
    def not_recorded_percent(self) -> int:
        return self.percent(self.not_recorded)


def fgc_rate_for_teams(team_ids: Iterable[int], *, viewer: Any = None) -> TeamRate:
    """Children on the teams' cases who reached a pre-proceedings meeting, by what was recorded
    about a family group conference before their first one. Three queries, however many.
    """
    pre = Meeting.objects.filter(kind=MeetingKind.PRE_PROCEEDINGS, case__team_id__in=list(team_ids))
    if viewer is not None:
        pre = pre.filter(case__in=policy.cases_visible_to(viewer))
    first_pre: dict[int, datetime.datetime] = dict(
        pre.values("case_id").annotate(first=Min("starts_at")).values_list("case_id", "first")
    )
    held: dict[int, datetime.date] = {}
    for case_id, held_on in Meeting.objects.filter(
        family_group_conference__case_id__in=list(first_pre), held_on__isnull=False
    ).values_list("case_id", "held_on"):
        if held_on is not None and held_on <= timezone.localdate(first_pre[case_id]):
            held[case_id] = min(held_on, held.get(case_id, held_on))
    offers: dict[int, FgcOffer] = {}
    for offer in FgcOffer.objects.filter(case_id__in=list(first_pre)).order_by("created_at", "id"):
        if offer.created_at <= first_pre[offer.case_id]:
            offers[offer.case_id] = offer
    counts: dict[str, int] = defaultdict(int)
    reasons: dict[str, int] = defaultdict(int)
    for case_id in first_pre:
        standing = _standing(held.get(case_id), offers.get(case_id))
        counts[standing] += 1
        if standing in (Standing.DECLINED, Standing.NOT_OFFERED):
            reasons[NotHeldReason(offers[case_id].reason).label] += 1
    return TeamRate(
        children=len(first_pre),
        held=counts[Standing.HELD],
        offered=counts[Standing.OFFERED],
        declined=counts[Standing.DECLINED],
        not_offered=counts[Standing.NOT_OFFERED],
        not_recorded=counts[Standing.NONE],
        reasons=sorted(reasons.items(), key=lambda item: (-item[1], item[0])),
    )


def invitable_for_fgc(fgc: FamilyGroupConference) -> list[tuple[int, str]]:
    """The child and their network not yet invited, for the invitation form."""
    invited = {p.invitation.person_id for p in fgc.participants.all()}
    return [
        (m.person.pk, f"{m.person.display_name} ({m.relation})")
        for m in family_members(fgc.case)
        if m.person.pk not in invited
    ]
