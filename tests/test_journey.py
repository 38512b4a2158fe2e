"""The statutory journey: each step recorded once, on the chronology, with the right people told."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.cases.models import Case
from alongside.chronology.models import Entry
from alongside.journey import services
from alongside.journey.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Contact,
    Referral,
    Section47Enquiry,
)
from alongside.journey.selectors import journey_events
from alongside.messaging.models import Message

pytestmark = pytest.mark.django_db


def record(fd, **overrides):
    data = {
        "child": fd["child"],
        "received_at": timezone.now() - datetime.timedelta(hours=2),
        "kind": "referral",
        "source": "2A",
        "reason": "School worried about attendance.",
        "sharing_basis": "consent",
        "by": fd["officer"],
        "referrer_name": "Head teacher",
        "referrer_email": "office@school.example.test",
    }
    data.update(overrides)
    return services.contact_record(**data)


def test_sharing_without_consent_needs_the_lawful_reason(front_door):
    with pytest.raises(ValidationError) as error:
        record(front_door, sharing_basis="no_consent")
    assert "lawful_reason" in error.value.message_dict
    contact = record(front_door, sharing_basis="no_consent", lawful_reason="Risk of harm")
    assert contact.lawful_reason == "Risk of harm"


def test_steps_cannot_be_recorded_in_the_future(front_door):
    referral = _assessment_case(front_door)
    with pytest.raises(ValidationError) as error:
        services.strategy_discussion_record(
            referral=referral,
            held_on=timezone.localdate() + datetime.timedelta(days=1),
            decision="s47_single",
            participants=[("D Officer", "Police", "")],
            notes="",
            family_told="",
            by=front_door["worker"],
        )
    assert "held_on" in error.value.message_dict


def test_no_further_action_needs_a_reason(front_door):
    contact = record(front_door)
    with pytest.raises(ValidationError):
        services.contact_decide(
            contact=contact,
            next_step="nfa",
            reason="",
            by=front_door["officer"],
            team=front_door["team"],
        )


def test_decision_for_assessment_opens_case_referral_and_assessment_and_tells_everyone(
    front_door, django_capture_on_commit_callbacks
):
    contact = record(front_door)
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_decide(
            contact=contact,
            next_step="assessment",
            reason="Needs a look",
            by=front_door["officer"],
            team=front_door["team"],
            worker=front_door["worker"],
            primary_need="N4",
        )
    case = Case.objects.get(child=front_door["child"])
    referral = Referral.objects.get(case=case)
    assert referral.source == "2A" and referral.primary_need == "N4"
    assert Assessment.objects.filter(referral=referral, authorised_on=None).exists()
    assert case.stage == "assessment" and case.worker == front_door["worker"]
    to = set(Message.objects.values_list("to_address", flat=True))
    assert to == {"parent@example.test", "office@school.example.test"}
    family = Message.objects.get(to_address="parent@example.test")
    assert "assessment" in family.body and "support you" in family.body
    kinds = list(Entry.objects.filter(case=case).values_list("kind", flat=True))
    assert "contact" in kinds and "decision" in kinds


def test_family_not_told_needs_a_reason_and_then_only_the_referrer_hears(front_door):
    contact = record(front_door)
    with pytest.raises(ValidationError):
        services.contact_decide(
            contact=contact,
            next_step="strategy",
            reason="Injury",
            by=front_door["officer"],
            team=front_door["team"],
            worker=front_door["worker"],
            tell_family=False,
        )
    services.contact_decide(
        contact=contact,
        next_step="strategy",
        reason="Injury",
        by=front_door["officer"],
        team=front_door["team"],
        worker=front_door["worker"],
        tell_family=False,
        not_told_reason="Police investigation",
    )
    assert list(Message.objects.values_list("to_address", flat=True)) == [
        "office@school.example.test"
    ]


def test_earlier_requests_for_help_join_the_chronology_when_a_case_opens(front_door):
    asked = record(
        front_door,
        kind="request_for_help",
        source="1C",
        reason="We are struggling with damp and debt.",
        received_at=timezone.now() - datetime.timedelta(days=300),
    )
    services.contact_decide(
        contact=asked,
        next_step="advice",
        reason="",
        by=front_door["officer"],
        team=front_door["team"],
    )
    assert Contact.objects.get(pk=asked.pk).chronology_entry is None
    later = record(front_door)
    services.contact_decide(
        contact=later,
        next_step="assessment",
        reason="Concern",
        by=front_door["officer"],
        team=front_door["team"],
        worker=front_door["worker"],
    )
    case = Case.objects.get(child=front_door["child"])
    request = Entry.objects.get(case=case, kind="request_for_help")
    assert request.text == "We are struggling with damp and debt."
    assert request.audience == "family"


def test_a_decision_can_only_be_made_once(front_door):
    contact = record(front_door)
    services.contact_decide(
        contact=contact,
        next_step="advice",
        reason="",
        by=front_door["officer"],
        team=front_door["team"],
    )
    with pytest.raises(ValidationError):
        services.contact_decide(
            contact=contact,
            next_step="nfa",
            reason="x",
            by=front_door["officer"],
            team=front_door["team"],
        )


def _assessment_case(fd, received_on: datetime.date | None = None):
    received_at = (
        timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(10)))
        if received_on
        else timezone.now() - datetime.timedelta(hours=2)
    )
    contact = record(fd, received_at=received_at)
    services.contact_decide(
        contact=contact,
        next_step="assessment",
        reason="Concern",
        by=fd["officer"],
        team=fd["team"],
        worker=fd["worker"],
    )
    return Referral.objects.get(case__child=fd["child"])


def test_assessment_needs_factors_and_a_manager_to_authorise(front_door):
    referral = _assessment_case(front_door)
    assessment = referral.assessments.get()
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.assessment_complete(
            assessment=assessment,
            completed_on=today,
            factors=[],
            outcome="cin_plan",
            family_views="",
            child_views="",
            child_seen=True,
            child_seen_alone=True,
            by=front_door["worker"],
        )
    services.assessment_complete(
        assessment=assessment,
        completed_on=today,
        factors=["4B", "7A"],
        outcome="cin_plan",
        family_views="Mum wants help with sleep.",
        child_views="I like school.",
        child_seen=True,
        child_seen_alone=True,
        by=front_door["worker"],
    )
    with pytest.raises(ValidationError):
        services.assessment_authorise(assessment=assessment, on=today, by=front_door["worker"])
    services.assessment_authorise(assessment=assessment, on=today, by=front_door["manager"])
    assert ChildInNeedPlan.objects.filter(referral=referral, ended_on=None).exists()
    assert Case.objects.get(pk=referral.case_id).stage == "child_in_need"


def test_child_protection_path_produces_the_events_the_clocks_count_from(front_door):
    referral = _assessment_case(front_door, received_on=datetime.date(2026, 2, 27))
    by = front_door["worker"]
    day = datetime.date(2026, 3, 2)
    discussion = services.strategy_discussion_record(
        referral=referral,
        held_on=day,
        decision="s47_joint",
        participants=[("A Officer", "Police", "DC"), ("B Nurse", "Health", "School nurse")],
        notes="",
        family_told="We will talk to you today about our worries.",
        by=by,
    )
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion)
    services.section47_complete(
        enquiry=enquiry,
        completed_on=day + datetime.timedelta(days=5),
        outcome="icpc",
        conference_date=datetime.date(2026, 3, 20),
        by=by,
    )
    conference = Conference.objects.get(referral=referral)
    services.conference_record(
        conference=conference,
        held_on=datetime.date(2026, 3, 20),
        plan_needed=True,
        category="NEG",
        by=by,
        next_review=datetime.date(2026, 6, 15),
    )
    plan = ChildProtectionPlan.objects.get(referral=referral)
    assert plan.initial_category == plan.latest_category == "NEG"
    services.core_group_record(plan=plan, held_on=datetime.date(2026, 3, 27), notes="", by=by)
    names = {(e.name, e.on) for e in journey_events(referral.case)}
    assert ("icpc_needed", day) in names
    assert ("icpc_held", datetime.date(2026, 3, 20)) in names
    assert ("cp_plan_started", datetime.date(2026, 3, 20)) in names
    assert ("core_group_held", datetime.date(2026, 3, 27)) in names
    assert ("review_scheduled", datetime.date(2026, 6, 15)) in names
    review = Conference.objects.get(referral=referral, kind="review")
    services.conference_record(
        conference=review, held_on=datetime.date(2026, 6, 15), plan_needed=False, category="", by=by
    )
    plan.refresh_from_db()
    assert plan.ended_on == datetime.date(2026, 6, 15)


def test_closure_needs_a_dfe_reason_and_a_step_down_offer(front_door):
    referral = _assessment_case(front_door)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.referral_close(
            referral=referral,
            closed_on=today,
            reason="RC8",
            step_down_offer="",
            by=front_door["worker"],
        )
    assert "step_down_offer" in error.value.message_dict
    services.referral_close(
        referral=referral,
        closed_on=today,
        reason="RC9",
        step_down_offer="Family hub parenting group, starts Monday",
        by=front_door["worker"],
    )
    case = Case.objects.get(pk=referral.case_id)
    assert case.closed_on == today and case.closure_reason == "RC9"


def test_step_up_from_early_help_keeps_one_chronology_and_carries_the_plan(front_door):
    contact = record(front_door, kind="request_for_help", source="1C")
    services.contact_decide(
        contact=contact,
        next_step="early_help",
        reason="Support offered",
        by=front_door["officer"],
        team=front_door["team"],
        worker=front_door["worker"],
    )
    case = Case.objects.get(child=front_door["child"])
    episode = case.early_help.get()
    episode.family_plan = "Help with bedtime routine; food bank referral."
    episode.save()
    referral = services.early_help_step_up(
        episode=episode,
        on=timezone.localdate(),
        source="5D",
        reason="Worries grew",
        by=front_door["worker"],
    )
    assert referral.case_id == case.pk
    assert Case.objects.filter(child=front_door["child"]).count() == 1
    cin = ChildInNeedPlan.objects.get(referral=referral)
    assert (
        cin.plan == "Help with bedtime routine; food bank referral." and cin.carried_from == episode
    )


def test_deadlines_follow_what_is_recorded_and_change_when_it_is_corrected(front_door):
    from alongside.journey.deadlines import case_deadlines

    referral = _assessment_case(front_door, received_on=datetime.date(2025, 12, 8))
    by = front_door["worker"]
    # Strategy discussion on Thursday 18 December 2025: 15 working days skip
    # Christmas Day, Boxing Day and New Year's Day.
    discussion = services.strategy_discussion_record(
        referral=referral,
        held_on=datetime.date(2025, 12, 18),
        decision="s47_single",
        participants=[("C Officer", "Police", "")],
        notes="",
        family_told="",
        by=by,
    )
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion)
    services.section47_complete(
        enquiry=enquiry,
        completed_on=datetime.date(2025, 12, 22),
        outcome="icpc",
        conference_date=datetime.date(2026, 1, 9),
        by=by,
    )
    today = datetime.date(2026, 1, 5)
    icpc = next(d for d in case_deadlines(referral.case, today) if d.rule_code == "T06")
    assert icpc.due_on == datetime.date(2026, 1, 13)
    assert icpc.status == "due"
    conference = Conference.objects.get(referral=referral)
    services.conference_record(
        conference=conference,
        held_on=datetime.date(2026, 1, 9),
        plan_needed=True,
        category="EMO",
        by=by,
    )
    after = {d.rule_code: d for d in case_deadlines(referral.case, today)}
    assert after["T06"].status == "met_on_time"
    assert after["T08"].due_on == datetime.date(2026, 1, 23)
    # Correcting the discussion date moves the conference deadline with it.
    discussion.held_on = datetime.date(2025, 12, 11)
    discussion.save()
    corrected = next(d for d in case_deadlines(referral.case, today) if d.rule_code == "T06")
    assert corrected.due_on == datetime.date(2026, 1, 6)


def test_step_down_to_early_help_carries_the_plan_on_the_same_case(front_door):
    referral = _assessment_case(front_door)
    cin = services.cin_plan_start(
        referral=referral,
        started_on=timezone.localdate(),
        by=front_door["worker"],
        plan="Weekly school check-in.",
    )
    assert cin.plan == "Weekly school check-in."
    episode = services.referral_step_down(
        referral=referral,
        lead=front_door["worker"],
        on=timezone.localdate(),
        reason="Things are better",
        by=front_door["worker"],
    )
    referral.refresh_from_db()
    assert referral.closed_on == timezone.localdate() and referral.closure_reason == "RC7"
    assert episode.case_id == referral.case_id
    assert episode.family_plan == "Weekly school check-in."
    case = Case.objects.get(pk=referral.case_id)
    assert case.stage == "early_help" and case.closed_on is None


def test_strategy_discussion_cannot_come_before_the_referral(front_door):
    referral = _assessment_case(front_door)
    with pytest.raises(ValidationError) as error:
        services.strategy_discussion_record(
            referral=referral,
            held_on=referral.referral_date - datetime.timedelta(days=1),
            decision="s47_single",
            participants=[("E Officer", "Police", "")],
            notes="",
            family_told="",
            by=front_door["worker"],
        )
    assert "held_on" in error.value.message_dict
