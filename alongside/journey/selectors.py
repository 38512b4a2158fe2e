"""Reading the journey: its steps for the case page and its dated events for the clocks."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from alongside.cases.models import Case
from alongside.journey.event_rows import Referral as ReferralSteps
from alongside.journey.event_rows import case_steps
from alongside.journey.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Contact,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from alongside.timescales import events as ev
from alongside.timescales.engine import Event


def referrals_for(case: Case) -> QuerySet[Referral]:
    return referrals_for_cases([case.pk])


def referrals_for_cases(case_ids: Sequence[int]) -> QuerySet[Referral]:
    return Referral.objects.filter(case_id__in=case_ids).prefetch_related(
        Prefetch("assessments", queryset=Assessment.objects.order_by("started_on")),
        Prefetch(
            "strategy_discussions",
            queryset=StrategyDiscussion.objects.prefetch_related("participants").order_by(
                "held_on"
            ),
        ),
        Prefetch(
            "enquiries",
            queryset=Section47Enquiry.objects.select_related("strategy_discussion").order_by(
                "started_on"
            ),
        ),
        Prefetch(
            "conferences",
            queryset=Conference.objects.select_related("meeting")
            .prefetch_related("meeting__invitations__report_shares")
            .order_by("scheduled_for"),
        ),
        Prefetch(
            "cp_plans",
            queryset=ChildProtectionPlan.objects.prefetch_related("core_groups").order_by(
                "started_on"
            ),
        ),
        Prefetch(
            "cin_plans",
            queryset=ChildInNeedPlan.objects.prefetch_related("reviews").order_by("started_on"),
        ),
    )


def contacts_awaiting_decision() -> QuerySet[Contact]:
    return (
        Contact.objects.filter(next_step="")
        .select_related("child", "created_by")
        .order_by("received_at")
    )


def contacts_for_child(child_id: int) -> QuerySet[Contact]:
    return Contact.objects.filter(child_id=child_id).order_by("-received_at")


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def journey_events(case: Case) -> list[Event]:
    """Every dated step on this case, for the timescale engine to count from."""
    return journey_events_for([case])[case.pk]


def journey_events_for(
    cases: Sequence[Case], *, open_clocks_only: bool = False
) -> dict[int, list[Event]]:
    """The dated steps of many cases in one statement, whatever their number.

    A list of what is due (``open_clocks_only``) needs only what can leave a clock open:
    the latest visit, and the latest core group and review of each plan, rather than every
    one in a long history. An earlier visit or meeting only starts a clock the next one
    meets, and a clock is met by a later meeting whichever later meeting it is, so which
    clocks are open, and when they are due, is the same either way (tested).
    """
    return journey_for(cases, open_clocks_only=open_clocks_only)[0]


def journey_for(
    cases: Sequence[Case], *, open_clocks_only: bool = False
) -> tuple[dict[int, list[Event]], dict[int, dict[str, int]]]:
    """Each case's dated steps and its current plan's visit frequency (as
    ``visit_frequency_override`` gives it for one case), in one statement."""
    steps = case_steps([case.pk for case in cases], open_clocks_only=open_clocks_only)
    overrides = {
        pk: {"T10": found.visit_every}
        for pk, found in steps.items()
        if found.visit_every is not None
    }
    events: dict[int, list[Event]] = {}
    for case in cases:
        found = steps[case.pk]
        case_events = [
            Event("referral_decided", on, f"contact-{pk}") for pk, on in found.decided_contacts
        ]
        for referral in found.referrals:
            case_events.extend(_referral_events(referral))
        case_events.extend(Event("early_help_started", on) for on in found.early_help_started)
        # A visit counts towards the child protection visiting clock only while a plan runs.
        plan_periods = _cp_plan_periods(case_events)
        case_events.extend(
            Event(ev.CP_VISIT, day)
            for day in found.visits
            if any(start <= day and (end is None or day <= end) for start, end in plan_periods)
        )
        if case.closed_on is not None:
            case_events.append(Event(ev.CASE_CLOSED, case.closed_on))
        events[case.pk] = sorted(case_events, key=lambda e: (e.on, *ev.same_day_order(e.name)))
    return events, overrides


def _cp_plan_periods(
    found: Sequence[Event],
) -> list[tuple[datetime.date, datetime.date | None]]:
    """When child protection plans ran (the last day included; no end while one runs)."""
    ends = sorted(e.on for e in found if e.name == ev.CP_PLAN_ENDED)
    return [
        (e.on, next((d for d in ends if d >= e.on), None))
        for e in found
        if e.name == ev.CP_PLAN_STARTED
    ]


def _referral_events(referral: ReferralSteps) -> list[Event]:
    ref = f"referral-{referral.id}"
    events = [Event("referral_received", referral.referral_date, ref)]
    if referral.contact_id is None:
        events.append(Event("referral_decided", referral.referral_date, ref))
    for started, authorised in referral.assessments:
        events.append(Event("assessment_started", started, ref))
        if authorised:
            events.append(Event("assessment_authorised", authorised, ref))
    events.extend(Event("strategy_discussion", held, ref) for held in referral.discussions)
    # The conference clock runs from the strategy discussion that started the enquiry.
    events.extend(Event("icpc_needed", held, ref) for held in referral.conference_needed_from)
    for conference in referral.conferences:
        prefix = "icpc" if conference.kind == "initial" else "review"
        events.append(Event(f"{prefix}_scheduled", conference.scheduled_for, ref))
        if conference.held_on:
            held = "icpc_held" if prefix == "icpc" else "review_conference_held"
            events.append(Event(held, conference.held_on, ref))
        if conference.family_report_shared_on is not None:
            shared = "report_shared_initial" if prefix == "icpc" else "report_shared_review"
            events.append(Event(shared, conference.family_report_shared_on, ref))
    for plan in referral.cp_plans:
        events.append(Event("cp_plan_started", plan.started_on, ref))
        events.extend(Event("core_group_held", held, ref) for held in plan.meetings)
        if plan.ended_on:
            events.append(Event("cp_plan_ended", plan.ended_on, ref))
    for cin_plan in referral.cin_plans:
        events.append(Event("cin_plan_started", cin_plan.started_on, ref))
        events.extend(Event("cin_plan_reviewed", held, ref) for held in cin_plan.meetings)
        if cin_plan.ended_on:
            events.append(Event("cin_plan_ended", cin_plan.ended_on, ref))
    if referral.closed_on:
        events.append(Event(ev.REFERRAL_CLOSED, referral.closed_on, ref))
    return events


def visit_frequency_override(case: Case) -> dict[str, int]:
    """The current plan's visit frequency, if it sets one."""
    plan = (
        ChildProtectionPlan.objects.filter(referral__case=case, ended_on__isnull=True)
        .order_by("-started_on")
        .first()
    )
    return {"T10": plan.visit_every_working_days} if plan else {}
