"""Every message Alongside sends: stored first, then delivered by the chosen backend."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not send"


class Message(models.Model):
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    to_address = models.CharField(max_length=254)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(max_length=40)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    backend = models.CharField(max_length=20, blank=True)
    provider_reference = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        triggers = [pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.to_address}: {self.subject or self.purpose}"
