from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "alongside.meetings"
    label = "meetings"
    verbose_name = "Meetings, invitations and reports"
