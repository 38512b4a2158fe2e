from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "alongside.chronology"
    label = "chronology"
    verbose_name = "The one chronology"
