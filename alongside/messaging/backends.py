"""Where messages go. The outbox keeps them here; Notify sends them for real."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings

from alongside.messaging.models import Channel, Message

logger = logging.getLogger("alongside.messaging")


class Backend(Protocol):
    name: str

    def deliver(self, message: Message) -> str:
        """Send the message; return the provider's reference."""


class OutboxBackend:
    """The default: the message stays in the outbox (/outbox/) and is printed in the run log."""

    name = "outbox"

    def deliver(self, message: Message) -> str:
        # The outbox is for local and demo use only: the body is printed so a
        # developer can sign in with a one-time code without a real phone.
        logger.info(
            "OUTBOX %s to %s — %s\n%s",
            message.get_channel_display(),
            message.to_address,
            message.subject,
            message.body,
        )
        return f"outbox-{message.pk}"


class NotifyBackend:
    """GOV.UK Notify. Templates take ((subject)) and ((body)) personalisation."""

    name = "notify"

    def __init__(self) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(settings.NOTIFY_API_KEY)

    def deliver(self, message: Message) -> str:
        personalisation = {"subject": message.subject, "body": message.body}
        if message.channel == Channel.EMAIL:
            response = self.client.send_email_notification(
                email_address=message.to_address,
                template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                personalisation=personalisation,
                reference=str(message.pk),
            )
        else:
            response = self.client.send_sms_notification(
                phone_number=message.to_address,
                template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
                personalisation=personalisation,
                reference=str(message.pk),
            )
        return str(response.get("id", ""))


def get_backend() -> Backend:
    if settings.MESSAGING_BACKEND == "notify":
        return NotifyBackend()
    if settings.MESSAGING_BACKEND == "outbox":
        return OutboxBackend()
    raise ValueError(f"Unknown messaging backend {settings.MESSAGING_BACKEND!r}")
