"""Every step of the statutory journey goes through these functions.

Each records its step, writes the step onto the case's one chronology, moves
the case's stage, and tells the people who must be told. Deadlines are never
stored: the timescale engine computes them from the dates recorded here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.cases.models import Case, Stage
from alongside.cases.services import case_open
from alongside.chronology.models import Audience, AuthorKind, Entry, Kind
from alongside.journey.codes import (
    AbuseCategory,
    AssessmentOutcome,
    ConferenceKind,
    ContactKind,
    NextStep,
    Section47Outcome,
    SharingBasis,
    StrategyDecision,
)
from alongside.journey.letters import family_decision_text, referrer_decision_text
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
    StrategyParticipant,
)
from alongside.messaging.models import Channel
from alongside.messaging.services import message_send
from alongside.people.models import Person, Relationship
from alongside.people.selectors import contact_route

if TYPE_CHECKING:
    from alongside.accounts.models import Team, User


def _note(
    *,
    case: Case,
    by: User,
    kind: Kind,
    title: str,
    text: str,
    on: datetime.date | datetime.datetime,
    audience: Audience = Audience.FAMILY,
    withheld_reason: str = "",
) -> Entry:
    """Write a journey step onto the chronology: recorded once, seen everywhere."""
    when = on
    if isinstance(on, datetime.date) and not isinstance(on, datetime.datetime):
        when = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9, 0)))
    return Entry.objects.create(
        case=case,
        kind=kind,
        occurred_at=when,
        author_kind=AuthorKind.STAFF,
        author_user=by,
        audience=audience,
        withheld_reason=withheld_reason,
        title=title,
        text=text,
        created_by=by,
        updated_by=by,
    )


def _not_future(**days: datetime.date | None) -> None:
    """Steps are recorded once they have happened; only meetings are booked ahead."""
    today = timezone.localdate()
    errors = {
        name: "The date cannot be in the future"
        for name, day in days.items()
        if day is not None and day > today
    }
    if errors:
        raise ValidationError(errors)


def _set_stage(case: Case, stage: Stage, by: User) -> None:
    if case.stage != stage:
        case.stage = stage
        case.updated_by = by
        case.updated_at = timezone.now()
        case.save(update_fields=["stage", "updated_by", "updated_at"])


def _open_case(child: Person) -> Case | None:
    return Case.objects.filter(child=child, closed_on__isnull=True).first()


# --- Front door ---------------------------------------------------------------


@transaction.atomic
def contact_record(
    *,
    child: Person,
    received_at: datetime.datetime,
    kind: ContactKind,
    source: str,
    reason: str,
    sharing_basis: SharingBasis,
    by: User,
    lawful_reason: str = "",
    information_shared: str = "",
    referrer_name: str = "",
    referrer_organisation: str = "",
    referrer_email: str = "",
    referrer_phone: str = "",
) -> Contact:
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Say why they contacted us"
    if sharing_basis == SharingBasis.NO_CONSENT and not lawful_reason.strip():
        errors["lawful_reason"] = "Give the lawful reason for sharing without consent"
    if received_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["received_at"] = "The date and time cannot be in the future"
    if errors:
        raise ValidationError(errors)
    contact = Contact.objects.create(
        child=child,
        received_at=received_at,
        kind=kind,
        source=source,
        reason=reason.strip(),
        sharing_basis=sharing_basis,
        lawful_reason=lawful_reason.strip(),
        information_shared=information_shared.strip(),
        referrer_name=referrer_name.strip(),
        referrer_organisation=referrer_organisation.strip(),
        referrer_email=referrer_email.strip(),
        referrer_phone=referrer_phone.strip(),
        created_by=by,
        updated_by=by,
    )
    case = _open_case(child)
    if case is not None:
        _contact_onto_chronology(contact, case, by)
    return contact


def _contact_onto_chronology(contact: Contact, case: Case, by: User) -> None:
    if contact.chronology_entry_id is not None:
        return
    is_request = contact.kind == ContactKind.REQUEST_FOR_HELP
    title = "The family asked for help" if is_request else contact.get_kind_display()
    entry = _note(
        case=case,
        by=by,
        kind=Kind.REQUEST_FOR_HELP if is_request else Kind.CONTACT,
        title=title,
        text=contact.reason,
        on=contact.received_at,
    )
    contact.case = case
    contact.chronology_entry = entry
    contact.save(update_fields=["case", "chronology_entry"])


def family_recipients(child: Person) -> list[tuple[Channel, str]]:
    """Where to tell a child's family: each person with parental responsibility."""
    parents = Person.objects.filter(
        id__in=Relationship.objects.filter(
            to_person=child, parental_responsibility=True, ended_on__isnull=True
        ).values("from_person_id")
    )
    routes = (contact_route(parent) for parent in parents)
    return [route for route in routes if route is not None]


