"""Documents families keep, in a real browser: the worker drafts the report for an initial
conference, edits it, makes and edits the easy-read copy and shares it; the parent, who
reads easy read, finds it under Letters and reports at least 3 working days before the
meeting, reads it and saves the tagged PDF, with JavaScript and without; the chair sees
when the parent received it. A translation is recorded and read in Polish; a manager
finds a late report in the team figures. axe on every page, portal pages at phone width."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pgtrigger
import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, expect
from pypdf import PdfReader

from alongside.accounts.models import Role
from alongside.journey.models import Conference, Referral
from alongside.meetings import services
from alongside.meetings.models import ReportReceipt, ReportShare
from alongside.people.models import Relationship
from alongside.timescales.calendar import subtract_working_days
from tests.e2e.conftest import check_page, staff_sign_in
from tests.e2e.test_visits_e2e import sign_in_family
from tests.factories import (
    CaseFactory,
    FamilyUserFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    grant_family,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THINK = "[Write what you think now, and why. Use plain words.]"
OUR_VIEW = "Things are going better at home. We want to keep helping."
PICTURE_LINE = "[picture: a family at home] We will keep helping your family."


def test_worker_shares_an_easy_read_report_and_the_parent_keeps_it(
    new_context: Callable[[], BrowserContext], browser: Browser, live_server: Any
) -> None:
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Kim Day")
    UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Raj Roy")
    chair = UserFactory(team=team, role=Role.CHAIR, full_name="Ola Reed")
    child = PersonFactory(first_names="Sam", last_name="Lee")
    case = CaseFactory(team=team, worker=worker, child=child)
    parent = FamilyUserFactory(person__first_names="Jo", person__last_name="Lee")
    parent.person.preferred_formats = ["easy_read"]
    parent.person.save()
    grant_family(case, parent)
    Relationship.objects.create(
        from_person=parent.person, to_person=child, kind="parent", parental_responsibility=True
    )
    referral = Referral.objects.create(case=case, referral_date=case.referral_date, source="1A")
    day = timezone.localdate() + datetime.timedelta(days=21)
    Conference.objects.create(referral=referral, kind="initial", scheduled_for=day, chair=chair)

    # The worker plans the conference, invites the parent and writes to them.
    page = new_context().new_page()
    staff_sign_in(page, worker)
    page.goto(f"/staff/cases/{case.pk}/meetings/new/")
    page.get_by_role("radio", name="Initial child protection conference").check()
    page.get_by_label("Which conference on the journey is it?").select_option(index=1)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Where", exact=True).fill("Hill Family Centre, 2 Hill Road")
    page.get_by_role("button", name="Plan the meeting").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/meetings/\d+/$"))
    meeting_url = page.url
    page.get_by_role("button", name="Invite someone").click()
    page.get_by_role("radio", name="Family member").check()
    page.get_by_label("Which family member?").select_option(index=1)
    page.get_by_role("button", name="Add to the invitations").click()
    page.get_by_role("button", name="Check and send the letters").click()
    page.get_by_role("button", name="Send the letters").click()

    # Draft the report from the record, and edit it.
    page.get_by_role("button", name="Draft the report").click()
    page.get_by_role("button", name="Draft the report from the record").click()
    text = page.get_by_label("The family's copy")
    text.fill(text.input_value().replace(THINK, OUR_VIEW))
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_text("Jo Lee asked for easy read.")).to_be_visible()
    check_page(page)

    # Sharing is refused until the easy-read copy is made; then make it and edit it.
    page.get_by_role("button", name="Share the report with everyone invited").click()
    expect(page.get_by_text("Make the easy-read copy and check it.")).to_be_visible()
    page.get_by_role("button", name="Make the easy-read copy").click()
    page.wait_for_url(re.compile(r"/report/easy-read/$"))
    expect(page.get_by_text("Reading score: grade")).to_be_visible()
    check_page(page)
    easy = page.get_by_label("The easy-read copy")
    assert "We want to keep helping." in easy.input_value()
    easy.fill(easy.input_value() + "\n" + PICTURE_LINE)
    page.get_by_role("button", name="Save the easy-read copy").click()
    expect(page.get_by_text("Easy-read copy saved.")).to_be_visible()
    page.get_by_role("link", name="Back to the report").click()
    page.get_by_role("button", name="Share the report with everyone invited").click()
    page.wait_for_url(meeting_url)
    table = page.get_by_role("table", name="Who is invited")
    expect(table).to_contain_text("(easy read)")
    expect(table).to_contain_text("Not opened in the portal")
    check_page(page)

    # The parent finds it under Letters and reports, at least 3 working days ahead.
    assert timezone.localdate() <= subtract_working_days(day, 3)
    family = new_context()
    sign_in_family(family, parent, live_server.url)
    portal = family.new_page()
    portal.goto("/portal/")
    portal.get_by_role("link", name="Letters and reports about Sam Lee").click()
    expect(portal.get_by_text(f"Shared on {timezone.localdate():%-d %B %Y}.").first).to_be_visible()
    expect(portal.get_by_role("link", name=re.compile("^Your letter"))).to_be_visible()
    check_page(portal, phone=True)
    portal.get_by_role("link", name=re.compile("^Our report")).click()
    expect(portal.get_by_role("heading", name="Our report")).to_be_visible()
    expect(portal.locator(".app-easy-read")).to_contain_text("We will keep helping your family.")
    expect(portal.get_by_text("Picture: a family at home")).to_be_attached()
    expect(portal.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    check_page(portal, phone=True)
    with portal.expect_download() as download:
        portal.get_by_role("link", name="Save it to keep (PDF)").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en" and root["/MarkInfo"]["/Marked"].value is True
    assert "We will keep helping your family." in " ".join(p.extract_text() for p in pdf.pages)
    receipt = ReportReceipt.objects.get(share__invitation__person=parent.person)
    assert receipt.how == "opened"

    # The same pages work with JavaScript off.
    plain = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        sign_in_family(plain, parent, live_server.url)
        nojs = plain.new_page()
        nojs.goto(f"/portal/children/{case.pk}/documents/")
        nojs.get_by_role("link", name=re.compile("^Our report")).click()
        expect(nojs.locator(".app-easy-read")).to_contain_text(OUR_VIEW.split(". ")[0])
        expect(nojs.get_by_role("link", name="Exit this page").first).to_be_attached()
        with nojs.expect_download() as download:
            nojs.get_by_role("link", name="Save it to keep (PDF)").click()
        assert download.value.path().read_bytes()[:5] == b"%PDF-"
    finally:
        plain.close()

    # The chair sees when the parent received it.
    desk = new_context().new_page()
    staff_sign_in(desk, chair)
    desk.goto(meeting_url)
    table = desk.get_by_role("table", name="Who is invited")
    expect(table).to_contain_text(f"Opened in the portal {receipt.received_at:%-d %b %Y}")
    expect(table).not_to_contain_text("Late")
    check_page(desk, phone=True)


def test_worker_records_a_translation_and_the_parent_reads_it_in_their_language(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Kim Day")
    UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Raj Roy")
    child = PersonFactory(first_names="Sam", last_name="Nowak")
    case = CaseFactory(team=team, worker=worker, child=child)
    parent = FamilyUserFactory(person__first_names="Ewa", person__last_name="Nowak")
    parent.person.first_language = "Polish"
    parent.person.save()
    grant_family(case, parent)
    Relationship.objects.create(from_person=parent.person, to_person=child, kind="parent")
    referral = Referral.objects.create(case=case, referral_date=case.referral_date, source="1A")
    day = timezone.localdate() + datetime.timedelta(days=21)
    Conference.objects.create(referral=referral, kind="review", scheduled_for=day)

    page = new_context().new_page()
    staff_sign_in(page, worker)
    page.goto(f"/staff/cases/{case.pk}/meetings/new/")
    page.get_by_role("radio", name="Review child protection conference").check()
    page.get_by_label("Which conference on the journey is it?").select_option(index=1)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Where", exact=True).fill("Hill Family Centre, 2 Hill Road")
    page.get_by_role("button", name="Plan the meeting").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/meetings/\d+/$"))
    meeting_url = page.url
    page.get_by_role("button", name="Invite someone").click()
    page.get_by_role("radio", name="Family member").check()
    page.get_by_label("Which family member?").select_option(index=1)
    page.get_by_role("button", name="Add to the invitations").click()
    page.get_by_role("button", name="Draft the report").click()
    page.get_by_role("button", name="Draft the report from the record").click()
    text = page.get_by_label("The family's copy")
    text.fill(text.input_value().replace(THINK, OUR_VIEW))
    page.get_by_role("button", name="Save the report").click()
    page.get_by_role("button", name="Share the report with everyone invited").click()
    page.wait_for_url(meeting_url)

    # The translation is due with the report; the worker records who translated it.
    expect(page.get_by_role("table", name="Translations")).to_contain_text("Polish")
    page.get_by_role("button", name="Edit and share the report").click()
    page.get_by_role("link", name="Add the translation into Polish").click()
    check_page(page)
    expect(page.get_by_label("Language")).to_have_value("Polish")
    page.get_by_label("The translated report").fill("Raport o Samie.\n\nCo myślimy?\nJest lepiej.")
    page.get_by_role("button", name="Save the translation").click()
    expect(page.get_by_text("Enter who translated it").first).to_be_visible()
    expect(page.get_by_label("The translated report")).to_have_value(
        "Raport o Samie.\n\nCo myślimy?\nJest lepiej."
    )
    check_page(page)
    page.get_by_label("Who translated it").fill("Ola Nowicka, Hill Interpreting")
    page.get_by_role("button", name="Save the translation").click()
    check_page(page)
    page.get_by_role("button", name="Share the Polish translation").click()
    table = page.get_by_role("table", name="Translations")
    expect(table).to_contain_text("Ola Nowicka, Hill Interpreting")
    expect(table).not_to_contain_text("Late")
    check_page(page, phone=True)

    family = new_context()
    sign_in_family(family, parent, live_server.url)
    portal = family.new_page()
    portal.goto(f"/portal/children/{case.pk}/documents/")
    portal.get_by_role("link", name=re.compile("^Our report")).click()
    expect(portal.locator('[lang="pl"]')).to_contain_text("Jest lepiej.")
    check_page(portal, phone=True)
    portal.get_by_role("link", name="The report").click()
    expect(portal.get_by_text("We want to keep helping.")).to_be_visible()
    check_page(portal)


def test_the_manager_sees_a_late_report_in_the_team_figures(
    new_context: Callable[[], BrowserContext],
) -> None:
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Kim Day")
    manager = UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Raj Roy")
    case = CaseFactory(team=team, worker=worker, child=PersonFactory(first_names="Sam"))
    parent = FamilyUserFactory()
    grant_family(case, parent)
    referral = Referral.objects.create(case=case, referral_date=case.referral_date, source="1A")
    day = timezone.localdate() - datetime.timedelta(days=7)
    conference = Conference.objects.create(referral=referral, kind="review", scheduled_for=day)
    meeting = services.meeting_schedule(
        case=case,
        kind="rcpc",
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        place="Town Hall",
        purpose="",
        by=worker,
        conference=conference,
    )
    services.invitation_add(meeting=meeting, invitee_kind="family", person=parent.person, by=worker)
    report = services.report_draft(meeting=meeting, by=worker)
    services.report_edit(
        report=report,
        family_text=report.family_text.replace(THINK, OUR_VIEW),
        professionals_text="",
        by=worker,
    )
    services.report_share(report=report, by=worker)
    late = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    with pgtrigger.ignore("meetings.ReportShare:no_update"):
        ReportShare.objects.update(shared_at=late)

    office = new_context().new_page()
    staff_sign_in(office, manager)
    office.goto("/staff/reliability/")
    figures = office.get_by_role("table", name=re.compile("^Reports for conferences"))
    expect(figures.get_by_role("row").filter(has_text="Team A")).to_contain_text("1")
    office.get_by_role("link", name=re.compile("^Review child protection conference on")).click()
    expect(office.get_by_role("table", name="Who is invited")).to_contain_text("Late")
    check_page(office, phone=True)
    office.go_back()
    check_page(office, phone=True)
