from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "alongside.timescales"
    label = "timescales"
    verbose_name = "Statutory timescales"