@transaction.atomic
def contact_decide(
    *,
    contact: Contact,
    next_step: NextStep,
    reason: str,
    by: User,
    team: Team | None = None,
    worker: User | None = None,
    primary_need: str = "N0",
    tell_family: bool = True,
    not_told_reason: str = "",
) -> Contact:
    """The next step, due within one working day; the family and the referrer are told."""
    next_step = NextStep(next_step)
    errors: dict[str, str] = {}
    if contact.next_step:
        errors["next_step"] = "A decision has already been made on this contact"
    if next_step == NextStep.NO_FURTHER_ACTION and not reason.strip():
        errors["reason"] = "Say why there will be no further action"
    if not tell_family and not not_told_reason.strip():
        errors["not_told_reason"] = "Say why the family will not be told"
    if next_step == NextStep.EARLY_HELP and worker is None:
        errors["worker"] = "Choose the lead practitioner"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    contact.next_step = next_step
    contact.decision_reason = reason.strip()
    contact.decided_at = now
    contact.decided_by = by
    contact.family_told = tell_family
    contact.family_not_told_reason = not_told_reason.strip()
    contact.updated_by = by
    contact.save()
    case = _start_next_step(
        contact, next_step, by=by, team=team, worker=worker, primary_need=primary_need
    )
    if case is not None:
        _contact_onto_chronology(contact, case, by)
        for earlier in Contact.objects.filter(child=contact.child, chronology_entry__isnull=True):
            _contact_onto_chronology(earlier, case, by)
        _note(
            case=case,
            by=by,
            kind=Kind.DECISION,
            title=f"Decision: {next_step.label}",
            text=reason.strip() or next_step.label,
            on=now,
        )
    _tell_about_decision(contact, next_step)
    return contact


def _start_next_step(
    contact: Contact,
    next_step: NextStep,
    *,
    by: User,
    team: Team | None,
    worker: User | None,
    primary_need: str,
) -> Case | None:
    if next_step in (NextStep.NO_FURTHER_ACTION, NextStep.INFORMATION_ADVICE):
        case = _open_case(contact.child)
        if next_step == NextStep.NO_FURTHER_ACTION and case is not None:
            _no_further_action_referral(contact, case, by=by, primary_need=primary_need)
        return case
    case = _open_case(contact.child)
    if case is None:
        if team is None:
            raise ValidationError({"team": "Choose the team that will take the case"})
        if worker is not None:
            early = next_step == NextStep.EARLY_HELP
            _within_caseload_limit(worker, Stage.EARLY_HELP if early else Stage.ASSESSMENT)
        case = case_open(
            child=contact.child,
            referral_date=timezone.localdate(contact.received_at),
            team=team,
            worker=worker,
            by=by,
            stage=Stage.REFERRAL,
        )
    if next_step == NextStep.EARLY_HELP:
        assert worker is not None
        early_help_start(case=case, lead=worker, started_on=timezone.localdate(), by=by)
        return case
    referral = Referral.objects.filter(case=case, closed_on__isnull=True).first()
    if referral is None:
        referral = Referral.objects.create(
            case=case,
            contact=contact,
            referral_date=timezone.localdate(contact.received_at),
            source=contact.source,
            primary_need=primary_need,
            created_by=by,
            updated_by=by,
        )
    Assessment.objects.get_or_create(
        referral=referral,
        authorised_on=None,
        defaults={"started_on": timezone.localdate(), "created_by": by, "updated_by": by},
    )
    _set_stage(case, Stage.ASSESSMENT, by)
    return case


def _no_further_action_referral(
    contact: Contact, case: Case, *, by: User, primary_need: str
) -> Referral | None:
    """A professional's referral about a child whose case is open (early help, say) that
    children's social care decides needs no further action is a referral all the same:
    it is recorded, flagged "no further action" and closed that day, and the case goes on.
    """
    from alongside.cases.models import ClosureReason

    if contact.kind != ContactKind.REFERRAL:
        return None
    if Referral.objects.filter(case=case, closed_on__isnull=True).exists():
        return None  # an open episode already holds this concern
    assert contact.decided_at is not None
    return Referral.objects.create(
        case=case,
        contact=contact,
        referral_date=timezone.localdate(contact.received_at),
        source=contact.source,
        primary_need=primary_need,
        no_further_action=True,
        closed_on=timezone.localdate(contact.decided_at),
        closure_reason=ClosureReason.RC7,
        step_down_offer=contact.decision_reason,
        created_by=by,
        updated_by=by,
    )


