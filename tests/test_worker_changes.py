"""Changes of worker: each allocation is marked by the database when it changes the child's worker.

The team view counts a child's changes of worker in the last 12 months from these marks, so
they must stay true however allocations are written: out of date order, on several of the
child's cases, without a worker, or when two records of one child are merged.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alongside.cases.models import Allocation, Case
from alongside.workforce import selectors
from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 5)


def expected_marks(child_id: int) -> dict[int, bool]:
    """Worked out in Python: the child's allocations with a worker in start order, each marked
    if the one before it had a different worker."""
    rows = sorted(
        Allocation.objects.filter(case__child_id=child_id).values_list(
            "id", "started_on", "worker_id"
        ),
        key=lambda r: (r[1], r[0]),
    )
    marks, before = {}, None
    for pk, _, worker in rows:
        marks[pk] = worker is not None and before is not None and worker != before
        if worker is not None:
            before = worker
    return marks


def stored_marks(child_id: int) -> dict[int, bool]:
    return dict(
        Allocation.objects.filter(case__child_id=child_id).values_list("id", "changes_worker")
    )


@pytest.fixture
def pool():
    team = TeamFactory()
    return {"team": team, "workers": [UserFactory(team=team) for _ in range(3)]}


allocations = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1),  # which of the child's two cases
        st.integers(min_value=0, max_value=400),  # days after the first referral
        st.sampled_from([0, 1, 2, None]),  # which worker, or none
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(allocations)
def test_marks_match_the_allocations_in_start_order_whatever_order_they_are_written(pool, written):
    child = PersonFactory()
    cases = [
        CaseFactory(
            child=child, team=pool["team"], referral_date=DAY, closed_on=DAY, closure_reason="RC8"
        ),
        CaseFactory(child=child, team=pool["team"], referral_date=DAY),
    ]
    for which, days, worker in written:
        Allocation.objects.create(
            case=cases[which],
            team=pool["team"],
            worker=None if worker is None else pool["workers"][worker],
            started_on=DAY + datetime.timedelta(days=days),
            ended_on=DAY + datetime.timedelta(days=days + 1),
        )
    assert stored_marks(child.pk) == expected_marks(child.pk)


def test_a_worker_taken_off_an_allocation_unmarks_it_and_marks_the_next(pool):
    a, b, _ = pool["workers"]
    case = CaseFactory(team=pool["team"], worker=a, referral_date=DAY)
    middle = Allocation.objects.create(
        case=case,
        team=pool["team"],
        worker=b,
        started_on=DAY + datetime.timedelta(days=10),
        ended_on=DAY + datetime.timedelta(days=11),
    )
    last = Allocation.objects.create(
        case=case,
        team=pool["team"],
        worker=a,
        started_on=DAY + datetime.timedelta(days=20),
        ended_on=DAY + datetime.timedelta(days=21),
    )
    assert stored_marks(case.child_id)[middle.pk] and stored_marks(case.child_id)[last.pk]
    Allocation.objects.filter(pk=middle.pk).update(worker=None)
    marks = stored_marks(case.child_id)
    assert (marks[middle.pk], marks[last.pk]) == (False, False)  # a, none, a: no change
    assert marks == expected_marks(case.child_id)


def test_merging_two_records_of_one_child_marks_the_allocations_together(pool):
    a, b, _ = pool["workers"]
    kept = CaseFactory(
        team=pool["team"], worker=a, referral_date=DAY, closed_on=DAY, closure_reason="RC8"
    )
    other = CaseFactory(team=pool["team"], worker=b, referral_date=DAY + datetime.timedelta(1))
    assert not any(stored_marks(other.child_id).values())
    Case.objects.filter(pk=other.pk).update(child=kept.child)
    marks = stored_marks(kept.child_id)
    assert marks == expected_marks(kept.child_id)
    assert sum(marks.values()) == 1  # a on the first case, then b on the second


def test_the_team_view_counts_marked_changes_in_the_last_12_months_only(pool):
    a, b, c = pool["workers"]
    today = datetime.date(2026, 11, 20)
    case = CaseFactory(
        team=pool["team"], worker=a, referral_date=today - datetime.timedelta(days=500)
    )
    for worker, days_ago in [(b, 400), (c, 300), (a, 100), (a, 50)]:
        Allocation.objects.create(
            case=case,
            team=pool["team"],
            worker=worker,
            started_on=today - datetime.timedelta(days=days_ago),
            ended_on=today - datetime.timedelta(days=days_ago - 1),
        )
    # b (400 days ago) is a change but outside the year; c and a are changes inside it; the
    # second a is the same worker again.
    quiet = CaseFactory(team=pool["team"], worker=b)  # one worker only: no change
    changes = selectors.team_worker_changes(
        [pool["team"].pk], case_ids=[case.pk, quiet.pk], today=today
    )
    assert changes.changes_by_case == {case.pk: 2, quiet.pk: 0}
    assert (changes.children, changes.two_or_more) == (2, 1)
    # Only the cases asked for (a page of the list) are counted one by one.
    only = selectors.team_worker_changes([pool["team"].pk], case_ids=[quiet.pk], today=today)
    assert only.changes_by_case == {quiet.pk: 0}
    assert (only.children, only.two_or_more) == (2, 1)
