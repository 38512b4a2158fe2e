"""Staff pages: every case URL goes through the policy, logs the read, and keeps what was typed."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.audit.models import AccessLog
from alongside.chronology.models import Attachment, Entry
from tests.conftest import staff_client
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def case_urls(case, entry, attachment):
    base = f"/staff/cases/{case.pk}"
    return [
        ("get", f"{base}/"),
        ("get", f"{base}/chronology/"),
        ("get", f"{base}/entries/new/"),
        ("post", f"{base}/entries/new/"),
        ("post", f"{base}/entries/autosave/"),
        ("get", f"{base}/entries/{entry.pk}/"),
        ("get", f"{base}/entries/{entry.pk}/edit/"),
        ("post", f"{base}/entries/{entry.pk}/edit/"),
        ("get", f"{base}/attachments/{attachment.pk}/"),
        ("get", f"{base}/access-log/"),
        ("get", f"{base}/child/edit/"),
        ("post", f"{base}/child/edit/"),
    ]


@pytest.mark.parametrize("who", ["other_worker", "other_manager", "admin", "chair"])
def test_staff_outside_the_team_get_404_on_every_case_url(cast, entry_with_file, who):
    client = staff_client(cast[who])
    entry, attachment = entry_with_file
    before = AccessLog.objects.count()
    for method, url in case_urls(cast["case"], entry, attachment):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    assert AccessLog.objects.count() == before


def test_worker_reaches_every_case_url(cast, entry_with_file):
    client = staff_client(cast["worker"])
    entry, attachment = entry_with_file
    for method, url in case_urls(cast["case"], entry, attachment):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_unknown_case_is_404_like_someone_elses(cast):
    client = staff_client(cast["worker"])
    assert client.get("/staff/cases/999999/").status_code == 404


def test_break_glass_reader_gets_403_when_trying_to_change(cast):
    from alongside.cases.services import break_glass_open

    break_glass_open(
        user=cast["other_worker"],
        case=cast["case"],
        reason_kind="duty",
        reason="Duty desk call about the child tonight",
        mfa_at=timezone.now(),
    )
    client = staff_client(cast["other_worker"])
    assert client.get(f"/staff/cases/{cast['case'].pk}/").status_code == 200
    assert client.get(f"/staff/cases/{cast['case'].pk}/entries/new/").status_code == 403
    row = AccessLog.objects.filter(user=cast["other_worker"]).latest("at")
    assert row.break_glass_reason == "Duty desk call about the child tonight"


def test_password_alone_does_not_reach_staff_pages(cast):
    client = Client()
    client.post(
        "/sign-in/", {"email": cast["worker"].email, "password": "correct horse battery staple"}
    )
    response = client.get("/staff/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_wrong_totp_code_is_refused(cast):
    client = Client()
    client.post(
        "/sign-in/", {"email": cast["worker"].email, "password": "correct horse battery staple"}
    )
    response = client.post("/sign-in/code/", {"code": "000000"})
    assert response.status_code == 200
    assert "not right" in response.content.decode()
    assert client.get("/staff/").status_code == 302


def test_family_members_cannot_use_staff_pages(cast):
    client = Client()
    client.force_login(cast["parent"])
    assert client.get(f"/staff/cases/{cast['case'].pk}/").status_code == 404


def test_passwords_are_hashed_with_argon2(cast, settings):
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
    worker = cast["worker"]
    worker.set_password("a long and unguessable passphrase")
    assert worker.password.startswith("argon2")
    assert worker.check_password("a long and unguessable passphrase")


def test_lockout_after_five_failed_passwords(cast):
    client = Client()
    for _ in range(5):
        client.post("/sign-in/", {"email": cast["worker"].email, "password": "wrong password here"})
    response = client.post(
        "/sign-in/", {"email": cast["worker"].email, "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert "locked" in response.content.decode()


def test_viewing_a_case_writes_one_access_log_row(cast):
    client = staff_client(cast["worker"])
    before = AccessLog.objects.filter(case=cast["case"]).count()
    client.get(f"/staff/cases/{cast['case'].pk}/?from=search")
    rows = AccessLog.objects.filter(case=cast["case"]).order_by("-id")
    assert rows.count() == before + 1
    assert rows[0].action == "search_result"
    assert rows[0].user == cast["worker"]


def test_if_the_access_log_cannot_be_written_nothing_is_shown(cast, monkeypatch):
    client = staff_client(cast["worker"])
    client.raise_request_exception = False

    def broken(**kwargs):
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr("alongside.cases.selectors.access_log_record", broken)
    response = client.get(f"/staff/cases/{cast['case'].pk}/")
    assert response.status_code == 500
    assert cast["case"].child.last_name not in response.content.decode()


def _entry_post(**overrides):
    # Yesterday, so that the 09:30 below is never in the future whatever the clock says.
    day = timezone.localdate() - datetime.timedelta(days=1)
    data = {
        "kind": "visit",
        "occurred_on_day": day.day,
        "occurred_on_month": day.month,
        "occurred_on_year": day.year,
        "occurred_time": "09:30",
        "title": "Home visit",
        "text": "Saw the children at home; they showed me their drawings.",
        "audience": "family",
        "withheld_reason": "",
    }
    data.update(overrides)
    return data


def test_worker_adds_an_entry(cast):
    client = staff_client(cast["worker"])
    response = client.post(f"/staff/cases/{cast['case'].pk}/entries/new/", _entry_post())
    assert response.status_code == 302
    entry = Entry.objects.get(title="Home visit")
    assert entry.author_user == cast["worker"] and entry.audience == "family"


def test_an_entry_can_be_a_partner_agencys_account_recorded_by_the_worker(cast):
    client = staff_client(cast["worker"])
    post = _entry_post(kind="note", title="School's account", agency="Hill Primary School")
    assert client.post(f"/staff/cases/{cast['case'].pk}/entries/new/", post).status_code == 302
    entry = Entry.objects.get(title="School's account")
    assert entry.author_kind == "agency" and entry.author_agency == "Hill Primary School"
    assert entry.author_user == cast["worker"] and entry.created_by == cast["worker"]
    page = client.get(f"/staff/cases/{cast['case'].pk}/entries/{entry.pk}/").content.decode()
    assert f"Hill Primary School (recorded by {cast['worker'].full_name})" in page
    mine = _entry_post(kind="note", title="My own note")
    client.post(f"/staff/cases/{cast['case'].pk}/entries/new/", mine)
    assert Entry.objects.get(title="My own note").author_kind == "staff"


def test_bad_time_shows_an_error_and_keeps_what_was_typed(cast):
    client = staff_client(cast["worker"])
    response = client.post(
        f"/staff/cases/{cast['case'].pk}/entries/new/", _entry_post(occurred_time="25:99")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a time like 09:15 or 14:30" in html
    assert "Saw the children at home; they showed me their drawings." in html
    assert 'value="Home visit"' in html
    assert not Entry.objects.filter(title="Home visit", status="published").exists()


def test_withholding_from_the_family_needs_a_reason(cast):
    client = staff_client(cast["worker"])
    response = client.post(
        f"/staff/cases/{cast['case'].pk}/entries/new/", _entry_post(audience="professionals")
    )
    assert "Choose why the family cannot read this entry" in response.content.decode()
    assert not Entry.objects.filter(title="Home visit").exclude(status="draft").exists()


def test_attachment_of_a_forbidden_type_is_refused(cast):
    client = staff_client(cast["worker"])
    upload = SimpleUploadedFile("run.exe", b"MZ...", content_type="application/x-msdownload")
    response = client.post(
        f"/staff/cases/{cast['case'].pk}/entries/new/", {**_entry_post(), "attachment": upload}
    )
    assert "The file must be a PDF" in response.content.decode()


def test_an_attachment_over_the_size_limit_is_refused_and_the_entry_kept(cast, settings):
    settings.ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    client = staff_client(cast["worker"])
    big = SimpleUploadedFile("scan.pdf", b"%PDF" + b"0" * (2 * 1024 * 1024), "application/pdf")
    response = client.post(
        f"/staff/cases/{cast['case'].pk}/entries/new/",
        {**_entry_post(title="With a big scan"), "attachment": big},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "The file must be smaller than 2MB" in html
    assert 'value="With a big scan"' in html
    assert not Entry.objects.filter(title="With a big scan").exists()


def test_attachment_is_stored_and_download_is_logged(cast):
    client = staff_client(cast["worker"])
    upload = SimpleUploadedFile("letter.txt", b"Dear family", content_type="text/plain")
    client.post(
        f"/staff/cases/{cast['case'].pk}/entries/new/", {**_entry_post(), "attachment": upload}
    )
    attachment = Attachment.objects.get(original_name="letter.txt")
    response = client.get(f"/staff/cases/{cast['case'].pk}/attachments/{attachment.pk}/")
    assert b"".join(response.streaming_content) == b"Dear family"
    assert AccessLog.objects.filter(case=cast["case"], action="download").exists()


def test_autosave_keeps_a_draft_only_the_author_sees(cast):
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/entries/autosave/"
    client.post(url, {"title": "Half written", "text": "So far", "kind": "note"})
    client.post(url, {"title": "Half written", "text": "So far and more", "kind": "note"})
    drafts = Entry.objects.filter(status="draft", author_user=cast["worker"])
    assert drafts.count() == 1 and drafts.get().text == "So far and more"
    page = client.get(f"/staff/cases/{cast['case'].pk}/entries/new/").content.decode()
    assert "So far and more" in page
    colleague = staff_client(cast["colleague"])
    assert (
        "Half written"
        not in colleague.get(f"/staff/cases/{cast['case'].pk}/chronology/").content.decode()
    )


def test_correcting_an_entry_needs_a_reason_and_keeps_the_old_version(cast):
    entry = EntryFactory(case=cast["case"], author_user=cast["worker"], title="Old title")
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/entries/{entry.pk}/edit/"
    data = {"title": "New title", "text": entry.text, "audience": "family", "reason": ""}
    assert "Say why" in client.post(url, data).content.decode()
    client.post(url, {**data, "reason": "Wrong date in the title"})
    page = client.get(f"/staff/cases/{cast['case'].pk}/entries/{entry.pk}/").content.decode()
    assert "New title" in page and "Old title" in page and "Wrong date in the title" in page


def test_bad_nhs_number_on_the_child_form_keeps_everything_typed(cast):
    client = staff_client(cast["worker"])
    response = client.post(
        f"/staff/cases/{cast['case'].pk}/child/edit/",
        {
            "first_names": "Robin",
            "last_name": "Testname",
            "sex": "F",
            "ethnicity": "WBRI",
            "nhs_number": "123 456 7890",
            "first_language": "Welsh",
            "reason": "New information",
        },
    )
    html = response.content.decode()
    assert "This NHS number is not right" in html
    assert 'value="Welsh"' in html and 'value="123 456 7890"' in html


def test_chronology_filters_by_kind_and_words(cast):
    EntryFactory(
        case=cast["case"],
        author_user=cast["worker"],
        kind="visit",
        title="Visit",
        text="garden swings",
    )
    EntryFactory(
        case=cast["case"],
        author_user=cast["worker"],
        kind="note",
        title="Note",
        text="school meeting",
    )
    client = staff_client(cast["worker"])
    base = f"/staff/cases/{cast['case'].pk}/chronology/"
    assert "garden swings" in client.get(base + "?kind=visit").content.decode()
    assert "school meeting" not in client.get(base + "?kind=visit").content.decode()
    words = client.get(base + "?q=swing").content.decode()
    assert "garden swings" in words and "school meeting" not in words


def test_chronology_query_count_does_not_grow_with_entries(cast):
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/chronology/"
    EntryFactory.create_batch(3, case=cast["case"], author_user=cast["worker"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    EntryFactory.create_batch(30, case=cast["case"], author_user=cast["colleague"])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_outbox_is_for_staff_admins_only(cast):
    assert staff_client(cast["admin"]).get("/outbox/").status_code == 200
    assert staff_client(cast["worker"]).get("/outbox/").status_code == 404


def test_managers_see_break_glass_openings_of_their_team(cast):
    from alongside.cases.services import break_glass_open

    break_glass_open(
        user=cast["other_worker"],
        case=cast["case"],
        reason_kind="covering",
        reason="Covering for the allocated worker today",
        mfa_at=timezone.now(),
    )
    page = staff_client(cast["manager"]).get("/staff/team/break-glass/").content.decode()
    assert "Covering for the allocated worker today" in page


def test_names_with_apostrophes_and_markup_are_shown_escaped(cast):
    child = cast["case"].child
    child.first_names, child.last_name = "Siobhan", "O'Neill<script>"
    child.save()
    html = staff_client(cast["worker"]).get(f"/staff/cases/{cast['case'].pk}/").content.decode()
    assert "O&#x27;Neill&lt;script&gt;" in html
    assert "O'Neill<script>" not in html
