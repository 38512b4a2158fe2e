"""A child protection journey in a real browser, from the front door to the first core group.

A front-door officer records a school's referral and decides on a strategy discussion; the
allocated worker records the strategy discussion, the section 47 enquiry, the initial
conference and the first core group. At each step the Journey tab's "What is due" table
shows the statutory deadlines, and every date the test expects is computed here with the
same working-day calendar the timescale engine uses: nothing is typed in by hand.

The decision on a contact is stamped with the moment it is made, so for the decision to be
on time (T01 met) the contact came in on the previous working day. Every later step happens
between then and today, in order: the strategy discussion on the referral day, the section
47 enquiry finishing that day, the conference and the core group today. Each clock is
counted from a different day than the step that meets it, so a clock counted from the wrong
event would show the wrong date.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import BrowserContext, Locator, Page, expect

from alongside.accounts.models import Role
from alongside.cases.models import Case
from alongside.journey.models import ChildProtectionPlan
from alongside.messaging.models import Channel, Message
from alongside.people.models import Relationship
from alongside.timescales.calendar import add_months, add_working_days, subtract_working_days
from tests.e2e.conftest import check_page, staff_sign_in
from tests.factories import PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCHOOL_EMAIL = "safeguarding@hill-primary.example.test"
PARENT_EMAIL = "dana.whitfield@example.test"


def short(day: datetime.date) -> str:
    """A date as the "What is due" table shows it."""
    return dateformat.format(day, "j M Y")


def long(day: datetime.date) -> str:
    """A date as headings and summary lists show it."""
    return dateformat.format(day, "j F Y")


def fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def expect_deadline(
    page: Page,
    what: str,
    *,
    counted_from: datetime.date,
    due: datetime.date,
    done: datetime.date | None = None,
    status: str | None = None,
) -> None:
    """One row of the Journey tab's "What is due" table, cell by cell."""
    table = page.get_by_role("table", name="What is due")
    row = table.get_by_role("row").filter(has=page.get_by_role("cell", name=what, exact=True))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell")).to_have_text(
        [
            what,
            short(counted_from),
            short(due),
            short(done) if done else "Not yet",
            status or re.compile(r".+"),
        ]
    )


def expect_summary(scope: Page | Locator, key: str, value: str | re.Pattern[str]) -> None:
    """A summary-list row in `scope`, found by its key: the value next to it."""
    row = scope.locator(
        f'.govuk-summary-list__row:has(> .govuk-summary-list__key:text-is("{key}"))'
    )
    expect(row.locator(".govuk-summary-list__value")).to_have_text(value)


