"""The one access policy: who may see or change which case and which entries.

Every staff page, portal page, search, download and API route asks this module.
Reading it top to bottom gives every rule:

1. Nobody signed out, disabled, or without a role sees anything.
2. Family members and young people see a case only while they hold a current
   family-access grant for it, and then only its published, family-visible entries.
   A supporter or advocate the family invited sees the case while the grant
   lasts, and the entries only if the family chose "everything we can see".
3. A restricted case (for example a staff member's own family) is open only to
   staff on its explicit list; break-glass is never offered for it.
4. Caseworking staff of the allocated team may read and write the case.
5. Managers of the allocated team may read and write it too.
6. A conference chair may read the case of any conference they chair.
7. A family group conference coordinator may read the case of any family group
   conference referred to them while it is open, and change that conference's own
   records (network invitations, preparation, the day, the family's plan) but
   nothing else on the case. Agreeing the family's plan into the case plan needs
   write access to the case.
8. A front-door officer may read the open case of a child while a contact about
   that child waits for a decision, so the decision is made knowing the family's
   history; once it is decided, that reading stops. The contact itself is on the
   chronology and each read is in the access log.
9. Any other staff member may read it only through a current break-glass grant,
   which has a written reason, is logged and expires.
10. Entries: drafts are seen only by their author; restricted entries only by
   their author, the allocated worker and the team's managers; professionals-only
   entries by staff with access; family-visible entries by everyone with access.
11. Private from parents: something a young person writes in the portal and
   marks "keep this private from my parents and carers" is read by them and by
   staff with access to the case, never by another family member or any supporter.
   Only staff who may change the case can share it with the family, and only with a
   written reason the writer is told (``chronology.young_person.entry_share``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from alongside.accounts.models import FAMILY_ROLES, Role
from alongside.cases.models import (
    BreakGlass,
    Case,
    FamilyAccess,
    RestrictedAccess,
    SupporterAccess,
    SupporterScope,
)
from alongside.chronology.models import Audience, Entry, Status
from alongside.fgc.models import FamilyGroupConference
from alongside.journey.models import Conference, Contact

if TYPE_CHECKING:
    from alongside.accounts.models import User

CASEWORK_ROLES = frozenset({Role.SOCIAL_WORKER, Role.FAMILY_SUPPORT_WORKER, Role.TEAM_MANAGER})


class Level(enum.IntEnum):
    NONE = 0
    READ = 1
    WRITE = 2


class Basis(enum.StrEnum):
    NONE = "none"
    FAMILY = "family"
    TEAM = "team"
    MANAGER = "manager"
    RESTRICTED_LIST = "restricted_list"
    CHAIR = "chair"
    COORDINATOR = "coordinator"
    FRONT_DOOR = "front_door"
    SUPPORTER = "supporter"
    BREAK_GLASS = "break_glass"


@dataclass(frozen=True)
class CaseAccess:
    level: Level
    basis: Basis
    break_glass: BreakGlass | None = None
    scope: str = ""

    @property
    def can_read(self) -> bool:
        return self.level >= Level.READ

    @property
    def can_write(self) -> bool:
        return self.level >= Level.WRITE

    @property
    def is_family(self) -> bool:
        return self.basis == Basis.FAMILY

    @property
    def is_supporter(self) -> bool:
        return self.basis == Basis.SUPPORTER

    @property
    def is_portal(self) -> bool:
        return self.basis in (Basis.FAMILY, Basis.SUPPORTER)


NO_ACCESS = CaseAccess(Level.NONE, Basis.NONE)


def _usable(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.role)


def managed_team_ids(user: Any) -> frozenset[int]:
    """The teams a team manager answers for: those they manage and their own."""
    if not _usable(user) or user.role != Role.TEAM_MANAGER:
        return frozenset()
    cached = getattr(user, "_managed_team_ids", None)
    if cached is None:
        ids = set(user.managed_teams.values_list("id", flat=True))
        if user.team_id:
            ids.add(user.team_id)
        cached = frozenset(ids)
        user._managed_team_ids = cached
    return cached


def _chaired(user: User) -> QuerySet[Conference]:
    return Conference.objects.filter(chair=user)


def _coordinating(user: User) -> QuerySet[FamilyGroupConference]:
    return FamilyGroupConference.objects.filter(coordinator=user, closed_at__isnull=True)


def _children_awaiting_decision() -> QuerySet[Contact]:
    return Contact.objects.filter(next_step="")


def active_break_glass(user: User, case: Case) -> BreakGlass | None:
    return (
        BreakGlass.objects.filter(user=user, case=case, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def _staff_team_access(user: User, case: Case) -> CaseAccess | None:
    if case.team_id is not None and case.team_id in managed_team_ids(user):
        return CaseAccess(Level.WRITE, Basis.MANAGER)
    if user.role in CASEWORK_ROLES and user.team_id is not None and user.team_id == case.team_id:
        return CaseAccess(Level.WRITE, Basis.TEAM)
    return None


def case_access(user: Any, case: Case) -> CaseAccess:
    """What this user may do with this case, and on what basis."""
    if not _usable(user):
        return NO_ACCESS
    if user.role in FAMILY_ROLES:
        granted = FamilyAccess.objects.filter(
            case=case, person_id=user.person_id, revoked_at__isnull=True
        ).exists()
        return CaseAccess(Level.READ, Basis.FAMILY) if granted else NO_ACCESS
    if user.role == Role.SUPPORTER:
        invited = SupporterAccess.objects.filter(
            case=case, user=user, revoked_at__isnull=True
        ).first()
        if invited is None:
            return NO_ACCESS
        return CaseAccess(Level.READ, Basis.SUPPORTER, scope=invited.scope)
    if not user.is_staff_member:
        return NO_ACCESS
    if case.is_restricted:
        listed = RestrictedAccess.objects.filter(
            case=case, user=user, revoked_at__isnull=True
        ).exists()
        if not listed:
            return NO_ACCESS
        team = _staff_team_access(user, case)
        return team or CaseAccess(Level.READ, Basis.RESTRICTED_LIST)
    team = _staff_team_access(user, case)
    if team is not None:
        return team
    if user.role == Role.CHAIR and _chaired(user).filter(referral__case=case).exists():
        return CaseAccess(Level.READ, Basis.CHAIR)
    if user.role == Role.FGC_COORDINATOR and _coordinating(user).filter(case=case).exists():
        return CaseAccess(Level.READ, Basis.COORDINATOR)
    if (
        user.role == Role.FRONT_DOOR
        and case.closed_on is None
        and _children_awaiting_decision().filter(child_id=case.child_id).exists()
    ):
        return CaseAccess(Level.READ, Basis.FRONT_DOOR)
    grant = active_break_glass(user, case)
    if grant is not None:
        return CaseAccess(Level.READ, Basis.BREAK_GLASS, grant)
    return NO_ACCESS


def break_glass_reads(user: Any, cases: list[Case]) -> dict[int, BreakGlass]:
    """Of cases this user may read, those read only through break-glass, with the grant.

    The list form of ``case_access``'s last rule, for logging a list of cases with each
    break-glass reason: at most three queries for any number of cases.
    """
    if not cases or not _usable(user) or not user.is_staff_member:
        return {}
    grants: dict[int, BreakGlass] = {}
    for grant in BreakGlass.objects.filter(
        user=user, case_id__in=[case.pk for case in cases], expires_at__gt=timezone.now()
    ).order_by("case_id", "-expires_at"):
        grants.setdefault(grant.case_id, grant)
    candidates = {
        case.pk
        for case in cases
        if case.pk in grants and not case.is_restricted and _staff_team_access(user, case) is None
    }
    other_basis = Q(pk__in=[])
    if user.role == Role.CHAIR:
        other_basis = Q(id__in=_chaired(user).values("referral__case_id"))
    elif user.role == Role.FGC_COORDINATOR:
        other_basis = Q(id__in=_coordinating(user).values("case_id"))
    elif user.role == Role.FRONT_DOOR:
        other_basis = Q(
            closed_on__isnull=True,
            child_id__in=_children_awaiting_decision().values("child_id"),
        )
    if candidates and user.role in (Role.CHAIR, Role.FGC_COORDINATOR, Role.FRONT_DOOR):
        candidates -= set(
            Case.objects.filter(other_basis, pk__in=candidates).values_list("pk", flat=True)
        )
    return {case_id: grants[case_id] for case_id in candidates}


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Every case this user may open, as one queryset (for lists, search and counts)."""
    cases = Case.objects.all()
    if not _usable(user):
        return cases.none()
    # Family and supporters: the cases named in their current grants, as a subquery rather
    # than a join, so each case comes once without DISTINCT (which PostgreSQL takes many
    # milliseconds to plan over every column of a case and its joined rows).
    if user.role in FAMILY_ROLES:
        return cases.filter(
            id__in=FamilyAccess.objects.filter(
                person_id=user.person_id, revoked_at__isnull=True
            ).values("case_id")
        )
    if user.role == Role.SUPPORTER:
        return cases.filter(
            id__in=SupporterAccess.objects.filter(user=user, revoked_at__isnull=True).values(
                "case_id"
            )
        )
    if not user.is_staff_member:
        return cases.none()
    team_ids = set(managed_team_ids(user))
    if user.role in CASEWORK_ROLES and user.team_id is not None:
        team_ids.add(user.team_id)
    listed = RestrictedAccess.objects.filter(user=user, revoked_at__isnull=True).values("case_id")
    glass = BreakGlass.objects.filter(user=user, expires_at__gt=timezone.now()).values("case_id")
    open_to_team = Q(team_id__in=team_ids) | Q(id__in=glass)
    if user.role == Role.CHAIR:
        open_to_team |= Q(id__in=_chaired(user).values("referral__case_id"))
    if user.role == Role.FGC_COORDINATOR:
        open_to_team |= Q(id__in=_coordinating(user).values("case_id"))
    if user.role == Role.FRONT_DOOR:
        open_to_team |= Q(
            closed_on__isnull=True, child_id__in=_children_awaiting_decision().values("child_id")
        )
    return cases.filter((Q(is_restricted=False) & open_to_team) | Q(id__in=listed))


