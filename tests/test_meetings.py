"""Meetings: plain-words letters, reports drafted from the record and shared on time."""

from __future__ import annotations

import datetime

import pgtrigger
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from alongside.cases.services import break_glass_open
from alongside.chronology.models import Audience, Kind, Status
from alongside.journey.deadlines import case_deadlines
from alongside.journey.models import Conference, Referral
from alongside.meetings import services
from alongside.meetings.models import Invitation, MeetingKind, ReportShare
from alongside.meetings.selectors import (
    minutes_due_on,
    minutes_late,
    receipts,
    report_due_on,
    report_late,
)
from alongside.messaging.models import Message
from alongside.people.models import Relationship
from alongside.plain.readability import read
from alongside.timescales.calendar import is_working_day, working_days_between
from alongside.timescales.models import TimescaleRule
from tests.conftest import staff_client
from tests.factories import CaseFactory, EntryFactory

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()
REVIEW_DAY = datetime.date(2025, 5, 9)  # a Friday; Monday 5 May 2025 is a bank holiday
INITIAL_DAY = datetime.date(2025, 5, 27)  # a Tuesday; Monday 26 May 2025 is a bank holiday


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def conference(cast, kind: str, day: datetime.date) -> Conference:
    referral = Referral.objects.filter(case=cast["case"]).first() or Referral.objects.create(
        case=cast["case"], referral_date=datetime.date(2025, 1, 6), source="1A"
    )
    return Conference.objects.create(
        referral=referral, kind=kind, scheduled_for=day, chair=cast["chair"]
    )


def a_meeting(cast, kind=MeetingKind.REVIEW_CONFERENCE, day=REVIEW_DAY):
    cast["case"].referral_date = datetime.date(2025, 1, 6)
    cast["case"].save(update_fields=["referral_date"])
    linked = None
    if kind in (MeetingKind.REVIEW_CONFERENCE, MeetingKind.INITIAL_CONFERENCE):
        linked = conference(
            cast, "review" if kind == MeetingKind.REVIEW_CONFERENCE else "initial", day
        )
    if kind == MeetingKind.PRE_PROCEEDINGS:
        from alongside.fgc.services import offer_record

        offer_record(case=cast["case"], outcome="not_offered", reason="urgent", by=cast["worker"])
    return services.meeting_schedule(
        case=cast["case"],
        kind=kind,
        starts_at=at(day),
        place="Hill Family Centre, 2 Hill Road",
        purpose="",
        by=cast["worker"],
        conference=linked,
    )


def invite_parent(cast, meeting) -> Invitation:
    Relationship.objects.get_or_create(
        from_person=cast["parent"].person,
        to_person=cast["case"].child,
        kind="parent",
        defaults={"parental_responsibility": True},
    )
    return services.invitation_add(
        meeting=meeting,
        invitee_kind="family",
        person=cast["parent"].person,
        role="parent",
        by=cast["worker"],
    )


# --- Letters -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", MeetingKind.values)
def test_every_letter_kind_is_plain_and_says_what_families_need(cast, kind):
    meeting = a_meeting(cast, kind)
    mine = invite_parent(cast, meeting)
    services.invitation_add(
        meeting=meeting,
        invitee_kind="agency",
        name="Dr Ann Lee",
        organisation="Hill Surgery",
        role="family doctor",
        by=cast["worker"],
    )
    letter = services.letter_for(meeting, mine)
    reading = read(letter)
    assert reading.grade <= 5, (kind, reading.grade, letter)
    assert reading.unexplained == []
    for needed in (
        "What is the meeting for?",
        "Who will be there?",
        "Dr Ann Lee, family doctor from Hill Surgery.",
        "What will happen?",
        "advocate",
        "interpreter",
        "never ask a child to interpret",
        "You can complain",
        "Complaining will not count against you.",
        cast["worker"].full_name,
        cast["manager"].full_name,
    ):
        assert needed in letter, (kind, needed)


def test_letters_are_kept_as_sent_and_go_through_messaging(cast):
    meeting = a_meeting(cast)
    mine = invite_parent(cast, meeting)
    sent = services.letters_send(meeting=meeting, by=cast["worker"])
    assert [i.pk for i in sent] == [mine.pk]
    mine.refresh_from_db()
    assert mine.letter_sent_at and "What will happen?" in mine.letter_text
    message = Message.objects.get(purpose="meeting_invitation")
    assert message.body == mine.letter_text
    assert services.letters_send(meeting=meeting, by=cast["worker"]) == []


