"""Long lists come a page at a time, in the list's own order, each row once.

The pages sort only ids and then fetch the page's rows (``core.paging.page_of``); these
tests read the pages as a worker, a parent and a manager would and check what is on each.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alongside.cases.models import Case
from tests.conftest import staff_client
from tests.factories import CaseFactory, EntryFactory, PersonFactory
from tests.test_portal import portal_client

pytestmark = pytest.mark.django_db


def _entries(cast, count: int) -> list[int]:
    """``count`` entries a minute apart, some at the same moment; ids newest first."""
    now = timezone.now()
    made = []
    for i in range(count):
        at = now - datetime.timedelta(minutes=i // 2)  # two entries share each minute
        made.append(EntryFactory(case=cast["case"], author_user=cast["worker"], occurred_at=at))
    return [e.pk for e in sorted(made, key=lambda e: (e.occurred_at, e.pk), reverse=True)]


def _page_ids(response) -> list[int]:
    return [entry.pk for entry in response.context["page"].object_list]


def test_the_chronology_pages_run_newest_first_with_every_entry_once(cast):
    newest_first = _entries(cast, 120)
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/chronology/"
    pages = [_page_ids(client.get(url, {"page": n})) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [50, 50, 20]
    assert pages[0] + pages[1] + pages[2] == newest_first
    # A page past the end shows the last page, as a page number typed by hand would.
    assert _page_ids(client.get(url, {"page": 9})) == pages[2]
    assert _page_ids(client.get(url, {"page": "x"})) == pages[0]


def test_the_portal_record_pages_show_only_what_the_family_may_read_in_order(cast):
    newest_first = _entries(cast, 70)
    # Entries the family may not read are left out of the pages, not just hidden on them.
    hidden = EntryFactory(
        case=cast["case"],
        author_user=cast["worker"],
        audience="team",
        withheld_reason="third_party",
    )
    client = portal_client(cast["parent"])
    url = f"/portal/children/{cast['case'].pk}/"
    pages = [_page_ids(client.get(url, {"page": n})) for n in (1, 2, 3)]
    shown = [pk for page in pages for pk in page]
    assert [len(p) for p in pages] == [30, 30, 10]
    assert shown == [pk for pk in newest_first if pk != hidden.pk]


def test_the_team_caseloads_list_unallocated_cases_first_then_by_surname(cast):
    team = cast["team_a"]
    for i in range(60):
        CaseFactory(
            team=team,
            worker=None if i % 7 == 0 else cast["colleague"],
            child=PersonFactory(last_name=f"Surname{i % 13:02d}"),
        )
    client = staff_client(cast["manager"])
    listed = []
    for n in (1, 2):
        listed += list(client.get("/staff/team/caseloads/", {"page": n}).context["page"])
    expected = list(
        Case.objects.filter(team=team, closed_on__isnull=True)
        .select_related("child")
        .order_by("id")
    )
    expected.sort(key=lambda c: (c.worker_id is not None, c.child.last_name, c.pk))
    assert [c.pk for c in listed] == [c.pk for c in expected]
    # Past the end, or not a number: the last page, or the first, with the count of them all.
    last = client.get("/staff/team/caseloads/", {"page": 7}).context["page"]
    assert (last.number, last.paginator.count) == (2, len(expected))
    assert [c.pk for c in last] == [c.pk for c in expected[50:]]
    first = client.get("/staff/team/caseloads/", {"page": "two"}).context["page"]
    assert [c.pk for c in first] == [c.pk for c in expected[:50]]