def people_hidden_from(user: Any) -> frozenset[int]:
    """Children of restricted cases this user is not listed on: left out of every search."""
    listed = RestrictedAccess.objects.filter(user=user, revoked_at__isnull=True).values("case_id")
    hidden = (
        Case.objects.filter(is_restricted=True)
        .exclude(id__in=listed)
        .values_list("child_id", flat=True)
    )
    return frozenset(hidden)


def _entry_rule(user: Any, case: Case, access: CaseAccess) -> Q | None:
    """Which of a case's current entries this user may read, as a condition; None for none."""
    if not access.can_read:
        return None
    if access.is_supporter and access.scope != SupporterScope.EVERYTHING:
        return None
    if access.is_portal:
        shown = Q(status=Status.PUBLISHED, audience=Audience.FAMILY)
        if access.is_family and getattr(user, "person_id", None) is not None:
            return shown & (Q(private_from_family=False) | Q(author_person_id=user.person_id))
        return shown & Q(private_from_family=False)
    sees_restricted = access.basis == Basis.MANAGER or case.worker_id == user.id
    published = Q(status=Status.PUBLISHED)
    if not sees_restricted:
        published &= ~Q(audience=Audience.RESTRICTED) | Q(author_user=user)
    return published | Q(status=Status.DRAFT, author_user=user)


