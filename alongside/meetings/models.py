"""Meetings about a child, who is invited, and the reports written for them.

A ``Meeting`` is one formal meeting on a case; a child protection conference is
linked to its ``journey.Conference`` (the statutory record). An ``Invitation``
is one invitee: a family member (a ``Person``), a supporter or advocate, an
accredited interpreter or an agency contact. Their format and language needs
are copied from the person when they are invited, so the letter that was sent
can always be explained. A conference has one ``Report``, drafted from the
record and edited by the worker; a ``ReportShare`` says when each invitee got it
(and which copy), and a ``ReportReceipt`` when they first opened it in the portal.
A ``ReportVersion`` is the report's easy-read copy or a translation.
"""

from __future__ import annotations

import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from alongside.core.models import Tracked

NO_DELETE = pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)
STAFF = settings.AUTH_USER_MODEL


class MeetingKind(models.TextChoices):
    STRATEGY = "strategy", "Strategy meeting"
    INITIAL_CONFERENCE = "icpc", "Initial child protection conference"
    REVIEW_CONFERENCE = "rcpc", "Review child protection conference"
    CORE_GROUP = "core_group", "Core group meeting"
    CIN_REVIEW = "cin_review", "Child in need review"
    FAMILY_GROUP_CONFERENCE = "fgc", "Family group conference"
    PRE_PROCEEDINGS = "pre_proceedings", "Pre-proceedings meeting"
    LOOKED_AFTER_REVIEW = "lac_review", "Looked-after review"


CONFERENCE_KINDS = {
    MeetingKind.INITIAL_CONFERENCE: "initial",
    MeetingKind.REVIEW_CONFERENCE: "review",
}


class InviteeKind(models.TextChoices):
    FAMILY = "family", "Family member"
    SUPPORTER = "supporter", "Supporter or advocate"
    INTERPRETER = "interpreter", "Interpreter"
    AGENCY = "agency", "Agency contact"


