"""A young person's own voice: messages to their worker, words for their next meeting, and
what they keep private from their parents and carers.

Everything a young person writes is a chronology entry authored by them, so it is read
through the one policy (rule 11 for what is private). A message also waits on their
worker's My work until someone answers it. "I feel unsafe" alerts the worker at once
and, out of hours, every active member of the duty team (``settings.DUTY_TEAM_CODE``):
the alert messages are stored with the entry and delivered in the request's commit hook,
not left for the delivery task.
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case as DbCase
from django.db.models import Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import Role, Team, User
from alongside.chronology.models import (
    Audience,
    AuthorKind,
    Entry,
    Kind,
    MeetingWords,
    MessageTopic,
    Status,
    YoungPersonMessage,
)
from alongside.chronology.services import FAMILY_TEXT_MAX, _correction_staff
from alongside.messaging.models import Channel, Message
from alongside.messaging.services import message_deliver, message_send
from alongside.people.selectors import contact_route
from alongside.timescales.calendar import is_working_day

if TYPE_CHECKING:
    from alongside.cases.models import Case
    from alongside.meetings.models import Meeting

logger = logging.getLogger("alongside.young_people")

TITLES = {
    MessageTopic.WORRY: "A worry",
    MessageTopic.GOOD_NEWS: "Some good news",
    MessageTopic.REQUEST: "I want something sorted",
    MessageTopic.UNSAFE: "I feel unsafe",
}
MEETING_WORDS_TITLE = "What I want said at my meeting"
SHARE_REASON_MAX = 2000


# --- Out of hours ---------------------------------------------------------------------------


def is_out_of_hours(at: datetime.datetime) -> bool:
    """Outside the working hours (9am to 5pm unless set otherwise) of a working day."""
    local = timezone.localtime(at)
    if not is_working_day(local.date()):
        return True
    return not settings.WORKING_HOURS_START <= local.hour < settings.WORKING_HOURS_END


# --- Who may write ----------------------------------------------------------------------------


def _young_person(*, case: Case, by: User) -> int:
    """A young person with a current grant to this case; gives their person id."""
    if by.role != Role.YOUNG_PERSON or by.person_id is None:
        raise ValidationError("Only a young person can do this")
    if case.child_id != by.person_id or not policy.case_access(by, case).is_family:
        raise ValidationError("You can only do this on your own record")
    return by.person_id


def _text_check(text: str, field: str, *, required: bool, missing: str) -> dict[str, str]:
    if required and not text.strip():
        return {field: missing}
    if len(text) > FAMILY_TEXT_MAX:
        return {field: f"Write {FAMILY_TEXT_MAX} letters or fewer"}
    return {}


# --- Messages to their worker ---------------------------------------------------------------


def _staff_to_tell(case: Case, topic: str, out_of_hours: bool) -> list[User]:
    """The worker (or the team's managers when there is none); for "unsafe" out of hours,
    every active member of the duty team too."""
    people = _correction_staff(case)
    if topic == MessageTopic.UNSAFE and out_of_hours:
        duty = Team.objects.filter(code=settings.DUTY_TEAM_CODE, archived_at__isnull=True).first()
        if duty is None:
            logger.error("No duty team with code %s to alert", settings.DUTY_TEAM_CODE)
        else:
            known = {member.pk for member in people}
            people += [
                member
                for member in User.objects.filter(team=duty, is_active=True).order_by("full_name")
                if member.pk not in known and member.is_staff_member
            ]
    return people


def _alert(case: Case, message: YoungPersonMessage, people: list[User]) -> list[Message]:
    """Store the messages to staff. The young person's own words never go in them."""
    path = reverse("staff:young-message", args=[case.pk, message.pk])
    if message.is_unsafe:
        subject = f"URGENT: a young person says they feel unsafe ({case.reference})"
        body = (
            f"A young person on case {case.reference} has said in the portal that they feel "
            f"unsafe. Act now: read what they wrote and contact them. {path} "
            "If you are not on the case's team, open it with break-glass (reason: duty)."
        )
    else:
        subject = f"A young person has sent you a message ({case.reference})"
        body = (
            f"A young person on case {case.reference} has sent you a message: "
            f"{TITLES[MessageTopic(message.topic)].lower()}. Read it and answer them. {path}"
        )
    sent = []
    for member in people:
        sent.append(
            message_send(
                channel=Channel.EMAIL,
                to_address=member.email,
                to_user=member,
                purpose="young_person_unsafe" if message.is_unsafe else "young_person_message",
                subject=subject,
                body=body,
            )
        )
        if message.is_unsafe and member.phone:
            sent.append(
                message_send(
                    channel=Channel.SMS,
                    to_address=member.phone,
                    to_user=member,
                    purpose="young_person_unsafe",
                    body=body,
                )
            )
    return sent


def _deliver_now(message_ids: list[int], case_id: int) -> None:
    """Runs once the request's transaction commits: hand each alert to the backend at once."""
    for message_id in message_ids:
        delivered = message_deliver(message_id=message_id)
        logger.warning(
            "Unsafe alert for case %s: message %s %s", case_id, message_id, delivered.status
        )


@transaction.atomic
def young_person_message_send(
    *, case: Case, by: User, topic: str, text: str = "", private_from_family: bool = True
) -> YoungPersonMessage:
    """A young person's worry, good news, request or "I feel unsafe", to their worker."""
    person_id = _young_person(case=case, by=by)
    if topic not in MessageTopic.values:
        raise ValidationError({"topic": "Choose what you want to tell your worker"})
    unsafe = topic == MessageTopic.UNSAFE
    errors = _text_check(text, "text", required=not unsafe, missing="Write what you want to say")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    words = text.strip() or "I feel unsafe. I did not say more."
    entry = Entry.objects.create(
        case=case,
        kind=Kind.YOUNG_PERSON,
        occurred_at=now,
        author_kind=AuthorKind.FAMILY,
        author_person_id=person_id,
        audience=Audience.FAMILY,
        title=TITLES[MessageTopic(topic)],
        text=words,
        status=Status.PUBLISHED,
        private_from_family=private_from_family,
        created_by=by,
        updated_by=by,
    )
    out_of_hours = is_out_of_hours(now)
    message = YoungPersonMessage.objects.create(
        entry=entry,
        case=case,
        topic=topic,
        sent_by=by,
        sent_at=now,
        out_of_hours=out_of_hours,
        created_by=by,
        updated_by=by,
    )
    sent = _alert(case, message, _staff_to_tell(case, topic, out_of_hours))
    if unsafe:
        ids = [m.pk for m in sent]
        logger.warning(
            "Unsafe message on case %s: %s alerts, out of hours %s", case.pk, len(ids), out_of_hours
        )
        transaction.on_commit(lambda: _deliver_now(ids, case.pk))
    return message


@transaction.atomic
def young_person_message_answer(*, message: YoungPersonMessage, by: User) -> YoungPersonMessage:
    """A member of staff who may change the case marks the message answered. It leaves My work."""
    message = YoungPersonMessage.objects.select_for_update().get(pk=message.pk)
    if message.answered_at is not None:
        raise ValidationError("Someone has already marked this as answered")
    if not policy.case_access(by, message.case).can_write:
        raise ValidationError("You cannot answer for this case")
    now = timezone.now()
    with pghistory.context(reason="Marked as answered"):
        message.answered_at = now
        message.answered_by = by
        message.updated_by = by
        message.updated_at = now
        message.save()
    return message


def young_messages_waiting(user: Any) -> QuerySet[YoungPersonMessage]:
    """Messages waiting for this member of staff: to them as the worker (or as a manager when
    the case has no worker), and every "unsafe" on a case their team's managers answer for.
    Unsafe first, then oldest first."""
    if not getattr(user, "is_staff_member", False):
        return YoungPersonMessage.objects.none()
    managed = policy.managed_team_ids(user)
    mine = Q(case__worker=user) | Q(case__worker__isnull=True, case__team_id__in=managed)
    mine |= Q(topic=MessageTopic.UNSAFE, case__team_id__in=managed)
    unsafe_first = DbCase(When(topic=MessageTopic.UNSAFE, then=Value(0)), default=Value(1))
    return (
        YoungPersonMessage.objects.filter(mine, answered_at__isnull=True)
        .filter(case__in=policy.cases_visible_to(user).values("pk"))
        .select_related("case", "case__child", "entry")
        .order_by(unsafe_first, "sent_at", "id")
    )


def young_messages_sent(case: Case, user: Any) -> list[YoungPersonMessage]:
    """What this young person has sent on their case lately, newest first, for their own page."""
    return list(
        YoungPersonMessage.objects.filter(case=case, sent_by=user)
        .select_related("entry")
        .order_by("-sent_at", "-id")[:10]
    )


def young_message_for_case(case: Case, message_id: int) -> YoungPersonMessage:
    found = (
        YoungPersonMessage.objects.filter(pk=message_id, case=case)
        .select_related("entry", "sent_by", "answered_by")
        .first()
    )
    if found is None:
        raise Http404("No such message")
    return found


# --- Sharing something private ----------------------------------------------------------------


def _tell_writer_it_was_shared(entry: Entry) -> None:
    person = entry.author_person
    account = getattr(person, "account", None) if person else None
    if account is None or not account.is_active:
        return
    route = contact_route(person, account)
    if route is None:
        return
    channel, address = route
    message_send(
        channel=channel,
        to_address=address,
        to_user=account,
        purpose="private_entry_shared",
        subject="Your worker shared something you wrote",
        body=(
            "Your worker has shared something you wrote with your family. "
            "Sign in to Alongside to see what and why."
        ),
    )


@transaction.atomic
def entry_share(*, entry: Entry, by: User, reason: str) -> Entry:
    """Share an entry a young person kept private with their family. Needs a written reason;
    the young person is told, and sees who shared it, when and why."""
    entry = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("case", "author_person")
        .get(pk=entry.pk)
    )
    access = policy.case_access(by, entry.case)
    if not policy.can_share_private_entry(by, entry, access):
        raise ValidationError("You cannot share this with the family")
    if not reason.strip():
        raise ValidationError({"reason": "Say why you are sharing this with the family"})
    if len(reason) > SHARE_REASON_MAX:
        raise ValidationError({"reason": f"Write {SHARE_REASON_MAX} characters or fewer"})
    now = timezone.now()
    with pghistory.context(reason=f"Shared with the family: {reason.strip()}"):
        entry.private_from_family = False
        entry.shared_reason = reason.strip()
        entry.shared_by = by
        entry.shared_at = now
        entry.updated_by = by
        entry.updated_at = now
        entry.save()
    _tell_writer_it_was_shared(entry)
    return entry