def _within_caseload_limit(worker: User, stage: Stage) -> None:
    """The front door may name a worker only while the case keeps them within the caseload
    limit; above it, only the team's manager can allocate (with a recorded reason)."""
    from alongside.workforce.models import Level
    from alongside.workforce.selectors import caseload_limits, units_text, worker_caseload

    limits = caseload_limits()
    after = worker_caseload(worker, limits).units + limits.weight_of(stage, False)
    if limits.level_of(after) == Level.STOP:
        raise ValidationError(
            {
                "worker": f"This would take {worker.full_name} to {units_text(after)} weighted "
                f"units, above the limit of {units_text(limits.stop_above)}. Choose someone else, "
                "or leave the worker empty for the team's manager to allocate"
            }
        )


def _tell_about_decision(contact: Contact, next_step: NextStep) -> None:
    child = contact.child
    if contact.family_told:
        body = family_decision_text(next_step, child.display_name, contact.decision_reason)
        for channel, address in family_recipients(child):
            message_send(
                channel=channel,
                to_address=address,
                purpose="contact_decision",
                subject=f"What happens next for {child.display_name}",
                body=body,
            )
    if contact.referrer_email or contact.referrer_phone:
        channel = Channel.EMAIL if contact.referrer_email else Channel.SMS
        message_send(
            channel=channel,
            to_address=contact.referrer_email or contact.referrer_phone,
            purpose="contact_decision_referrer",
            subject="Your contact with children's services",
            body=referrer_decision_text(next_step, child.display_name.split(" ")[0]),
        )


# --- Early help, stepping up and down ----------------------------------------------


@transaction.atomic
def early_help_start(
    *, case: Case, lead: User, started_on: datetime.date, by: User, family_plan: str = ""
) -> EarlyHelpEpisode:
    _not_future(started_on=started_on)
    if EarlyHelpEpisode.objects.filter(case=case, ended_on__isnull=True).exists():
        raise ValidationError("This family already has early help")
    episode = EarlyHelpEpisode.objects.create(
        case=case,
        lead_practitioner=lead,
        started_on=started_on,
        family_plan=family_plan,
        created_by=by,
        updated_by=by,
    )
    _set_stage(case, Stage.EARLY_HELP, by)
    _note(
        case=case,
        by=by,
        kind=Kind.DECISION,
        title="Early help started",
        text=f"{lead.full_name} is the lead practitioner.",
        on=started_on,
    )
    return episode


@transaction.atomic
def early_help_step_up(
    *, episode: EarlyHelpEpisode, on: datetime.date, source: str, reason: str, by: User
) -> Referral:
    """Step up to statutory work: one chronology, the family plan carried across."""
    _not_future(on=on)
    if not reason.strip():
        raise ValidationError({"reason": "Say why early help is stepping up"})
    episode.ended_on = on
    episode.end_reason = f"Stepped up: {reason.strip()}"[:200]
    episode.updated_by = by
    episode.save()
    referral = Referral.objects.create(
        case=episode.case, referral_date=on, source=source, created_by=by, updated_by=by
    )
    Assessment.objects.create(referral=referral, started_on=on, created_by=by, updated_by=by)
    ChildInNeedPlan.objects.create(
        referral=referral,
        started_on=on,
        carried_from=episode,
        plan=episode.family_plan,
        created_by=by,
        updated_by=by,
    )
    _set_stage(episode.case, Stage.ASSESSMENT, by)
    _note(
        case=episode.case,
        by=by,
        kind=Kind.DECISION,
        title="Stepped up from early help",
        text=reason.strip(),
        on=on,
    )
    return referral


