"""Caseload weights and limits: a staff administrator changes them, with a reason kept.

Issue 4 item 5: weights by stage, configurable. The change applies to every caseload
and allocation at once; managers read the figures; other staff do not see the page.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

import pytest
from django.core.exceptions import ValidationError

from alongside.cases.models import Stage
from alongside.workforce import selectors
from alongside.workforce.models import CaseloadLimit, CaseWeight, Level
from alongside.workforce.services import caseload_settings_update, worker_allocate
from tests.conftest import staff_client
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

URL = "/staff/caseload-weights/"
OPEN_STAGES = [value for value, _ in Stage.choices if value != Stage.CLOSED]


def form_data(**changes: str) -> dict[str, str]:
    limits = selectors.caseload_limits()
    data = {f"weight_{stage}": str(limits.weights[stage]) for stage in OPEN_STAGES}
    data.update({f"type_{pk}": str(weight) for pk, weight in limits.type_weights.items()})
    data.update(
        warning_above=str(limits.warning_above),
        stop_above=str(limits.stop_above),
        restricted_extra=str(limits.restricted_extra),
        reason="The council's new caseload policy, agreed 20 November",
    )
    data.update(changes)
    return data


def test_an_admin_changes_a_weight_and_caseloads_and_allocation_use_it_at_once(cast):
    colleague = cast["colleague"]
    for _ in range(10):
        CaseFactory(team=colleague.team, worker=colleague, stage=Stage.CHILD_PROTECTION)
    assert selectors.caseload_limits().weight_of(Stage.CHILD_PROTECTION, False) == Decimal("1.5")
    response = staff_client(cast["admin"]).post(
        URL, form_data(weight_child_protection="2.5"), follow=True
    )
    assert response.status_code == 200
    assert "Child protection: 1.5 to 2.5" in response.content.decode()
    assert CaseWeight.objects.get(stage=Stage.CHILD_PROTECTION).weight == Decimal("2.5")
    # The manager's caseloads page shows the new figure at once.
    html = staff_client(cast["manager"]).get("/staff/team/caseloads/").content.decode()
    assert "Child protection: 2.5" in html
    assert selectors.worker_caseload(colleague, selectors.caseload_limits()).units == 25
    # 25 units is above the stop limit of 20: allocating needs the manager's reason.
    with pytest.raises(ValidationError) as refused:
        worker_allocate(
            case=cast["case"],
            worker=colleague,
            team=colleague.team,
            by=cast["manager"],
            reason="The worker is leaving the team",
        )
    assert "above the limit of 20" in refused.value.message_dict["override_reason"][0]


def test_an_admin_raises_the_stop_limit_and_the_allocation_goes_ahead(cast):
    colleague = cast["colleague"]
    for _ in range(21):
        CaseFactory(team=colleague.team, worker=colleague, stage=Stage.REFERRAL)
    staff_client(cast["admin"]).post(URL, form_data(warning_above="22", stop_above="25"))
    decision = worker_allocate(
        case=cast["case"],
        worker=colleague,
        team=colleague.team,
        by=cast["manager"],
        reason="The worker is leaving the team",
    )
    assert decision.level == Level.WITHIN
    assert decision.override_reason == ""


def test_a_manager_sees_the_figures_but_cannot_change_them(cast):
    client = staff_client(cast["manager"])
    html = client.get(URL).content.decode()
    assert "Caseload weights and limits" in html
    assert "Looked after" in html or "looked after" in html.lower()
    assert "Only a staff administrator can change these" in html
    assert '<form method="post" novalidate' not in html
    assert client.post(URL, form_data(weight_referral="3")).status_code == 403
    assert CaseWeight.objects.get(stage=Stage.REFERRAL).weight == Decimal(1)
    with pytest.raises(ValidationError):
        caseload_settings_update(
            weights={Stage.REFERRAL: Decimal(3)},
            warning_above=Decimal(15),
            stop_above=Decimal(20),
            restricted_extra=Decimal("0.5"),
            reason="Trying",
            by=cast["manager"],
        )


@pytest.mark.parametrize("who", ["worker", "chair"])
def test_other_staff_cannot_see_the_page(cast, who):
    client = staff_client(cast[who])
    assert client.get(URL).status_code == 404
    assert client.post(URL, form_data(weight_referral="3")).status_code == 404
    assert CaseWeight.objects.get(stage=Stage.REFERRAL).weight == Decimal(1)


def test_the_page_is_linked_from_the_admin_menu_and_the_caseloads_page(cast):
    assert URL in staff_client(cast["admin"]).get("/staff/accounts/").content.decode()
    assert URL in staff_client(cast["manager"]).get("/staff/team/caseloads/").content.decode()
    assert URL not in staff_client(cast["worker"]).get("/staff/").content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"weight_referral": "11"}, "weight_referral", "must be between 0 and 10"),
        ({"weight_referral": "-1"}, "weight_referral", "must be between 0 and 10"),
        ({"weight_referral": "lots"}, "weight_referral", "as a number"),
        ({"restricted_extra": "12"}, "restricted_extra", "must be between 0 and 10"),
        ({"warning_above": "20", "stop_above": "18"}, "stop_above", "more than the warning"),
        ({"warning_above": "20", "stop_above": "20"}, "stop_above", "more than the warning"),
        ({"reason": "  "}, "reason", "Say why"),
    ],
)
def test_bad_input_is_refused_and_everything_typed_is_kept(cast, changes, field, message):
    data = form_data(weight_looked_after="1.75", **changes)
    response = staff_client(cast["admin"]).post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert f'href="#id_{field}"' in html
    assert 'value="1.75"' in html
    for value in changes.values():
        if value.strip():
            assert f'value="{value}"' in html
    if data["reason"].strip():
        assert escape(data["reason"]) in html
    assert CaseWeight.objects.get(stage=Stage.LOOKED_AFTER).weight == Decimal("1.5")
    assert CaseloadLimit.objects.get(name="default").stop_above == Decimal(20)


def test_history_keeps_who_when_and_why(cast):
    reason = "The council's new caseload policy, agreed 20 November"
    staff_client(cast["admin"]).post(URL, form_data(weight_early_help="0.75", restricted_extra="1"))
    weight = CaseWeight.objects.get(stage=Stage.EARLY_HELP)
    weight_event = weight.events.select_related("pgh_context").last()  # type: ignore[attr-defined]
    assert weight_event.weight == Decimal("0.75")
    assert weight_event.pgh_context.metadata["reason"] == reason
    assert weight_event.pgh_context.metadata["user"] == cast["admin"].pk
    assert weight_event.pgh_created_at is not None
    limit = CaseloadLimit.objects.get(name="default")
    limit_event = limit.events.select_related("pgh_context").last()  # type: ignore[attr-defined]
    assert limit_event.restricted_extra == Decimal(1)
    assert limit_event.pgh_context.metadata["reason"] == reason
    # Unchanged rows are not written.
    assert CaseWeight.objects.get(stage=Stage.REFERRAL).events.count() == 1  # type: ignore[attr-defined]
    assert cast["admin"].full_name in weight.source
