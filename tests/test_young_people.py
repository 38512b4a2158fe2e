"""Young people in the portal: their own sign-in from 12, what they keep private from their
parents, messages to their worker, "I feel unsafe", and their words for their next meeting."""

from __future__ import annotations

import datetime
import re

import pghistory.models
import pytest
import textstat
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import Role, User
from alongside.cases.models import BreakGlass, FamilyAccess, SupporterAccess, SupporterScope
from alongside.cases.services import family_access_grant
from alongside.chronology.models import Entry, Kind, MessageTopic, YoungPersonMessage
from alongside.chronology.services import entry_family_account_add
from alongside.chronology.young_person import (
    entry_share,
    is_out_of_hours,
    meeting_words_save,
    young_messages_waiting,
    young_person_message_answer,
    young_person_message_send,
)
from alongside.meetings.models import Meeting, MeetingKind
from alongside.meetings.selectors import report_sources
from alongside.messaging.models import Message, MessageStatus
from alongside.plain.readability import TARGET_GRADE, read, terms_in
from tests.conftest import staff_client
from tests.factories import (
    FamilyUserFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    grant_family,
)
from tests.test_plain_words import visible_text
from tests.test_portal import portal_client

pytestmark = pytest.mark.django_db

SECRET = "I do not want to go home at weekends."


