"""Sending messages: stored in the same transaction, delivered after it commits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from alongside.messaging.backends import get_backend
from alongside.messaging.models import Channel, Message, MessageStatus

if TYPE_CHECKING:
    from alongside.accounts.models import User


def message_send(
    *,
    channel: Channel,
    to_address: str,
    purpose: str,
    body: str,
    subject: str = "",
    to_user: User | None = None,
) -> Message:
    message = Message.objects.create(
        channel=channel,
        to_address=to_address,
        to_user=to_user,
        purpose=purpose,
        subject=subject,
        body=body,
    )
    from alongside.messaging.tasks import deliver_message

    transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return message


def message_deliver(*, message_id: int) -> Message:
    """Hand one message to the backend. Safe to run twice: a sent message is left alone."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status == MessageStatus.SENT:
            return message
        backend = get_backend()
        try:
            reference = backend.deliver(message)
        except Exception as error:  # noqa: BLE001 - any provider failure is recorded
            message.status = MessageStatus.FAILED
            message.error = str(error)[:2000]
        else:
            message.status = MessageStatus.SENT
            message.provider_reference = reference
            message.sent_at = timezone.now()
            message.error = ""
        message.backend = backend.name
        message.save()
    return message