class Response(models.TextChoices):
    AWAITING = "awaiting", "Not replied yet"
    COMING = "coming", "Coming"
    COMING_REMOTELY = "remote", "Joining by phone or video"
    NOT_COMING = "not_coming", "Not coming"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Meeting(Tracked):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    conference = models.OneToOneField(
        "journey.Conference",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting",
    )
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=300)
    purpose = models.TextField(help_text="Why we are meeting, in words the family can read.")
    worker = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    manager = models.ForeignKey(
        STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(null=True, blank=True)
    decisions = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    minutes_shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=Q(conference__isnull=True) | Q(kind__in=["icpc", "rcpc"]),
                name="meeting_only_conferences_link_a_conference",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["icpc", "rcpc"]) | Q(conference__isnull=False),
                name="meeting_conference_is_linked",
            ),
            models.CheckConstraint(
                condition=Q(minutes_shared_at__isnull=True) | Q(held_on__isnull=False),
                name="meeting_minutes_after_it_is_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.starts_at:%d %b %Y}"

    @property
    def on(self) -> datetime.date:
        from django.utils import timezone

        return timezone.localdate(self.starts_at)

    @property
    def is_conference(self) -> bool:
        return self.kind in CONFERENCE_KINDS

    def family_report_shared_on(self) -> datetime.date | None:
        """The day every family member invited had the report, from prefetched rows.

        None while any invited family member has not had it (or nobody from the
        family is invited). Used for the report-sharing clocks (T07, T13).
        """
        from django.utils import timezone

        family = [i for i in self.invitations.all() if i.invitee_kind == InviteeKind.FAMILY]
        days = []
        for invitation in family:
            shares = list(invitation.report_shares.all())
            if not shares:
                return None
            days.append(min(timezone.localdate(s.shared_at) for s in shares))
        return max(days) if days else None


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Invitation(Tracked):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="invitations")
    invitee_kind = models.CharField(max_length=12, choices=InviteeKind.choices)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=150, blank=True)
    organisation = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=100, blank=True, help_text="What they are to the child")
    formats = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    language = models.CharField(max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    response = models.CharField(max_length=12, choices=Response.choices, default=Response.AWAITING)
    attended = models.BooleanField(null=True, blank=True)
    letter_text = models.TextField(blank=True)
    easy_read_letter = models.TextField(
        blank=True, help_text="The easy-read copy of the letter, for someone who reads easy read"
    )
    letter_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=~Q(invitee_kind="family") | Q(person__isnull=False),
                name="invitation_family_member_is_a_person",
            ),
            models.CheckConstraint(
                # An accredited interpreter: never someone from the child's family.
                condition=~Q(invitee_kind="interpreter") | Q(person__isnull=True),
                name="invitation_interpreter_not_family",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="invitation_has_a_name",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="invitation_person_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} to {self.meeting}"

    @property
    def display_name(self) -> str:
        return self.person.display_name if self.person else self.name

    @property
    def is_family_side(self) -> bool:
        return self.invitee_kind in (InviteeKind.FAMILY, InviteeKind.SUPPORTER)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Report(Tracked):
    """The social worker's conference report: one text for the family, one for professionals."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="report")
    family_text = models.TextField()
    professionals_text = models.TextField(blank=True)
    drafted_since = models.DateField(help_text="The record was read from this day on")

    class Meta:
        triggers = [NO_DELETE]

    def __str__(self) -> str:
        return f"Report for {self.meeting}"


@pghistory.track(pghistory.InsertEvent())
class ReportShare(Tracked):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="shares")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.PROTECT, related_name="report_shares"
    )
    shared_at = models.DateTimeField()
    version = models.ForeignKey(
        "ReportVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The copy they were sent, if not the report itself (the easy-read copy)",
    )

    class Meta:
        ordering = ["shared_at", "id"]
        triggers = [NO_DELETE, pgtrigger.Protect(name="no_update", operation=pgtrigger.Update)]
        constraints = [
            models.UniqueConstraint(fields=["report", "invitation"], name="report_shared_once"),
        ]

    def __str__(self) -> str:
        return f"{self.report} to {self.invitation.display_name}"


class VersionKind(models.TextChoices):
    EASY_READ = "easy_read", "Easy read"
    TRANSLATION = "translation", "Translation"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class ReportVersion(Tracked):
    """Another copy of the family's report: easy read, or a translation.

    Drafted or recorded by the worker and edited until it is ready; from then on it
    is what the family has and does not change. A translation is due by the same
    day as the report.
    """

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    kind = models.CharField(max_length=12, choices=VersionKind.choices)
    language = models.CharField(max_length=60, default="English")
    text = models.TextField()
    translated_by = models.CharField(max_length=150, blank=True)
    ready_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was ready and shared with those who need it"
    )

    class Meta:
        ordering = ["kind", "language", "id"]
        triggers = [NO_DELETE]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "language"], name="report_version_once_per_language"
            ),
            models.CheckConstraint(
                condition=~Q(kind="translation") | ~Q(translated_by=""),
                name="report_version_translation_says_who",
            ),
            models.CheckConstraint(
                condition=~Q(kind="easy_read") | Q(language="English"),
                name="report_version_easy_read_in_english",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language}) of {self.report}"


class ReceivedHow(models.TextChoices):
    OPENED = "opened", "Opened in the portal"
    DOWNLOADED = "downloaded", "Downloaded"


@pghistory.track(pghistory.InsertEvent())
class ReportReceipt(Tracked):
    """The first time an invitee opened or downloaded the report they were sent."""

    share = models.OneToOneField(ReportShare, on_delete=models.PROTECT, related_name="receipt")
    received_at = models.DateTimeField()
    how = models.CharField(max_length=12, choices=ReceivedHow.choices)

    class Meta:
        triggers = [NO_DELETE, pgtrigger.Protect(name="no_update", operation=pgtrigger.Update)]

    def __str__(self) -> str:
        return f"{self.share} received {self.received_at:%d %b %Y}"
