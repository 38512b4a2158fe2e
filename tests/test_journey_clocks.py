"""The statutory clocks start, stop and are met by the right steps, and episodes close right."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alongside.cases.models import Case
from alongside.journey import services
from alongside.journey.deadlines import case_deadlines, deadlines_for_cases
from alongside.journey.models import ChildProtectionPlan, Contact, Referral
from tests.factories import EntryFactory
from tests.test_journey import _assessment_case, record

pytestmark = pytest.mark.django_db


def _visit(case: Case, on: datetime.date) -> None:
    EntryFactory(
        case=case,
        kind="visit",
        occurred_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(11))),
    )


def _plan(referral: Referral, started: datetime.date, ended: datetime.date | None = None):
    return ChildProtectionPlan.objects.create(
        referral=referral,
        started_on=started,
        initial_category="NEG",
        latest_category="NEG",
        ended_on=ended,
        end_reason="Risk reduced" if ended else "",
        created_by=referral.created_by,
        updated_by=referral.created_by,
    )


def _open(deadlines, code: str):
    return [d for d in deadlines if d.rule_code == code and d.is_open]


def test_visits_without_a_protection_plan_start_no_visiting_clock(front_door):
    referral = _assessment_case(front_door, received_on=datetime.date(2026, 3, 2))
    _visit(referral.case, datetime.date(2026, 3, 10))
    today = datetime.date(2026, 6, 1)
    assert not [d for d in case_deadlines(referral.case, today) if d.rule_code == "T10"]
    assert not _open(deadlines_for_cases([referral.case], today)[referral.case.pk], "T10")


def test_visits_after_the_plan_ended_leave_no_visit_overdue(front_door):
    referral = _assessment_case(front_door, received_on=datetime.date(2026, 3, 2))
    _plan(referral, datetime.date(2026, 3, 20), ended=datetime.date(2026, 6, 15))
    _visit(referral.case, datetime.date(2026, 4, 1))
    _visit(referral.case, datetime.date(2026, 6, 15))  # the plan's last day
    _visit(referral.case, datetime.date(2026, 7, 1))  # after it
    today = datetime.date(2026, 9, 1)
    clocks = [d for d in case_deadlines(referral.case, today) if d.rule_code == "T10"]
    assert {d.started_on for d in clocks} == {
        datetime.date(2026, 3, 20),
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 15),
    }
    assert not [d for d in clocks if d.is_open]
    assert not _open(deadlines_for_cases([referral.case], today)[referral.case.pk], "T10")


def test_visits_during_a_plan_still_run_the_visiting_clock(front_door):
    referral = _assessment_case(front_door, received_on=datetime.date(2026, 3, 2))
    _plan(referral, datetime.date(2026, 3, 20))
    _visit(referral.case, datetime.date(2026, 4, 1))
    today = datetime.date(2026, 6, 1)
    (visiting,) = _open(deadlines_for_cases([referral.case], today)[referral.case.pk], "T10")
    assert visiting.started_on == datetime.date(2026, 4, 1)
    assert visiting.status == "overdue"


def test_a_plan_ended_at_a_review_conference_owes_no_next_review(front_door):
    referral = _assessment_case(front_door, received_on=datetime.date(2026, 2, 27))
    by = front_door["worker"]
    plan = _plan(referral, datetime.date(2026, 3, 20))
    review = referral.conferences.create(
        kind="review", scheduled_for=datetime.date(2026, 6, 15), created_by=by, updated_by=by
    )
    services.conference_record(
        conference=review, held_on=datetime.date(2026, 6, 15), plan_needed=False, category="", by=by
    )
    plan.refresh_from_db()
    assert plan.ended_on == datetime.date(2026, 6, 15)
    deadlines = case_deadlines(referral.case, datetime.date(2027, 3, 1))
    (next_review,) = [d for d in deadlines if d.rule_code == "T12"]
    assert next_review.status == "stopped"
    assert next_review.stopped_on == datetime.date(2026, 6, 15)


def _early_help_case(fd) -> Case:
    contact = record(fd, kind="request_for_help", source="1C")
    services.contact_decide(
        contact=contact,
        next_step="early_help",
        reason="Support offered",
        by=fd["officer"],
        team=fd["team"],
        worker=fd["worker"],
    )
    return Case.objects.get(child=fd["child"])


def test_a_professional_referral_with_no_further_action_is_a_closed_referral(front_door):
    case = _early_help_case(front_door)
    contact = record(front_door, kind="referral", source="2A")
    services.contact_decide(
        contact=contact,
        next_step="nfa",
        reason="Early help is already working with the family.",
        by=front_door["officer"],
    )
    referral = Referral.objects.get(case=case)
    assert referral.no_further_action and referral.contact == contact
    assert referral.closed_on == timezone.localdate(contact.decided_at)
    assert referral.closure_reason == "RC7"
    case.refresh_from_db()
    assert case.closed_on is None and case.stage == "early_help"
    # A referral that needed nothing more owes no assessment.
    later = timezone.localdate() + datetime.timedelta(days=120)
    (assessment_clock,) = [d for d in case_deadlines(case, later) if d.rule_code == "T03"]
    assert assessment_clock.status == "stopped"


def test_a_concern_with_no_further_action_is_not_a_referral(front_door):
    case = _early_help_case(front_door)
    contact = record(front_door, kind="concern", source="9")
    services.contact_decide(
        contact=contact, next_step="nfa", reason="Already known.", by=front_door["officer"]
    )
    assert not Referral.objects.filter(case=case).exists()


def test_no_further_action_without_an_open_case_records_only_the_contact(front_door):
    contact = record(front_door, kind="referral", source="2A")
    services.contact_decide(
        contact=contact, next_step="nfa", reason="Needs met by school.", by=front_door["officer"]
    )
    assert not Referral.objects.exists() and not Case.objects.exists()


def _authorised(referral: Referral, manager, worker, outcome: str) -> None:
    assessment = referral.assessments.get()
    today = timezone.localdate()
    services.assessment_complete(
        assessment=assessment,
        completed_on=today,
        factors=["4B"],
        outcome=outcome,
        family_views="We want help with mornings.",
        child_views="",
        child_seen=True,
        child_seen_alone=False,
        by=worker,
    )
    services.assessment_authorise(assessment=assessment, on=today, by=manager)


def test_after_stepping_up_a_signed_off_plan_outcome_moves_the_case_to_child_in_need(front_door):
    case = _early_help_case(front_door)
    referral = services.early_help_step_up(
        episode=case.early_help.get(),
        on=timezone.localdate(),
        source="5D",
        reason="Worries grew",
        by=front_door["worker"],
    )
    _authorised(referral, front_door["manager"], front_door["worker"], "cin_plan")
    case.refresh_from_db()
    assert case.stage == "child_in_need"
    assert referral.cin_plans.filter(ended_on=None).count() == 1


def test_stepping_down_straight_after_the_assessment_is_rc9(front_door):
    referral = _assessment_case(front_door)
    _authorised(referral, front_door["manager"], front_door["worker"], "early_help")
    services.referral_step_down(
        referral=referral,
        lead=front_door["worker"],
        on=timezone.localdate(),
        reason="Early help fits",
        by=front_door["worker"],
    )
    referral.refresh_from_db()
    assert referral.closure_reason == "RC9"


def test_stepping_down_after_a_child_in_need_plan_is_not_rc9(front_door):
    referral = _assessment_case(front_door)
    _authorised(referral, front_door["manager"], front_door["worker"], "cin_plan")
    services.referral_step_down(
        referral=referral,
        lead=front_door["worker"],
        on=timezone.localdate(),
        reason="Things are better",
        by=front_door["worker"],
    )
    referral.refresh_from_db()
    # DfE: an episode closed "after assessment, referred to early help" has no plan.
    assert referral.closure_reason == "RC7"


def test_the_front_door_cannot_give_a_case_to_a_worker_above_the_caseload_limit(front_door):
    from django.core.exceptions import ValidationError

    from alongside.workforce.selectors import caseload_limits, worker_caseload
    from tests.factories import CaseFactory

    worker = front_door["worker"]
    limits = caseload_limits()
    while worker_caseload(worker, limits).units <= limits.stop_above - 1:
        CaseFactory(team=front_door["team"], worker=worker, stage="child_protection")
    contact = record(front_door)
    with pytest.raises(ValidationError) as refused:
        services.contact_decide(
            contact=contact,
            next_step="assessment",
            reason="Concern",
            by=front_door["officer"],
            team=front_door["team"],
            worker=worker,
        )
    assert "above the limit" in refused.value.message_dict["worker"][0]
    assert not Referral.objects.filter(case__child=front_door["child"]).exists()
    # Left for the team's manager to allocate, the case opens with nobody yet.
    services.contact_decide(
        contact=Contact.objects.get(pk=contact.pk),
        next_step="assessment",
        reason="Concern",
        by=front_door["officer"],
        team=front_door["team"],
    )
    assert Case.objects.get(child=front_door["child"]).worker is None
