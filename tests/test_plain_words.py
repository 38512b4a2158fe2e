"""Everything a family reads is plain: reading age about 9, no unexplained terms of art."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import textstat
from django.test import Client

from alongside.journey.codes import NextStep
from alongside.journey.letters import family_decision_text
from alongside.meetings.models import MeetingKind
from alongside.plain.glossary import TERMS, all_spellings
from alongside.plain.readability import TARGET_GRADE, read, terms_in, unexplained_jargon
from alongside.visits.models import VisitKind
from tests.factories import EntryFactory


class _Text(HTMLParser):
    """The words a reader sees: no scripts, styles or hidden skip links."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return ". ".join(parser.parts)


def test_every_glossary_explanation_is_itself_plain():
    for term in TERMS:
        assert read(term.plain).grade <= TARGET_GRADE + 2, term.slug
        assert not unexplained_jargon(term.plain), term.slug


def test_terms_are_found_whatever_way_they_are_written():
    found = {t.slug for t in terms_in("After the ICPC the core group met about the CP plan.")}
    assert found == {"icpc", "core-group", "child-protection-plan"}


def test_unexplained_initialisms_are_caught():
    assert unexplained_jargon("The SW will chase the LADO.") == ["LADO", "SW"]


@pytest.mark.parametrize("step", list(NextStep))
def test_decision_letters_read_at_about_age_nine(step):
    text = family_decision_text(step, "Sam Carter", "Things are better at home now.")
    reading = read(text)
    assert reading.grade <= TARGET_GRADE, (step, reading.grade)
    assert not reading.unexplained


@pytest.fixture
def cast(cast):
    """The shared cast with short fixed names: these tests measure the words around the
    names, and a long generated name would move a score by chance."""
    for person, first, last in (
        (cast["parent"].person, "Jo", "Lee"),
        (cast["case"].child, "Sam", "Lee"),
    ):
        person.first_names, person.last_name = first, last
        person.save()
    cast["worker"].full_name = "Kim Day"
    cast["worker"].save()
    return cast


