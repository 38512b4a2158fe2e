"""The access log: one row for every read of a person's or case's record.

Rows are written in the same transaction as the page that shows the record and
can never be changed or removed (database triggers refuse UPDATE and DELETE).
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessAction(models.TextChoices):
    VIEW_RECORD = "view_record", "Looked at the record"
    VIEW_CHRONOLOGY = "view_chronology", "Looked at the chronology"
    VIEW_ENTRY = "view_entry", "Looked at an entry"
    VIEW_ACCESS_LOG = "view_access_log", "Looked at who has looked"
    SEARCH_RESULT = "search_result", "Opened from a search"
    DOWNLOAD = "download", "Downloaded a file"
    API = "api", "Read through the API"
    EDIT = "edit", "Changed the record"


class AccessLog(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="access_logs"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="access_logs"
    )
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    path = models.CharField(max_length=300, blank=True)
    break_glass_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at"]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]
        indexes = [
            models.Index(fields=["case", "-at"]),
            models.Index(fields=["person", "-at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(person__isnull=False),
                name="access_log_names_a_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by user {self.user_id} at {self.at:%Y-%m-%d %H:%M}"
