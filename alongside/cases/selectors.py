"""Loading cases: the one way in, through the policy, with every read logged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet
from django.http import Http404

from alongside import policy
from alongside.accounts.models import Role, User
from alongside.audit.models import AccessAction
from alongside.audit.services import access_log_record, access_log_record_many
from alongside.cases.models import Case, SupporterAccess


def case_for_user(
    user: Any,
    case_id: int,
    *,
    write: bool = False,
    action: AccessAction = AccessAction.VIEW_RECORD,
    path: str = "",
) -> tuple[Case, policy.CaseAccess]:
    """The case, if this user may see it; otherwise 404 (never say whether it exists).

    Yours to read but not to change gives 403. Every successful load writes an
    access-log row in the current transaction.
    """
    case = Case.objects.select_related("child", "team", "worker").filter(pk=case_id).first()
    if case is None:
        raise Http404("No such case")
    access = policy.case_access(user, case)
    if not access.can_read:
        raise Http404("No such case")
    if write and not access.can_write:
        raise PermissionDenied("You can read this case but not change it")
    access_log_record(
        user=user,
        action=AccessAction.EDIT if write else action,
        case=case,
        path=path,
        break_glass=access.break_glass,
    )
    return case, access


def cases_for_user(
    user: Any,
    *,
    action: AccessAction = AccessAction.VIEW_RECORD,
    path: str = "",
    limit: int = 200,
) -> list[Case]:
    """The cases this user may open, for a list that shows each one's record (the API's).

    The list form of ``case_for_user``: the same policy, and one access-log row per case
    shown, with any break-glass reason, written in one insert. A fixed number of queries.
    """
    cases = list(
        policy.cases_visible_to(user)
        .select_related("child", "team", "worker")
        .order_by("id")[:limit]
    )
    access_log_record_many(
        user=user,
        action=action,
        cases=cases,
        path=path,
        break_glass=policy.break_glass_reads(user, cases),
    )
    return cases


def portal_cases(user: Any, *, path: str = "") -> list[tuple[Case, policy.CaseAccess]]:
    """The cases a family member or supporter may open, each with their access, for portal lists.

    A family member's load in one query: every case the policy lists for a family member
    is open to them as family, to read. A supporter's are each loaded through
    ``case_for_user``, so every view by a supporter is logged, with its scope.
    """
    visible = (
        policy.cases_visible_to(user)
        .select_related("child", "team", "worker")
        .order_by("child__first_names", "id")
    )
    if getattr(user, "is_family", False):
        family = policy.CaseAccess(policy.Level.READ, policy.Basis.FAMILY)
        return [(case, family) for case in visible]
    return [case_for_user(user, pk, path=path) for pk in visible.values_list("pk", flat=True)]


def my_cases(user: Any) -> QuerySet[Case]:
    """The open cases a worker holds, or a manager's teams' open cases."""
    visible = policy.cases_visible_to(user).filter(closed_on__isnull=True)
    if user.role == "team_manager":
        return visible.filter(team_id__in=user.managed_teams.values("id")) | visible.filter(
            team_id=user.team_id
        )
    return visible.filter(worker=user)


def supporters_for_case(case: Case) -> QuerySet[SupporterAccess]:
    """The supporters and advocates who can see this case now, with who invited them."""
    return (
        SupporterAccess.objects.filter(case=case, revoked_at__isnull=True)
        .select_related("user", "invited_by")
        .order_by("created_at", "id")
    )


def supporter_grant_for_case(case: Case, grant_id: int) -> SupporterAccess:
    grant = supporters_for_case(case).filter(pk=grant_id).first()
    if grant is None:
        raise Http404("No such supporter")
    return grant


def cover_for_teams(team_ids: Iterable[int | None]) -> dict[int, list[User]]:
    """Who covers when a worker is away: the managers of each team (one query for any number)."""
    wanted = {team_id for team_id in team_ids if team_id is not None}
    if not wanted:
        return {}
    through = User.managed_teams.through.objects
    managers = (
        User.objects.filter(role=Role.TEAM_MANAGER, is_active=True)
        .filter(
            Q(pk__in=through.filter(team_id__in=wanted).values("user_id")) | Q(team_id__in=wanted)
        )
        .annotate(
            managed_team_ids=ArraySubquery(through.filter(user_id=OuterRef("pk")).values("team_id"))
        )
        .order_by("full_name")
    )
    cover: dict[int, list[User]] = {team_id: [] for team_id in wanted}
    for manager in managers:
        teams = set(manager.managed_team_ids)
        if manager.team_id is not None:
            teams.add(manager.team_id)
        for team_id in teams & wanted:
            cover[team_id].append(manager)
    return cover
