from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncDate

from alongside.audit.models import AccessAction, AccessLog
from alongside.cases.models import Case


def access_log_for_case(case: Case) -> QuerySet[AccessLog]:
    return (
        AccessLog.objects.filter(case=case)
        .select_related("user", "user__team")
        .order_by("-at", "-id")
    )


def access_log_days_for_case(case: Case, *, leave_out_roles: Iterable[str] = ()) -> QuerySet[Any]:
    """Who read the record, one row per person, day and stated reason, newest first.

    For the family's "who has looked" page: each row has the day, the reader's role,
    name and team, any break-glass reason, how many pages they opened and how many
    changes they made. One query, however long the log.
    """
    return (
        AccessLog.objects.filter(case=case)
        .exclude(user__role__in=list(leave_out_roles))
        .annotate(day=TruncDate("at"))
        .values(
            "day",
            "user_id",
            "user__role",
            "user__full_name",
            "user__team__name",
            "break_glass_reason",
        )
        .annotate(
            times=Count("id"),
            changes=Count("id", filter=Q(action=AccessAction.EDIT)),
            last=Max("at"),
        )
        .order_by("-day", "-last", "user_id")
    )