# --- Their words for their next meeting -------------------------------------------------------


def next_meeting_for(case: Case) -> Meeting | None:
    from alongside.meetings.models import Meeting

    return (
        Meeting.objects.filter(case=case, held_on__isnull=True, starts_at__gt=timezone.now())
        .order_by("starts_at", "id")
        .first()
    )


def meeting_words_of(meeting: Meeting, person_id: int) -> MeetingWords | None:
    return (
        MeetingWords.objects.filter(meeting=meeting, person_id=person_id)
        .select_related("entry")
        .first()
    )


def meeting_words_for_meeting(meeting: Meeting) -> list[MeetingWords]:
    """Every young person's words for this meeting, for the staff meeting page."""
    return list(
        MeetingWords.objects.filter(meeting=meeting, entry__archived_at__isnull=True)
        .select_related("entry", "person")
        .order_by("id")
    )


def meeting_words_text(want_known: str, want_to_happen: str) -> str:
    parts = []
    if want_known.strip():
        parts.append(f"What I want people to know: {want_known.strip()}")
    if want_to_happen.strip():
        parts.append(f"What I want to happen: {want_to_happen.strip()}")
    return "\n\n".join(parts)


@transaction.atomic
def meeting_words_save(
    *,
    meeting: Meeting,
    by: User,
    want_known: str,
    want_to_happen: str,
    private_from_family: bool = True,
) -> MeetingWords:
    """Save (or change, before the meeting) what the young person wants said at it."""
    person_id = _young_person(case=meeting.case, by=by)
    if meeting.held_on is not None or meeting.starts_at <= timezone.now():
        raise ValidationError("This meeting has already happened")
    errors = _text_check(want_known, "want_known", required=False, missing="")
    errors |= _text_check(want_to_happen, "want_to_happen", required=False, missing="")
    if not errors and not (want_known.strip() or want_to_happen.strip()):
        errors["want_known"] = "Write what you want people to know, or what you want to happen"
    if errors:
        raise ValidationError(errors)
    text = meeting_words_text(want_known, want_to_happen)
    now = timezone.now()
    words = (
        MeetingWords.objects.select_for_update()
        .filter(meeting=meeting, person_id=person_id)
        .first()
    )
    if words is None:
        entry = Entry.objects.create(
            case=meeting.case,
            kind=Kind.MEETING_WORDS,
            occurred_at=now,
            author_kind=AuthorKind.FAMILY,
            author_person_id=person_id,
            audience=Audience.FAMILY,
            title=MEETING_WORDS_TITLE,
            text=text,
            status=Status.PUBLISHED,
            private_from_family=private_from_family,
            created_by=by,
            updated_by=by,
        )
        return MeetingWords.objects.create(
            meeting=meeting,
            person_id=person_id,
            entry=entry,
            want_known=want_known.strip(),
            want_to_happen=want_to_happen.strip(),
            created_by=by,
            updated_by=by,
        )
    with pghistory.context(reason="The young person changed their words for the meeting"):
        entry = words.entry
        entry.text = text
        entry.occurred_at = now
        # Once a worker has shared it, it stays shared: the reason is on the record.
        entry.private_from_family = private_from_family and entry.shared_at is None
        entry.updated_by = by
        entry.updated_at = now
        entry.save()
        words.want_known = want_known.strip()
        words.want_to_happen = want_to_happen.strip()
        words.updated_by = by
        words.updated_at = now
        words.save()
    return words