def _years_ago(years: int, *, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    return born + datetime.timedelta(days=days)


def _supporter(cast, scope: str) -> User:
    user = UserFactory(role=Role.SUPPORTER, team=None)
    SupporterAccess.objects.create(
        case=cast["case"], user=user, invited_by=cast["parent"], scope=scope
    )
    return user


def _sibling(cast) -> User:
    """Another young person in the family who can read the same case."""
    sibling = FamilyUserFactory(role=Role.YOUNG_PERSON, person=PersonFactory())
    grant_family(cast["case"], sibling)
    return sibling


def _readers(cast, entry: Entry) -> dict[str, bool]:
    case = cast["case"]
    who = {
        "young_person": cast["young_person"],
        "parent": cast["parent"],
        "sibling": _sibling(cast),
        "everything": _supporter(cast, SupporterScope.EVERYTHING),
        "worker": cast["worker"],
        "manager": cast["manager"],
        "colleague": cast["colleague"],
        "other_worker": cast["other_worker"],
    }
    return {
        name: policy.can_read_entry(user, entry, policy.case_access(user, case))
        for name, user in who.items()
    }


# --- Their own sign-in, from 12 --------------------------------------------------------------


def _child_of_age(cast, born: datetime.date | None):
    case = cast["case"]
    case.child = PersonFactory(first_names="Lia", last_name="Hart", date_of_birth=born)
    case.save()
    return case


def test_a_child_under_twelve_cannot_be_given_a_sign_in(cast):
    case = _child_of_age(cast, _years_ago(12, days=1))  # twelve tomorrow
    with pytest.raises(ValidationError) as refused:
        family_access_grant(
            case=case, person=case.child, reason="Their own case", by=cast["worker"]
        )
    assert refused.value.messages == [
        "Lia Hart is 11. A young person can have their own sign-in from the age of 12."
    ]
    assert not FamilyAccess.objects.filter(person=case.child).exists()


def test_on_their_twelfth_birthday_the_worker_can_give_them_a_sign_in(cast):
    case = _child_of_age(cast, _years_ago(12))
    grant = family_access_grant(
        case=case, person=case.child, reason="Their own case", by=cast["worker"]
    )
    assert grant.person == case.child and grant.revoked_at is None


def test_the_age_comes_from_the_setting(cast, settings):
    settings.PORTAL_YOUNG_PERSON_MIN_AGE = 14
    case = _child_of_age(cast, _years_ago(13))
    with pytest.raises(ValidationError, match="from the age of 14"):
        family_access_grant(case=case, person=case.child, reason="Own", by=cast["worker"])


def test_a_child_with_no_date_of_birth_is_refused_with_a_reason(cast):
    case = _child_of_age(cast, None)
    with pytest.raises(ValidationError, match="Record Lia Hart's date of birth first"):
        family_access_grant(case=case, person=case.child, reason="Own", by=cast["worker"])


def test_a_parent_of_a_young_child_is_given_access_as_before(cast):
    case = _child_of_age(cast, _years_ago(3))
    parent = PersonFactory(date_of_birth=_years_ago(30))
    assert family_access_grant(case=case, person=parent, reason="Parent", by=cast["worker"])


# --- Private from parents ----------------------------------------------------------------------


def test_a_private_account_is_read_by_the_young_person_and_staff_with_access_only(cast):
    entry = entry_family_account_add(
        case=cast["case"], by=cast["young_person"], text=SECRET, private_from_family=True
    )
    assert _readers(cast, entry) == {
        "young_person": True,
        "parent": False,
        "sibling": False,
        "everything": False,
        "worker": True,
        "manager": True,
        "colleague": True,
        "other_worker": False,
    }


def test_a_parent_cannot_keep_their_account_private(cast):
    with pytest.raises(ValidationError, match="Only a young person"):
        entry_family_account_add(
            case=cast["case"], by=cast["parent"], text="Mine.", private_from_family=True
        )


def test_the_portal_pages_show_the_private_entry_to_the_young_person_and_hide_it_from_the_parent(
    cast,
):
    case = cast["case"]
    young = portal_client(cast["young_person"])
    response = young.post(
        f"/portal/children/{case.pk}/in-our-words/",
        {"text": SECRET, "private_from_family": "on"},
    )
    assert response.status_code == 302
    entry = Entry.objects.get(text=SECRET)
    assert entry.private_from_family
    record = young.get(f"/portal/children/{case.pk}/").content.decode()
    assert SECRET in record and "Your parents and carers cannot read this." in record
    parent = portal_client(cast["parent"])
    assert SECRET not in parent.get(f"/portal/children/{case.pk}/").content.decode()
    assert parent.get(f"/portal/children/{case.pk}/entries/{entry.pk}/").status_code == 404
    everything = portal_client(_supporter(cast, SupporterScope.EVERYTHING))
    assert SECRET not in everything.get(f"/portal/children/{case.pk}/").content.decode()
    staff = staff_client(cast["worker"]).get(f"/staff/cases/{case.pk}/entries/{entry.pk}/")
    assert "Private from parents and carers" in staff.content.decode()


def test_the_parents_in_our_words_form_has_no_private_tick(cast):
    url = f"/portal/children/{cast['case'].pk}/in-our-words/"
    assert "Keep this private" not in portal_client(cast["parent"]).get(url).content.decode()
    assert "Keep this private" in portal_client(cast["young_person"]).get(url).content.decode()


def test_a_worker_shares_it_only_with_a_reason_and_the_young_person_is_told(cast):
    case = cast["case"]
    entry = entry_family_account_add(
        case=case, by=cast["young_person"], text=SECRET, private_from_family=True
    )
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{case.pk}/entries/{entry.pk}/share/"
    page = client.post(url, {"reason": ""}).content.decode()
    assert "Say why you are sharing this with the family" in page
    entry.refresh_from_db()
    assert entry.private_from_family
    reason = "Your mum needs to know so she can help with weekends."
    assert client.post(url, {"reason": reason}).status_code == 302
    entry.refresh_from_db()
    assert not entry.private_from_family
    assert (entry.shared_by, entry.shared_reason) == (cast["worker"], reason)
    context = pghistory.models.Context.objects.filter(
        metadata__reason=f"Shared with the family: {reason}"
    )
    assert context.exists()
    told = Message.objects.get(to_user=cast["young_person"], purpose="private_entry_shared")
    assert SECRET not in told.body
    assert _readers(cast, entry)["parent"]
    shown = portal_client(cast["young_person"]).get(
        f"/portal/children/{case.pk}/entries/{entry.pk}/"
    )
    assert reason in shown.content.decode()


def test_only_staff_who_can_change_the_case_can_share(cast):
    entry = entry_family_account_add(
        case=cast["case"], by=cast["young_person"], text=SECRET, private_from_family=True
    )
    BreakGlass.objects.create(
        user=cast["other_worker"],
        case=cast["case"],
        reason_kind="duty",
        reason="Out of hours call",
        opened_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(minutes=30),
    )
    with pytest.raises(ValidationError, match="cannot share"):
        entry_share(entry=entry, by=cast["other_worker"], reason="I think so")
    url = f"/staff/cases/{cast['case'].pk}/entries/{entry.pk}/share/"
    assert staff_client(cast["other_worker"]).post(url, {"reason": "x"}).status_code == 403
    assert staff_client(cast["colleague"]).get(url).status_code == 200


# --- Talk to my worker -------------------------------------------------------------------------


def test_a_worry_reaches_the_worker_and_waits_on_my_work_until_answered(
    cast, django_capture_on_commit_callbacks
):
    case = cast["case"]
    client = portal_client(cast["young_person"])
    url = f"/portal/children/{case.pk}/talk-to-my-worker/"
    page = client.get(url).content.decode()
    assert "call 999" in page and "0800 1111" in page
    assert 'id="id_private_from_family" name="private_from_family" type="checkbox" checked' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"topic": "worry", "text": "Dad shouts a lot.", "private_from_family": "on"}
        )
    assert response.status_code == 302
    message = YoungPersonMessage.objects.get()
    entry = message.entry
    assert (entry.kind, entry.author_person, entry.private_from_family) == (
        Kind.YOUNG_PERSON,
        case.child,
        True,
    )
    told = Message.objects.get(to_user=cast["worker"], purpose="young_person_message")
    assert "Dad shouts" not in told.body
    my_work = staff_client(cast["worker"]).get("/staff/").content.decode()
    assert "A worry from" in my_work
    assert (
        "Dad shouts"
        not in portal_client(cast["parent"]).get(f"/portal/children/{case.pk}/").content.decode()
    )
    staff_client(cast["worker"]).post(f"/staff/cases/{case.pk}/young-person/messages/{message.pk}/")
    message.refresh_from_db()
    assert message.answered_by == cast["worker"]
    assert "A worry from" not in staff_client(cast["worker"]).get("/staff/").content.decode()