def test_family_needs_are_taken_from_the_person(cast):
    person = cast["parent"].person
    person.first_language = "Polish"
    person.interpreter_needed = True
    person.preferred_formats = ["easy_read"]
    person.save()
    meeting = a_meeting(cast)
    mine = invite_parent(cast, meeting)
    assert (mine.language, mine.interpreter_needed, mine.formats) == ("Polish", True, ["easy_read"])
    assert "interpreter who speaks Polish" in services.letter_for(meeting, mine)


def test_an_interpreter_is_never_a_child_or_a_relative(cast):
    meeting = a_meeting(cast)
    with pytest.raises(ValidationError) as error:
        services.invitation_add(
            meeting=meeting,
            invitee_kind="interpreter",
            person=cast["case"].child,
            organisation="Language Line",
            language="Polish",
            by=cast["worker"],
        )
    assert "never a child or a relative" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            meeting=meeting, invitee_kind="interpreter", person=cast["case"].child, name="x"
        )


def test_a_conference_meeting_must_link_its_journey_conference(cast):
    with pytest.raises(ValidationError):
        services.meeting_schedule(
            case=cast["case"],
            kind=MeetingKind.INITIAL_CONFERENCE,
            starts_at=at(INITIAL_DAY),
            place="Town Hall",
            purpose="",
            by=cast["worker"],
        )


# --- The report --------------------------------------------------------------------------------


def test_the_draft_takes_the_right_entries_and_keeps_others_from_the_family(cast):
    meeting = a_meeting(cast)
    case, worker = cast["case"], cast["worker"]
    when = at(REVIEW_DAY - datetime.timedelta(days=20))
    EntryFactory(
        case=case, author_user=worker, occurred_at=when, title="Home visit", text="Sam was well."
    )
    EntryFactory(
        case=case,
        author_user=worker,
        occurred_at=when,
        kind=Kind.FAMILY_ACCOUNT,
        title="In our words",
        text="We go to the park on Sundays.",
    )
    EntryFactory(
        case=case,
        author_user=worker,
        occurred_at=when,
        audience=Audience.PROFESSIONALS,
        withheld_reason="third_party",
        title="Police note",
        text="Neighbour called the police.",
    )
    EntryFactory(
        case=case,
        author_user=worker,
        occurred_at=when,
        audience=Audience.RESTRICTED,
        withheld_reason="risk_to_child",
        title="Secret",
        text="Restricted words.",
    )
    EntryFactory(
        case=case,
        author_user=worker,
        occurred_at=when,
        status=Status.DRAFT,
        title="Draft",
        text="Unfinished.",
    )
    EntryFactory(
        case=case,
        author_user=worker,
        occurred_at=at(datetime.date(2024, 1, 5)),
        title="Old",
        text="Before the referral window.",
    )
    report = services.report_draft(meeting=meeting, by=worker)
    assert "Sam was well." in report.family_text
    assert "We go to the park on Sundays." in report.family_text.split("What you told us.")[1]
    for kept in (
        "Neighbour called the police.",
        "Restricted words.",
        "Unfinished.",
        "Before the referral",
    ):
        assert kept not in report.family_text
    assert "Neighbour called the police." in report.professionals_text
    assert "Restricted words." not in report.professionals_text
    with pytest.raises(ValidationError):
        services.report_draft(meeting=meeting, by=worker)


