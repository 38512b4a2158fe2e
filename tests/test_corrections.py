"""Correction requests: the family says an entry is wrong; the worker answers in 10 working days.

Accepted: the entry changes and its earlier version is kept. Declined: the worker
explains, and the family's disagreement stays beside the entry for everyone who reads it.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.cases.models import BreakGlass, SupporterAccess, SupporterScope
from alongside.chronology.models import CorrectionRequest, CorrectionStatus, Entry
from alongside.chronology.services import (
    correction_due_on,
    correction_request_accept,
    correction_request_decline,
    correction_request_raise,
    entry_comment_add,
    entry_family_account_add,
    entry_history,
)
from alongside.messaging.models import Message
from alongside.plain.readability import read
from alongside.timescales.calendar import add_working_days
from tests.conftest import staff_client
from tests.factories import EntryFactory, UserFactory
from tests.test_plain_words import visible_text

pytestmark = pytest.mark.django_db

WRONG = "Sam was at school that day, not at home."
WHY_NOT = "Two people saw Sam at home at 2pm. We have kept what they said."


@pytest.fixture
def flagged(cast):
    entry = EntryFactory(
        case=cast["case"],
        author_user=cast["worker"],
        title="Home visit",
        text="Sam was at home and seemed tired.",
    )
    correction = correction_request_raise(
        entry=entry, by=cast["parent"], what_is_wrong=WRONG, what_it_should_say="Sam was at school."
    )
    return {**cast, "entry": entry, "correction": correction}


def portal(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", visible_text(response.content.decode()))


# --- Raising -------------------------------------------------------------------------------


def test_the_answer_is_due_in_10_working_days(flagged):
    correction = flagged["correction"]
    assert correction.status == CorrectionStatus.OPEN
    assert correction.due_on == add_working_days(timezone.localdate(), 10)
    assert correction.raised_by_person == flagged["parent"].person


def test_the_due_date_skips_weekends_and_bank_holidays():
    assert correction_due_on(datetime.date(2025, 12, 22)) == datetime.date(2026, 1, 8)


def test_only_the_family_may_flag_an_entry(flagged):
    entry = flagged["entry"]
    everything = UserFactory(role=Role.SUPPORTER, team=None)
    SupporterAccess.objects.create(
        case=flagged["case"], user=everything, invited_by=flagged["parent"], scope="everything"
    )
    for who in (flagged["other_parent"], flagged["worker"], everything):
        with pytest.raises(ValidationError):
            correction_request_raise(entry=entry, by=who, what_is_wrong=WRONG)


def test_an_entry_the_family_cannot_read_cannot_be_flagged(cast):
    hidden = EntryFactory(
        case=cast["case"],
        author_user=cast["worker"],
        audience="professionals",
        withheld_reason="third_party",
    )
    with pytest.raises(ValidationError, match="cannot see"):
        correction_request_raise(entry=hidden, by=cast["parent"], what_is_wrong=WRONG)


def test_one_open_request_per_person_per_entry(flagged):
    with pytest.raises(ValidationError, match="already told us"):
        correction_request_raise(entry=flagged["entry"], by=flagged["parent"], what_is_wrong="x")
    other = correction_request_raise(
        entry=flagged["entry"], by=flagged["young_person"], what_is_wrong="It is wrong."
    )
    assert other.is_open


def test_a_request_says_what_is_wrong(cast):
    entry = EntryFactory(case=cast["case"], author_user=cast["worker"])
    with pytest.raises(ValidationError) as raised:
        correction_request_raise(entry=entry, by=cast["parent"], what_is_wrong="  ")
    assert "what_is_wrong" in raised.value.message_dict


def test_the_family_cannot_flag_what_they_wrote_themselves(cast):
    own = entry_family_account_add(case=cast["case"], by=cast["parent"], text="Our side.")
    with pytest.raises(ValidationError, match="Your family wrote this"):
        correction_request_raise(entry=own, by=cast["parent"], what_is_wrong=WRONG)


def test_without_a_worker_the_managers_are_told(cast, django_capture_on_commit_callbacks):
    cast["case"].worker = None
    cast["case"].save()
    entry = EntryFactory(case=cast["case"], author_user=cast["colleague"])
    with django_capture_on_commit_callbacks(execute=True):
        correction_request_raise(entry=entry, by=cast["parent"], what_is_wrong=WRONG)
    assert [m.to_user for m in Message.objects.filter(purpose="correction_request")] == [
        cast["manager"]
    ]


def test_supporters_cannot_comment_or_add_an_account(cast):
    supporter = UserFactory(role=Role.SUPPORTER, team=None)
    SupporterAccess.objects.create(
        case=cast["case"], user=supporter, invited_by=cast["parent"], scope="everything"
    )
    entry = EntryFactory(case=cast["case"], author_user=cast["worker"])
    with pytest.raises(ValidationError):
        entry_comment_add(entry=entry, by=supporter, text="Hello")
    with pytest.raises(ValidationError):
        entry_family_account_add(case=cast["case"], by=supporter, text="Hello")


# --- Answering -----------------------------------------------------------------------------


def test_accepting_changes_the_entry_and_keeps_the_earlier_version(
    flagged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        correction_request_accept(
            correction=flagged["correction"],
            by=flagged["worker"],
            title="Home visit",
            text="Sam was at school that day.",
            explanation="You were right. I mixed up the days.",
        )
    entry = Entry.objects.get(pk=flagged["entry"].pk)
    assert entry.text == "Sam was at school that day."
    history = entry_history(entry)
    assert history[0]["reason"].startswith("Changed because the family asked")
    assert history[-1]["text"] == "Sam was at home and seemed tired."
    correction = CorrectionRequest.objects.get()
    assert correction.status == CorrectionStatus.ACCEPTED
    assert correction.decided_by == flagged["worker"] and correction.decided_at is not None
    message = Message.objects.get(purpose="correction_answer")
    assert message.to_user == flagged["parent"] and WRONG not in message.body


def test_accepting_needs_a_change_and_an_explanation(flagged):
    correction, worker, entry = flagged["correction"], flagged["worker"], flagged["entry"]
    with pytest.raises(ValidationError) as raised:
        correction_request_accept(
            correction=correction,
            by=worker,
            title=entry.title,
            text=entry.text,
            explanation="Fine",
        )
    assert "text" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        correction_request_accept(
            correction=correction, by=worker, title="T", text="New", explanation=" "
        )
    assert "explanation" in raised.value.message_dict


def test_declining_needs_an_explanation_and_cannot_be_done_twice(flagged):
    correction, worker = flagged["correction"], flagged["worker"]
    with pytest.raises(ValidationError):
        correction_request_decline(correction=correction, by=worker, explanation="")
    correction_request_decline(correction=correction, by=worker, explanation=WHY_NOT)
    with pytest.raises(ValidationError, match="already been answered"):
        correction_request_decline(correction=correction, by=worker, explanation=WHY_NOT)
    with pytest.raises(ValidationError, match="already been answered"):
        correction_request_accept(
            correction=correction, by=worker, title="T", text="New", explanation="x"
        )


def test_only_staff_who_may_change_the_case_may_answer(flagged):
    BreakGlass.objects.create(
        user=flagged["other_worker"],
        case=flagged["case"],
        reason_kind="duty",
        reason="Out of hours call",
        opened_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(minutes=30),
    )
    for who in (flagged["other_worker"], flagged["parent"], flagged["chair"]):
        with pytest.raises(ValidationError):
            correction_request_decline(correction=flagged["correction"], by=who, explanation="No")
    correction_request_decline(
        correction=flagged["correction"], by=flagged["manager"], explanation=WHY_NOT
    )


# --- The disagreement stays beside the entry, for everyone ----------------------------------


def test_a_declined_request_shows_beside_the_entry_for_everyone_who_reads_it(flagged):
    correction_request_decline(
        correction=flagged["correction"], by=flagged["worker"], explanation=WHY_NOT
    )
    case, entry = flagged["case"], flagged["entry"]
    everything = UserFactory(role=Role.SUPPORTER, team=None)
    SupporterAccess.objects.create(
        case=case, user=everything, invited_by=flagged["parent"], scope=SupporterScope.EVERYTHING
    )
    pages = [
        (staff_client(flagged["worker"]), f"/staff/cases/{case.pk}/chronology/"),
        (staff_client(flagged["worker"]), f"/staff/cases/{case.pk}/entries/{entry.pk}/"),
        (staff_client(flagged["manager"]), f"/staff/cases/{case.pk}/entries/{entry.pk}/"),
        (portal(flagged["parent"]), f"/portal/children/{case.pk}/"),
        (portal(flagged["parent"]), f"/portal/children/{case.pk}/entries/{entry.pk}/"),
        (portal(flagged["young_person"]), f"/portal/children/{case.pk}/"),
        (portal(everything), f"/portal/children/{case.pk}/entries/{entry.pk}/"),
    ]
    for client, url in pages:
        text = text_of(client.get(url))
        assert WRONG in text and WHY_NOT in text, url
    parent_page = text_of(portal(flagged["parent"]).get(f"/portal/children/{case.pk}/"))
    assert "You say this is wrong" in parent_page
    young_page = text_of(portal(flagged["young_person"]).get(f"/portal/children/{case.pk}/"))
    assert f"{flagged['parent'].person.display_name} says this is wrong" in young_page
    staff_page = text_of(staff_client(flagged["worker"]).get(f"/staff/cases/{case.pk}/chronology/"))
    assert "The family disagrees" in staff_page


def test_an_open_request_shows_on_the_staff_chronology_with_its_answer_link(flagged):
    case = flagged["case"]
    html = staff_client(flagged["worker"]).get(f"/staff/cases/{case.pk}/chronology/")
    body = html.content.decode()
    assert "Correction asked for" in body
    assert f"/staff/cases/{case.pk}/corrections/{flagged['correction'].pk}/" in body


# --- Staff pages -----------------------------------------------------------------------------


def test_the_list_shows_open_requests_on_cases_the_user_may_change(flagged):
    for who in ("worker", "colleague", "manager"):
        text = text_of(staff_client(flagged[who]).get("/staff/corrections/"))
        assert "Home visit" in text, who
    for who in ("other_worker", "other_manager", "chair"):
        text = text_of(staff_client(flagged[who]).get("/staff/corrections/"))
        assert "No correction requests are waiting" in text, who


def test_the_list_tags_overdue_requests(flagged):
    CorrectionRequest.objects.filter(pk=flagged["correction"].pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    text = text_of(staff_client(flagged["worker"]).get("/staff/corrections/"))
    assert "Overdue" in text


def test_the_list_leaves_out_answered_requests(flagged):
    correction_request_decline(
        correction=flagged["correction"], by=flagged["worker"], explanation=WHY_NOT
    )
    text = text_of(staff_client(flagged["worker"]).get("/staff/corrections/"))
    assert "No correction requests are waiting" in text


def test_staff_nav_links_to_correction_requests(flagged):
    html = staff_client(flagged["worker"]).get("/staff/").content.decode()
    assert 'href="/staff/corrections/"' in html


def answer_url(flagged) -> str:
    return f"/staff/cases/{flagged['case'].pk}/corrections/{flagged['correction'].pk}/"


def test_the_worker_declines_with_an_explanation_on_the_answer_page(flagged):
    client = staff_client(flagged["worker"])
    assert WRONG in text_of(client.get(answer_url(flagged)))
    response = client.post(
        answer_url(flagged), {"decision": "decline", "decline-explanation": WHY_NOT}
    )
    assert response.status_code == 302
    assert (
        response["Location"] == f"/staff/cases/{flagged['case'].pk}/entries/{flagged['entry'].pk}/"
    )
    correction = CorrectionRequest.objects.get()
    assert (correction.status, correction.explanation) == ("declined", WHY_NOT)


def test_the_worker_accepts_and_changes_the_entry_on_the_answer_page(flagged):
    client = staff_client(flagged["worker"])
    page = client.get(answer_url(flagged)).content.decode()
    assert "Sam was at school." in page  # what the family said it should say, ready to use
    response = client.post(
        answer_url(flagged),
        {
            "decision": "accept",
            "accept-title": "Home visit",
            "accept-text": "Sam was at school.",
            "accept-explanation": "You were right.",
        },
    )
    assert response.status_code == 302
    assert Entry.objects.get(pk=flagged["entry"].pk).text == "Sam was at school."


def test_the_answer_page_shows_the_reading_of_each_answer_as_typed(flagged):
    client = staff_client(flagged["worker"])
    page = client.get(answer_url(flagged)).content.decode()
    # The changed entry, as first filled from what the family said, is scored at once.
    assert page.count("Reading score") == 1
    assert f"Reading score: grade {read('Sam was at school.').grade:.1f}" in page
    typed = "The entry stays. The core group saw Sam at home that day."
    page = client.post(
        answer_url(flagged),
        {"decision": "decline", "decline-explanation": typed, "check": "1"},
    ).content.decode()
    assert f"Reading score: grade {read(typed).grade:.1f}" in page
    assert "A small group of your family and workers." in page  # core group, plainly
    assert "The core group saw Sam at home that day." in page  # kept in the box
    accepted = "Sam was at school.\n\nSorry. The assessment is changed."
    page = client.post(
        answer_url(flagged),
        {
            "decision": "accept",
            "accept-title": "Home visit",
            "accept-text": "Sam was at school.",
            "accept-explanation": "Sorry. The assessment is changed.",
            "check": "1",
        },
    ).content.decode()
    assert f"Reading score: grade {read(accepted).grade:.1f}" in page
    assert "When a social worker gets to know your family" in page  # assessment, plainly
    assert CorrectionRequest.objects.get().is_open
    assert Entry.objects.get(pk=flagged["entry"].pk).text != "Sam was at school."


def test_the_answer_page_shows_errors(flagged):
    client = staff_client(flagged["worker"])
    response = client.post(answer_url(flagged), {"decision": "decline"})
    assert response.status_code == 200
    assert "Explain why. The family will read it" in response.content.decode()
    assert CorrectionRequest.objects.get().is_open


def test_another_team_gets_404_and_break_glass_can_look_but_not_answer(flagged):
    url = answer_url(flagged)
    assert staff_client(flagged["other_worker"]).get(url).status_code == 404
    BreakGlass.objects.create(
        user=flagged["other_worker"],
        case=flagged["case"],
        reason_kind="duty",
        reason="Out of hours call",
        opened_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(minutes=30),
    )
    client = staff_client(flagged["other_worker"])
    page = client.get(url).content.decode()
    assert "Keep it and explain why" not in page
    assert client.post(url, {"decision": "decline", "decline-explanation": "x"}).status_code == 403
    assert CorrectionRequest.objects.get().is_open


def test_family_members_cannot_open_staff_pages(flagged):
    client = portal(flagged["parent"])
    assert client.get("/staff/corrections/").status_code == 404
    assert client.get(answer_url(flagged)).status_code == 404


def test_the_staff_list_takes_the_same_queries_however_many_are_waiting(cast):
    from tests.factories import CaseFactory, grant_family
    from tests.test_query_counts import assert_flat

    def add(n: int) -> None:
        for _ in range(n):
            case = CaseFactory(team=cast["team_a"], worker=cast["worker"])
            grant_family(case, cast["parent"])
            entry = EntryFactory(case=case, author_user=cast["worker"])
            correction_request_raise(entry=entry, by=cast["parent"], what_is_wrong=WRONG)

    assert_flat(staff_client(cast["worker"]), "/staff/corrections/", add)


def test_the_staff_chronology_takes_the_same_queries_however_much_the_family_says(flagged):
    from tests.test_query_counts import assert_flat

    def add(n: int) -> None:
        for _ in range(n):
            entry = EntryFactory(case=flagged["case"], author_user=flagged["worker"])
            entry_comment_add(entry=entry, by=flagged["parent"], text="A comment.")
            correction = correction_request_raise(
                entry=entry, by=flagged["parent"], what_is_wrong=WRONG
            )
            correction_request_decline(
                correction=correction, by=flagged["worker"], explanation=WHY_NOT
            )

    url = f"/staff/cases/{flagged['case'].pk}/chronology/"
    assert_flat(staff_client(flagged["worker"]), url, add)
