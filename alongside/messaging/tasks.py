from __future__ import annotations

from django_tasks import task

from alongside.messaging.services import message_deliver


@task()
def deliver_message(message_id: int) -> None:
    message_deliver(message_id=message_id)