def test_the_draft_takes_the_familys_comments_since_the_last_meeting_and_only_those(cast):
    from alongside.chronology.models import EntryComment
    from alongside.chronology.services import (
        entry_archive,
        entry_comment_add,
        entry_family_account_add,
    )

    meeting = a_meeting(cast)
    case, worker, parent = cast["case"], cast["worker"], cast["parent"]
    visit = EntryFactory(
        case=case,
        author_user=worker,
        occurred_at=at(REVIEW_DAY - datetime.timedelta(days=20)),
        title="Home visit",
        text="Sam was well.",
    )
    older = EntryFactory(
        case=case,
        author_user=worker,
        occurred_at=at(datetime.date(2024, 11, 4)),
        title="Health visitor update",
        text="Sam had all the checks.",
    )
    withheld = EntryFactory(
        case=case,
        author_user=worker,
        occurred_at=at(REVIEW_DAY - datetime.timedelta(days=15)),
        audience=Audience.PROFESSIONALS,
        withheld_reason="third_party",
        title="Police note",
        text="Neighbour called the police.",
    )
    taken_off = EntryFactory(
        case=case,
        author_user=worker,
        occurred_at=at(REVIEW_DAY - datetime.timedelta(days=12)),
        title="School call",
        text="Sam was late twice.",
    )
    private = entry_family_account_add(
        case=case, by=cast["young_person"], text="Only for my worker.", private_from_family=True
    )

    def comment(entry, by, text, on):
        made = entry_comment_add(entry=entry, by=by, text=text)
        EntryComment.objects.filter(pk=made.pk).update(created_at=at(on, 12))
        return made

    comment(visit, parent, "The visit was too short.", REVIEW_DAY - datetime.timedelta(days=10))
    comment(older, parent, "The checks were fine.", REVIEW_DAY - datetime.timedelta(days=30))
    comment(visit, parent, "Written before the referral.", datetime.date(2024, 12, 2))
    comment(visit, parent, "Written after the meeting.", REVIEW_DAY + datetime.timedelta(days=2))
    taken_back = comment(visit, parent, "Taken back.", REVIEW_DAY - datetime.timedelta(days=9))
    EntryComment.objects.filter(pk=taken_back.pk).update(archived_at=timezone.now())
    comment(taken_off, parent, "That is not right.", REVIEW_DAY - datetime.timedelta(days=8))
    entry_archive(entry=taken_off, by=worker, reason="Added to the wrong child")
    comment(private, cast["young_person"], "A secret comment.", REVIEW_DAY - datetime.timedelta(3))
    # A comment made while the entry was for the family, before it was withheld.
    EntryComment.objects.create(
        entry=withheld,
        author_user=parent,
        author_person=parent.person,
        text="A comment on a withheld entry.",
        created_at=at(REVIEW_DAY - datetime.timedelta(days=5), 12),
        created_by=parent,
        updated_by=parent,
    )

    report = services.report_draft(meeting=meeting, by=worker)
    told_us = report.family_text.split("What you told us.")[1].split("told us.")[0]
    name = parent.person.display_name
    assert (
        f"- 29 April 2025: {name} said about \u201cHome visit\u201d (19 April 2025): "
        "The visit was too short."
    ) in told_us
    assert (
        f"- 9 April 2025: {name} said about \u201cHealth visitor update\u201d (4 November 2024): "
        "The checks were fine."
    ) in told_us
    assert told_us.index("The checks were fine.") < told_us.index("The visit was too short.")
    for left_out in (
        "Written before the referral.",
        "Written after the meeting.",
        "Taken back.",
        "That is not right.",
        "A secret comment.",
        "Only for my worker.",
        "A comment on a withheld entry.",
        "Police note",
    ):
        assert left_out not in report.family_text, left_out


def test_report_due_dates_skip_bank_holidays(cast):
    review = a_meeting(cast)
    assert report_due_on(review) == datetime.date(2025, 5, 1)
    initial = a_meeting(cast, MeetingKind.INITIAL_CONFERENCE, INITIAL_DAY)
    assert report_due_on(initial) == datetime.date(2025, 5, 21)


def test_report_due_days_are_a_setting(cast, settings):
    settings.MEETINGS_REPORT_DAYS_REVIEW = 2
    assert report_due_on(a_meeting(cast)) == datetime.date(2025, 5, 7)


def _shared(cast, meeting, on: datetime.date):
    report = services.report_draft(meeting=meeting, by=cast["worker"])
    services.report_edit(
        report=report,
        family_text=report.family_text.replace(
            "[Write what you think now, and why. Use plain words.]", "Things are better."
        ),
        professionals_text="",
        by=cast["worker"],
    )
    shares = services.report_share(report=report, by=cast["worker"])
    with pgtrigger.ignore("meetings.ReportShare:no_update"):  # back-date the share for the test
        ReportShare.objects.filter(pk__in=[s.pk for s in shares]).update(shared_at=at(on, 16))
    return report


