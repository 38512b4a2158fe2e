"""Shared model bases: who and when on every row; archive, never delete."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Tracked(models.Model):
    """Timestamps and who-changed on every model. Rows are archived, never deleted."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