@transaction.atomic
def referral_step_down(
    *, referral: Referral, lead: User, on: datetime.date, reason: str, by: User
) -> EarlyHelpEpisode:
    """Step down to early help: the episode closes, the same case and chronology carry on,
    and the child in need plan is carried into the family plan."""
    _not_future(on=on)
    from alongside.cases.models import ClosureReason

    if not reason.strip():
        raise ValidationError({"reason": "Say why the family is stepping down to early help"})
    if ChildProtectionPlan.objects.filter(referral=referral, ended_on__isnull=True).exists():
        raise ValidationError({"reason": "End the child protection plan first"})
    cin_plan = ChildInNeedPlan.objects.filter(referral=referral).order_by("-started_on").first()
    carried = cin_plan.plan if cin_plan else ""
    # "Closed after assessment, referred to early help" only fits an episode that went no
    # further than the assessment; after a plan or an enquiry the DfE reason is RC7.
    assessed_only = (
        referral.assessments.filter(authorised_on__isnull=False).exists()
        and not ChildInNeedPlan.objects.filter(referral=referral).exists()
        and not referral.cp_plans.exists()
        and not referral.enquiries.exists()
        and not referral.conferences.exists()
    )
    ChildInNeedPlan.objects.filter(referral=referral, ended_on__isnull=True).update(
        ended_on=on, end_reason="Stepped down to early help"
    )
    referral.closed_on = on
    referral.closure_reason = ClosureReason.RC9 if assessed_only else ClosureReason.RC7
    referral.step_down_offer = f"Early help with {lead.full_name}: {reason.strip()}"
    referral.updated_by = by
    referral.save()
    return early_help_start(
        case=referral.case, lead=lead, started_on=on, by=by, family_plan=carried
    )


# --- Assessment -------------------------------------------------------------------


@transaction.atomic
def assessment_complete(
    *,
    assessment: Assessment,
    completed_on: datetime.date,
    factors: Sequence[str],
    outcome: AssessmentOutcome,
    family_views: str,
    child_views: str,
    child_seen: bool,
    child_seen_alone: bool,
    by: User,
    late_reason: str = "",
) -> Assessment:
    _not_future(completed_on=completed_on)
    errors: dict[str, str] = {}
    if not factors:
        errors["factors"] = "Choose at least one factor, or 'No factors identified'"
    elif "21" in factors and len(factors) > 1:
        errors["factors"] = "'No factors identified' cannot be chosen with other factors"
    if completed_on < assessment.started_on:
        errors["completed_on"] = "The assessment cannot finish before it started"
    if errors:
        raise ValidationError(errors)
    assessment.completed_on = completed_on
    assessment.factors = list(factors)
    assessment.outcome = outcome
    assessment.family_views = family_views.strip()
    assessment.child_views = child_views.strip()
    assessment.child_seen = child_seen
    assessment.child_seen_alone = child_seen_alone
    assessment.late_reason = late_reason.strip()
    assessment.updated_by = by
    assessment.save()
    return assessment


@transaction.atomic
def assessment_authorise(*, assessment: Assessment, on: datetime.date, by: User) -> Assessment:
    """A manager signs off the assessment; its outcome then takes effect."""
    _not_future(on=on)
    if by.role != "team_manager":
        raise ValidationError("Only a team manager can authorise an assessment")
    if assessment.completed_on is None:
        raise ValidationError("The assessment must be finished before it is authorised")
    assessment.authorised_on = on
    assessment.authorised_by = by
    assessment.updated_by = by
    assessment.save()
    case = assessment.referral.case
    _note(
        case=case,
        by=by,
        kind=Kind.DECISION,
        title="Assessment finished",
        text=f"Outcome: {assessment.get_outcome_display()}.",
        on=on,
    )
    if assessment.outcome == AssessmentOutcome.CHILD_IN_NEED_PLAN:
        cin_plan_start(referral=assessment.referral, started_on=on, by=by)
    return assessment


# --- Child protection -------------------------------------------------------------


@transaction.atomic
def strategy_discussion_record(
    *,
    referral: Referral,
    held_on: datetime.date,
    decision: StrategyDecision,
    participants: Sequence[tuple[str, str, str]],
    notes: str,
    family_told: str,
    by: User,
) -> StrategyDiscussion:
    """Who took part (name, agency, role), what was decided; a section 47 starts the same day."""
    _not_future(held_on=held_on)
    if not participants:
        raise ValidationError({"participants": "Record who took part and from which agency"})
    if held_on < referral.referral_date:
        raise ValidationError({"held_on": "The discussion cannot be before the referral"})
    discussion = StrategyDiscussion.objects.create(
        referral=referral,
        held_on=held_on,
        decision=decision,
        notes=notes.strip(),
        family_told=family_told.strip(),
        created_by=by,
        updated_by=by,
    )
    for name, agency, role in participants:
        StrategyParticipant.objects.create(
            discussion=discussion, name=name, agency=agency, role=role, created_by=by, updated_by=by
        )
    case = referral.case
    if decision != StrategyDecision.NO_SECTION_47:
        Section47Enquiry.objects.create(
            referral=referral,
            strategy_discussion=discussion,
            started_on=held_on,
            created_by=by,
            updated_by=by,
        )
        _set_stage(case, Stage.CHILD_PROTECTION, by)
    _note(
        case=case,
        by=by,
        kind=Kind.MEETING,
        title="Strategy discussion",
        text=family_told.strip() or discussion.get_decision_display(),
        on=held_on,
    )
    return discussion


