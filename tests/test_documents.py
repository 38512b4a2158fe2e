"""Documents families keep: easy read, translations, receipts, the portal's Documents page,
tagged PDFs, and late reports in the team figures."""

from __future__ import annotations

import datetime
import io

import pgtrigger
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from alongside.audit.models import AccessAction, AccessLog
from alongside.cases.services import supporter_invite
from alongside.chronology.models import Entry
from alongside.documents import easy_read as easy
from alongside.documents.languages import code_for, direction
from alongside.documents.pdf import Printable, html_for, render_pdf
from alongside.documents.structure import blocks
from alongside.meetings import services
from alongside.meetings.models import (
    MeetingKind,
    ReportReceipt,
    ReportShare,
    ReportVersion,
    VersionKind,
)
from alongside.meetings.selectors import report_figures_for_teams, translations
from alongside.messaging.models import Message
from alongside.plain.glossary import TERMS
from alongside.plain.readability import terms_in
from tests.conftest import staff_client
from tests.factories import CaseFactory
from tests.test_meetings import REVIEW_DAY, a_meeting, at, invite_parent

pytestmark = pytest.mark.django_db

THINK = "[Write what you think now, and why. Use plain words.]"
DUE = datetime.date(2025, 5, 1)  # the report for the review on REVIEW_DAY is due then


def drafted(cast, meeting):
    report = services.report_draft(meeting=meeting, by=cast["worker"])
    return services.report_edit(
        report=report,
        family_text=report.family_text.replace(THINK, "Things are better. Keep the plan going."),
        professionals_text="",
        by=cast["worker"],
    )


def back_date(shares, day: datetime.date) -> None:
    with pgtrigger.ignore("meetings.ReportShare:no_update"):
        ReportShare.objects.filter(pk__in=[s.pk for s in shares]).update(shared_at=at(day, 16))


def portal(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def prefers(cast, **preferences) -> None:
    person = cast["parent"].person
    for name, value in preferences.items():
        setattr(person, name, value)
    person.save()


# --- Structure, easy read, languages ---------------------------------------------------------


def test_blocks_find_headings_lists_and_pictures():
    found = blocks(
        "Dear Jo,\nWe would like you to come.\n\nWhat is it for?\n- One thing.\n- Another.\n\n"
        "[picture: a house] We met at home."
    )
    assert [(b.kind, b.text) for b in found] == [
        ("paragraph", "Dear Jo,"),
        ("paragraph", "We would like you to come."),
        ("heading", "What is it for?"),
        ("list", "One thing. Another."),
        ("paragraph", "We met at home."),
    ]
    assert found[-1].lines[0].picture == "a house"


def test_easy_read_puts_one_idea_on_a_line_and_swaps_terms_for_everyday_words():
    text = (
        "Report about Sam.\n\nWhat has happened?\n"
        "- 3 February 2025: Home visit. We talked about the child protection plan, and Sam "
        "showed us his room because he was proud of it and wanted us to see it.\n\n"
        "What next?\nThe core group meets next week."
    )
    lines = easy.easy_read(text).splitlines()
    assert "What has happened?" in lines and "What next?" in lines
    assert "On 3 February 2025:" in lines
    assert "We talked about the plan to keep a child safe." in lines
    assert "The small group of family and workers meets next week." in lines
    assert not terms_in("\n".join(lines))
    assert all(len(line.split()) <= easy.MOST_WORDS for line in lines)
    assert easy.long_lines("Short line.\n" + "word " * 16) == ["word " * 15 + "word"]


def test_every_glossary_term_is_swapped_or_explained(monkeypatch):
    for term in TERMS:
        swapped, unexplained = easy.swap_terms(f"We talked about the {term.term} today.")
        assert term.term.lower() not in swapped.lower() or unexplained == [term], term.slug
    monkeypatch.delitem(easy.SWAPS, "core-group")
    out = easy.easy_read("The core group met.")
    assert "What does core group mean?" in out
    assert "A small group of your family and workers." in out


def test_language_codes_and_direction():
    assert (code_for(" Polish "), code_for("Urdu"), code_for("Klingon")) == ("pl", "ur", "")
    assert (direction("ur"), direction("pl")) == ("rtl", "ltr")


# --- Tagged PDFs -------------------------------------------------------------------------------


def _structure(reader: PdfReader) -> list[str]:
    found: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, DictionaryObject):
            if "/S" in node:
                found.append(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, ArrayObject) else [kids]:
                    walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize(("code", "easy_read"), [("en", False), ("en", True), ("pl", False)])
