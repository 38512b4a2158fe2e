"""Restricting a case to named staff: only a manager of the team, and it takes effect at once."""

from __future__ import annotations

import pytest

from alongside import policy
from alongside.accounts.models import Role
from alongside.cases.models import RestrictedAccess
from tests.conftest import staff_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(case, rest: str = "") -> str:
    return f"/staff/cases/{case.pk}/restriction/{rest}"


def restrict(cast, allowed) -> None:
    response = staff_client(cast["manager"]).post(
        url(cast["case"]),
        {"reason": "The child is a member of staff's family", "allowed": [u.pk for u in allowed]},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]


@pytest.mark.parametrize("who", ["worker", "colleague", "other_manager", "other_worker", "admin"])
def test_only_a_manager_of_the_team_can_restrict(cast, who):
    case = cast["case"]
    client = staff_client(cast[who])
    assert client.get(url(case)).status_code == 404
    data = {"reason": "x", "allowed": [cast[who].pk]}
    assert client.post(url(case), data).status_code == 404
    case.refresh_from_db()
    assert not case.is_restricted


def test_a_worker_not_listed_loses_the_case_at_once(cast):
    case = cast["case"]
    worker, colleague, manager = cast["worker"], cast["colleague"], cast["manager"]
    worker_client = staff_client(worker)
    assert worker_client.get(f"/staff/cases/{case.pk}/").status_code == 200
    html = staff_client(manager).get(url(case)).content.decode()
    assert "Restrict this case" in html and colleague.full_name in html
    restrict(cast, [colleague])
    case.refresh_from_db()
    assert case.is_restricted and case.restriction_reason
    assert worker_client.get(f"/staff/cases/{case.pk}/").status_code == 404
    assert worker_client.get(f"/staff/cases/{case.pk}/network/").status_code == 404
    assert case.pk not in policy.cases_visible_to(worker).values_list("id", flat=True)
    assert staff_client(colleague).get(f"/staff/cases/{case.pk}/").status_code == 200
    # The manager who restricted it is always on the list.
    assert staff_client(manager).get(url(case)).status_code == 200
    listed = set(
        RestrictedAccess.objects.filter(case=case, revoked_at=None).values_list("user", flat=True)
    )
    assert listed == {colleague.pk, manager.pk}


def test_a_reason_is_needed_and_what_was_chosen_is_kept(cast):
    case = cast["case"]
    response = staff_client(cast["manager"]).post(
        url(case), {"reason": "", "allowed": [cast["colleague"].pk]}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Say why this case is restricted" in html
    assert f'value="{cast["colleague"].pk}" checked' in html
    case.refresh_from_db()
    assert not case.is_restricted


def test_people_are_added_and_removed_with_reasons_and_the_restriction_lifted(cast):
    case = cast["case"]
    worker, colleague, manager = cast["worker"], cast["colleague"], cast["manager"]
    restrict(cast, [colleague])
    case.refresh_from_db()
    client = staff_client(manager)
    outsider = UserFactory(team=cast["team_b"], role=Role.SOCIAL_WORKER)
    response = client.post(url(case), {"user": outsider.pk, "reason": "Covering the court hearing"})
    assert response.status_code == 302
    assert policy.case_access(outsider, case).can_read
    assert not policy.case_access(outsider, case).can_write
    grant = RestrictedAccess.objects.get(case=case, user=colleague, revoked_at=None)
    refused = client.post(url(case, f"{grant.pk}/remove/"), {"reason": ""})
    assert "Give a reason" in refused.content.decode()
    response = client.post(url(case, f"{grant.pk}/remove/"), {"reason": "Left the team"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.updated_by == manager
    event = grant.events.filter(revoked_at__isnull=False).select_related("pgh_context").get()  # type: ignore[attr-defined]
    assert event.pgh_context.metadata["reason"] == "Left the team"
    assert staff_client(colleague).get(f"/staff/cases/{case.pk}/").status_code == 404
    # Managers cannot take themselves off (they would lose the case they are managing).
    mine = RestrictedAccess.objects.get(case=case, user=manager, revoked_at=None)
    response = client.post(url(case, f"{mine.pk}/remove/"), {"reason": "Oops"})
    assert "You cannot take yourself off the list" in response.content.decode()
    response = client.post(url(case, "lift/"), {"reason": "The staff member has left"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.is_restricted
    assert not RestrictedAccess.objects.filter(case=case, revoked_at=None).exists()
    assert staff_client(worker).get(f"/staff/cases/{case.pk}/").status_code == 200
    assert not policy.case_access(outsider, case).can_read
    event = case.events.filter(is_restricted=False).select_related("pgh_context").last()  # type: ignore[attr-defined]
    assert event.pgh_context.metadata["reason"] == "The staff member has left"


def test_a_listed_worker_who_is_not_a_manager_cannot_change_the_list(cast):
    case = cast["case"]
    restrict(cast, [cast["colleague"], cast["worker"]])
    client = staff_client(cast["worker"])
    assert client.get(f"/staff/cases/{case.pk}/").status_code == 200
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case, "lift/"), {"reason": "x"}).status_code == 404
    case.refresh_from_db()
    assert case.is_restricted


def test_the_network_tab_links_managers_to_the_restriction_page(cast):
    case = cast["case"]
    assert (
        url(case)
        in staff_client(cast["manager"]).get(f"/staff/cases/{case.pk}/network/").content.decode()
    )
    assert (
        url(case)
        not in staff_client(cast["worker"]).get(f"/staff/cases/{case.pk}/network/").content.decode()
    )


def test_the_case_summary_links_managers_to_the_restriction_page(cast):
    case = cast["case"]
    summary = f"/staff/cases/{case.pk}/"
    assert url(case) in staff_client(cast["manager"]).get(summary).content.decode()
    assert url(case) not in staff_client(cast["worker"]).get(summary).content.decode()