def test_a_report_shared_after_the_due_day_is_flagged_late_for_the_chair(cast):
    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    assert report_late(meeting, today=datetime.date(2025, 5, 2))
    _shared(cast, meeting, datetime.date(2025, 5, 2))
    meeting.refresh_from_db()
    rows = receipts(meeting)
    assert rows[0].shared_at is not None and rows[0].late
    page = staff_client(cast["chair"]).get(f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/")
    assert page.status_code == 200
    assert "Late" in page.content.decode()


def test_a_report_shared_on_the_due_day_is_on_time_and_meets_the_clock(cast):
    assert TimescaleRule.objects.get(code="T13").active
    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    _shared(cast, meeting, datetime.date(2025, 5, 1))
    assert not report_late(meeting)
    t13 = [
        d for d in case_deadlines(cast["case"], datetime.date(2025, 5, 1)) if d.rule_code == "T13"
    ]
    assert t13 and t13[0].met_on == datetime.date(2025, 5, 1)
    assert t13[0].status == "met_on_time"


def test_sharing_needs_the_worker_to_finish_the_draft(cast):
    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    report = services.report_draft(meeting=meeting, by=cast["worker"])
    with pytest.raises(ValidationError):
        services.report_share(report=report, by=cast["worker"])


def test_minutes_need_the_meeting_recorded_and_go_to_the_family(cast):
    meeting = a_meeting(cast, MeetingKind.CORE_GROUP, datetime.date(2025, 5, 9))
    mine = invite_parent(cast, meeting)
    with pytest.raises(ValidationError):
        services.minutes_share(meeting=meeting, minutes="Notes", by=cast["worker"])
    services.meeting_record(
        meeting=meeting,
        held_on=datetime.date(2025, 5, 9),
        attended=[mine.pk],
        decisions="Keep going.",
        by=cast["worker"],
    )
    services.minutes_share(meeting=meeting, minutes="We agreed to keep going.", by=cast["worker"])
    mine.refresh_from_db()
    assert mine.attended is True
    assert Message.objects.filter(purpose="meeting_minutes").count() == 1


def test_minutes_form_shows_the_reading_of_the_text_as_typed_and_keeps_it(cast):
    meeting = _held(cast, MeetingKind.CORE_GROUP, datetime.date(2025, 5, 9))
    url = f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/minutes/"
    client = staff_client(cast["worker"])
    page = client.get(url).content.decode()
    assert "Check the reading" in page
    assert "Reading score" not in page
    typed = "The core group met. We agreed the CP plan goes on. The SW will visit."
    page = client.post(url, {"minutes": typed, "check": "1"}).content.decode()
    reading = read(typed)
    assert f"Reading score: grade {reading.grade:.1f}" in page
    assert "A small group of your family and workers." in page  # core group, plainly
    assert "A written plan to keep a child safe." in page  # CP plan, plainly
    assert "SW" in reading.unexplained
    assert f"Words with no plain explanation: {', '.join(reading.unexplained)}." in page
    assert "The core group met." in page  # the text is kept in the box
    meeting.refresh_from_db()
    assert meeting.minutes_shared_at is None
    assert not Message.objects.filter(purpose="meeting_minutes").exists()
    response = client.post(url, {"minutes": typed})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_shared_at is not None


# --- Minutes deadline ------------------------------------------------------------------------


def _held(cast, kind, day: datetime.date):
    meeting = a_meeting(cast, kind, day)
    return services.meeting_record(
        meeting=meeting, held_on=day, attended=[], decisions="Keep going.", by=cast["worker"]
    )


def _shared_minutes_on(meeting, day: datetime.date):
    from alongside.meetings.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(minutes_shared_at=at(day, 16))
    meeting.refresh_from_db()
    return meeting


def test_minutes_are_not_due_before_the_meeting_is_held(cast):
    meeting = a_meeting(cast, MeetingKind.CORE_GROUP, datetime.date(2025, 5, 2))
    assert minutes_due_on(meeting) is None
    assert minutes_late(meeting, today=datetime.date(2026, 1, 1)) is False


def test_minutes_are_due_the_configured_working_days_after_skipping_a_bank_holiday(cast, settings):
    # Held on Friday 2 May 2025; Monday 5 May is the early May bank holiday.
    meeting = _held(cast, MeetingKind.CORE_GROUP, datetime.date(2025, 5, 2))
    assert settings.MEETINGS_MINUTES_WORKING_DAYS == 5
    assert minutes_due_on(meeting) == datetime.date(2025, 5, 12)  # 6, 7, 8, 9 and 12 May
    assert working_days_between(meeting.held_on, minutes_due_on(meeting)) == 5
    settings.MEETINGS_MINUTES_WORKING_DAYS = 1
    assert minutes_due_on(meeting) == datetime.date(2025, 5, 6)
    settings.MEETINGS_MINUTES_WORKING_DAYS = 3
    assert minutes_due_on(meeting) == datetime.date(2025, 5, 8)


def test_minutes_over_christmas_skip_both_bank_holidays_and_the_weekend(cast):
    # Held on Tuesday 23 December 2025: 24, 29, 30, 31 December and 2 January are working days.
    meeting = _held(cast, MeetingKind.CIN_REVIEW, datetime.date(2025, 12, 23))
    assert minutes_due_on(meeting) == datetime.date(2026, 1, 2)
    assert not is_working_day(datetime.date(2026, 1, 1))


def test_minutes_are_late_only_after_the_due_day(cast):
    meeting = _held(cast, MeetingKind.CORE_GROUP, datetime.date(2025, 5, 2))
    due = datetime.date(2025, 5, 12)
    assert minutes_late(meeting, today=datetime.date(2025, 5, 9)) is False
    assert minutes_late(meeting, today=due) is False
    assert minutes_late(meeting, today=due + datetime.timedelta(days=1)) is True
    # Shared on the due day: on time, however long ago that now is.
    assert minutes_late(_shared_minutes_on(meeting, due), today=datetime.date(2026, 1, 1)) is False
    # Shared the day after: late, even when checked on the day it was shared.
    late = _shared_minutes_on(meeting, datetime.date(2025, 5, 13))
    assert minutes_late(late, today=datetime.date(2025, 5, 13)) is True


def test_the_bank_holiday_gives_an_extra_day_before_minutes_are_late(cast, settings):
    settings.MEETINGS_MINUTES_WORKING_DAYS = 2
    # Held on Thursday 1 May 2025: Friday 2 May, then Tuesday 6 May (Monday is a bank holiday).
    meeting = _held(cast, MeetingKind.CORE_GROUP, datetime.date(2025, 5, 1))
    assert minutes_due_on(meeting) == datetime.date(2025, 5, 6)
    assert minutes_late(_shared_minutes_on(meeting, datetime.date(2025, 5, 6))) is False
    assert minutes_late(_shared_minutes_on(meeting, datetime.date(2025, 5, 7))) is True


def test_the_meeting_page_shows_the_minutes_due_day_and_lateness(cast):
    meeting = _held(cast, MeetingKind.CORE_GROUP, datetime.date(2025, 5, 2))
    page = staff_client(cast["worker"]).get(
        f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/"
    )
    text = page.content.decode()
    assert "Due by 12 May 2025" in text
    assert 'govuk-tag--red">Late</strong>' in text


# --- Pages and permissions ---------------------------------------------------------------------


def test_worker_pages_work_end_to_end(cast):
    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    client = staff_client(cast["worker"])
    base = f"/staff/cases/{cast['case'].pk}/meetings"
    assert client.get(f"{base}/").status_code == 200
    assert client.get(f"{base}/new/").status_code == 200
    letters = client.get(f"{base}/{meeting.pk}/letters/")
    assert "Reading score" in letters.content.decode()
    assert client.post(f"{base}/{meeting.pk}/letters/").status_code == 302
    assert client.post(f"{base}/{meeting.pk}/report/").status_code == 302
    page = client.get(f"{base}/{meeting.pk}/report/")
    assert "Reading score" in page.content.decode()
    for url in ("invite/", "record/"):
        assert client.get(f"{base}/{meeting.pk}/{url}").status_code == 200


def test_worker_of_another_team_gets_404(cast):
    meeting = a_meeting(cast)
    client = staff_client(cast["other_worker"])
    base = f"/staff/cases/{cast['case'].pk}/meetings"
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"{base}/{meeting.pk}/").status_code == 404
    assert client.post(f"{base}/{meeting.pk}/report/").status_code == 404