def test_pdfs_are_tagged_with_real_text_headings_and_language(code, easy_read):
    text = "Report about Sam.\n\nWhat has happened?\nWe met at home.\n- Sam was well."
    pdf = render_pdf(
        Printable(title="Our report", text=text, language_code=code, easy_read=easy_read)
    )
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == code
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    tags = _structure(reader)
    assert "/H1" in tags and "/H2" in tags and "/P" in tags
    words = " ".join(page.extract_text() for page in reader.pages)
    for needed in ("Our report", "What has happened?", "We met at home.", "Sam was well."):
        assert needed in words
    assert reader.metadata.title == "Our report"


def test_a_right_to_left_language_is_laid_out_right_to_left():
    html = html_for(Printable(title="Report", text="Hello.", language_code="ur"))
    assert '<html lang="ur" dir="rtl">' in html


# --- Easy read and sharing -----------------------------------------------------------------------


def test_an_easy_read_reader_cannot_be_sent_the_report_until_the_easy_read_copy_exists(cast):
    prefers(cast, preferred_formats=["easy_read"])
    meeting = a_meeting(cast)
    mine = invite_parent(cast, meeting)
    report = drafted(cast, meeting)
    with pytest.raises(ValidationError) as error:
        services.report_share(report=report, by=cast["worker"])
    assert "asked for easy read" in str(error.value)
    assert not ReportShare.objects.exists()

    version = services.report_easy_read_make(report=report, by=cast["worker"])
    assert version.kind == VersionKind.EASY_READ and "Keep the plan going." in version.text
    services.report_version_edit(
        version=version,
        text=version.text + "\n[picture: a park] We go to the park.",
        by=cast["worker"],
    )
    with pytest.raises(ValidationError):
        services.report_easy_read_make(report=report, by=cast["worker"])
    [share] = services.report_share(report=report, by=cast["worker"])
    assert share.invitation == mine and share.version == version
    version.refresh_from_db()
    assert version.ready_at is not None
    assert "We go to the park." in Message.objects.get(purpose="meeting_report").body
    with pytest.raises(ValidationError):
        services.report_version_edit(version=version, text="Changed.", by=cast["worker"])


def test_a_reader_of_standard_print_gets_the_report_itself(cast):
    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    report = drafted(cast, meeting)
    [share] = services.report_share(report=report, by=cast["worker"])
    assert share.version is None
    assert Message.objects.get(purpose="meeting_report").body == report.family_text


def test_versions_are_never_deleted_and_a_translation_says_who_translated_it(cast):
    meeting = a_meeting(cast)
    report = drafted(cast, meeting)
    version = services.report_easy_read_make(report=report, by=cast["worker"])
    with pytest.raises(Exception, match="Cannot delete"), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.create(
            report=report, kind=VersionKind.TRANSLATION, language="Polish", text="Raport."
        )


# --- Translations ------------------------------------------------------------------------------


def test_a_translation_needs_a_language_its_text_and_who_translated_it(cast):
    meeting = a_meeting(cast)
    report = drafted(cast, meeting)
    with pytest.raises(ValidationError) as error:
        services.report_translation_record(
            report=report, language="English", text="", translated_by="", by=cast["worker"]
        )
    assert set(error.value.message_dict) == {"language", "text", "translated_by"}


