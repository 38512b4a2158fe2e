from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "alongside.cases"
    label = "cases"
    verbose_name = "Cases, allocation, restricted access, break-glass"