def test_good_news_can_be_shared_with_the_family_by_the_young_person(cast):
    case = cast["case"]
    portal_client(cast["young_person"]).post(
        f"/portal/children/{case.pk}/talk-to-my-worker/",
        {"topic": "good_news", "text": "I got a merit at school."},
    )
    entry = Entry.objects.get(kind=Kind.YOUNG_PERSON)
    assert not entry.private_from_family
    assert (
        "I got a merit"
        in portal_client(cast["parent"]).get(f"/portal/children/{case.pk}/").content.decode()
    )


def test_an_empty_message_is_explained_and_what_was_chosen_is_kept(cast):
    url = f"/portal/children/{cast['case'].pk}/talk-to-my-worker/"
    page = portal_client(cast["young_person"]).post(url, {"topic": "request", "text": ""})
    html = page.content.decode()
    assert "Write what you want to say" in html
    assert re.search(r'value="request"[^>]*checked', html)
    assert not YoungPersonMessage.objects.exists()


@pytest.mark.parametrize("who", ["parent", "other_parent", "everything", "worker"])
def test_only_the_young_person_opens_their_own_pages(cast, who):
    user = _supporter(cast, SupporterScope.EVERYTHING) if who == "everything" else cast[who]
    for page in ("talk-to-my-worker", "my-next-meeting"):
        url = f"/portal/children/{cast['case'].pk}/{page}/"
        client = staff_client(user) if who == "worker" else portal_client(user)
        response = client.get(url)
        assert response.status_code == (302 if who == "worker" else 404), (who, page)
        assert portal_client(cast["young_person"]).get(url).status_code == 200


def test_a_young_person_cannot_send_on_someone_elses_case(cast):
    sibling = _sibling(cast)
    with pytest.raises(ValidationError):
        young_person_message_send(case=cast["case"], by=sibling, topic="worry", text="Hi")


# --- I feel unsafe -----------------------------------------------------------------------------


@pytest.fixture
def duty(cast, settings):
    team = TeamFactory(name="Duty", code="duty-test")
    settings.DUTY_TEAM_CODE = "duty-test"
    members = [
        UserFactory(team=team, role=Role.SOCIAL_WORKER, phone="07700900800"),
        UserFactory(team=team, role=Role.SOCIAL_WORKER),
    ]
    UserFactory(team=team, role=Role.SOCIAL_WORKER, is_active=False)
    return members


def _unsafe(cast, monkeypatch, captured, *, out_of_hours: bool):
    monkeypatch.setattr(
        "alongside.chronology.young_person.is_out_of_hours", lambda at: out_of_hours
    )
    with captured(execute=True):
        response = portal_client(cast["young_person"]).post(
            f"/portal/children/{cast['case'].pk}/talk-to-my-worker/",
            {"unsafe": "1", "unsafe-text": "", "unsafe-private_from_family": "on"},
        )
    assert response.status_code == 302
    return Message.objects.filter(purpose="young_person_unsafe")


