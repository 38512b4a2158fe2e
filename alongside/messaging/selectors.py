from __future__ import annotations

from django.db.models import QuerySet

from alongside.messaging.models import Message


def outbox() -> QuerySet[Message]:
    return Message.objects.select_related("to_user").order_by("-created_at", "-id")