def test_another_parent_gets_404_and_the_parent_sees_their_meeting(cast):
    from django.test import Client

    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    _shared(cast, meeting, datetime.date(2025, 5, 1))
    other = Client()
    other.force_login(cast["other_parent"])
    url = f"/portal/children/{cast['case'].pk}/meetings/"
    assert other.get(url).status_code == 404
    assert other.get(f"{url}{meeting.pk}/").status_code == 404
    mine = Client()
    mine.force_login(cast["parent"])
    assert mine.get(url).status_code == 200
    detail = mine.get(f"{url}{meeting.pk}/").content.decode()
    assert "Things are better." in detail and "Shared on 1 May 2025" in detail


def test_break_glass_reader_can_look_but_gets_403_on_every_change(cast):
    meeting = a_meeting(cast)
    break_glass_open(
        user=cast["other_worker"],
        case=cast["case"],
        reason_kind="covering",
        reason="Covering for the allocated worker today",
        mfa_at=timezone.now(),
    )
    client = staff_client(cast["other_worker"])
    base = f"/staff/cases/{cast['case'].pk}/meetings"
    assert client.get(f"{base}/{meeting.pk}/").status_code == 200
    for url in (
        "new/",
        f"{meeting.pk}/invite/",
        f"{meeting.pk}/letters/",
        f"{meeting.pk}/report/",
        f"{meeting.pk}/report/share/",
        f"{meeting.pk}/record/",
        f"{meeting.pk}/minutes/",
        f"{meeting.pk}/actions/new/",
    ):
        assert client.post(f"{base}/{url}", {}).status_code == 403, url


