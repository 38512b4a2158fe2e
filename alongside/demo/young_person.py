"""The demo young person's own voice, made through the services after the council is loaded:
some good news they let their family see, a worry they kept private (waiting on their
worker's My work), and what they want said at their next meeting.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from alongside.accounts.models import User
from alongside.cases.models import Case
from alongside.chronology.models import MessageTopic
from alongside.chronology.young_person import (
    meeting_words_save,
    next_meeting_for,
    young_person_message_send,
)
from alongside.demo.signins import YOUNG_PERSON
from alongside.meetings.models import MeetingKind
from alongside.meetings.services import meeting_schedule

GOOD_NEWS = "I got picked for the school football team. Training is on Tuesdays."
WORRY = "I get worried when mum and her boyfriend argue at night. I cannot sleep."
WANT_KNOWN = "I like my school and my friends. Football helps me when things are hard."
WANT_TO_HAPPEN = "I want to stay at my school. I want meetings after school, not in lessons."


def add_young_persons_voice(out: Callable[[str], None]) -> None:
    young = User.objects.filter(email=YOUNG_PERSON.email).select_related("person").first()
    if young is None or young.person is None:
        return
    case = (
        Case.objects.filter(child=young.person, closed_on__isnull=True, worker__isnull=False)
        .order_by("id")
        .first()
    )
    if case is None or case.worker is None:
        return
    young_person_message_send(
        case=case,
        by=young,
        topic=MessageTopic.GOOD_NEWS,
        text=GOOD_NEWS,
        private_from_family=False,
    )
    young_person_message_send(case=case, by=young, topic=MessageTopic.WORRY, text=WORRY)
    meeting = next_meeting_for(case)
    if meeting is None:
        day = timezone.localdate() + datetime.timedelta(days=9)
        meeting = meeting_schedule(
            case=case,
            kind=MeetingKind.CORE_GROUP,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(16))),
            place="Demo Family Centre",
            purpose="To check how the plan is going and what needs to change.",
            by=case.worker,
        )
    meeting_words_save(
        meeting=meeting,
        by=young,
        want_known=WANT_KNOWN,
        want_to_happen=WANT_TO_HAPPEN,
        private_from_family=False,
    )
    out("Young person: good news, a private worry and their words for the next meeting")