@transaction.atomic
def section47_complete(
    *,
    enquiry: Section47Enquiry,
    completed_on: datetime.date,
    outcome: Section47Outcome,
    by: User,
    conference_date: datetime.date | None = None,
) -> Section47Enquiry:
    _not_future(completed_on=completed_on)
    outcome = Section47Outcome(outcome)
    if completed_on < enquiry.started_on:
        raise ValidationError({"completed_on": "The enquiry cannot end before it started"})
    if outcome == Section47Outcome.CONFERENCE and conference_date is None:
        raise ValidationError({"conference_date": "Give the date of the conference"})
    enquiry.completed_on = completed_on
    enquiry.outcome = outcome
    enquiry.updated_by = by
    enquiry.save()
    if outcome == Section47Outcome.CONFERENCE:
        assert conference_date is not None
        Conference.objects.create(
            referral=enquiry.referral,
            kind=ConferenceKind.INITIAL,
            scheduled_for=conference_date,
            created_by=by,
            updated_by=by,
        )
    _note(
        case=enquiry.referral.case,
        by=by,
        kind=Kind.DECISION,
        title="Section 47 enquiry finished",
        text=outcome.label,
        on=completed_on,
    )
    return enquiry


@transaction.atomic
def conference_record(
    *,
    conference: Conference,
    held_on: datetime.date,
    plan_needed: bool,
    category: str,
    by: User,
    next_review: datetime.date | None = None,
) -> Conference:
    """What the conference decided; an initial one may start a plan, a review may end it."""
    _not_future(held_on=held_on)
    if plan_needed and category not in AbuseCategory.values:
        raise ValidationError({"category": "Choose the category of abuse"})
    enquiry = conference.referral.enquiries.order_by("started_on").first()
    if conference.kind == ConferenceKind.INITIAL and enquiry and held_on < enquiry.started_on:
        raise ValidationError({"held_on": "The conference cannot be before the enquiry started"})
    conference.held_on = held_on
    conference.plan_needed = plan_needed
    conference.category = category if plan_needed else ""
    conference.updated_by = by
    referral = conference.referral
    plan = ChildProtectionPlan.objects.filter(referral=referral, ended_on__isnull=True).first()
    if conference.kind == ConferenceKind.INITIAL and plan_needed and plan is None:
        plan = ChildProtectionPlan.objects.create(
            referral=referral,
            started_on=held_on,
            initial_category=category,
            latest_category=category,
            created_by=by,
            updated_by=by,
        )
    elif plan is not None and plan_needed:
        plan.latest_category = category
        plan.updated_by = by
        plan.save()
    elif plan is not None and not plan_needed:
        cp_plan_end(
            plan=plan, ended_on=held_on, reason="The review conference ended the plan", by=by
        )
    conference.plan = plan
    conference.save()
    if plan_needed and next_review is not None:
        Conference.objects.create(
            referral=referral,
            kind=ConferenceKind.REVIEW,
            scheduled_for=next_review,
            created_by=by,
            updated_by=by,
        )
    _note(
        case=referral.case,
        by=by,
        kind=Kind.MEETING,
        title=conference.get_kind_display(),
        text="A child protection plan is needed."
        if plan_needed
        else "A child protection plan is not needed.",
        on=held_on,
    )
    return conference


@transaction.atomic
def core_group_record(
    *, plan: ChildProtectionPlan, held_on: datetime.date, notes: str, by: User
) -> CoreGroup:
    _not_future(held_on=held_on)
    if held_on < plan.started_on:
        raise ValidationError({"held_on": "A core group cannot meet before the plan started"})
    group = CoreGroup.objects.create(
        plan=plan, held_on=held_on, notes=notes.strip(), created_by=by, updated_by=by
    )
    _note(
        case=plan.referral.case,
        by=by,
        kind=Kind.MEETING,
        title="Core group meeting",
        text=notes.strip() or "The core group met.",
        on=held_on,
    )
    return group


