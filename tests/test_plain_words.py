"""Everything a family reads is plain: reading age about 9, no unexplained terms of art."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from alongside.journey.codes import NextStep
from alongside.journey.letters import family_decision_text
from alongside.plain.glossary import TERMS
from alongside.plain.readability import TARGET_GRADE, read, terms_in, unexplained_jargon
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


@pytest.mark.django_db
def test_portal_pages_read_plainly(cast):
    # Short fixed names: the test measures the page's own words, not the names in it.
    for person, first, last in (
        (cast["parent"].person, "Jo", "Lee"),
        (cast["case"].child, "Sam", "Lee"),
    ):
        person.first_names, person.last_name = first, last
        person.save()
    cast["worker"].full_name = "Kim Day"
    cast["worker"].save()
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
    import textstat

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
