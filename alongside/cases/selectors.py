"""Loading cases: the one way in, through the policy, with every read logged."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from alongside import policy
from alongside.audit.models import AccessAction
from alongside.audit.services import access_log_record
from alongside.cases.models import Case


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


def my_cases(user: Any) -> QuerySet[Case]:
    """The open cases a worker holds, or a manager's teams' open cases."""
    visible = policy.cases_visible_to(user).filter(closed_on__isnull=True)
    if user.role == "team_manager":
        return visible.filter(team_id__in=user.managed_teams.values("id")) | visible.filter(
            team_id=user.team_id
        )
    return visible.filter(worker=user)
