"""Writing the access log. Called by access functions, never skipped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from alongside.audit.models import AccessAction, AccessLog

if TYPE_CHECKING:
    from alongside.accounts.models import User
    from alongside.cases.models import BreakGlass, Case
    from alongside.people.models import Person


def access_log_record(
    *,
    user: User,
    action: AccessAction,
    case: Case | None = None,
    person: Person | None = None,
    path: str = "",
    break_glass: BreakGlass | None = None,
) -> AccessLog:
    """Record one read. Runs inside the caller's transaction: if it fails, nothing is shown."""
    return AccessLog.objects.create(
        user=user,
        case=case,
        person=person if person is not None else (case.child if case is not None else None),
        action=action,
        path=path[:300],
        break_glass_reason=break_glass.reason if break_glass is not None else "",
    )


def access_log_record_many(
    *,
    user: User,
    action: AccessAction,
    cases: list[Case],
    path: str = "",
    break_glass: dict[int, BreakGlass] | None = None,
) -> list[AccessLog]:
    """Record one read per case of a list in one insert, in the caller's transaction."""
    glass = break_glass or {}
    now = timezone.now()
    return AccessLog.objects.bulk_create(
        [
            AccessLog(
                at=now,
                user=user,
                case=case,
                person_id=case.child_id,
                action=action,
                path=path[:300],
                break_glass_reason=glass[case.pk].reason if case.pk in glass else "",
            )
            for case in cases
        ]
    )
