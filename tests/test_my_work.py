"""My work: the worker's open cases with what is due next, in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.journey.models import Referral
from tests.conftest import staff_client
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _with_referral(cast, days_ago: int):
    case = CaseFactory(team=cast["team_a"], worker=cast["worker"])
    Referral.objects.create(
        case=case,
        referral_date=datetime.date.today() - datetime.timedelta(days=days_ago),
        source="2A",
    )
    return case


def test_overdue_assessment_shows_on_my_work(cast):
    _with_referral(cast, days_ago=120)
    page = staff_client(cast["worker"]).get("/staff/").content.decode()
    assert "Child and family assessment" in page
    assert "Overdue" in page


def test_my_work_query_count_does_not_grow_with_cases(cast):
    client = staff_client(cast["worker"])
    _with_referral(cast, days_ago=3)
    client.get("/staff/")
    with CaptureQueriesContext(connection) as few:
        client.get("/staff/")
    for days in (5, 10, 60, 90):
        _with_referral(cast, days_ago=days)
    with CaptureQueriesContext(connection) as many:
        client.get("/staff/")
    assert len(many) == len(few)


def test_an_open_visit_clock_counts_from_the_latest_visit_only(cast):
    from alongside.journey.deadlines import case_deadlines, deadlines_for_cases
    from tests.factories import EntryFactory

    case = _with_referral(cast, days_ago=200)
    from alongside.journey.models import ChildProtectionPlan

    referral = case.referrals.get()
    ChildProtectionPlan.objects.create(
        referral=referral,
        started_on=datetime.date.today() - datetime.timedelta(days=150),
        initial_category="NEG",
        latest_category="NEG",
    )
    for days in (140, 100, 60, 3):
        EntryFactory(
            case=case,
            author_user=cast["worker"],
            kind="visit",
            occurred_at=timezone.now() - datetime.timedelta(days=days),
        )
    full = [d for d in case_deadlines(case) if d.rule_code == "T10" and d.is_open]
    quick = [d for d in deadlines_for_cases([case])[case.pk] if d.rule_code == "T10"]
    assert [(d.started_on, d.due_on) for d in full] == [(d.started_on, d.due_on) for d in quick]


def test_the_visit_clock_on_a_list_follows_the_current_plans_frequency(cast):
    from alongside.journey.deadlines import case_deadlines, deadlines_for_cases
    from alongside.journey.models import ChildProtectionPlan
    from alongside.timescales.calendar import add_working_days
    from tests.factories import EntryFactory

    today = datetime.date.today()
    case = _with_referral(cast, days_ago=200)
    referral = case.referrals.get()
    # An earlier plan, ended, set visits every 15 working days; the current one sets 5.
    ChildProtectionPlan.objects.create(
        referral=referral,
        started_on=today - datetime.timedelta(days=150),
        ended_on=today - datetime.timedelta(days=40),
        initial_category="NEG",
        latest_category="NEG",
        visit_every_working_days=15,
    )
    ChildProtectionPlan.objects.create(
        referral=referral,
        started_on=today - datetime.timedelta(days=30),
        initial_category="NEG",
        latest_category="NEG",
        visit_every_working_days=5,
    )
    visited = timezone.now() - datetime.timedelta(days=2)
    EntryFactory(case=case, author_user=cast["worker"], kind="visit", occurred_at=visited)
    (clock,) = [d for d in deadlines_for_cases([case])[case.pk] if d.rule_code == "T10"]
    assert clock.due_on == add_working_days(timezone.localdate(visited), 5)
    full = [d for d in case_deadlines(case) if d.rule_code == "T10" and d.is_open]
    assert [d.due_on for d in full] == [clock.due_on]


@pytest.mark.parametrize("last_review_days_ago", [20, 120])
def test_a_list_reads_only_the_latest_meetings_and_finds_the_same_open_clocks(
    cast, last_review_days_ago
):
    # Reviews of an ended plan and of the current one, and core groups: a list of work reads
    # only the latest of each plan's meetings, and must find the same open clocks, due on
    # the same days, as the child's record reading every meeting.
    from alongside.journey.deadlines import case_deadlines, deadlines_for_cases
    from alongside.journey.models import (
        ChildInNeedPlan,
        ChildProtectionPlan,
        CoreGroup,
        PlanReview,
    )

    today = datetime.date.today()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    case = _with_referral(cast, days_ago=700)
    referral = case.referrals.get()
    earlier = ChildInNeedPlan.objects.create(
        referral=referral, started_on=ago(650), ended_on=ago(420)
    )
    current = ChildInNeedPlan.objects.create(referral=referral, started_on=ago(400))
    for plan, days in [(earlier, 560), (earlier, 470), (current, 300), (current, 200)]:
        PlanReview.objects.create(cin_plan=plan, held_on=ago(days))
    PlanReview.objects.create(cin_plan=current, held_on=ago(last_review_days_ago))
    protection = ChildProtectionPlan.objects.create(
        referral=referral, started_on=ago(90), initial_category="NEG", latest_category="NEG"
    )
    for days in (80, 40, 5):
        CoreGroup.objects.create(plan=protection, held_on=ago(days))

    def key(d):
        return (d.rule_code, d.started_on, d.due_on, d.status)

    full = sorted(key(d) for d in case_deadlines(case) if d.is_open)
    listed = sorted(key(d) for d in deadlines_for_cases([case])[case.pk])
    assert listed == full
    (review,) = [d for d in full if d[0] == "T15"]
    assert review[1] == ago(last_review_days_ago)


def test_search_finds_children_by_any_name_or_reference_among_visible_cases(cast):
    from alongside.cases.services import case_restrict
    from tests.factories import PersonFactory

    def child(first, last, preferred=""):
        return PersonFactory(first_names=first, last_name=last, preferred_name=preferred)

    team = cast["team_a"]
    mine = CaseFactory(team=team, worker=cast["colleague"], child=child("Oluwaseun", "Quarry"))
    nick = CaseFactory(team=team, worker=cast["colleague"], child=child("Robert", "Lane", "Bobby"))
    other_team = CaseFactory(team=cast["team_b"], child=child("Olive", "Quarry"))
    hidden = CaseFactory(team=team, worker=cast["colleague"], child=child("Quentin", "Quarry"))
    case_restrict(case=hidden, reason="A relative works here", allowed=[], by=cast["manager"])
    client = staff_client(cast["worker"])

    def found(query: str) -> str:
        return client.get("/staff/", {"q": query}).content.decode()

    def link(case) -> str:
        return f"/staff/cases/{case.pk}/"

    html = found("quarr")
    assert link(mine) in html
    assert link(other_team) not in html  # another team's case
    assert link(hidden) not in html  # restricted, and this worker is not on its list
    assert link(nick) in found("BOBBY")  # the name they use
    assert link(mine) in found("seun quarry")  # across first and last name
    assert link(mine) in found(mine.reference.lower())  # the case reference
    assert link(nick) not in found("%")  # a wildcard is a character, not "anything"
    assert link(nick) in found("lane")
    assert link(other_team) not in found(other_team.reference)
