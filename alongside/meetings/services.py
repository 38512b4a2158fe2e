"""Every change to a meeting goes through these functions.

- ``meeting_schedule``: a meeting on a case; a conference is linked to the
  conference booked on the journey and takes its date.
- ``invitation_add``: one invitee, their format and language needs copied from
  the person. An interpreter is an accredited interpreter, never a child and
  never someone from the child's family.
- ``letters_send``: the plain-words letter to each invitee not yet written to,
  kept on the invitation and sent through ``message_send``; someone who reads easy
  read is sent the easy-read letter, which the worker may edit first
  (``letter_easy_read_edit``).
- ``meeting_record``: held on, who came, what was decided (on the chronology).
- ``minutes_share``: the minutes to the family, due a set number of working days after.
- ``report_draft`` / ``report_edit`` / ``report_share``: the conference report,
  drafted from the record, edited by the worker, shared with each invitee once
  (from then on the family's copy does not change);
  an invitee who reads easy read gets the easy-read copy, so it must exist first.
- ``report_easy_read_make`` / ``report_version_edit``: the easy-read copy, drafted
  from the report and edited by the worker until it is shared.
- ``report_translation_record`` / ``report_translation_share``: a translation (who
  translated it), shared with the family invitees who speak that language.
- ``report_receipt_record``: the first time an invitee opens or downloads their copy.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.chronology.models import Audience, AuthorKind, Entry, Kind
from alongside.documents.easy_read import easy_read
from alongside.documents.languages import is_english, normal
from alongside.fgc.selectors import fgc_record
from alongside.meetings import words
from alongside.meetings.models import (
    CONFERENCE_KINDS,
    Invitation,
    InviteeKind,
    Meeting,
    MeetingKind,
    ReceivedHow,
    Report,
    ReportReceipt,
    ReportShare,
    ReportVersion,
    Response,
    VersionKind,
)
from alongside.meetings.selectors import (
    letter_names,
    needs_language,
    report_sources,
    wants_easy_read,
)
from alongside.messaging.models import Channel
from alongside.messaging.services import message_send
from alongside.people.selectors import contact_route

if TYPE_CHECKING:
    from alongside.accounts.models import User
    from alongside.cases.models import Case
    from alongside.journey.models import Conference
    from alongside.people.models import Person


def _entry(*, meeting: Meeting, by: User, kind: Kind, title: str, text: str) -> Entry:
    return Entry.objects.create(
        case=meeting.case,
        kind=kind,
        occurred_at=timezone.now(),
        author_kind=AuthorKind.STAFF,
        author_user=by,
        audience=Audience.FAMILY,
        title=title[:150],
        text=text,
        created_by=by,
        updated_by=by,
    )


def pre_proceedings_check(*, case: Case, kind: str) -> None:
    """Refuse a pre-proceedings meeting until a conference was held or the offer is recorded.

    Every way of planning a meeting goes through ``meeting_schedule``, which asks this.
    """
    if kind == MeetingKind.PRE_PROCEEDINGS and not fgc_record(case).recorded:
        raise ValidationError(
            {
                "kind": "Before a pre-proceedings meeting, record that a family group conference "
                "was offered, or the reason it was not, on the Family group conferences tab"
            }
        )


@transaction.atomic
def meeting_schedule(
    *,
    case: Case,
    kind: MeetingKind | str,
    starts_at: datetime.datetime,
    place: str,
    purpose: str,
    by: User,
    conference: Conference | None = None,
) -> Meeting:
    errors: dict[str, str] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = "Choose the kind of meeting"
    elif kind in CONFERENCE_KINDS:
        if conference is None or conference.referral.case_id != case.pk:
            errors["conference"] = "Choose the conference booked on the journey"
        elif conference.kind != CONFERENCE_KINDS[MeetingKind(kind)]:
            errors["conference"] = "That conference is of another kind"
        elif timezone.localdate(starts_at) != conference.scheduled_for:
            errors["starts_at"] = "A conference meets on the day booked on the journey"
    elif conference is not None:
        errors["conference"] = "Only a child protection conference links to a conference"
    if not place.strip():
        errors["place"] = "Enter where the meeting will be"
    if not case.is_open:
        errors["kind"] = "The case is closed"
    if errors:
        raise ValidationError(errors)
    pre_proceedings_check(case=case, kind=kind)
    meeting = Meeting.objects.create(
        case=case,
        kind=kind,
        conference=conference,
        starts_at=starts_at,
        place=place.strip(),
        purpose=purpose.strip(),
        worker=case.worker or by,
        created_by=by,
        updated_by=by,
    )
    _entry(
        meeting=meeting,
        by=by,
        kind=Kind.NOTE,
        title=f"{meeting.get_kind_display()} planned for {words.when(meeting)}",
        text=f"Where: {meeting.place}. {meeting.purpose}".strip(),
    )
    return meeting


@transaction.atomic
def invitation_add(
    *,
    meeting: Meeting,
    invitee_kind: InviteeKind | str,
    by: User,
    person: Person | None = None,
    name: str = "",
    organisation: str = "",
    email: str = "",
    role: str = "",
    language: str = "",
) -> Invitation:
    errors: dict[str, str] = {}
    if invitee_kind == InviteeKind.FAMILY and person is None:
        errors["person"] = "Choose who in the family to invite"
    if invitee_kind == InviteeKind.INTERPRETER:
        if person is not None:
            errors["person"] = (
                "An interpreter must be an accredited interpreter, never a child or a relative"
            )
        if not organisation.strip():
            errors["organisation"] = "Enter the interpreting service"
        if not language.strip():
            errors["language"] = "Enter the language"
    if person is None and not name.strip():
        errors["name"] = "Enter their name"
    if invitee_kind == InviteeKind.AGENCY and not organisation.strip():
        errors["organisation"] = "Enter their organisation"
    if person is not None and meeting.invitations.filter(person=person).exists():
        errors["person"] = "They are already invited"
    if errors:
        raise ValidationError(errors)
    needs: dict[str, object] = {"language": language.strip()}
    if person is not None:
        needs = {
            "formats": list(person.preferred_formats),
            "language": person.first_language,
            "interpreter_needed": person.interpreter_needed,
        }
    return Invitation.objects.create(
        meeting=meeting,
        invitee_kind=invitee_kind,
        person=person,
        name=name.strip(),
        organisation=organisation.strip(),
        email=email.strip() or (person.email if person else ""),
        role=role.strip(),
        created_by=by,
        updated_by=by,
        **needs,
    )


def letter_for(meeting: Meeting, invitation: Invitation) -> str:
    """The letter this invitee gets (or got): the family's in plain words."""
    names = letter_names(meeting.case)
    if invitation.is_family_side:
        everyone = list(meeting.invitations.all())
        return words.family_letter(meeting, invitation, everyone=everyone, names=names)
    return words.agency_letter(meeting, invitation, names=names)


