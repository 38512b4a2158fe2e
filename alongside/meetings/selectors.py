"""Reading meetings: a case's meetings, who had which letter and report, and the clocks.

Report due dates count back in working days (England and Wales bank holidays)
from the meeting: ``MEETINGS_REPORT_DAYS_INITIAL`` (default 3) before an initial
conference, ``MEETINGS_REPORT_DAYS_REVIEW`` (default 5) before a review. Minutes
are due ``MEETINGS_MINUTES_WORKING_DAYS`` (default 5) working days after the meeting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from alongside.accounts.models import FAMILY_ROLES
from alongside.cases.models import Case
from alongside.cases.selectors import cover_for_teams
from alongside.chronology.models import Audience, Entry, EntryComment, Kind, Status
from alongside.documents.languages import is_english, normal
from alongside.journey.models import Assessment, Conference
from alongside.meetings.models import (
    Invitation,
    Meeting,
    MeetingKind,
    ReportShare,
    ReportVersion,
    VersionKind,
)
from alongside.meetings.words import Line, Names
from alongside.people.codes import Format
from alongside.plans.models import Commitment, CommitmentAudience, CommitmentStatus, OwnerKind
from alongside.timescales.calendar import add_working_days, subtract_working_days


def report_days(kind: str) -> int | None:
    if kind == MeetingKind.INITIAL_CONFERENCE:
        return int(getattr(settings, "MEETINGS_REPORT_DAYS_INITIAL", 3))
    if kind == MeetingKind.REVIEW_CONFERENCE:
        return int(getattr(settings, "MEETINGS_REPORT_DAYS_REVIEW", 5))
    return None


def minutes_days() -> int:
    return int(getattr(settings, "MEETINGS_MINUTES_WORKING_DAYS", 5))


def report_due_on(meeting: Meeting) -> datetime.date | None:
    """The last day the report can reach the family, or None for a meeting without one."""
    days = report_days(meeting.kind)
    return None if days is None else subtract_working_days(meeting.on, days)


def minutes_due_on(meeting: Meeting) -> datetime.date | None:
    if meeting.held_on is None:
        return None
    return add_working_days(meeting.held_on, minutes_days())


def minutes_late(meeting: Meeting, today: datetime.date | None = None) -> bool:
    due = minutes_due_on(meeting)
    if due is None:
        return False
    shared = timezone.localdate(meeting.minutes_shared_at) if meeting.minutes_shared_at else None
    return (shared or today or timezone.localdate()) > due


def _loaded(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    shares = ReportShare.objects.select_related("receipt", "version")
    return meetings.select_related(
        "case", "case__child", "conference", "conference__chair", "worker", "manager", "report"
    ).prefetch_related(
        Prefetch(
            "invitations",
            queryset=Invitation.objects.select_related("person").prefetch_related(
                Prefetch("report_shares", queryset=shares)
            ),
        ),
        Prefetch("report__versions", queryset=ReportVersion.objects.order_by("kind", "language")),
    )


def meetings_for_case(case: Case) -> QuerySet[Meeting]:
    return _loaded(Meeting.objects.filter(case=case)).order_by("-starts_at", "-id")


def meeting_for_case(case: Case, meeting_id: int) -> Meeting:
    meeting = _loaded(Meeting.objects.filter(case=case, pk=meeting_id)).first()
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


def meetings_for_person(
    case: Case, person_id: int | None
) -> list[tuple[Meeting, Invitation | None]]:
    """The case's meetings the family can see, each with this person's own invitation."""
    found = []
    for meeting in meetings_for_case(case).order_by("starts_at", "id"):
        mine = next((i for i in meeting.invitations.all() if i.person_id == person_id), None)
        family_invited = any(i.is_family_side for i in meeting.invitations.all())
        if mine is not None or family_invited:
            found.append((meeting, mine))
    return found


def unlinked_conferences(case: Case) -> QuerySet[Conference]:
    """Conferences booked on the journey that no meeting has been planned for yet."""
    return Conference.objects.filter(
        referral__case=case, held_on__isnull=True, meeting__isnull=True
    ).order_by("scheduled_for")


def letter_names(case: Case) -> Names:
    worker = case.worker.full_name if case.worker else "your social worker"
    managers = cover_for_teams([case.team_id]).get(case.team_id or 0, [])
    return Names(worker=worker, manager=managers[0].full_name if managers else "the team manager")


def wants_easy_read(invitation: Invitation) -> bool:
    """Their format preference as it is now (a family member's record), else as invited."""
    formats = invitation.person.preferred_formats if invitation.person else invitation.formats
    return Format.EASY_READ in (formats or [])


def needs_language(invitation: Invitation) -> str:
    """The language (normalised) they need the report in, or "" for English."""
    language = invitation.person.first_language if invitation.person else invitation.language
    return "" if is_english(language or "") else normal(language)


@dataclass(frozen=True)
class Receipt:
    invitation: Invitation
    shared_at: datetime.datetime | None
    due_on: datetime.date | None
    late: bool
    received_at: datetime.datetime | None = None
    received_how: str = ""
    copy: str = ""


def receipts(meeting: Meeting, today: datetime.date | None = None) -> list[Receipt]:
    """For each invitee: whether and when they were sent the report and first opened it,
    which copy they got, and whether it reached them late."""
    due = report_due_on(meeting)
    today = today or timezone.localdate()
    rows = []
    for invitation in meeting.invitations.all():
        shares = list(invitation.report_shares.all())
        share = shares[0] if shares else None
        shared_at = share.shared_at if share else None
        received = timezone.localdate(shared_at) if shared_at else None
        late = due is not None and (received or today) > due
        receipt = getattr(share, "receipt", None) if share else None
        rows.append(
            Receipt(
                invitation,
                shared_at,
                due,
                late,
                received_at=receipt.received_at if receipt else None,
                received_how=receipt.get_how_display() if receipt else "",
                copy=share.version.get_kind_display() if share and share.version else "",
            )
        )
    return rows


@dataclass(frozen=True)
class TranslationDue:
    language: str
    needed_by: list[Invitation]
    version: ReportVersion | None
    due_on: datetime.date | None
    late: bool


def translations(meeting: Meeting, today: datetime.date | None = None) -> list[TranslationDue]:
    """Each language a family invitee needs (and each translation recorded), with whether
    it was ready by the report's due day or is late."""
    report = getattr(meeting, "report", None)
    versions = (
        [v for v in report.versions.all() if v.kind == VersionKind.TRANSLATION] if report else []
    )
    needed: dict[str, list[Invitation]] = {}
    for invitation in meeting.invitations.all():
        language = needs_language(invitation) if invitation.is_family_side else ""
        if language:
            needed.setdefault(language, []).append(invitation)
    for version in versions:
        needed.setdefault(normal(version.language), [])
    due = report_due_on(meeting)
    today = today or timezone.localdate()
    rows = []
    for language, invitations in needed.items():
        version = next((v for v in versions if normal(v.language) == language), None)
        ready = timezone.localdate(version.ready_at) if version and version.ready_at else None
        late = bool(invitations) and due is not None and (ready or today) > due
        first = invitations[0] if invitations else None
        asked = (first.person.first_language if first.person else first.language) if first else ""
        name = version.language if version else asked
        rows.append(TranslationDue(name or language, invitations, version, due, late))
    return rows


def report_late(meeting: Meeting, today: datetime.date | None = None) -> bool:
    return any(r.late for r in receipts(meeting, today) if r.invitation.is_family_side)


def translation_late(meeting: Meeting, today: datetime.date | None = None) -> bool:
    return any(t.late for t in translations(meeting, today))


@dataclass
class TeamReports:
    """A team's conference reports due to families in a period: on time, late, still to go."""

    team_id: int
    team_name: str
    due: int = 0
    on_time: int = 0
    late: int = 0
    not_yet_due: int = 0
    late_meetings: list[Meeting] = field(default_factory=list)


def report_figures_for_teams(
    team_ids: list[int],
    *,
    period_start: datetime.date,
    period_end: datetime.date,
    today: datetime.date | None = None,
    viewer: Any = None,
) -> list[TeamReports]:
    """For each team, the conferences in the period whose report was due to the family:
    how many reached every family invitee on time and how many were late (shared after
    the due day, or not shared and the day has passed). In a fixed number of queries.
    With a ``viewer``, only the cases they may open are counted and listed (a restricted
    case is never named to someone not on its list)."""
    from alongside import policy
    from alongside.accounts.models import Team

    today = today or timezone.localdate()
    teams = Team.objects.filter(pk__in=team_ids).order_by("name").values_list("pk", "name")
    figures = {pk: TeamReports(pk, name) for pk, name in teams}
    found = Meeting.objects.filter(
        case__team_id__in=list(figures),
        kind__in=[MeetingKind.INITIAL_CONFERENCE, MeetingKind.REVIEW_CONFERENCE],
        starts_at__date__gte=period_start,
        starts_at__date__lte=period_end,
    )
    if viewer is not None:
        found = found.filter(case__in=policy.cases_visible_to(viewer))
    meetings = _loaded(found).order_by("starts_at", "id")
    for meeting in meetings:
        row = figures[meeting.case.team_id or 0]
        due = report_due_on(meeting)
        if not family_side(meeting) or due is None:
            continue
        row.due += 1
        if report_late(meeting, today):
            row.late += 1
            row.late_meetings.append(meeting)
        elif all(r.shared_at for r in receipts(meeting, today) if r.invitation.is_family_side):
            row.on_time += 1
        else:
            row.not_yet_due += 1
    return list(figures.values())


# --- Drafting the report from the record -------------------------------------------------------


def report_since(meeting: Meeting) -> datetime.date:
    """The last meeting held on the case before this one, else the referral date."""
    earlier = (
        Meeting.objects.filter(case=meeting.case, held_on__isnull=False, held_on__lt=meeting.on)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    conference = (
        Conference.objects.filter(
            referral__case=meeting.case, held_on__isnull=False, held_on__lt=meeting.on
        )
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    dates = [d for d in (earlier, conference) if d is not None]
    return max(dates) if dates else meeting.case.referral_date


@dataclass(frozen=True)
class Sources:
    since: datetime.date
    happened: list[Line]
    family_words: list[Line]
    child_words: str
    ours: list[Line]
    theirs: list[Line]
    done: list[Line]
    professionals: list[Line]


def _line(entry: Entry) -> Line:
    return Line(timezone.localdate(entry.occurred_at), f"{entry.title}. {entry.text}")


def family_comments_since(meeting: Meeting, start: datetime.datetime) -> list[Line]:
    """The family's comments on entries, written since the last meeting, in their words.

    Only comments on entries every family member may read: published, on the chronology,
    for the family, and not kept private by a young person. Each says which entry it is about.
    """
    comments = (
        EntryComment.objects.filter(
            entry__case=meeting.case,
            entry__status=Status.PUBLISHED,
            entry__archived_at__isnull=True,
            entry__audience=Audience.FAMILY,
            entry__private_from_family=False,
            archived_at__isnull=True,
            author_user__role__in=FAMILY_ROLES,
            created_at__gte=start,
            created_at__lte=meeting.starts_at,
        )
        .select_related("entry", "author_person")
        .order_by("created_at", "id")
    )
    return [
        Line(
            timezone.localdate(c.created_at),
            f"{c.author_person.display_name} said about \u201c{c.entry.title}\u201d "
            f"({timezone.localdate(c.entry.occurred_at):%-d %B %Y}): {c.text}",
        )
        for c in comments
    ]


def report_sources(meeting: Meeting) -> Sources:
    """What the record says since the last meeting. Restricted entries and drafts never come in;
    professionals-only entries go only to the professionals' section. The family's words are
    their own accounts and their comments on entries they can read."""
    since = report_since(meeting)
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    entries = Entry.objects.filter(
        case=meeting.case,
        archived_at__isnull=True,
        status=Status.PUBLISHED,
        occurred_at__gte=start,
        occurred_at__lte=meeting.starts_at,
    ).order_by("occurred_at", "id")
    # What a young person keeps private from their parents is for the professionals only.
    family = [e for e in entries if e.audience == Audience.FAMILY and not e.private_from_family]
    own_words = [e.text for e in family if e.kind == Kind.MEETING_WORDS]
    commitments = Commitment.objects.filter(
        case=meeting.case, audience=CommitmentAudience.FAMILY
    ).select_related("owner_user", "owner_person")
    today = timezone.localdate()

    def promise(c: Commitment) -> Line:
        who = c.owner_user.full_name if c.owner_user else str(c.owner_person)
        late = " This is overdue." if c.due_on < today else ""
        return Line(c.due_on, f"{who}: {c.title}. Due by then.{late}")

    open_ones = [c for c in commitments if c.status == CommitmentStatus.OPEN]
    child_views = (
        Assessment.objects.filter(referral__case=meeting.case)
        .exclude(child_views="")
        .order_by("-started_on")
        .values_list("child_views", flat=True)
        .first()
    )
    return Sources(
        since=since,
        happened=[
            _line(e) for e in family if e.kind not in (Kind.FAMILY_ACCOUNT, Kind.MEETING_WORDS)
        ],
        family_words=sorted(
            [_line(e) for e in family if e.kind == Kind.FAMILY_ACCOUNT]
            + family_comments_since(meeting, start),
            key=lambda line: line.on,
        ),
        child_words="\n\n".join(own_words) or child_views or "",
        ours=[promise(c) for c in open_ones if c.owner_kind == OwnerKind.STAFF],
        theirs=[promise(c) for c in open_ones if c.owner_kind == OwnerKind.FAMILY],
        done=[
            Line(c.completed_on, f"{c.title}. Done.")
            for c in commitments
            if c.status == CommitmentStatus.DONE and c.completed_on and c.completed_on >= since
        ],
        professionals=[
            _line(e)
            for e in entries
            if e.audience == Audience.PROFESSIONALS or e.private_from_family
        ],
    )


def invitable_people(case: Case) -> list[tuple[int, str]]:
    """The child's network, for the invitation form: each person with what they are to the child."""
    from alongside.plans.selectors import family_members

    return [
        (m.person.pk, f"{m.person.display_name} ({m.relation})")
        for m in family_members(case)
        if m.person.pk != case.child_id
    ]


def family_side(meeting: Meeting) -> list[Invitation]:
    return [i for i in meeting.invitations.all() if i.is_family_side]