@pytest.mark.django_db
def test_portal_pages_read_plainly(cast):
    EntryFactory(
        case=cast["case"], author_user=cast["worker"], title="Visit", text="We played a game."
    )
    client = Client()
    client.force_login(cast["parent"])
    urls = ["/portal/", f"/portal/children/{cast['case'].pk}/", "/portal/preferences/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        text = re.sub(r"\s+", " ", text)
        reading = read(text)
        assert reading.grade <= TARGET_GRADE + 1, (url, reading.grade, text[:300])
        assert not reading.unexplained, (url, reading.unexplained)


@pytest.mark.django_db
def test_family_sign_in_pages_read_plainly():
    client = Client()
    for url in ("/portal/sign-in/",):
        text = visible_text(client.get(url).content.decode())
        reading = read(text)
        assert reading.grade <= TARGET_GRADE + 1, (url, reading.grade, text)
        assert not reading.unexplained


@pytest.mark.django_db
def test_documents_pages_read_plainly_and_link_their_terms(cast):
    from alongside.meetings import services
    from tests.test_documents import prefers, shared_everything

    for person, first, last in (
        (cast["parent"].person, "Jo", "Lee"),
        (cast["case"].child, "Sam", "Lee"),
    ):
        person.first_names, person.last_name = first, last
        person.save()
    meeting, report, share = shared_everything(cast)
    services.report_easy_read_make(report=report, by=cast["worker"])
    prefers(cast, preferred_formats=["easy_read"])
    client = Client()
    client.force_login(cast["parent"])
    base = f"/portal/children/{cast['case'].pk}/documents/"
    listed = client.get(base).content.decode()
    assert 'href="/portal/words/#review-conference"' in listed
    letter = meeting.invitations.get()
    for url in (
        base,
        f"{base}letter/{letter.pk}/",
        f"{base}report/{share.pk}/",
        f"{base}report/{share.pk}/?copy=easy-read",
        f"{base}minutes/{meeting.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = re.sub(r"\s+", " ", visible_text(response.content.decode()))
        reading = read(text)
        assert reading.grade <= TARGET_GRADE + 1, (url, reading.grade, text[:300])
        assert textstat.flesch_reading_ease(text) >= 70, (url, text[:300])
        assert not reading.unexplained, (url, reading.unexplained)


# --- Messages the system writes for a family -------------------------------------------------

FLESCH_AT_LEAST = 70


def flesch_without_terms(text: str) -> float:
    """Flesch reading ease of a message as a family reads it, glossary terms left out.

    A term of art is long by nature and the family is given its plain words beside it,
    so it is not held against the message. Each line is read as a sentence of its own
    ("When: Tuesday 3 March 2026, 10am"), as it is in a letter or a text.
    """
    for spelling, _ in all_spellings():
        text = re.sub(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", "", text, flags=re.IGNORECASE)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return float(
        textstat.flesch_reading_ease(
            " ".join(line if line[-1] in ".?!:" else f"{line}." for line in lines)
        )
    )


def test_leaving_glossary_terms_out_of_the_score_is_what_lets_a_term_pass():
    hard = "We hold an initial child protection conference after the section 47 enquiry."
    assert flesch_without_terms(hard) > textstat.flesch_reading_ease(hard)
    wordy = "Multi-agency safeguarding considerations necessitate comprehensive documentation."
    assert flesch_without_terms(wordy) < FLESCH_AT_LEAST
    assert flesch_without_terms("Sam went home.\nHe had tea") == flesch_without_terms(
        "Sam went home. He had tea."
    )


@pytest.mark.parametrize("step", list(NextStep))
def test_decision_letters_score_at_least_70(step):
    for reason in ("Things are better at home now.", "Sam's school says he is settled and happy."):
        text = family_decision_text(step, "Sam Lee", reason)
        assert flesch_without_terms(text) >= FLESCH_AT_LEAST, (step, text)


def _introduction(**overrides):
    from alongside.workforce.letters import Introduction

    values = {
        "child": "Sam Lee",
        "worker": "Kim Day",
        "job": "Social worker",
        "team": "North team",
        "phone": "0113 496 0000",
        "email": "kim.day@example.test",
        "handed_over": True,
        "promises": 2,
        "wishes_unmet": ["a worker who is a woman"],
        "against_preference_reason": "No woman in the team has space this month.",
    }
    values.update(overrides)
    return Introduction(**values)


@pytest.mark.parametrize(
    "intro",
    [
        _introduction(),
        _introduction(handed_over=False, promises=0, wishes_unmet=[], phone=""),
        _introduction(promises=1, email=""),
    ],
)
@pytest.mark.parametrize("formats", [[], ["easy_read"], ["large_print", "audio", "own_language"]])
def test_worker_introductions_score_at_least_70(intro, formats):
    from alongside.workforce.letters import introduction_message

    _, body = introduction_message(intro, name="Jo", formats=formats, language="Polish")
    assert flesch_without_terms(body) >= FLESCH_AT_LEAST, body


@pytest.mark.parametrize("agreed", [True, False])
def test_answers_about_a_different_worker_score_at_least_70(agreed):
    from alongside.workforce.letters import change_answer_message

    _, body = change_answer_message(
        name="Jo",
        child="Sam",
        agreed=agreed,
        explanation="Kim knows your family well. We will meet you both to talk.",
        formats=[],
        language="",
    )
    assert flesch_without_terms(body) >= FLESCH_AT_LEAST, body


@pytest.mark.django_db
@pytest.mark.parametrize("kind", VisitKind.values)
def test_visit_notices_score_at_least_70(cast, kind):
    import datetime

    from alongside.visits import services as visit_services
    from alongside.visits import words
    from alongside.visits.models import Side
    from tests.test_visits import plan

    visit = plan(cast["case"], cast["worker"], kind=kind)
    texts = [words.planned(visit)]
    new = visit.starts_at + datetime.timedelta(days=1)
    for side in (Side.WORKER, Side.FAMILY):
        visit_services.visit_reschedule(
            visit=visit,
            starts_at=new,
            ends_at=new + datetime.timedelta(hours=1),
            by_whom=side,
            reason="Mum starts a new job that week.",
            by=cast["worker"],
        )
        visit.refresh_from_db()
        texts.append(words.moved(visit, visit.moves.latest("pk")))
        new += datetime.timedelta(days=1)
    visit_services.visit_cancel(
        visit=visit, by_whom=Side.WORKER, reason="Kim is unwell.", by=cast["worker"]
    )
    visit.refresh_from_db()
    texts.append(words.cancelled(visit))
    for text in texts:
        assert flesch_without_terms(text) >= FLESCH_AT_LEAST, text


@pytest.mark.django_db
@pytest.mark.parametrize("kind", MeetingKind.values)
def test_meeting_letters_score_at_least_70(cast, kind):
    from alongside.meetings import services as meeting_services
    from tests.test_meetings import a_meeting, invite_parent

    meeting = a_meeting(cast, kind)
    mine = invite_parent(cast, meeting)
    meeting_services.invitation_add(
        meeting=meeting,
        invitee_kind="agency",
        name="Dr Ann Shaw",
        role="family doctor",
        organisation="Hill Surgery",
        by=cast["worker"],
    )
    text = meeting_services.letter_for(meeting, mine)
    assert flesch_without_terms(text) >= FLESCH_AT_LEAST, text
