from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "alongside.journey"
    label = "journey"
    verbose_name = "The statutory journey"