def entries_visible_to(user: Any, case: Case, access: CaseAccess) -> QuerySet[Entry]:
    """The chronology entries of this case that this user may read."""
    entries = Entry.objects.filter(case=case, archived_at__isnull=True)
    rule = _entry_rule(user, case, access)
    return entries.none() if rule is None else entries.filter(rule)


def entries_visible_among(user: Any, cases: Iterable[tuple[Case, CaseAccess]]) -> QuerySet[Entry]:
    """The entries this user may read on any of these cases, each case by its own access.

    The same rule as ``entries_visible_to``, in one condition: cases read under the same
    rule share it (a family member's cases usually all do).
    """
    by_rule: dict[Q, list[int]] = {}
    for case, access in cases:
        rule = _entry_rule(user, case, access)
        if rule is not None:
            by_rule.setdefault(rule, []).append(case.pk)
    readable = Q(pk__in=[])
    for rule, case_ids in by_rule.items():
        readable |= Q(case_id__in=case_ids) & rule
    return Entry.objects.filter(readable, archived_at__isnull=True)


def can_read_entry(user: Any, entry: Entry, access: CaseAccess) -> bool:
    return entries_visible_to(user, entry.case, access).filter(pk=entry.pk).exists()


def can_share_private_entry(user: Any, entry: Entry, access: CaseAccess) -> bool:
    """Rule 11: sharing something kept private from the family needs write access."""
    return bool(
        entry.private_from_family and access.can_write and _usable(user) and user.is_staff_member
    )


def can_break_glass(user: Any, case: Case) -> bool:
    """Break-glass is for staff outside the team, never for restricted cases."""
    return (
        _usable(user)
        and user.is_staff_member
        and not case.is_restricted
        and _staff_team_access(user, case) is None
    )


def can_change_fgc(user: Any, fgc: FamilyGroupConference, access: CaseAccess) -> bool:
    """Rule 7: the case's own team, or the conference's coordinator while it is open."""
    if fgc.closed_at is not None or not access.can_read:
        return False
    if access.can_write:
        return True
    return (
        access.basis == Basis.COORDINATOR
        and user.role == Role.FGC_COORDINATOR
        and fgc.coordinator_id == user.id
    )