def test_unsafe_in_hours_alerts_the_worker_at_once_and_not_the_duty_team(
    cast, duty, monkeypatch, django_capture_on_commit_callbacks
):
    alerts = _unsafe(cast, monkeypatch, django_capture_on_commit_callbacks, out_of_hours=False)
    assert {m.to_user for m in alerts} == {cast["worker"]}
    assert all(m.status == MessageStatus.SENT for m in alerts)
    assert all("feel unsafe" in m.body for m in alerts)
    message = YoungPersonMessage.objects.get()
    assert message.is_unsafe and not message.out_of_hours and message.entry.private_from_family


def test_unsafe_out_of_hours_alerts_the_worker_and_every_active_duty_member(
    cast, duty, monkeypatch, django_capture_on_commit_callbacks
):
    alerts = _unsafe(cast, monkeypatch, django_capture_on_commit_callbacks, out_of_hours=True)
    assert {m.to_user for m in alerts} == {cast["worker"], *duty}
    assert all(m.status == MessageStatus.SENT for m in alerts)
    texts = alerts.filter(channel="sms")
    assert [m.to_address for m in texts] == ["07700900800"]
    assert not Message.objects.filter(to_user=cast["parent"]).exists()


def test_unsafe_is_at_the_top_of_the_worker_and_managers_my_work_until_acknowledged(
    cast, duty, monkeypatch, django_capture_on_commit_callbacks
):
    young_person_message_send(case=cast["case"], by=cast["young_person"], topic="worry", text="x")
    _unsafe(cast, monkeypatch, django_capture_on_commit_callbacks, out_of_hours=False)
    unsafe = YoungPersonMessage.objects.get(topic=MessageTopic.UNSAFE)
    assert list(young_messages_waiting(cast["worker"]))[0] == unsafe
    assert list(young_messages_waiting(cast["manager"])) == [unsafe]
    assert not young_messages_waiting(cast["other_manager"]).exists()
    assert not young_messages_waiting(cast["colleague"]).exists()
    page = staff_client(cast["manager"]).get("/staff/").content.decode()
    assert "says they feel unsafe" in page
    with pytest.raises(ValidationError):
        young_person_message_answer(message=unsafe, by=cast["other_worker"])
    young_person_message_answer(message=unsafe, by=cast["manager"])
    assert (
        "says they feel unsafe" not in staff_client(cast["worker"]).get("/staff/").content.decode()
    )
    assert not young_messages_waiting(cast["manager"]).exists()


def test_nothing_the_young_person_wrote_reaches_a_parent(
    cast, duty, monkeypatch, django_capture_on_commit_callbacks
):
    _unsafe(cast, monkeypatch, django_capture_on_commit_callbacks, out_of_hours=True)
    young_person_message_send(
        case=cast["case"], by=cast["young_person"], topic="request", text="Change my school"
    )
    parent = portal_client(cast["parent"])
    record = parent.get(f"/portal/children/{cast['case'].pk}/").content.decode()
    assert "unsafe" not in record and "Change my school" not in record
    assert not Message.objects.filter(to_user=cast["parent"]).exists()


@pytest.mark.parametrize(
    ("at", "out"),
    [
        (datetime.datetime(2026, 11, 25, 8, 59), True),  # a Wednesday, before 9
        (datetime.datetime(2026, 11, 25, 9, 0), False),
        (datetime.datetime(2026, 11, 25, 16, 59), False),
        (datetime.datetime(2026, 11, 25, 17, 0), True),
        (datetime.datetime(2026, 11, 28, 12, 0), True),  # a Saturday
        (datetime.datetime(2026, 12, 25, 12, 0), True),  # Christmas Day
    ],
)
def test_out_of_hours_is_outside_nine_to_five_on_a_working_day(at, out):
    assert is_out_of_hours(timezone.make_aware(at)) is out


# --- My next meeting ---------------------------------------------------------------------------


def _meeting(cast, *, days: int = 7) -> Meeting:
    return Meeting.objects.create(
        case=cast["case"],
        kind=MeetingKind.CIN_REVIEW,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        place="Hill Family Centre",
        purpose="To check the plan.",
        worker=cast["worker"],
    )


