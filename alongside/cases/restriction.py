"""Restricting a case to a named list of staff, changing the list, and lifting it.

Only a manager of the case's team may do any of this, and they are always on the list
themselves (a restricted case is hidden from everyone not on it, managers included).
Each change has a reason; the history keeps who, when and why. Nothing is deleted: a
person taken off the list has their grant revoked.
"""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import User
from alongside.cases.models import Case, RestrictedAccess
from alongside.cases.services import case_restrict, restricted_access_grant


def may_manage_restriction(user: User, case: Case) -> bool:
    """A manager of the case's team who can see the case."""
    return (
        case.team_id is not None
        and case.team_id in policy.managed_team_ids(user)
        and policy.case_access(user, case).can_write
    )


def _check(case: Case, by: User, reason: str, *, restricted: bool) -> None:
    if not may_manage_restriction(by, case):
        raise ValidationError("Only a manager of this case's team can change who may see it")
    if case.is_restricted != restricted:
        raise ValidationError(
            "This case is already restricted"
            if case.is_restricted
            else "This case is not restricted"
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason"})


def restricted_list(case: Case) -> list[RestrictedAccess]:
    return list(
        RestrictedAccess.objects.filter(case=case, revoked_at__isnull=True)
        .select_related("user", "user__team")
        .order_by("user__full_name")
    )


@transaction.atomic
def case_restriction_start(*, case: Case, reason: str, allowed: list[User], by: User) -> Case:
    """Restrict the case to these staff and the manager doing it."""
    _check(case, by, reason, restricted=False)
    listed = {u.pk: u for u in allowed if u.is_staff_member and u.is_active}
    listed[by.pk] = by
    return case_restrict(case=case, reason=reason.strip(), allowed=list(listed.values()), by=by)


@transaction.atomic
def restricted_access_add(*, case: Case, user: User, reason: str, by: User) -> RestrictedAccess:
    _check(case, by, reason, restricted=True)
    if not (user.is_staff_member and user.is_active):
        raise ValidationError({"user": "Choose a member of staff"})
    with pghistory.context(reason=reason.strip()):
        return restricted_access_grant(case=case, user=user, reason=reason.strip(), by=by)


@transaction.atomic
def restricted_access_remove(*, grant: RestrictedAccess, reason: str, by: User) -> RestrictedAccess:
    """Take someone off the list: they lose the case at once."""
    _check(grant.case, by, reason, restricted=True)
    if grant.user_id == by.pk:
        raise ValidationError("You cannot take yourself off the list. Ask another manager.")
    if grant.revoked_at is not None:
        raise ValidationError("They are already off the list")
    with pghistory.context(reason=reason.strip()):
        grant.revoked_at = timezone.now()
        grant.updated_by = by
        grant.updated_at = timezone.now()
        grant.save(update_fields=["revoked_at", "updated_by", "updated_at"])
    return grant


@transaction.atomic
def case_restriction_lift(*, case: Case, reason: str, by: User) -> Case:
    """The case is open to its team again; the list's grants end, with the reason."""
    _check(case, by, reason, restricted=True)
    now = timezone.now()
    with pghistory.context(reason=reason.strip()):
        case.is_restricted = False
        case.restriction_reason = ""
        case.updated_by = by
        case.updated_at = now
        case.save(update_fields=["is_restricted", "restriction_reason", "updated_by", "updated_at"])
        for grant in RestrictedAccess.objects.filter(case=case, revoked_at__isnull=True):
            grant.revoked_at = now
            grant.updated_by = by
            grant.updated_at = now
            grant.save(update_fields=["revoked_at", "updated_by", "updated_at"])
    return case