def easy_read_letter_for(meeting: Meeting, invitation: Invitation) -> str:
    """The easy-read letter for someone who reads easy read: the worker's edit, else the
    first draft made from their letter. Empty for everyone else."""
    if not (invitation.is_family_side and wants_easy_read(invitation)):
        return ""
    return invitation.easy_read_letter or easy_read(
        invitation.letter_text or letter_for(meeting, invitation)
    )


@transaction.atomic
def letter_easy_read_edit(*, invitation: Invitation, text: str, by: User) -> Invitation:
    """The worker's edit of the easy-read letter, until the letter is sent."""
    if invitation.letter_sent_at is not None:
        raise ValidationError({"text": "This letter has been sent. It cannot change now."})
    if not text.strip():
        raise ValidationError({"text": "The copy cannot be empty"})
    invitation.easy_read_letter = text.strip()
    invitation.updated_by = by
    invitation.save(update_fields=["easy_read_letter", "updated_by", "updated_at"])
    return invitation


def _address(invitation: Invitation) -> tuple[Channel, str] | None:
    person = invitation.person
    account = getattr(person, "account", None) if person else None
    return contact_route(person, account, email=invitation.email)


@transaction.atomic
def letters_send(*, meeting: Meeting, by: User) -> list[Invitation]:
    """Write to every invitee not yet written to. The letter is kept as it was sent."""
    sent = []
    now = timezone.now()
    for invitation in meeting.invitations.select_related("person").filter(
        letter_sent_at__isnull=True
    ):
        invitation.letter_text = letter_for(meeting, invitation)
        invitation.easy_read_letter = easy_read_letter_for(meeting, invitation)
        invitation.letter_sent_at = now
        invitation.updated_by = by
        invitation.save(
            update_fields=[
                "letter_text",
                "easy_read_letter",
                "letter_sent_at",
                "updated_by",
                "updated_at",
            ]
        )
        address = _address(invitation)
        if address is not None:
            message_send(
                channel=address[0],
                to_address=address[1],
                to_user=getattr(invitation.person, "account", None),
                purpose="meeting_invitation",
                subject=words.subject(meeting),
                body=invitation.easy_read_letter or invitation.letter_text,
            )
        sent.append(invitation)
    return sent