@transaction.atomic
def cp_plan_end(
    *, plan: ChildProtectionPlan, ended_on: datetime.date, reason: str, by: User
) -> ChildProtectionPlan:
    _not_future(ended_on=ended_on)
    if ended_on <= plan.started_on:
        raise ValidationError({"ended_on": "A plan must end after the day it started"})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the plan is ending"})
    plan.ended_on = ended_on
    plan.end_reason = reason.strip()[:200]
    plan.updated_by = by
    plan.save()
    _set_stage(plan.referral.case, Stage.CHILD_IN_NEED, by)
    return plan


# --- Child in need and closure --------------------------------------------------------


@transaction.atomic
def cin_plan_start(
    *, referral: Referral, started_on: datetime.date, by: User, plan: str = ""
) -> ChildInNeedPlan:
    _not_future(started_on=started_on)
    existing = ChildInNeedPlan.objects.filter(referral=referral, ended_on__isnull=True).first()
    if existing is not None:
        # A plan carried across from early help is already running: it is now the plan.
        _set_stage(referral.case, Stage.CHILD_IN_NEED, by)
        return existing
    cin_plan = ChildInNeedPlan.objects.create(
        referral=referral, started_on=started_on, plan=plan, created_by=by, updated_by=by
    )
    _set_stage(referral.case, Stage.CHILD_IN_NEED, by)
    return cin_plan


@transaction.atomic
def cin_plan_review_record(
    *, cin_plan: ChildInNeedPlan, held_on: datetime.date, notes: str, by: User
) -> PlanReview:
    _not_future(held_on=held_on)
    review = PlanReview.objects.create(
        cin_plan=cin_plan, held_on=held_on, notes=notes.strip(), created_by=by, updated_by=by
    )
    _note(
        case=cin_plan.referral.case,
        by=by,
        kind=Kind.MEETING,
        title="Child in need review",
        text=notes.strip() or "The plan was reviewed.",
        on=held_on,
    )
    return review


@transaction.atomic
def referral_close(
    *, referral: Referral, closed_on: datetime.date, reason: str, step_down_offer: str, by: User
) -> Referral:
    """Close the episode with the DfE reason and a step-down offer: nobody is simply dropped."""
    _not_future(closed_on=closed_on)
    from alongside.cases.models import ClosureReason
    from alongside.cases.services import case_close

    errors: dict[str, str] = {}
    if reason not in ClosureReason.values:
        errors["reason"] = "Choose the reason for closing"
    if not step_down_offer.strip():
        errors["step_down_offer"] = "Record what the family was offered next"
    if closed_on < referral.referral_date:
        errors["closed_on"] = "The case cannot close before the referral"
    if errors:
        raise ValidationError(errors)
    open_plans = ChildProtectionPlan.objects.filter(referral=referral, ended_on__isnull=True)
    if open_plans.exists():
        raise ValidationError({"reason": "End the child protection plan before closing"})
    ChildInNeedPlan.objects.filter(referral=referral, ended_on__isnull=True).update(
        ended_on=closed_on, end_reason="Case closed"
    )
    referral.closed_on = closed_on
    referral.closure_reason = reason
    referral.step_down_offer = step_down_offer.strip()
    referral.updated_by = by
    referral.save()
    case = referral.case
    _note(
        case=case,
        by=by,
        kind=Kind.DECISION,
        title="Case closed",
        text=f"What we offered next: {step_down_offer.strip()}",
        on=closed_on,
    )
    if not EarlyHelpEpisode.objects.filter(case=case, ended_on__isnull=True).exists():
        case_close(case=case, on=closed_on, reason=ClosureReason(reason), by=by)
    return referral


@transaction.atomic
def conference_assign_chair(*, conference: Conference, chair: User, by: User) -> Conference:
    """The independent chair of a conference, who may then read the case."""
    if chair.role != "chair":
        raise ValidationError({"chair": "Choose a conference chair"})
    if (
        conference.referral.case.team_id is not None
        and chair.team_id == conference.referral.case.team_id
    ):
        raise ValidationError(
            {"chair": "The chair must not come from the team that holds the case"}
        )
    conference.chair = chair
    conference.updated_by = by
    conference.save(update_fields=["chair", "updated_by"])
    return conference