def test_their_words_for_the_meeting_reach_the_worker_and_not_the_parents(cast):
    meeting = _meeting(cast)
    url = f"/portal/children/{cast['case'].pk}/my-next-meeting/"
    client = portal_client(cast["young_person"])
    assert "Hill Family Centre" in client.get(url).content.decode()
    page = client.post(url, {"want_known": "", "want_to_happen": ""}).content.decode()
    assert "Write what you want people to know" in page
    data = {
        "want_known": "I like living with Gran.",
        "want_to_happen": "Stay at my school.",
        "private_from_family": "on",
    }
    assert client.post(url, data).status_code == 302
    assert "I like living with Gran." in client.get(url).content.decode()
    staff = staff_client(cast["worker"]).get(
        f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/"
    )
    assert "I like living with Gran." in staff.content.decode()
    parent = portal_client(cast["parent"]).get(f"/portal/children/{cast['case'].pk}/")
    assert "Gran" not in parent.content.decode()
    sources = report_sources(meeting)
    assert "Gran" not in sources.child_words
    assert any("Gran" in line.text for line in sources.professionals)


def test_words_the_young_person_shares_go_into_the_reports_childs_words(cast):
    meeting = _meeting(cast)
    meeting_words_save(
        meeting=meeting,
        by=cast["young_person"],
        want_known="Football helps me.",
        want_to_happen="",
        private_from_family=False,
    )
    words = meeting_words_save(
        meeting=meeting,
        by=cast["young_person"],
        want_known="Football helps me a lot.",
        want_to_happen="More time with Dad.",
        private_from_family=False,
    )
    assert words.entry.events.count() == 2  # type: ignore[attr-defined]
    child_words = report_sources(meeting).child_words
    assert "Football helps me a lot." in child_words and "More time with Dad." in child_words


def test_words_cannot_be_saved_once_the_meeting_has_started(cast):
    meeting = _meeting(cast, days=-1)
    with pytest.raises(ValidationError, match="already happened"):
        meeting_words_save(
            meeting=meeting, by=cast["young_person"], want_known="Hi", want_to_happen=""
        )


# --- Plain words --------------------------------------------------------------------------------


def test_the_young_persons_pages_read_plainly_link_their_terms_and_can_be_left_fast(cast):
    child = cast["case"].child
    child.first_names, child.last_name = "Sam", "Lee"
    child.save()
    _meeting(cast)
    client = portal_client(cast["young_person"])
    case_id = cast["case"].pk
    scores = []
    for url in (
        "/portal/",
        f"/portal/children/{case_id}/talk-to-my-worker/",
        f"/portal/children/{case_id}/my-next-meeting/",
        f"/portal/children/{case_id}/in-our-words/",
    ):
        html = client.get(url).content.decode()
        assert 'data-module="govuk-exit-this-page"' in html, url
        text = re.sub(r"\s+", " ", visible_text(html))
        reading = read(text)
        assert reading.grade <= TARGET_GRADE + 1, (url, reading.grade, text[:300])
        scores.append(textstat.flesch_reading_ease(text))
        assert scores[-1] >= 70, (url, text[:300])
        assert not reading.unexplained, (url, reading.unexplained)
        linked = set(re.findall(r'href="/portal/words/#([a-z0-9-]+)"', html))
        assert not {t.slug for t in terms_in(text)} - linked, url
    assert sum(scores) / len(scores) >= 80, scores


def test_the_young_person_sees_what_they_sent_and_whether_it_has_been_seen(cast):
    case = cast["case"]
    message = young_person_message_send(
        case=case, by=cast["young_person"], topic="request", text="A new bike lock"
    )
    url = f"/portal/children/{case.pk}/talk-to-my-worker/"
    client = portal_client(cast["young_person"])
    assert "Your worker has not seen it yet." in client.get(url).content.decode()
    young_person_message_answer(message=message, by=cast["worker"])
    assert "Your worker has seen it." in client.get(url).content.decode()


def test_staff_see_a_private_entry_marked_as_private_wherever_it_shows(cast):
    case = cast["case"]
    entry = entry_family_account_add(
        case=case, by=cast["young_person"], text=SECRET, private_from_family=True
    )
    client = staff_client(cast["worker"])
    chronology = client.get(f"/staff/cases/{case.pk}/chronology/").content.decode()
    assert "Private from parents and carers" in chronology
    assert "Family can read" not in chronology
    step = client.get(reverse("staff:commitment-from-entry", args=[case.pk, entry.pk]))
    assert re.search(r'value="professionals"[^>]*checked', step.content.decode())


def test_staff_cannot_write_an_entry_as_if_the_young_person_wrote_it(cast):
    page = staff_client(cast["worker"]).get(f"/staff/cases/{cast['case'].pk}/entries/new/")
    html = page.content.decode()
    assert 'value="young_person"' not in html and 'value="meeting_words"' not in html
