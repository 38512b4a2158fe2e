from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "alongside.staff"
    label = "staff"
    verbose_name = "Staff pages"
