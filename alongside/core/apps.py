from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alongside.core"
    label = "core"
    verbose_name = "Shared model bases and helpers"

    def ready(self) -> None:
        from alongside.core.db import connect_signals

        connect_signals()
