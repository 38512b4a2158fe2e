"""Key pages take the same number of queries whatever the amount of data behind them.

For each key page: make N rows of what the page lists, count the queries of one
request, make N more, count again. The counts must be equal: a page whose queries
grow with its data (a query per row) is slow on a council's real volume even when
it is quick on a small one. `make bench` measures the same pages on the large demo
council and reports their query counts at small and large size.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.cases.models import Allocation
from alongside.chronology.models import Audience, AuthorKind, Kind
from alongside.chronology.services import correction_request_raise, entry_comment_add
from alongside.journey.models import Referral
from alongside.people.codes import RelationshipKind
from alongside.people.models import Relationship
from alongside.plans.services import commitment_create
from alongside.visits.models import Visit
from tests.conftest import staff_client
from tests.factories import (
    CaseFactory,
    EntryFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    grant_family,
)

pytestmark = pytest.mark.django_db

N = 6


def _shape(sql: str) -> str:
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)


def _queries(client: Client, path: str) -> list[str]:
    client.get(path)  # per-process caches warm up on the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return [q["sql"] for q in captured.captured_queries]


def assert_flat(client: Client, path: str, add: Callable[[int], None]) -> None:
    """Queries for N rows and for 2N rows are the same in number."""
    add(N)
    few = _queries(client, path)
    add(N)
    many = _queries(client, path)
    if len(many) != len(few):
        grew = Counter(map(_shape, many)) - Counter(map(_shape, few))
        repeated = "\n\n".join(f"{n} more times:\n{sql}" for sql, n in grew.most_common(3))
        pytest.fail(
            f"{path}: {len(few)} queries for {N} rows, {len(many)} for {2 * N}.\n{repeated}"
        )


def test_my_work(cast):
    worker = cast["worker"]

    def add(n: int) -> None:
        for i in range(n):
            case = CaseFactory(team=cast["team_a"], worker=worker)
            Referral.objects.create(
                case=case,
                referral_date=timezone.localdate() - datetime.timedelta(days=10 + i),
                source="2A",
            )
            EntryFactory(case=case, kind=Kind.VISIT, author_user=worker)

    assert_flat(staff_client(worker), "/staff/", add)


def test_my_work_search_by_name(cast):
    worker = cast["worker"]

    def add(n: int) -> None:
        for _ in range(n):
            child = PersonFactory(last_name="Flatcount")
            case = CaseFactory(team=cast["team_a"], worker=cast["colleague"], child=child)
            EntryFactory(case=case, kind=Kind.VISIT, author_user=cast["colleague"])

    assert_flat(staff_client(worker), "/staff/?q=Flatcount", add)


def test_case_summary(cast):
    case = cast["case"]

    def add(n: int) -> None:
        for i in range(n):
            relative = PersonFactory()
            Relationship.objects.create(
                from_person=relative, to_person=case.child, kind=RelationshipKind.GRANDPARENT
            )
            Allocation.objects.create(
                case=case,
                worker=cast["colleague"],
                team=cast["team_a"],
                started_on=timezone.localdate() - datetime.timedelta(days=400 - i),
                ended_on=timezone.localdate() - datetime.timedelta(days=399 - i),
            )

    assert_flat(staff_client(cast["worker"]), f"/staff/cases/{case.pk}/", add)


def test_chronology(cast):
    case = cast["case"]
    parent_person = cast["parent"].person
    authors = [cast["worker"], cast["colleague"], cast["manager"]]

    def add(n: int) -> None:
        # Enough entries that the page (50 a page) is full the second time.
        for i in range(n * 5):
            at = timezone.now() - datetime.timedelta(hours=i)
            if i % 3 == 0:
                EntryFactory(
                    case=case,
                    occurred_at=at,
                    author_kind=AuthorKind.FAMILY,
                    author_user=None,
                    author_person=parent_person,
                )
            elif i % 3 == 1:
                EntryFactory(
                    case=case,
                    occurred_at=at,
                    author_kind=AuthorKind.AGENCY,
                    author_user=None,
                    author_agency="School",
                    audience=Audience.PROFESSIONALS,
                    withheld_reason="third_party",
                )
            else:
                EntryFactory(case=case, occurred_at=at, author_user=authors[i % len(authors)])

    assert_flat(staff_client(cast["worker"]), f"/staff/cases/{case.pk}/chronology/", add)


def test_chronology_reads_attachments_and_the_family_s_say_only_for_entries_that_have_them(
    cast, entry_with_file
):
    """A page whose entries have nothing attached reads nothing more; each kind that some
    entry has is one statement for the page, and shows beside that entry only."""
    case = cast["case"]
    quiet = EntryFactory(case=case, author_user=cast["worker"], title="Nothing attached")
    path = f"/staff/cases/{case.pk}/chronology/"
    client = staff_client(cast["worker"])
    entry, attachment = entry_with_file
    attachment.archived_at = timezone.now()
    attachment.save()
    bare = len(_queries(client, path))
    assert "plan.txt" not in client.get(path).content.decode()

    commented = EntryFactory(case=case, author_user=cast["worker"], title="Tuesday afternoon call")
    entry_comment_add(entry=commented, by=cast["parent"], text="We were out that day.")
    correction_request_raise(entry=commented, by=cast["parent"], what_is_wrong="Not that day.")
    assert len(_queries(client, path)) == bare + 2
    attachment.archived_at = None
    attachment.save()
    assert len(_queries(client, path)) == bare + 3

    page = client.get(path).content.decode()
    items = page.split('class="moj-timeline__item"')[1:]
    (said,) = [item for item in items if commented.title in item]
    (filed,) = [item for item in items if entry.title in item]
    (quiet_item,) = [item for item in items if quiet.title in item]
    assert "We were out that day." in said and "Correction asked for" in said
    assert "plan.txt" in filed and "plan.txt" not in said
    assert "We were out" not in quiet_item and "Correction asked" not in quiet_item
    assert "plan.txt" not in quiet_item


def test_portal_home(cast):
    parent = cast["parent"]
    client = Client()
    client.force_login(parent, backend="django.contrib.auth.backends.ModelBackend")

    def add(n: int) -> None:
        # Each case with what the home page lists for it: a task due soon, a correction the
        # parent asked for and a planned visit.
        for _ in range(n):
            worker = UserFactory(team=cast["team_a"])
            case = CaseFactory(team=cast["team_a"], worker=worker)
            grant_family(case, parent)
            Relationship.objects.create(
                from_person=parent.person, to_person=case.child, kind=RelationshipKind.PARENT
            )
            commitment_create(
                case=case,
                title="Book the GP appointment",
                due_on=timezone.localdate() + datetime.timedelta(days=3),
                by=worker,
                owner_person=parent.person,
                source="plan_action",
            )
            entry = EntryFactory(case=case, author_user=worker)
            correction_request_raise(entry=entry, by=parent, what_is_wrong="That was not us.")
            start = timezone.now() + datetime.timedelta(days=2)
            Visit.objects.create(
                case=case,
                worker=worker,
                kind="home_visit",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
                place="At home",
                purpose_for_family="To see how things are.",
            )

    assert_flat(client, "/portal/", add)


def test_person_search(cast):
    def add(n: int) -> None:
        for i in range(n):
            person = PersonFactory(first_names="Morwenna", last_name="Quillfeather")
            team = cast["team_a"] if i % 2 else cast["team_b"]
            CaseFactory(child=person, team=team)

    query = urlencode({"name": "Morwenna Quillfeather"})
    assert_flat(staff_client(cast["worker"]), f"/staff/people/?{query}", add)


def test_team_view(cast):
    path = reverse("staff:team-caseloads")
    manager = cast["manager"]

    def add(n: int) -> None:
        for _ in range(n):
            worker = UserFactory(team=cast["team_a"], role=Role.SOCIAL_WORKER)
            case = CaseFactory(team=cast["team_a"], worker=worker)
            Allocation.objects.create(
                case=case,
                worker=cast["colleague"],
                team=cast["team_a"],
                started_on=timezone.localdate() - datetime.timedelta(days=200),
                ended_on=timezone.localdate() - datetime.timedelta(days=100),
            )
            CaseFactory(team=cast["team_a"], worker=None)
            CaseFactory(team=TeamFactory(), worker=None)

    assert_flat(staff_client(manager), path, add)
