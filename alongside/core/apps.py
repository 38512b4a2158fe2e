from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alongside.core"
    label = "core"
    verbose_name = "Shared model bases and helpers"
