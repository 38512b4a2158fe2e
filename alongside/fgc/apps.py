from django.apps import AppConfig


class FgcConfig(AppConfig):
    name = "alongside.fgc"
    label = "fgc"
    verbose_name = "Family group conferences"
