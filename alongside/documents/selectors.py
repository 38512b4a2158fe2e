"""The documents a family member has been given: meeting letters, reports and minutes.

Each document has one or more copies: the report itself, its easy-read copy and
its translations once they are ready. ``preferred_copy`` picks the one the reader
asked for on their record: their language first, then easy read, else the report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from alongside.cases.models import Case
from alongside.documents.languages import code_for, is_english, normal
from alongside.meetings.models import Invitation, Meeting, ReportShare, ReportVersion, VersionKind
from alongside.people.codes import Format
from alongside.people.models import Person

KINDS = ("letter", "report", "minutes")


@dataclass(frozen=True)
class Copy:
    key: str
    label: str
    text: str
    language: str = "English"
    easy_read: bool = False

    @property
    def code(self) -> str:
        return code_for(self.language)


@dataclass
class Document:
    kind: str
    pk: int
    title: str
    shared_at: datetime.datetime
    meeting: Meeting
    copies: list[Copy] = field(default_factory=list)
    share: ReportShare | None = None

    @property
    def about(self) -> str:
        """Which meeting it is for, in words: the title says what it is."""
        return f"the {_about(self.meeting)} on {self.meeting.on:%-d %B %Y}"

    def copy(self, key: str) -> Copy | None:
        return next((c for c in self.copies if c.key == key), None)


def _about(meeting: Meeting) -> str:
    return meeting.get_kind_display().lower()


def _report_copies(share: ReportShare) -> list[Copy]:
    copies = [Copy("report", "The report", share.report.family_text)]
    for version in share.report.versions.all():
        if version.ready_at is None and version.pk != share.version_id:
            continue
        if version.kind == VersionKind.EASY_READ:
            copies.append(Copy("easy-read", "Easy read", version.text, easy_read=True))
        else:
            key = "in-" + normal(version.language).replace(" ", "-")
            copies.append(Copy(key, version.language, version.text, version.language))
    return copies


def documents_for(case: Case, person_id: int | None) -> list[Document]:
    """Everything shared with this family member on this case, newest first. Three queries
    and their prefetches, however many meetings there are."""
    if person_id is None:
        return []
    found: list[Document] = []
    letters = Invitation.objects.filter(
        meeting__case=case, person_id=person_id, letter_sent_at__isnull=False
    ).select_related("meeting")
    for invitation in letters:
        meeting = invitation.meeting
        found.append(
            Document(
                "letter",
                invitation.pk,
                "Your letter",
                invitation.letter_sent_at,  # type: ignore[arg-type]
                meeting,
                [Copy("letter", "The letter", invitation.letter_text)]
                + (
                    [Copy("easy-read", "Easy read", invitation.easy_read_letter, easy_read=True)]
                    if invitation.easy_read_letter
                    else []
                ),
            )
        )
    shares = (
        ReportShare.objects.filter(report__meeting__case=case, invitation__person_id=person_id)
        .select_related("report", "report__meeting", "receipt", "version")
        .prefetch_related(
            Prefetch(
                "report__versions", queryset=ReportVersion.objects.order_by("kind", "language")
            )
        )
    )
    for share in shares:
        meeting = share.report.meeting
        found.append(
            Document(
                "report",
                share.pk,
                "Our report",
                share.shared_at,
                meeting,
                _report_copies(share),
                share,
            )
        )
    minutes = Meeting.objects.filter(
        case=case, minutes_shared_at__isnull=False, invitations__person_id=person_id
    ).distinct()
    for meeting in minutes:
        found.append(
            Document(
                "minutes",
                meeting.pk,
                "What was said and decided",
                meeting.minutes_shared_at,  # type: ignore[arg-type]
                meeting,
                [Copy("minutes", "The minutes", meeting.minutes)],
            )
        )
    return sorted(found, key=lambda d: (d.shared_at, d.kind, d.pk), reverse=True)


def document_for(case: Case, person_id: int | None, kind: str, pk: int) -> Document:
    """One document shared with this family member, or 404."""
    if kind not in KINDS:
        raise Http404("No such document")
    found = next((d for d in documents_for(case, person_id) if d.kind == kind and d.pk == pk), None)
    if found is None:
        raise Http404("No such document")
    return found


def preferred_copy(document: Document, person: Person | None) -> Copy:
    """The copy in the reader's language if there is one, else easy read if they asked for it."""
    if person is not None:
        if not is_english(person.first_language or ""):
            key = "in-" + normal(person.first_language).replace(" ", "-")
            translated = document.copy(key)
            if translated is not None:
                return translated
        if Format.EASY_READ in (person.preferred_formats or []):
            easy = document.copy("easy-read")
            if easy is not None:
                return easy
    return document.copies[0]


def large_print(person: Person | None) -> bool:
    return person is not None and Format.LARGE_PRINT in (person.preferred_formats or [])