def test_a_school_referral_goes_to_strategy_conference_plan_and_first_core_group(
    new_context: Callable[[], BrowserContext],
) -> None:
    team = TeamFactory(name="Team North")
    TeamFactory(name="Front door")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Jo Mensah")
    UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Ruth Adeyemi")
    officer = UserFactory(
        team=TeamFactory(name="Multi-agency safeguarding hub"), role=Role.FRONT_DOOR
    )
    child = PersonFactory(first_names="Maya Grace", last_name="Thompson", postcode="LS6 2QT")
    parent = PersonFactory(
        first_names="Dana", last_name="Whitfield", email=PARENT_EMAIL, date_of_birth=None
    )
    Relationship.objects.create(
        from_person=parent, to_person=child, kind="parent", parental_responsibility=True
    )

    today = timezone.localdate()
    referral_day = subtract_working_days(today, 1)  # decided today: within one working day
    strategy_day = referral_day
    enquiry_done = referral_day
    conference_day = today
    core_group_day = today
    next_review = subtract_working_days(add_months(conference_day, 3), 5)

    # --- The front door: find the child, record the school's referral, decide ----------------
    page = new_context().new_page()
    staff_sign_in(page, officer)
    page.get_by_role("link", name="Front door").click()
    page.wait_for_url(re.compile(r"/staff/front-door/$"))
    check_page(page)

    page.get_by_role("link", name="Find a person").click()
    page.wait_for_url(re.compile(r"/staff/people/"))
    check_page(page)
    page.get_by_label("Name").fill("Maya Thompson")
    page.get_by_role("button", name="Search").click()
    match = page.locator(".govuk-summary-card").filter(
        has=page.get_by_role("heading", level=3, name="Maya Grace Thompson")
    )
    expect(match).to_have_count(1)
    expect_summary(match, "Cases", "No case")
    check_page(page, phone=True)

    match.get_by_role("link", name="Record a contact about this person").click()
    page.wait_for_url(re.compile(rf"/staff/front-door/new/\?person={child.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record a contact about Maya Grace Thompson"
    )
    check_page(page)

    fill_date(page, "When did it come in?", referral_day)
    page.get_by_label("Time", exact=True).fill("09:40")
    page.get_by_role("radio", name="A referral from a professional").check()
    page.get_by_label("Who got in touch?").select_option("2A")
    expect(page.get_by_label("Who got in touch?").locator("option:checked")).to_have_text("Schools")
    page.get_by_label("Their name").fill("Priya Shah")
    page.get_by_label("Their organisation").fill("Hill Primary School")
    page.get_by_label("Their email address").fill(SCHOOL_EMAIL)
    page.get_by_label("Why did they get in touch?").fill(
        "Maya came to school with bruising to both upper arms and said she was scared to go home."
    )
    page.get_by_role("radio", name="The family agreed to the information being shared").check()
    page.get_by_role("button", name="Save and decide what happens next").click()

    page.wait_for_url(re.compile(r"/staff/front-door/\d+/decide/$"))
    expect(page.get_by_text("Contact about Maya Thompson recorded")).to_be_visible()
    expect_summary(page, "Came in", f"{long(referral_day)} 09:40")
    decision_due = long(add_working_days(referral_day, 1))
    expect_summary(page, "Decision due", re.compile(rf"^{re.escape(decision_due)}\b"))
    expect_summary(page, "From", f"SchoolsPriya Shah, Hill Primary School{SCHOOL_EMAIL}")
    check_page(page, phone=True)

    page.get_by_role("radio", name="Strategy discussion").check()
    page.get_by_label("Why?", exact=True).fill(
        "Injuries and a disclosure: this needs a strategy discussion with the police and health."
    )
    page.get_by_label("Which team will work with the family?").select_option(label="Team North")
    worker_select = page.get_by_label("Worker", exact=True)
    expect(worker_select.locator('optgroup[label="Team North"] > option')).to_have_text(
        ["Jo Mensah, Social worker", "Ruth Adeyemi, Team manager"]
    )
    worker_select.select_option(label="Jo Mensah, Social worker")
    page.get_by_label("Primary need").select_option(label="Abuse or neglect")
    expect(page.get_by_role("radio", name="Yes")).to_be_checked()
    page.get_by_role("button", name="Record the decision").click()

    # A front-door officer cannot open the case, so they come back to the front door.
    page.wait_for_url(re.compile(r"/staff/front-door/$"))
    case = Case.objects.get(child=child)
    expect(
        page.get_by_text(
            f"Decision recorded: Strategy discussion. Case {case.reference} is with Team North"
        )
    ).to_be_visible()
    expect(page.get_by_text("No contacts are waiting for a decision.")).to_be_visible()
    check_page(page)

    # --- The worker opens the case's Journey tab ------------------------------------------------
    desk = new_context().new_page()
    staff_sign_in(desk, worker)
    desk.get_by_role("link", name="Maya Thompson", exact=True).click()
    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/$"))
    check_page(desk)
    desk.get_by_role("navigation", name="Case sections").get_by_role("link", name="Journey").click()
    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/journey/$"))
    expect_summary(desk, "Stage now", "Child and family assessment")
    expect_summary(desk, "Worker", "Jo Mensah, Team North")
    expect(
        desk.get_by_role("heading", level=2, name=f"Referral of {long(referral_day)}")
    ).to_be_visible()
    expect_deadline(
        desk,
        "Decision on a referral",
        counted_from=referral_day,
        due=add_working_days(referral_day, 1),
        done=today,
        status="Met on time",
    )
    expect_deadline(
        desk,
        "Child and family assessment",
        counted_from=referral_day,
        due=add_working_days(referral_day, 45),
        status="Due",
    )
    check_page(desk, phone=True)

    # --- The strategy discussion starts a section 47 enquiry ------------------------------------
    desk.get_by_role("link", name="Record a strategy discussion").click()
    desk.wait_for_url(
        re.compile(rf"/staff/cases/{case.pk}/journey/referrals/\d+/strategy-discussion/$")
    )
    expect(desk.get_by_role("heading", level=1)).to_have_text("Record a strategy discussion")
    check_page(desk)
    fill_date(desk, "When was it held?", strategy_day)
    desk.get_by_role("radio", name="Section 47 enquiry jointly with the police").check()
    desk.get_by_label("Who took part?").fill(
        "Sam Patel, West Yorkshire Police, Detective constable\n"
        "Dr Ana Lee, Leeds Community Health, Named doctor\n"
        "Jo Mensah, Children's social care, Social worker"
    )
    desk.get_by_label("Notes", exact=True).fill("Joint visit today; medical this afternoon.")
    desk.get_by_label("What the family may be told").fill(
        "We are making enquiries with the police about how Maya was hurt."
    )
    desk.get_by_role("button", name="Save the strategy discussion").click()

    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/journey/$"))
    expect(desk.get_by_text("Strategy discussion recorded")).to_be_visible()
    expect_summary(desk, "Stage now", "Child protection")
    strategy = desk.locator(".govuk-summary-card").filter(
        has=desk.get_by_role("heading", name=f"Strategy discussion on {long(strategy_day)}")
    )
    expect_summary(strategy, "Decision", "Section 47 enquiry jointly with the police")
    expect(strategy.get_by_role("listitem")).to_have_text(
        [
            "Sam Patel, West Yorkshire Police (Detective constable)",
            "Dr Ana Lee, Leeds Community Health (Named doctor)",
            "Jo Mensah, Children's social care (Social worker)",
        ]
    )
    enquiry = desk.locator(".govuk-summary-card").filter(
        has=desk.get_by_role("heading", name=f"Section 47 enquiry from {long(strategy_day)}")
    )
    expect(enquiry).to_have_count(1)
    expect_summary(enquiry, "Outcome", "Not yet")
    check_page(desk)

    # --- The enquiry ends in a conference: the 15-working-day clock runs from the strategy
    # discussion, not from the day the enquiry finished ------------------------------------------
    enquiry.get_by_role("link", name="Record the outcome of the section 47 enquiry").click()
    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/journey/enquiries/\d+/complete/$"))
    expect(desk.get_by_role("heading", level=1)).to_have_text("Finish the section 47 enquiry")
    expect_summary(desk, "Started", long(strategy_day))
    check_page(desk)
    fill_date(desk, "When did the enquiry finish?", enquiry_done)
    desk.get_by_role("radio", name="Initial child protection conference").check()
    fill_date(desk, "Date of the initial conference", conference_day)
    desk.get_by_role("button", name="Save the outcome").click()

    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/journey/$"))
    expect(desk.get_by_text("Section 47 enquiry finished")).to_be_visible()
    expect_summary(enquiry, "Finished", long(enquiry_done))
    expect_summary(enquiry, "Outcome", "Initial child protection conference")
    icpc_due = add_working_days(strategy_day, 15)
    assert icpc_due >= conference_day
    expect_deadline(
        desk, "Initial child protection conference", counted_from=strategy_day, due=icpc_due
    )
    conference = desk.locator(".govuk-summary-card").filter(
        has=desk.get_by_role("heading", level=3, name="Initial child protection conference")
    )
    expect_summary(conference, "Planned for", long(conference_day))
    check_page(desk)

    # --- The initial conference: a plan under neglect ------------------------------------------
    conference.get_by_role(
        "link", name=f"Record the conference planned for {long(conference_day)}"
    ).click()
    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/journey/conferences/\d+/$"))
    expect(desk.get_by_role("heading", level=1)).to_have_text(
        "Record the initial child protection conference"
    )
    check_page(desk, phone=True)
    fill_date(desk, "When was it held?", conference_day)
    desk.get_by_role("group", name="Is a child protection plan needed?").get_by_role(
        "radio", name="Yes"
    ).check()
    desk.get_by_label("Category of abuse").select_option(label="Neglect")
    fill_date(desk, "Date of the next review conference", next_review)
    desk.get_by_role("button", name="Save the conference").click()

    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/journey/$"))
    expect(desk.get_by_text("Initial child protection conference recorded")).to_be_visible()
    expect_summary(conference, "Held", long(conference_day))
    expect_summary(conference, "Plan needed", "Yes: Neglect")
    plan = desk.locator(".govuk-summary-card").filter(
        has=desk.get_by_role(
            "heading", level=3, name=f"Child protection plan from {long(conference_day)}"
        )
    )
    expect(plan).to_have_count(1)
    expect_summary(plan, "Category", "Neglect")
    expect_summary(plan, "Core groups", "None yet")
    review = desk.locator(".govuk-summary-card").filter(
        has=desk.get_by_role("heading", level=3, name="Review child protection conference")
    )
    expect_summary(review, "Planned for", long(next_review))

    every = ChildProtectionPlan.objects.get(referral__case=case).visit_every_working_days
    expect_summary(plan, "Visits", f"At least every {every} working days")
    expect_deadline(
        desk,
        "Initial child protection conference",
        counted_from=strategy_day,
        due=icpc_due,
        done=conference_day,
        status="Met on time",
    )
    expect_deadline(
        desk,
        "First core group meeting",
        counted_from=conference_day,
        due=add_working_days(conference_day, 10),
    )
    expect_deadline(
        desk,
        "First review conference",
        counted_from=conference_day,
        due=add_months(conference_day, 3),
    )
    expect_deadline(
        desk,
        "Child protection visits",
        counted_from=conference_day,
        due=add_working_days(conference_day, every),
    )
    check_page(desk, phone=True)

    # --- The first core group -----------------------------------------------------------------
    plan.get_by_role("link", name="Record a core group").click()
    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/journey/cp-plans/\d+/core-group/$"))
    expect(desk.get_by_role("heading", level=1)).to_have_text("Record a core group meeting")
    expect_summary(desk, "Plan started", long(conference_day))
    check_page(desk)
    fill_date(desk, "When did the core group meet?", core_group_day)
    desk.get_by_label("What was agreed").fill(
        "School to check in with Maya each morning; health visitor to visit weekly."
    )
    desk.get_by_role("button", name="Save the core group").click()

    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/journey/$"))
    expect(desk.get_by_text("Core group meeting recorded")).to_be_visible()
    expect_summary(
        plan,
        "Core groups",
        f"{long(core_group_day)}: School to check in with Maya each morning; "
        "health visitor to visit weekly.",
    )
    expect_deadline(
        desk,
        "First core group meeting",
        counted_from=conference_day,
        due=add_working_days(conference_day, 10),
        done=core_group_day,
        status="Met on time",
    )
    check_page(desk)

    # --- Who was told about the decision at the front door ------------------------------------
    to_family = Message.objects.filter(to_address=PARENT_EMAIL)
    assert [(m.channel, m.purpose) for m in to_family] == [(Channel.EMAIL, "contact_decision")]
    assert "Maya" in to_family[0].subject
    to_school = Message.objects.filter(to_address=SCHOOL_EMAIL)
    assert [(m.channel, m.purpose) for m in to_school] == [
        (Channel.EMAIL, "contact_decision_referrer")
    ]
