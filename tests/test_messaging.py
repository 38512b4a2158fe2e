"""The messaging layer: stored first, delivered by the backend chosen in settings."""

from __future__ import annotations

import pytest

from alongside.messaging.backends import NotifyBackend, OutboxBackend, get_backend
from alongside.messaging.models import Channel, Message
from alongside.messaging.services import message_deliver, message_send

pytestmark = pytest.mark.django_db


class FakeNotifyClient:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def send_email_notification(self, **kwargs):
        self.calls.append(("email", kwargs))
        return {"id": "notify-email-1"}

    def send_sms_notification(self, **kwargs):
        self.calls.append(("sms", kwargs))
        return {"id": "notify-sms-1"}


def test_outbox_is_the_default_backend(settings):
    assert isinstance(get_backend(), OutboxBackend)


def test_message_is_stored_then_delivered_to_the_outbox_and_logged(
    django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_send(
            channel=Channel.EMAIL,
            to_address="carer@example.test",
            purpose="test",
            subject="Visit on Tuesday",
            body="Your worker will visit on Tuesday at 10am.",
        )
    message.refresh_from_db()
    assert message.status == "sent" and message.backend == "outbox"
    assert "Your worker will visit on Tuesday at 10am." in caplog.text


def test_notify_backend_sends_email_and_sms_with_templates(settings, monkeypatch):
    settings.MESSAGING_BACKEND = "notify"
    settings.NOTIFY_API_KEY = "test-key"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "email-template"
    settings.NOTIFY_SMS_TEMPLATE_ID = "sms-template"
    fake = FakeNotifyClient()
    monkeypatch.setattr(NotifyBackend, "__init__", lambda self: setattr(self, "client", fake))
    email = Message.objects.create(
        channel=Channel.EMAIL, to_address="carer@example.test", purpose="t", subject="S", body="B"
    )
    sms = Message.objects.create(
        channel=Channel.SMS, to_address="07700900001", purpose="t", body="B"
    )
    message_deliver(message_id=email.pk)
    message_deliver(message_id=sms.pk)
    assert [c[0] for c in fake.calls] == ["email", "sms"]
    assert fake.calls[0][1]["template_id"] == "email-template"
    assert fake.calls[1][1]["phone_number"] == "07700900001"
    email.refresh_from_db()
    assert email.provider_reference == "notify-email-1" and email.backend == "notify"


def test_delivery_is_safe_to_run_twice(settings, monkeypatch):
    calls = []
    monkeypatch.setattr(OutboxBackend, "deliver", lambda self, m: calls.append(m.pk) or "ref")
    message = Message.objects.create(
        channel=Channel.SMS, to_address="07700900002", purpose="t", body="B"
    )
    message_deliver(message_id=message.pk)
    message_deliver(message_id=message.pk)
    assert calls == [message.pk]


def test_a_failed_delivery_is_recorded_not_lost(monkeypatch):
    def fail(self, message):
        raise ConnectionError("provider down")

    monkeypatch.setattr(OutboxBackend, "deliver", fail)
    message = Message.objects.create(
        channel=Channel.SMS, to_address="07700900003", purpose="t", body="B"
    )
    message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == "failed" and "provider down" in message.error
