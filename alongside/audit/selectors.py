from __future__ import annotations

from django.db.models import QuerySet

from alongside.audit.models import AccessLog
from alongside.cases.models import Case


def access_log_for_case(case: Case) -> QuerySet[AccessLog]:
    return (
        AccessLog.objects.filter(case=case)
        .select_related("user", "user__team")
        .order_by("-at", "-id")
    )
