"""Every API read of case data is an access-log row, written through the same policy as the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.audit.models import AccessAction, AccessLog
from alongside.cases.services import break_glass_open
from tests.conftest import staff_client
from tests.factories import CaseFactory
from tests.test_family_sign_in_and_portal import request_code

pytestmark = pytest.mark.django_db


def _rows(user):
    return AccessLog.objects.filter(user=user, action=AccessAction.API)


def test_case_list_writes_one_row_per_case_shown(cast):
    worker = cast["worker"]
    second = CaseFactory(team=cast["team_a"], worker=worker)
    CaseFactory(team=cast["team_b"])  # another team's child: neither shown nor logged
    client = staff_client(worker)

    body = client.get("/api/cases").json()

    shown = {case["id"] for case in body}
    assert shown == {cast["case"].pk, second.pk}
    rows = list(_rows(worker))
    assert {row.case_id for row in rows} == shown
    assert len(rows) == len(shown)
    assert {row.person_id for row in rows} == {cast["case"].child_id, second.child_id}
    assert {row.path for row in rows} == {"/api/cases"}
    assert all(row.break_glass_reason == "" for row in rows)


def test_case_list_logs_in_a_fixed_number_of_queries(cast):
    worker = cast["worker"]
    client = staff_client(worker)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/api/cases").json()) == 1
    for _ in range(6):
        CaseFactory(team=cast["team_a"], worker=worker)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/cases").json()) == 7
    assert len(many) == len(few)
    assert _rows(worker).count() == 1 + 7


def test_a_case_read_through_break_glass_is_logged_with_its_reason(cast):
    other = cast["other_worker"]
    reason = "Police called out of hours about this child"
    break_glass_open(
        user=other, case=cast["case"], reason_kind="urgent", reason=reason, mfa_at=timezone.now()
    )
    own = CaseFactory(team=cast["team_b"], worker=other)
    client = staff_client(other)

    assert {case["id"] for case in client.get("/api/cases").json()} == {cast["case"].pk, own.pk}

    reasons = dict(_rows(other).values_list("case_id", "break_glass_reason"))
    assert reasons == {cast["case"].pk: reason, own.pk: ""}


def test_one_case_and_its_entries_are_each_logged(cast):
    worker = cast["worker"]
    client = staff_client(worker)
    case_id = cast["case"].pk
    assert client.get(f"/api/cases/{case_id}").status_code == 200
    assert client.get(f"/api/cases/{case_id}/entries").status_code == 200
    assert sorted(_rows(worker).values_list("path", flat=True)) == [
        f"/api/cases/{case_id}",
        f"/api/cases/{case_id}/entries",
    ]


def test_not_shown_is_not_logged(cast):
    other = cast["other_worker"]
    client = staff_client(other)
    assert client.get("/api/cases").json() == []
    assert client.get(f"/api/cases/{cast['case'].pk}").status_code == 404
    assert not AccessLog.objects.filter(user=other).exists()


def test_family_member_list_is_logged_too(cast):
    parent = cast["parent"]
    client = Client()
    code = request_code(client, parent.email)
    assert client.post("/portal/sign-in/code/", {"code": code}).status_code == 302
    assert [case["id"] for case in client.get("/api/cases").json()] == [cast["case"].pk]
    assert list(_rows(parent).values_list("case_id", flat=True)) == [cast["case"].pk]
