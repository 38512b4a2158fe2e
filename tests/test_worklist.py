"""Work lists: everything due or overdue, soonest first, for a worker and for a team."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alongside.cases.services import case_restrict
from alongside.journey.models import Referral
from alongside.plans.models import Commitment
from alongside.plans.services import commitment_create
from alongside.timescales.engine import Status
from alongside.workforce.worklist import counts_per_worker, due_items
from tests.conftest import staff_client
from tests.factories import CaseFactory, UserFactory
from tests.test_query_counts import assert_flat

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _late_referral(case, days_ago: int = 100) -> Referral:
    """A referral whose assessment is long overdue (45 working days)."""
    return Referral.objects.create(
        case=case, referral_date=TODAY() - datetime.timedelta(days=days_ago), source="2A"
    )


def _promise(case, by, title: str, days: int, owner=None):
    promise = commitment_create(
        case=case,
        title=title,
        due_on=TODAY() + datetime.timedelta(days=max(days, 1)),
        by=by,
        owner_user=owner or by,
    )
    if days < 1:  # made overdue as if time had passed
        Commitment.objects.filter(pk=promise.pk).update(
            due_on=TODAY() + datetime.timedelta(days=days)
        )
    return promise


def test_clocks_and_promises_come_together_soonest_first(cast):
    case, worker = cast["case"], cast["worker"]
    _late_referral(case)
    _promise(case, worker, "Send the food bank referral", -3)
    _promise(case, worker, "Ring the school", 1)
    _promise(case, worker, "Book the review", 60)  # beyond the four weeks
    items = due_items([case])
    whats = [i.what for i in items]
    assert "Book the review" not in whats
    assert whats.index("Send the food bank referral") < whats.index("Ring the school")
    assert [i.due_on for i in items] == sorted(i.due_on for i in items)
    late_clock = next(i for i in items if i.kind == "deadline")
    assert late_clock.status == "overdue" and "ssessment" in late_clock.what
    promise = next(i for i in items if i.what == "Send the food bank referral")
    assert promise.status == "overdue" and promise.whose == worker.full_name
    assert next(i for i in items if i.what == "Ring the school").status == "due_soon"


def test_overdue_counts_list_every_worker(cast):
    worker, colleague = cast["worker"], cast["colleague"]
    _late_referral(cast["case"])
    rows = {r.name: r for r in counts_per_worker(due_items([cast["case"]]), [worker, colleague])}
    assert rows[worker.full_name].overdue >= 1
    assert rows[colleague.full_name].overdue == 0


def test_the_team_view_filters_by_worker_stage_and_status(cast):
    manager, colleague = cast["manager"], cast["colleague"]
    mine = cast["case"]
    theirs = CaseFactory(team=cast["team_a"], worker=colleague, stage="child_in_need")
    _late_referral(mine)
    _promise(theirs, colleague, "Ring the school", 1)
    client = staff_client(manager)
    page = client.get("/staff/team/due/").content.decode()
    assert mine.child.full_name in page and theirs.child.full_name in page
    only = client.get(f"/staff/team/due/?worker={colleague.pk}").content.decode()
    assert theirs.child.full_name in only and mine.child.full_name not in only
    stage = client.get("/staff/team/due/?stage=child_in_need").content.decode()
    assert theirs.child.full_name in stage and mine.child.full_name not in stage
    overdue = client.get("/staff/team/due/?status=overdue").content.decode()
    assert mine.child.full_name in overdue and "Ring the school" not in overdue


def test_the_team_view_is_for_managers_and_leaves_out_restricted_cases(cast):
    assert staff_client(cast["worker"]).get("/staff/team/due/").status_code in (403, 404)
    _late_referral(cast["case"])
    case_restrict(
        case=cast["case"],
        reason="A colleague's family",
        allowed=[cast["worker"]],
        by=cast["manager"],
    )
    other_manager = UserFactory(team=cast["team_a"], role="team_manager")
    page = staff_client(other_manager).get("/staff/team/due/").content.decode()
    assert cast["case"].child.full_name not in page


def test_the_team_view_takes_the_same_queries_for_twice_the_cases(cast):
    manager, worker = cast["manager"], cast["worker"]

    def add(n: int) -> None:
        for _ in range(n):
            case = CaseFactory(team=cast["team_a"], worker=worker)
            _late_referral(case)
            _promise(case, worker, "Ring the school", 2)

    assert_flat(staff_client(manager), "/staff/team/due/", add)


def test_my_work_lists_everything_due_across_the_caseload_soonest_first(cast):
    worker = cast["worker"]
    other = CaseFactory(team=cast["team_a"], worker=worker)
    _late_referral(cast["case"])
    _promise(other, worker, "Ring the school", 1)
    page = staff_client(worker).get("/staff/").content.decode()
    assert "Due and overdue, soonest first" in page
    table = page[page.index("Due and overdue") :]
    assert table.index(cast["case"].child.full_name) < table.index("Ring the school")


@pytest.mark.parametrize(
    ("status", "colour", "words"),
    [
        ("overdue", "red", "Overdue"),
        ("due_soon", "yellow", "Due soon"),
        ("met_on_time", "green", "Met on time"),
        ("met_late", "orange", "Met late"),
        ("due", "grey", "Due"),
        ("", "grey", "Due"),
        (Status.OVERDUE, "red", "Overdue"),
        (Status.MET_LATE, "orange", "Met late"),
    ],
)
def test_each_status_shows_as_its_own_tag(status, colour, words):
    from django.template import engines

    html = (
        engines["django"]
        .from_string("{% load deadlines %}{{ s|deadline_tag }}")
        .render({"s": status})
    )
    assert html == f'<strong class="govuk-tag govuk-tag--{colour}">{words}</strong>'
