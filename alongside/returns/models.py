"""Statutory returns made from the record, and who took each one away.

A return holds every child's details, so the access log's one-row-per-case cannot
record it. Instead each build is a ``ReturnExport`` (who asked, when, for which year,
how many children and episodes, the file's SHA-256) and each download of it a
``ReturnDownload``. Neither is ever deleted; downloads are never changed.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from alongside.core.models import Tracked

NO_DELETE = pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)


class Collection(models.TextChoices):
    CIN = "CIN", "Children in need census"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be built"


class ExportVia(models.TextChoices):
    PAGE = "page", "Data team page"
    COMMAND = "command", "Command line"


class ReturnExport(Tracked):
    """One build of a return; ``created_by`` is who asked (nobody for the command line)."""

    collection = models.CharField(max_length=10, choices=Collection.choices)
    year = models.PositiveSmallIntegerField(help_text="The collection year ends 31 March of this")
    via = models.CharField(max_length=10, choices=ExportVia.choices)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    built_at = models.DateTimeField(null=True, blank=True)
    children = models.PositiveIntegerField(default=0)
    episodes = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField("size in bytes", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to="returns/", blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready") | (Q(built_at__isnull=False) & ~Q(sha256="")),
                name="return_export_ready_has_hash",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection} {self.year} ({self.get_status_display().lower()})"

    @property
    def filename(self) -> str:
        return f"{self.collection.lower()}-census-{self.year}-{self.pk}.xml"


class ReturnDownload(models.Model):
    export = models.ForeignKey(ReturnExport, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"Download of export {self.export_id} by user {self.user_id}"