@transaction.atomic
def invitation_respond(*, invitation: Invitation, response: Response | str, by: User) -> Invitation:
    if response not in Response.values:
        raise ValidationError({"response": "Choose their reply"})
    invitation.response = response
    invitation.updated_by = by
    invitation.save(update_fields=["response", "updated_by", "updated_at"])
    return invitation


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    held_on: datetime.date,
    attended: Iterable[int],
    decisions: str,
    by: User,
) -> Meeting:
    """The meeting happened: who came and what was decided, on the chronology."""
    errors = {}
    if held_on > timezone.localdate():
        errors["held_on"] = "The date cannot be in the future"
    if not decisions.strip():
        errors["decisions"] = "Write what was decided"
    if errors:
        raise ValidationError(errors)
    came = set(attended)
    for invitation in meeting.invitations.all():
        invitation.attended = invitation.pk in came
        invitation.save(update_fields=["attended", "updated_at"])
    meeting.held_on = held_on
    meeting.decisions = decisions.strip()
    meeting.updated_by = by
    meeting.save()
    names = ", ".join(i.display_name for i in meeting.invitations.all() if i.pk in came)
    _entry(
        meeting=meeting,
        by=by,
        kind=Kind.MEETING,
        title=f"{meeting.get_kind_display()} held",
        text=f"Who came: {names or 'nobody invited'}. What was decided: {meeting.decisions}",
    )
    return meeting


@transaction.atomic
def minutes_share(*, meeting: Meeting, minutes: str, by: User) -> Meeting:
    if meeting.held_on is None:
        raise ValidationError({"minutes": "Record the meeting first"})
    if not minutes.strip():
        raise ValidationError({"minutes": "Enter the minutes"})
    meeting.minutes = minutes.strip()
    meeting.minutes_shared_at = timezone.now()
    meeting.updated_by = by
    meeting.save()
    sent_to = list(meeting.invitations.filter(invitee_kind__in=["family", "supporter"]))
    for invitation in sent_to:
        address = _address(invitation)
        if address is not None:
            message_send(
                channel=address[0],
                to_address=address[1],
                to_user=getattr(invitation.person, "account", None),
                purpose="meeting_minutes",
                subject=f"What was said at the {meeting.get_kind_display().lower()}",
                body=meeting.minutes,
            )
    _entry(
        meeting=meeting,
        by=by,
        kind=Kind.DOCUMENT,
        title=f"Minutes of the {meeting.get_kind_display().lower()} shared",
        # Who got them, not what they say: the minutes are for the people invited, and
        # everyone with access to the case reads the chronology.
        text="Shared with "
        + (", ".join(i.display_name for i in sent_to) or "nobody in the family")
        + ".",
    )
    return meeting


