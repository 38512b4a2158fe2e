from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "alongside.audit"
    label = "audit"
    verbose_name = "Access log"
