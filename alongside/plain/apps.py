from django.apps import AppConfig


class PlainConfig(AppConfig):
    name = "alongside.plain"
    label = "plain"
    verbose_name = "Plain words: glossary and reading checks"
