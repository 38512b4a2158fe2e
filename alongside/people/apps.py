from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "alongside.people"
    label = "people"
    verbose_name = "People and their network"