@transaction.atomic
def report_draft(*, meeting: Meeting, by: User) -> Report:
    """The report drafted from the record, once; from then on the worker edits it."""
    if not meeting.is_conference:
        raise ValidationError({"meeting": "Only a child protection conference has a report"})
    if Report.objects.filter(meeting=meeting).exists():
        raise ValidationError({"meeting": "The report has been drafted already: edit it"})
    found = report_sources(meeting)
    child = meeting.case.child.preferred_name or meeting.case.child.first_names.split(" ")[0]
    return Report.objects.create(
        meeting=meeting,
        drafted_since=found.since,
        family_text=words.report_text(
            child=child,
            since=found.since,
            happened=found.happened,
            family_words=found.family_words,
            child_words=found.child_words,
            ours=found.ours,
            theirs=found.theirs,
            done=found.done,
        ),
        professionals_text=words.professionals_text(since=found.since, entries=found.professionals),
        created_by=by,
        updated_by=by,
    )


@transaction.atomic
def report_edit(*, report: Report, family_text: str, professionals_text: str, by: User) -> Report:
    """Edit the report. Once anyone has been sent the family's copy, it is what they keep and
    does not change; the professionals' part can still be edited."""
    if not family_text.strip():
        raise ValidationError({"family_text": "The family's copy cannot be empty"})
    if family_text.strip() != report.family_text.strip() and report.shares.exists():
        raise ValidationError(
            {
                "family_text": "The family's copy has been shared, so it cannot change now. "
                "Tell the family about anything new at the meeting."
            }
        )
    report.family_text = family_text.strip()
    report.professionals_text = professionals_text.strip()
    report.updated_by = by
    report.updated_at = timezone.now()
    report.save()
    return report


@transaction.atomic
def report_share(*, report: Report, by: User) -> list[ReportShare]:
    """Share the family's copy with each invitee who has not had it yet, and tell them.

    Whoever reads easy read gets the easy-read copy, which the worker must have made
    and checked first; sharing makes that copy final.
    """
    meeting = report.meeting
    if "[Write what you think now" in report.family_text:
        raise ValidationError({"family_text": "Write what you think now before sharing"})
    waiting = list(
        meeting.invitations.select_related("person").exclude(report_shares__report=report)
    )
    easy = report.versions.filter(kind=VersionKind.EASY_READ).first()
    readers = [i for i in waiting if i.is_family_side and wants_easy_read(i)]
    if readers and easy is None:
        names = ", ".join(i.display_name for i in readers)
        raise ValidationError(
            {"family_text": f"{names} asked for easy read. Make the easy-read copy and check it."}
        )
    if easy is not None and "[Write what you think now" in easy.text:
        raise ValidationError({"family_text": "Finish the easy-read copy before sharing"})
    now = timezone.now()
    if readers and easy is not None and easy.ready_at is None:
        easy.ready_at = now
        easy.updated_by = by
        easy.save(update_fields=["ready_at", "updated_by", "updated_at"])
    shares = []
    for invitation in waiting:
        copy = easy if invitation in readers else None
        shares.append(
            ReportShare.objects.create(
                report=report,
                invitation=invitation,
                shared_at=now,
                version=copy,
                created_by=by,
                updated_by=by,
            )
        )
        address = _address(invitation)
        if address is not None and invitation.is_family_side:
            message_send(
                channel=address[0],
                to_address=address[1],
                to_user=getattr(invitation.person, "account", None),
                purpose="meeting_report",
                subject=f"Our report for the {meeting.get_kind_display().lower()}",
                body=copy.text if copy is not None else report.family_text,
            )
    if shares:
        _entry(
            meeting=meeting,
            by=by,
            kind=Kind.DOCUMENT,
            title=f"Report shared for the {meeting.get_kind_display().lower()}",
            text="Shared with " + ", ".join(s.invitation.display_name for s in shares) + ".",
        )
    return shares


def _unchanged_once_ready(version: ReportVersion) -> None:
    if version.ready_at is not None:
        raise ValidationError({"text": "This copy has been shared. It cannot change now."})


