from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "alongside.visits"
    label = "visits"
    verbose_name = "Visits and appointments"
