"""Reading the journey: its steps for the case page and its dated events for the clocks."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from alongside.cases.models import Case
from alongside.chronology.models import Entry, Kind, Status
from alongside.journey.codes import Section47Outcome
from alongside.journey.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Contact,
    CoreGroup,
    EarlyHelpEpisode,
    PlanReview,
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


def _referral_steps_for_events(case_ids: Sequence[int]) -> QuerySet[Referral]:
    """The referrals of these cases with only the columns ``_referral_events`` reads.

    Lists of many cases (My work) load every step of every case to work out what is due;
    loading whole rows (texts, who recorded them and when) is most of that page's time.
    A column read here that is not listed is fetched one row at a time, so a new event
    must add its columns here.
    """
    return (
        Referral.objects.filter(case_id__in=case_ids)
        .only("id", "case_id", "referral_date", "contact_id", "closed_on")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.only(
                    "id", "referral_id", "started_on", "authorised_on"
                ).order_by("started_on"),
            ),
            Prefetch(
                "strategy_discussions",
                queryset=StrategyDiscussion.objects.only("id", "referral_id", "held_on").order_by(
                    "held_on"
                ),
            ),
            Prefetch(
                "enquiries",
                queryset=Section47Enquiry.objects.select_related("strategy_discussion")
                .only(
                    "id",
                    "referral_id",
                    "outcome",
                    "strategy_discussion_id",
                    "strategy_discussion__held_on",
                )
                .order_by("started_on"),
            ),
            Prefetch(
                "conferences",
                queryset=Conference.objects.select_related("meeting")
                .prefetch_related("meeting__invitations__report_shares")
                .order_by("scheduled_for"),
            ),
            Prefetch(
                "cp_plans",
                queryset=ChildProtectionPlan.objects.only(
                    "id", "referral_id", "started_on", "ended_on"
                )
                .prefetch_related(
                    Prefetch(
                        "core_groups", queryset=CoreGroup.objects.only("id", "plan_id", "held_on")
                    )
                )
                .order_by("started_on"),
            ),
            Prefetch(
                "cin_plans",
                queryset=ChildInNeedPlan.objects.only("id", "referral_id", "started_on", "ended_on")
                .prefetch_related(
                    Prefetch(
                        "reviews", queryset=PlanReview.objects.only("id", "cin_plan_id", "held_on")
                    )
                )
                .order_by("started_on"),
            ),
        )
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
    cases: Sequence[Case], *, latest_visit_only: bool = False
) -> dict[int, list[Event]]:
    """The dated steps of many cases in a fixed number of queries, whatever their number.

    Only the latest visit can start a clock that is still open, so a list of what is
    due asks for that one alone rather than every visit in a long chronology.
    """
    ids = [case.pk for case in cases]
    events: dict[int, list[Event]] = {case_id: [] for case_id in ids}
    decided = Contact.objects.filter(case_id__in=ids, decided_at__isnull=False)
    for contact in decided.only("id", "case_id", "decided_at"):
        assert contact.case_id is not None and contact.decided_at is not None
        events[contact.case_id].append(
            Event("referral_decided", _day(contact.decided_at), f"contact-{contact.pk}")
        )
    for referral in _referral_steps_for_events(ids):
        events[referral.case_id].extend(_referral_events(referral))
    for episode in EarlyHelpEpisode.objects.filter(case_id__in=ids).only("case_id", "started_on"):
        events[episode.case_id].append(Event("early_help_started", episode.started_on))
    # A visit counts towards the child protection visiting clock only while a plan runs.
    plan_periods = {case_id: _cp_plan_periods(found) for case_id, found in events.items()}
    visits = Entry.objects.filter(
        case_id__in=ids, kind=Kind.VISIT, status=Status.PUBLISHED, archived_at__isnull=True
    ).values_list("case_id", "occurred_at")
    if latest_visit_only:
        visits = visits.order_by("case_id", "-occurred_at").distinct("case_id")
    for case_id, moment in visits:
        day = _day(moment)
        if any(
            start <= day and (end is None or day <= end) for start, end in plan_periods[case_id]
        ):
            events[case_id].append(Event(ev.CP_VISIT, day))
    for case in cases:
        if case.closed_on is not None:
            events[case.pk].append(Event(ev.CASE_CLOSED, case.closed_on))
    return {
        case_id: sorted(found, key=lambda e: (e.on, *ev.same_day_order(e.name)))
        for case_id, found in events.items()
    }


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


def _referral_events(referral: Referral) -> list[Event]:
    ref = f"referral-{referral.pk}"
    events = [Event("referral_received", referral.referral_date, ref)]
    if referral.contact_id is None:
        events.append(Event("referral_decided", referral.referral_date, ref))
    for assessment in referral.assessments.all():
        events.append(Event("assessment_started", assessment.started_on, ref))
        if assessment.authorised_on:
            events.append(Event("assessment_authorised", assessment.authorised_on, ref))
    discussions = list(referral.strategy_discussions.all())
    for discussion in discussions:
        events.append(Event("strategy_discussion", discussion.held_on, ref))
    for enquiry in referral.enquiries.all():
        if enquiry.outcome == Section47Outcome.CONFERENCE:
            # The clock runs from the strategy discussion that started the enquiry.
            started_by = enquiry.strategy_discussion.held_on
            events.append(Event("icpc_needed", started_by, ref))
    for conference in referral.conferences.all():
        prefix = "icpc" if conference.kind == "initial" else "review"
        events.append(Event(f"{prefix}_scheduled", conference.scheduled_for, ref))
        if conference.held_on:
            held = "icpc_held" if prefix == "icpc" else "review_conference_held"
            events.append(Event(held, conference.held_on, ref))
        meeting = getattr(conference, "meeting", None)
        shared_on = meeting.family_report_shared_on() if meeting is not None else None
        if shared_on is not None:
            shared = "report_shared_initial" if prefix == "icpc" else "report_shared_review"
            events.append(Event(shared, shared_on, ref))
    for plan in referral.cp_plans.all():
        events.append(Event("cp_plan_started", plan.started_on, ref))
        events.extend(Event("core_group_held", g.held_on, ref) for g in plan.core_groups.all())
        if plan.ended_on:
            events.append(Event("cp_plan_ended", plan.ended_on, ref))
    for cin_plan in referral.cin_plans.all():
        events.append(Event("cin_plan_started", cin_plan.started_on, ref))
        events.extend(Event("cin_plan_reviewed", r.held_on, ref) for r in cin_plan.reviews.all())
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


def visit_frequency_overrides(case_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    plans = ChildProtectionPlan.objects.filter(
        referral__case_id__in=case_ids, ended_on__isnull=True
    ).values_list("referral__case_id", "visit_every_working_days")
    return {case_id: {"T10": every} for case_id, every in plans}
