from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "alongside.messaging"
    label = "messaging"
    verbose_name = "Messages and the outbox"
