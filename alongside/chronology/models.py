"""The one chronology: everything that happens on a case, with an author and an audience."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Q

from alongside.core.models import Tracked

NO_DELETE = pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)


class Kind(models.TextChoices):
    REQUEST_FOR_HELP = "request_for_help", "Request for help"
    CONTACT = "contact", "Contact"
    REFERRAL = "referral", "Referral"
    VISIT = "visit", "Visit"
    PHONE_CALL = "phone_call", "Phone call"
    MEETING = "meeting", "Meeting"
    DECISION = "decision", "Decision"
    DOCUMENT = "document", "Document"
    NOTE = "note", "Case note"
    FAMILY_ACCOUNT = "family_account", "In our words"
    AGENCY_UPDATE = "agency_update", "Update from another agency"
    ALLOCATION = "allocation", "Change of worker"
    YOUNG_PERSON = "young_person", "From the young person"
    MEETING_WORDS = "meeting_words", "Their words for a meeting"


class Audience(models.TextChoices):
    FAMILY = "family", "The family and professionals"
    PROFESSIONALS = "professionals", "Professionals only"
    RESTRICTED = "restricted", "Restricted: the allocated worker and managers only"


class WithheldReason(models.TextChoices):
    """The only reasons an entry may be kept from the family."""

    RISK_TO_CHILD = "risk_to_child", "Sharing it could put a child at risk"
    THIRD_PARTY = "third_party", "It holds information about someone else"
    POLICE_ENQUIRY = "police_enquiry", "There is a live police enquiry"
    LEGAL_ADVICE = "legal_advice", "It is legal advice"


class AuthorKind(models.TextChoices):
    STAFF = "staff", "Staff"
    FAMILY = "family", "Family member"
    AGENCY = "agency", "Partner agency"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
)
class Entry(Tracked):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    author_kind = models.CharField(max_length=10, choices=AuthorKind.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_agency = models.CharField(max_length=100, blank=True)
    audience = models.CharField(max_length=15, choices=Audience.choices, default=Audience.FAMILY)
    withheld_reason = models.CharField(max_length=20, choices=WithheldReason.choices, blank=True)
    title = models.CharField(max_length=150)
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    archived_at = models.DateTimeField(null=True, blank=True)
    archive_reason = models.CharField(max_length=200, blank=True)
    # A young person may keep what they write from their parents and carers. Only a
    # worker can share it, and only with a reason the young person is told.
    private_from_family = models.BooleanField(default=False)
    shared_reason = models.TextField(blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "entries"
        triggers = [NO_DELETE]
        indexes = [
            models.Index(fields=["case", "-occurred_at", "-id"], name="entry_case_timeline"),
            GinIndex(SearchVector("title", "text", config="english"), name="entry_text_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience="family", withheld_reason="")
                | (~Q(audience="family") & ~Q(withheld_reason="")),
                name="entry_withheld_only_with_reason",
            ),
            models.CheckConstraint(
                condition=(Q(author_kind="staff") & Q(author_user__isnull=False))
                | (Q(author_kind="family") & Q(author_person__isnull=False))
                | (Q(author_kind="agency") & ~Q(author_agency="")),
                name="entry_has_author",
            ),
            models.CheckConstraint(
                condition=Q(private_from_family=False) | Q(author_kind="family"),
                name="entry_private_only_when_family_wrote_it",
            ),
            models.CheckConstraint(
                condition=Q(shared_at__isnull=True, shared_by__isnull=True, shared_reason="")
                | (
                    Q(private_from_family=False)
                    & Q(shared_at__isnull=False, shared_by__isnull=False)
                    & ~Q(shared_reason="")
                ),
                name="entry_shared_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def author_display(self) -> str:
        if self.author_kind == AuthorKind.STAFF and self.author_user:
            return self.author_user.full_name
        if self.author_kind == AuthorKind.FAMILY and self.author_person:
            return self.author_person.display_name
        if self.author_user:
            return f"{self.author_agency} (recorded by {self.author_user.full_name})"
        return self.author_agency


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.entry.case_id}/{instance.entry_id}/{instance.stored_name}"


class Attachment(Tracked):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    stored_name = models.CharField(max_length=80)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        triggers = [NO_DELETE]

    def __str__(self) -> str:
        return self.original_name


# --- The family's voice on the record -----------------------------------------------------------


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class EntryComment(Tracked):
    """A family member's comment on an entry. Everyone who can read the entry reads it too."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="comments")
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    author_person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        triggers = [NO_DELETE]
        indexes = [models.Index(fields=["entry", "created_at"], name="entry_comment_entry")]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="entry_comment_has_text"),
        ]

    def __str__(self) -> str:
        return f"Comment on entry {self.entry_id} by person {self.author_person_id}"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ACCEPTED = "accepted", "Changed"
    DECLINED = "declined", "Not changed"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class CorrectionRequest(Tracked):
    """A family member says an entry is wrong. The worker answers within 10 working days.

    Accepted: the entry is changed through ``entry_update`` (the earlier version is
    kept by its history). Declined: the worker explains why, and the family's
    disagreement stays attached to the entry for everyone who reads it.
    """

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="corrections")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_by_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+"
    )
    what_is_wrong = models.TextField()
    what_it_should_say = models.TextField(blank=True)
    raised_at = models.DateTimeField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    explanation = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "id"]
        triggers = [NO_DELETE]
        indexes = [
            models.Index(fields=["entry", "raised_at"], name="correction_entry"),
            models.Index(fields=["due_on"], condition=Q(status="open"), name="correction_open_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(what_is_wrong=""), name="correction_says_what"),
            models.CheckConstraint(
                condition=Q(status="open", decided_at__isnull=True, decided_by__isnull=True)
                | (
                    Q(status__in=["accepted", "declined"])
                    & ~Q(explanation="")
                    & Q(decided_at__isnull=False, decided_by__isnull=False)
                ),
                name="correction_answered_with_explanation",
            ),
            models.UniqueConstraint(
                fields=["entry", "raised_by"],
                condition=Q(status="open"),
                name="one_open_correction_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Correction asked for on entry {self.entry_id}"

    @property
    def is_open(self) -> bool:
        return self.status == CorrectionStatus.OPEN

    @property
    def is_disagreement(self) -> bool:
        """Declined: the family still says it is wrong, and that stays next to the entry."""
        return self.status == CorrectionStatus.DECLINED


# --- A young person's own channel to their worker -----------------------------------------------


class MessageTopic(models.TextChoices):
    WORRY = "worry", "A worry"
    GOOD_NEWS = "good_news", "Some good news"
    REQUEST = "request", "I want something sorted"
    UNSAFE = "unsafe", "I feel unsafe"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class YoungPersonMessage(Tracked):
    """A young person's message to their worker. Its words are the entry; this is the follow-up.

    It waits on the worker's My work (and, if they feel unsafe, their manager's) until
    a member of staff marks it answered.
    """

    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="young_message")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(max_length=10, choices=MessageTopic.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    out_of_hours = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        triggers = [NO_DELETE]
        indexes = [
            models.Index(
                fields=["case", "sent_at"],
                condition=Q(answered_at__isnull=True),
                name="young_message_waiting",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answered_by__isnull=True)
                | Q(answered_at__isnull=False, answered_by__isnull=False),
                name="young_message_answered_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} on case {self.case_id}"

    @property
    def is_unsafe(self) -> bool:
        return self.topic == MessageTopic.UNSAFE


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class MeetingWords(Tracked):
    """What a young person wants said at a meeting, written before it. Its words are the entry."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="meeting_words")
    want_known = models.TextField(blank=True)
    want_to_happen = models.TextField(blank=True)

    class Meta:
        triggers = [NO_DELETE]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_meeting_words_each"),
        ]

    def __str__(self) -> str:
        return f"Words for meeting {self.meeting_id} by person {self.person_id}"