# --- Actions agreed at a meeting -------------------------------------------------------------


def test_an_action_from_a_meeting_is_a_commitment_linked_to_it(cast):
    from alongside.plans.models import Commitment, SourceKind
    from alongside.plans.services import commitment_create

    meeting = a_meeting(cast, MeetingKind.CORE_GROUP)
    invite_parent(cast, meeting)
    due = timezone.localdate() + datetime.timedelta(days=14)
    made = commitment_create(
        case=cast["case"],
        title="Book the GP appointment",
        due_on=due,
        by=cast["worker"],
        owner_person=cast["parent"].person,
        meeting=meeting,
    )
    assert (made.meeting, made.source, made.owner_kind) == (meeting, SourceKind.MEETING, "family")
    assert list(meeting.commitments.all()) == [made]

    elsewhere = services.meeting_schedule(
        case=CaseFactory(team=cast["team_a"], worker=cast["worker"]),
        kind=MeetingKind.CORE_GROUP,
        starts_at=at(REVIEW_DAY),
        place="Hill Family Centre",
        purpose="",
        by=cast["worker"],
    )
    with pytest.raises(ValidationError) as refused:
        commitment_create(
            case=cast["case"],
            title="Send the notes",
            due_on=due,
            by=cast["worker"],
            owner_user=cast["worker"],
            meeting=elsewhere,
        )
    assert "meeting" in refused.value.message_dict
    assert Commitment.objects.filter(case=cast["case"]).count() == 1


def test_the_meeting_page_adds_an_action_in_one_step_and_shows_it(cast):
    from alongside.plans.models import Commitment, SourceKind

    meeting = a_meeting(cast, MeetingKind.CORE_GROUP)
    invite_parent(cast, meeting)
    client = staff_client(cast["worker"])
    page_url = f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/"
    page = client.get(page_url).content.decode()
    assert "No actions have been added from this meeting yet." in page
    assert f"{page_url}actions/new/" in page
    form = client.get(f"{page_url}actions/new/").content.decode()
    assert "Add an action from this meeting" in form
    assert "Where did this come from?" not in form

    due = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "title": "Send the notes from the meeting",
        "owner": f"user-{cast['worker'].pk}",
        "due_on_day": "",
        "due_on_month": "",
        "due_on_year": "",
        "detail": "",
        "audience": "family",
        "withheld_reason": "",
    }
    refused = client.post(f"{page_url}actions/new/", data)
    assert refused.status_code == 200
    assert "Enter the date it will be done by" in refused.content.decode()
    assert "Send the notes from the meeting" in refused.content.decode()
    assert not Commitment.objects.exists()

    data.update(due_on_day=due.day, due_on_month=due.month, due_on_year=due.year)
    assert client.post(f"{page_url}actions/new/", data).status_code == 302
    family = {
        **data,
        "title": "Take Sam to the dentist",
        "owner": f"person-{cast['parent'].person.pk}",
    }
    assert client.post(f"{page_url}actions/new/", family).status_code == 302

    made = {c.title: c for c in Commitment.objects.filter(meeting=meeting)}
    assert set(made) == {"Send the notes from the meeting", "Take Sam to the dentist"}
    assert all(c.source == SourceKind.MEETING for c in made.values())
    assert made["Send the notes from the meeting"].owner_user == cast["worker"]
    assert made["Take Sam to the dentist"].owner_person == cast["parent"].person
    page = client.get(page_url).content.decode()
    assert "Send the notes from the meeting" in page and "Take Sam to the dentist" in page
    assert cast["parent"].person.display_name in page
    assert due.strftime("%-d %B %Y") in page

    other = staff_client(cast["other_worker"])
    assert other.get(f"{page_url}actions/new/").status_code == 404
