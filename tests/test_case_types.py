"""Case types: kinds of work that weigh on a caseload on top of the case's stage.

The worker or a manager records a case's types with a reason; administrators weigh,
add and stop using types; caseloads, the team view and allocation count them.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

import pytest
from django.core.exceptions import ValidationError

from alongside.cases.models import CaseType, CaseTypeMark, ClosureReason, Stage
from alongside.cases.services import case_close, case_types_set
from alongside.workforce import selectors
from alongside.workforce.models import Level
from alongside.workforce.services import case_type_add, case_type_retire, worker_allocate
from tests.conftest import staff_client
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

REASON = "The local authority applied for a care order on 20 November"


def kind(code: str) -> CaseType:
    return CaseType.objects.get(code=code)


def page_url(case) -> str:
    return f"/staff/cases/{case.pk}/case-types/"


def test_default_types_are_loaded_with_their_sources():
    court = kind("care-proceedings")
    assert court.weight == Decimal(1) and court.is_active
    assert "no national weighting scheme" in court.source
    assert CaseType.objects.filter(is_active=True).count() >= 5


def test_the_worker_records_a_type_and_the_caseload_weighs_it(cast):
    worker, case = cast["worker"], cast["case"]
    case.stage = Stage.LOOKED_AFTER
    case.save()
    before = selectors.worker_caseload(worker).units
    client = staff_client(worker)
    html = client.get(page_url(case)).content.decode()
    assert "Care proceedings in court" in html
    court = kind("care-proceedings")
    response = client.post(
        page_url(case), {"case_types": [str(court.pk)], "reason": REASON}, follow=True
    )
    assert response.status_code == 200
    assert "added care proceedings in court" in response.content.decode()
    assert "Care proceedings in court" in client.get(f"/staff/cases/{case.pk}/").content.decode()
    assert selectors.worker_caseload(worker).units == before + Decimal(1)
    assert selectors.case_units(case) == Decimal("2.5")  # looked after 1.5 + court 1
    mark = CaseTypeMark.objects.get(case=case)
    assert mark.reason == REASON and mark.created_by == worker


def test_taking_a_type_away_needs_a_reason_and_keeps_the_mark(cast):
    worker, case = cast["worker"], cast["case"]
    court = kind("care-proceedings")
    case_types_set(case=case, case_types=[court], reason=REASON, by=worker)
    client = staff_client(worker)
    response = client.post(page_url(case), {"case_types": [], "reason": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Say why the case types are changing" in html
    assert 'href="#id_reason"' in html
    # The box the worker unticked stays unticked.
    assert f'value="{court.pk}" checked' not in html
    assert CaseTypeMark.objects.get(case=case).ended_at is None
    client.post(page_url(case), {"case_types": [], "reason": "The court made a final order"})
    mark = CaseTypeMark.objects.get(case=case)
    assert mark.ended_at is not None and mark.end_reason == "The court made a final order"
    assert selectors.case_types_for([case.pk]) == {}
    # Marked again later: a new mark, the old one kept.
    case_types_set(case=case, case_types=[court], reason="A new application", by=worker)
    assert CaseTypeMark.objects.filter(case=case).count() == 2


def test_an_unchanged_form_changes_nothing_and_needs_no_reason(cast):
    worker, case = cast["worker"], cast["case"]
    court = kind("care-proceedings")
    case_types_set(case=case, case_types=[court], reason=REASON, by=worker)
    html = staff_client(worker).get(page_url(case)).content.decode()
    assert f'value="{court.pk}" checked' in html
    response = staff_client(worker).post(
        page_url(case), {"case_types": [str(court.pk)], "reason": ""}, follow=True
    )
    assert "Nothing was changed" in response.content.decode()
    assert CaseTypeMark.objects.filter(case=case).count() == 1


def test_staff_without_write_access_cannot_change_types(cast):
    case = cast["case"]
    court = kind("care-proceedings")
    for who in ("other_worker", "chair"):
        client = staff_client(cast[who])
        assert client.get(page_url(case)).status_code == 404
        assert (
            client.post(page_url(case), {"case_types": [court.pk], "reason": "x"}).status_code
            == 404
        )
    with pytest.raises(ValidationError):
        case_types_set(case=case, case_types=[court], reason=REASON, by=cast["other_worker"])
    assert not CaseTypeMark.objects.filter(case=case).exists()


def test_only_open_cases_and_current_marks_count(cast):
    worker = cast["worker"]
    court, disabled = kind("care-proceedings"), kind("disabled-child")
    open_case = CaseFactory(team=worker.team, worker=worker, stage=Stage.CHILD_PROTECTION)
    closing = CaseFactory(team=worker.team, worker=worker, stage=Stage.CHILD_PROTECTION)
    case_types_set(case=open_case, case_types=[court, disabled], reason=REASON, by=worker)
    case_types_set(case=closing, case_types=[court], reason=REASON, by=worker)
    before = selectors.worker_caseload(worker).units
    case_close(case=closing, on=closing.referral_date, reason=ClosureReason.RC7, by=worker)
    after = selectors.worker_caseload(worker).units
    # The closed case's stage (1.5) and its court proceedings (1) leave the caseload.
    assert before - after == Decimal("2.5")
    case_types_set(case=open_case, case_types=[court], reason="Needs now met", by=worker)
    assert selectors.worker_caseload(worker).units == after - disabled.weight


def test_a_type_no_longer_used_stops_counting_and_is_not_offered(cast):
    worker, case, admin = cast["worker"], cast["case"], cast["admin"]
    exploitation = kind("exploitation")
    case_types_set(case=case, case_types=[exploitation], reason=REASON, by=worker)
    with_type = selectors.worker_caseload(worker).units
    client = staff_client(admin)
    url = f"/staff/caseload-weights/case-types/{exploitation.pk}/stop/"
    response = client.post(url, {"reason": ""})
    assert "Give a reason" in response.content.decode()
    client.post(url, {"reason": "Now part of the council's own contextual safeguarding team"})
    exploitation.refresh_from_db()
    assert not exploitation.is_active
    assert selectors.worker_caseload(worker).units == with_type - Decimal(1)
    other = CaseFactory(team=worker.team, worker=worker)
    html = staff_client(worker).get(page_url(other)).content.decode()
    assert "Risk of exploitation" not in html
    with pytest.raises(ValidationError):
        case_types_set(case=other, case_types=[exploitation], reason=REASON, by=worker)
    # The case that had it still shows it, so it can be taken away.
    assert "Risk of exploitation" in staff_client(worker).get(page_url(case)).content.decode()
    with pytest.raises(ValidationError):
        case_type_retire(case_type=exploitation, reason="again", by=admin)


def test_an_admin_adds_a_type_and_weighs_it(cast):
    admin, worker, case = cast["admin"], cast["worker"], cast["case"]
    client = staff_client(admin)
    data = {
        "name": "Young carer",
        "hint": "The child looks after a parent or brother or sister",
        "weight": "0.75",
        "reason": "",
    }
    response = client.post("/staff/caseload-weights/case-types/new/", data)
    html = response.content.decode()
    assert "Say why this case type is needed" in html
    assert 'value="Young carer"' in html and 'value="0.75"' in html
    data["reason"] = "Agreed at the practice board"
    client.post("/staff/caseload-weights/case-types/new/", data)
    carer = CaseType.objects.get(name="Young carer")
    assert carer.code == "young-carer" and carer.weight == Decimal("0.75")
    assert admin.full_name in carer.source
    again = client.post("/staff/caseload-weights/case-types/new/", {**data, "name": "young carer"})
    assert "There is already a case type called young carer" in again.content.decode()
    case_types_set(case=case, case_types=[carer], reason="Cares for mum", by=worker)
    before = selectors.worker_caseload(worker).units
    settings = client.get("/staff/caseload-weights/").content.decode()
    assert f'name="type_{carer.pk}"' in settings
    from tests.test_caseload_settings import form_data

    client.post("/staff/caseload-weights/", form_data(**{f"type_{carer.pk}": "1.25"}))
    carer.refresh_from_db()
    assert carer.weight == Decimal("1.25")
    assert selectors.worker_caseload(worker).units == before + Decimal("0.5")
    event = carer.events.select_related("pgh_context").last()  # type: ignore[attr-defined]
    assert (
        event.pgh_context.metadata["reason"]
        == "The council's new caseload policy, agreed 20 November"
    )
    bad = client.post("/staff/caseload-weights/", form_data(**{f"type_{carer.pk}": "12"}))
    assert "The extra for young carer must be between 0 and 10" in bad.content.decode()
    assert f'href="#id_type_{carer.pk}"' in bad.content.decode()
    # Managers read the type weights; only administrators change them.
    manager = staff_client(cast["manager"])
    assert "Young carer" in manager.get("/staff/caseload-weights/").content.decode()
    assert manager.get("/staff/caseload-weights/case-types/new/").status_code == 404
    with pytest.raises(ValidationError):
        case_type_add(name="Other", hint="", weight=Decimal(1), reason="x", by=cast["manager"])


def test_a_type_can_take_a_worker_past_the_stop_limit_at_allocation(cast):
    colleague, case, manager = cast["colleague"], cast["case"], cast["manager"]
    for _ in range(19):
        CaseFactory(team=colleague.team, worker=colleague, stage=Stage.CHILD_IN_NEED)
    case.stage = Stage.CHILD_IN_NEED
    case.save()
    # 19 + 1 = 20 is at the stop limit, not above it.
    assert selectors.worker_matches(case, [colleague])[0].level_after == Level.WARNING
    case_types_set(case=case, case_types=[kind("care-proceedings")], reason=REASON, by=manager)
    match = selectors.worker_matches(case, [colleague])[0]
    assert match.units_after == Decimal(21) and match.level_after == Level.STOP
    html = staff_client(manager).get(f"/staff/cases/{case.pk}/allocate/").content.decode()
    assert "Care proceedings in court" in html and "2 weighted units" in html
    with pytest.raises(ValidationError) as refused:
        worker_allocate(
            case=case, worker=colleague, team=colleague.team, by=manager, reason="Worker leaving"
        )
    assert "above the limit of 20" in refused.value.message_dict["override_reason"][0]
    team = staff_client(manager).get("/staff/team/caseloads/").content.decode()
    assert "Care proceedings in court: 1 more" in team
    assert escape("Care proceedings in court") in team