def test_a_translation_is_shared_with_those_who_speak_it_and_is_late_after_the_due_day(cast):
    prefers(cast, first_language="Polish")
    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    services.invitation_add(
        meeting=meeting,
        invitee_kind="agency",
        name="Dr Ann Lee",
        organisation="Hill Surgery",
        email="ann@example.test",
        by=cast["worker"],
    )
    report = drafted(cast, meeting)
    version = services.report_translation_record(
        report=report,
        language="polish",
        text="Raport o Samie.",
        translated_by="Ewa Nowak, Lingo",
        by=cast["worker"],
    )
    with pytest.raises(ValidationError, match="Share the report first"):
        services.report_translation_share(version=version, by=cast["worker"])
    back_date(services.report_share(report=report, by=cast["worker"]), DUE)
    meeting.refresh_from_db()
    [row] = translations(meeting, today=DUE)
    assert row.language == "polish" and [i.person for i in row.needed_by] == [cast["parent"].person]
    assert not row.late
    assert translations(meeting, today=DUE + datetime.timedelta(days=1))[0].late

    told = services.report_translation_share(version=version, by=cast["worker"])
    assert [i.person for i in told] == [cast["parent"].person]
    message = Message.objects.get(purpose="meeting_report_translation")
    assert message.body == "Raport o Samie."
    with pgtrigger.ignore("meetings.ReportVersion:update_update"):
        ReportVersion.objects.filter(pk=version.pk).update(ready_at=at(DUE, 12))
    assert not translations(meeting, today=REVIEW_DAY)[0].late
    ReportVersion.objects.filter(pk=version.pk).update(ready_at=at(DUE + datetime.timedelta(1)))
    assert translations(meeting, today=REVIEW_DAY)[0].late
    page = staff_client(cast["chair"]).get(f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/")
    html = page.content.decode()
    assert "Translations" in html and "Ewa Nowak, Lingo" in html and "Late" in html


def test_a_missing_translation_shows_late_once_the_day_has_passed(cast):
    prefers(cast, first_language="Urdu")
    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    [row] = translations(meeting, today=DUE + datetime.timedelta(days=1))
    assert row.language == "Urdu" and row.version is None and row.late


# --- The portal's Documents page -------------------------------------------------------------


def shared_everything(cast):
    """A review conference with the letter sent, the report shared and the minutes shared."""
    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    services.letters_send(meeting=meeting, by=cast["worker"])
    report = drafted(cast, meeting)
    [share] = services.report_share(report=report, by=cast["worker"])
    services.meeting_record(
        meeting=meeting,
        held_on=REVIEW_DAY,
        attended=[],
        decisions="Keep going.",
        by=cast["worker"],
    )
    services.minutes_share(meeting=meeting, minutes="We agreed to keep going.", by=cast["worker"])
    return meeting, report, share


def test_the_parent_sees_every_letter_report_and_minutes_with_the_date_shared(cast):
    meeting, report, share = shared_everything(cast)
    base = f"/portal/children/{cast['case'].pk}/documents/"
    page = portal(cast["parent"]).get(base).content.decode()
    for needed in (
        "Your letter",
        "Our report",
        "What was said and decided",
        "For the review child protection conference on 9 May 2025",
        f"Shared on {share.shared_at:%-d %B %Y}",
        "Exit this page",
    ):
        assert needed in page, needed
    letter = meeting.invitations.get()
    for kind, pk, words in (
        ("letter", letter.pk, "Complaining will not count against you."),
        ("report", share.pk, "Keep the plan going."),
        ("minutes", meeting.pk, "We agreed to keep going."),
    ):
        html = portal(cast["parent"]).get(f"{base}{kind}/{pk}/").content.decode()
        assert words in html, kind


def test_documents_are_only_for_who_they_were_shared_with(cast):
    meeting, report, share = shared_everything(cast)
    base = f"/portal/children/{cast['case'].pk}/documents/"
    assert portal(cast["other_parent"]).get(base).status_code == 404
    assert portal(cast["other_parent"]).get(f"{base}report/{share.pk}/").status_code == 404
    # The young person can see the case but was not invited: nothing was shared with them.
    young = portal(cast["young_person"])
    assert "We have not shared anything with you yet." in young.get(base).content.decode()
    assert young.get(f"{base}report/{share.pk}/").status_code == 404
    assert young.get(f"{base}report/{share.pk}/pdf/").status_code == 404
    assert portal(cast["parent"]).get(f"{base}nonsense/{share.pk}/").status_code == 404
    assert Client().get(base).status_code == 302
    staff = staff_client(cast["worker"])
    assert staff.get(base).status_code == 302


def _supporter(cast, scope: str):
    grant = supporter_invite(
        case=cast["case"],
        invited_by=cast["parent"],
        name="Ruth Adebayo",
        email_or_phone=f"ruth-{scope}@example.test",
        scope=scope,
    )
    return grant.user


def test_a_supporter_sees_the_familys_documents_only_if_the_family_chose_documents(cast):
    meeting, report, share = shared_everything(cast)
    base = f"/portal/children/{cast['case'].pk}/documents/"
    documents = portal(_supporter(cast, "meetings_documents"))
    assert "Our report" in documents.get(base).content.decode()
    assert documents.get(f"{base}report/{share.pk}/").status_code == 200
    assert not ReportReceipt.objects.exists(), "a supporter's look is not the family's receipt"
    meetings_only = portal(_supporter(cast, "meetings"))
    assert "meetings only" in meetings_only.get(base).content.decode()
    assert meetings_only.get(f"{base}report/{share.pk}/").status_code == 404


def test_opening_a_document_is_logged_and_the_first_look_counts_as_received(cast):
    meeting, report, share = shared_everything(cast)
    url = f"/portal/children/{cast['case'].pk}/documents/report/{share.pk}/"
    client = portal(cast["parent"])
    assert client.get(url).status_code == 200
    receipt = ReportReceipt.objects.get(share=share)
    assert receipt.how == "opened"
    logged = AccessLog.objects.filter(user=cast["parent"], path=url)
    assert logged.filter(action=AccessAction.VIEW_RECORD).count() == 1
    pdf = client.get(f"{url}pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert AccessLog.objects.filter(action=AccessAction.DOWNLOAD, path=f"{url}pdf/").count() == 1
    assert ReportReceipt.objects.get(share=share).received_at == receipt.received_at
    chair = staff_client(cast["chair"]).get(
        f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/"
    )
    assert f"Opened in the portal {receipt.received_at:%-d %b %Y}" in chair.content.decode()


def test_a_download_before_any_look_counts_as_received(cast):
    meeting, report, share = shared_everything(cast)
    url = f"/portal/children/{cast['case'].pk}/documents/report/{share.pk}/pdf/"
    reader = PdfReader(io.BytesIO(portal(cast["parent"]).get(url).content))
    assert "Keep the plan going." in " ".join(p.extract_text() for p in reader.pages)
    assert ReportReceipt.objects.get(share=share).how == "downloaded"


def test_the_family_gets_their_format_and_language_first_and_can_choose_another(cast):
    prefers(cast, preferred_formats=["easy_read", "large_print"], first_language="Polish")
    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    report = drafted(cast, meeting)
    services.report_easy_read_make(report=report, by=cast["worker"])
    [share] = services.report_share(report=report, by=cast["worker"])
    url = f"/portal/children/{cast['case'].pk}/documents/report/{share.pk}/"
    client = portal(cast["parent"])
    html = client.get(url).content.decode()
    assert "app-easy-read" in html and "app-document--large" in html
    version = services.report_translation_record(
        report=report,
        language="Polish",
        text="Raport o Samie.\n\nCo się stało?\nByliśmy w domu.",
        translated_by="Ewa Nowak",
        by=cast["worker"],
    )
    assert "Raport o Samie." not in client.get(url).content.decode(), "not shared yet"
    services.report_translation_share(version=version, by=cast["worker"])
    html = client.get(url).content.decode()
    assert 'lang="pl"' in html and "Raport o Samie." in html
    assert "Easy read" in html and "The report" in html
    english = client.get(f"{url}?copy=report").content.decode()
    assert "Keep the plan going." in english and "app-easy-read" not in english
    pdf = PdfReader(io.BytesIO(client.get(f"{url}pdf/?copy=in-polish").content))
    assert pdf.trailer["/Root"]["/Lang"] == "pl"
    assert "Byliśmy w domu." in pdf.pages[0].extract_text()


# --- Staff pages ------------------------------------------------------------------------------


def test_the_worker_makes_and_edits_the_easy_read_copy_with_its_reading_score(cast):
    meeting = a_meeting(cast)
    drafted(cast, meeting)
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/report/easy-read/"
    assert client.post(url).status_code == 302
    page = client.get(url).content.decode()
    assert "Reading score: grade" in page and "Plain enough" in page
    long = "This line has far too many words in it for anyone to read it easily at all."
    response = client.post(url, {"text": f"Short line.\n{long}"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "1 line longer than 15 words" in page
    response = client.post(url, {"text": "   "})
    assert "The copy cannot be empty" in response.content.decode()


def test_a_translation_form_with_a_mistake_keeps_what_was_typed(cast):
    meeting = a_meeting(cast)
    drafted(cast, meeting)
    client = staff_client(cast["worker"])
    base = f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/report/"
    response = client.post(
        f"{base}translations/new/", {"language": "Polish", "translated_by": "", "text": "Raport."}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter who translated it" in html and "Raport." in html and 'value="Polish"' in html
    response = client.post(
        f"{base}translations/new/",
        {"language": "Polish", "translated_by": "Ewa Nowak", "text": "Raport."},
    )
    assert response.status_code == 302
    assert "Share the Polish translation" in client.get(base).content.decode()


def test_staff_document_pages_follow_the_case_access_rules(cast):
    meeting = a_meeting(cast)
    drafted(cast, meeting)
    base = f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/report/"
    other = staff_client(cast["other_worker"])
    assert other.post(f"{base}easy-read/").status_code == 404
    assert other.get(f"{base}translations/new/").status_code == 404
    chair = staff_client(cast["chair"])
    assert chair.post(f"{base}easy-read/").status_code == 403
    assert chair.get(f"{base}translations/new/").status_code == 403


# --- Late reports in the team figures ----------------------------------------------------------


def test_late_reports_are_counted_for_each_team_in_a_fixed_number_of_queries(
    cast, django_assert_max_num_queries
):
    late = a_meeting(cast)
    invite_parent(cast, late)
    back_date(
        services.report_share(report=drafted(cast, late), by=cast["worker"]),
        DUE + datetime.timedelta(1),
    )
    other_case = CaseFactory(team=cast["team_b"], worker=cast["other_worker"])
    from alongside.journey.models import Conference, Referral

    referral = Referral.objects.create(
        case=other_case, referral_date=datetime.date(2025, 1, 6), source="1A"
    )
    conference = Conference.objects.create(
        referral=referral, kind="review", scheduled_for=REVIEW_DAY
    )
    services.meeting_schedule(
        case=other_case,
        kind=MeetingKind.REVIEW_CONFERENCE,
        starts_at=at(REVIEW_DAY),
        place="Town Hall",
        purpose="",
        by=cast["other_worker"],
        conference=conference,
    )
    period = {"period_start": datetime.date(2025, 5, 1), "period_end": datetime.date(2025, 5, 31)}
    with django_assert_max_num_queries(6):
        rows = report_figures_for_teams([cast["team_a"].pk], today=REVIEW_DAY, **period)
    [team_a] = rows
    assert (team_a.due, team_a.late, team_a.on_time, team_a.not_yet_due) == (1, 1, 0, 0)
    assert team_a.late_meetings == [late]
    with pgtrigger.ignore("meetings.ReportShare:no_update"):
        ReportShare.objects.update(shared_at=at(DUE, 9))
    [team_a] = report_figures_for_teams([cast["team_a"].pk], today=REVIEW_DAY, **period)
    assert (team_a.due, team_a.late, team_a.on_time) == (1, 0, 1)


def test_the_manager_sees_late_reports_in_the_team_figures(cast):
    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    back_date(services.report_share(report=drafted(cast, meeting), by=cast["worker"]), REVIEW_DAY)
    period = {"period_start_day": 1, "period_start_month": 5, "period_start_year": 2025}
    period |= {"period_end_day": 31, "period_end_month": 5, "period_end_year": 2025}
    page = staff_client(cast["manager"]).get("/staff/reliability/", period)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Conference reports to families" in html
    assert "Late reports: Team A" in html
    worker_page = staff_client(cast["worker"]).get("/staff/reliability/", period).content.decode()
    assert "Conference reports to families" not in worker_page


# --- Easy-read letters ---------------------------------------------------------------------------


def test_someone_who_reads_easy_read_is_sent_the_easy_read_letter_the_worker_checked(cast):
    prefers(cast, preferred_formats=["easy_read"])
    meeting = a_meeting(cast)
    mine = invite_parent(cast, meeting)
    draft = services.easy_read_letter_for(meeting, mine)
    assert "We would like you to come to a meeting about" in draft
    assert not terms_in(draft), "terms of art are swapped for everyday words"
    client = staff_client(cast["worker"])
    base = f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/letters/"
    page = client.get(base).content.decode()
    assert "reads easy read, so they get this easy-read letter" in page
    edit = client.get(f"{base}{mine.pk}/easy-read/").content.decode()
    assert "Reading score: grade" in edit
    edited = draft + "\n[picture: a cup of tea] There will be tea."
    assert client.post(f"{base}{mine.pk}/easy-read/", {"text": edited}).status_code == 302
    services.letters_send(meeting=meeting, by=cast["worker"])
    mine.refresh_from_db()
    assert mine.easy_read_letter.endswith("There will be tea.")
    assert "What is the meeting for?" in mine.letter_text
    assert Message.objects.get(purpose="meeting_invitation").body == mine.easy_read_letter
    with pytest.raises(ValidationError):
        services.letter_easy_read_edit(invitation=mine, text="Changed.", by=cast["worker"])
    url = f"/portal/children/{cast['case'].pk}/documents/letter/{mine.pk}/"
    html = portal(cast["parent"]).get(url).content.decode()
    assert "app-easy-read" in html and "There will be tea." in html
    assert "Picture: </span>a cup of tea" in html


def test_a_standard_print_reader_gets_no_easy_read_letter(cast):
    meeting = a_meeting(cast)
    mine = invite_parent(cast, meeting)
    services.letters_send(meeting=meeting, by=cast["worker"])
    mine.refresh_from_db()
    assert mine.easy_read_letter == ""
    base = f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/letters/"
    assert staff_client(cast["worker"]).get(f"{base}{mine.pk}/easy-read/").status_code == 404


def test_a_meetings_only_supporter_does_not_see_the_report_on_the_meeting_page(cast):
    meeting, report, share = shared_everything(cast)
    url = f"/portal/children/{cast['case'].pk}/meetings/{meeting.pk}/"
    hidden = portal(_supporter(cast, "meetings")).get(url).content.decode()
    assert "Keep the plan going." not in hidden and "We agreed to keep going." not in hidden
    assert "meetings only" in hidden
    shown = portal(_supporter(cast, "meetings_documents")).get(url).content.decode()
    assert "Keep the plan going." in shown and "We agreed to keep going." in shown


def test_the_documents_page_takes_the_same_queries_however_many_meetings(
    cast, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    shared_everything(cast)
    client = portal(cast["parent"])
    base = f"/portal/children/{cast['case'].pk}/documents/"
    client.get(base)  # the first request of a session writes its start time: not counted
    with CaptureQueriesContext(connection) as one:
        client.get(base)
    for day in (REVIEW_DAY + datetime.timedelta(days=7), REVIEW_DAY + datetime.timedelta(days=14)):
        meeting = a_meeting(cast, MeetingKind.CORE_GROUP, day)
        invite_parent(cast, meeting)
        services.letters_send(meeting=meeting, by=cast["worker"])
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(base)
    assert page.content.decode().count("Your letter") == 3


def test_the_familys_copy_does_not_change_once_shared_but_the_professionals_part_can(cast):
    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    report = drafted(cast, meeting)
    services.report_share(report=report, by=cast["worker"])
    with pytest.raises(ValidationError, match="cannot change now"):
        services.report_edit(
            report=report, family_text="Something else.", professionals_text="", by=cast["worker"]
        )
    services.report_edit(
        report=report,
        family_text=report.family_text,
        professionals_text="Police check back on Friday.",
        by=cast["worker"],
    )
    report.refresh_from_db()
    assert report.professionals_text == "Police check back on Friday."
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/meetings/{meeting.pk}/report/"
    assert "Shared with the family, so it cannot change now." in client.get(url).content.decode()
    response = client.post(url, {"family_text": "Typed again.", "professionals_text": "New."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert "Typed again." not in report.family_text and report.professionals_text == "New."


def test_the_meeting_page_links_the_parent_to_their_copy_to_keep(cast):
    meeting, report, share = shared_everything(cast)
    page = portal(cast["parent"]).get(f"/portal/children/{cast['case'].pk}/meetings/{meeting.pk}/")
    assert (
        f"/portal/children/{cast['case'].pk}/documents/report/{share.pk}/" in page.content.decode()
    )


def test_a_long_first_line_after_a_break_is_split_like_any_other():
    long = (
        "We met at the school on Monday with your family, and everyone said what they "
        "thought about the plan for the next few weeks."
    )
    lines = easy.easy_read(f"Hello.\n\n{long}\nThat is all.").splitlines()
    assert all(len(line.split()) <= easy.MOST_WORDS for line in lines), lines


# --- What the wider record and the figures let through ---------------------------------------


def test_the_chronology_says_who_got_the_minutes_not_what_they_say(cast):
    meeting, report, share = shared_everything(cast)
    entry = Entry.objects.filter(case=cast["case"], title__startswith="Minutes of the").get()
    assert "We agreed to keep going." not in entry.text
    assert entry.text.startswith("Shared with ")
    # The young person was not invited: the record page does not carry the minutes either.
    page = portal(cast["young_person"]).get(f"/portal/children/{cast['case'].pk}/")
    assert "We agreed to keep going." not in page.content.decode()


def test_a_restricted_case_is_not_named_or_counted_in_the_team_figures(cast):
    from alongside.cases.services import case_restrict

    meeting = a_meeting(cast)
    invite_parent(cast, meeting)
    back_date(services.report_share(report=drafted(cast, meeting), by=cast["worker"]), REVIEW_DAY)
    period = {"period_start": datetime.date(2025, 5, 1), "period_end": datetime.date(2025, 5, 31)}
    [seen] = report_figures_for_teams(
        [cast["team_a"].pk], today=REVIEW_DAY, viewer=cast["manager"], **period
    )
    assert seen.late_meetings == [meeting]
    case_restrict(
        case=cast["case"],
        reason="A colleague's family",
        allowed=[cast["worker"]],
        by=cast["manager"],
    )
    [hidden] = report_figures_for_teams(
        [cast["team_a"].pk], today=REVIEW_DAY, viewer=cast["manager"], **period
    )
    assert (hidden.due, hidden.late, hidden.late_meetings) == (0, 0, [])
    form = {"period_start_day": 1, "period_start_month": 5, "period_start_year": 2025}
    form |= {"period_end_day": 31, "period_end_month": 5, "period_end_year": 2025}
    html = staff_client(cast["manager"]).get("/staff/reliability/", form).content.decode()
    assert cast["case"].child.full_name not in html


def test_a_supporter_loses_the_documents_when_the_family_member_who_invited_them_does(cast):
    from alongside.cases.models import FamilyAccess
    from alongside.cases.services import family_access_revoke

    meeting, report, share = shared_everything(cast)
    base = f"/portal/children/{cast['case'].pk}/documents/"
    supporter = portal(_supporter(cast, "meetings_documents"))
    assert supporter.get(f"{base}report/{share.pk}/").status_code == 200
    grant = FamilyAccess.objects.get(case=cast["case"], person=cast["parent"].person)
    family_access_revoke(grant=grant, reason="Court order", by=cast["manager"])
    assert supporter.get(f"{base}report/{share.pk}/").status_code == 404
    assert supporter.get(f"{base}report/{share.pk}/pdf/").status_code == 404


def test_a_pdf_fetches_nothing_from_outside(monkeypatch):
    import alongside.documents.pdf as pdf_module

    asked: list[str] = []

    def spy(url):
        asked.append(url)
        pdf_module_refuse(url)

    pdf_module_refuse = pdf_module.refuse_fetch
    monkeypatch.setattr(pdf_module, "refuse_fetch", spy)
    monkeypatch.setattr(
        pdf_module,
        "html_for",
        lambda doc: (
            '<html lang="en"><body><h1>Hi</h1>'
            '<img src="http://example.test/track.png" alt=""></body></html>'
        ),
    )
    pdf = pdf_module.render_pdf(Printable(title="Hi", text="Hi"))
    assert pdf.startswith(b"%PDF") and asked == ["http://example.test/track.png"]
    with pytest.raises(ValueError, match="load nothing"):
        pdf_module_refuse("file:///etc/passwd")