@transaction.atomic
def report_easy_read_make(*, report: Report, by: User) -> ReportVersion:
    """The first easy-read draft, made from the family's copy, for the worker to edit."""
    if report.versions.filter(kind=VersionKind.EASY_READ).exists():
        raise ValidationError({"text": "The easy-read copy has been made already: edit it"})
    return ReportVersion.objects.create(
        report=report,
        kind=VersionKind.EASY_READ,
        language="English",
        text=easy_read(report.family_text),
        created_by=by,
        updated_by=by,
    )


@transaction.atomic
def report_version_edit(*, version: ReportVersion, text: str, by: User) -> ReportVersion:
    _unchanged_once_ready(version)
    if not text.strip():
        raise ValidationError({"text": "The copy cannot be empty"})
    version.text = text.strip()
    version.updated_by = by
    version.updated_at = timezone.now()
    version.save()
    return version


@transaction.atomic
def report_translation_record(
    *, report: Report, language: str, text: str, translated_by: str, by: User
) -> ReportVersion:
    """Record (or correct, until shared) the translation of the family's copy into a language."""
    language = " ".join(language.split())
    errors = {}
    if not language:
        errors["language"] = "Enter the language it is translated into"
    elif is_english(language):
        errors["language"] = "The report is in English already. Enter another language"
    if not text.strip():
        errors["text"] = "Enter the translated report"
    if not translated_by.strip():
        errors["translated_by"] = "Enter who translated it"
    if errors:
        raise ValidationError(errors)
    version = next(
        (
            v
            for v in report.versions.filter(kind=VersionKind.TRANSLATION)
            if normal(v.language) == normal(language)
        ),
        None,
    )
    if version is None:
        return ReportVersion.objects.create(
            report=report,
            kind=VersionKind.TRANSLATION,
            language=language,
            text=text.strip(),
            translated_by=translated_by.strip(),
            created_by=by,
            updated_by=by,
        )
    _unchanged_once_ready(version)
    version.text = text.strip()
    version.translated_by = translated_by.strip()
    version.updated_by = by
    version.updated_at = timezone.now()
    version.save()
    return version


@transaction.atomic
def report_translation_share(*, version: ReportVersion, by: User) -> list[Invitation]:
    """The translation is ready: share it with every family invitee who speaks that language."""
    report = version.report
    if version.kind != VersionKind.TRANSLATION:
        raise ValidationError({"text": "Only a translation is shared this way"})
    _unchanged_once_ready(version)
    if not report.shares.exists():
        raise ValidationError({"text": "Share the report first, then its translation"})
    meeting = report.meeting
    version.ready_at = timezone.now()
    version.updated_by = by
    version.save(update_fields=["ready_at", "updated_by", "updated_at"])
    told = [
        i
        for i in meeting.invitations.select_related("person")
        if i.is_family_side and needs_language(i) == normal(version.language)
    ]
    for invitation in told:
        address = _address(invitation)
        if address is not None:
            message_send(
                channel=address[0],
                to_address=address[1],
                to_user=getattr(invitation.person, "account", None),
                purpose="meeting_report_translation",
                subject=f"Our report for the {meeting.get_kind_display().lower()}",
                body=version.text,
            )
    _entry(
        meeting=meeting,
        by=by,
        kind=Kind.DOCUMENT,
        title=f"Report shared in {version.language} for the {meeting.get_kind_display().lower()}",
        text=f"Translated by {version.translated_by}."
        + (" Shared with " + ", ".join(i.display_name for i in told) + "." if told else ""),
    )
    return told


@transaction.atomic
def report_receipt_record(*, share: ReportShare, how: ReceivedHow | str, by: User) -> ReportReceipt:
    """The first time the invitee opened or downloaded their copy; later times change nothing."""
    receipt, _ = ReportReceipt.objects.get_or_create(
        share=share,
        defaults={
            "received_at": timezone.now(),
            "how": how,
            "created_by": by,
            "updated_by": by,
        },
    )
    return receipt
