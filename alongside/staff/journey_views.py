"""Staff pages for the statutory journey: the front door, and each case's Journey tab.

The front door is for front-door officers, social workers and team managers. The
Journey tab and its forms load the case through ``case_for_user`` like every case
page: another team's case is 404, read-only access (break-glass) is 403 on a form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from alongside import policy
from alongside.accounts.models import Role, User
from alongside.cases.models import Case, ClosureReason
from alongside.cases.selectors import case_for_user
from alongside.journey import services
from alongside.journey.codes import AssessmentFactor
from alongside.journey.deadlines import case_deadlines, contact_due_on, contact_status
from alongside.journey.letters import family_decision_text
from alongside.journey.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Contact,
    EarlyHelpEpisode,
    Referral,
    Section47Enquiry,
)
from alongside.journey.selectors import contacts_awaiting_decision, referrals_for
from alongside.people.models import Person
from alongside.people.search import PersonMatch, people_search
from alongside.people.services import person_create
from alongside.staff.decorators import role_required, staff_required
from alongside.staff.journey_forms import (
    AssessmentCompleteForm,
    AuthoriseForm,
    CinReviewForm,
    CloseForm,
    ConferenceForm,
    ContactForm,
    CoreGroupForm,
    CpPlanEndForm,
    DecideForm,
    EarlyHelpStartForm,
    JourneyForm,
    PersonNewForm,
    Section47Form,
    StepUpForm,
    StrategyForm,
)
from alongside.staff.sent import remember_sent
from alongside.staff.views import _apply_errors

FRONT_DOOR_ROLES = (Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.SOCIAL_WORKER)
FACTORS = dict(AssessmentFactor.choices)
CLOSURE_REASONS = dict(ClosureReason.choices)
M = TypeVar("M", bound=Model)


# --- Front door ----------------------------------------------------------------------


def _person_for(user: Any, person_id: str | None) -> Person:
    """A current person this user may record about; restricted children stay hidden."""
    if not (person_id or "").isdigit():
        raise Http404("No such person")
    person = Person.objects.filter(pk=int(person_id or 0), archived_at__isnull=True).first()
    if person is None or person.pk in policy.people_hidden_from(user):
        raise Http404("No such person")
    return person


def _contact_for(user: Any, contact_id: int) -> Contact:
    contact = (
        Contact.objects.select_related("child", "case", "decided_by", "created_by")
        .filter(pk=contact_id)
        .exclude(child_id__in=policy.people_hidden_from(user))
        .first()
    )
    if contact is None:
        raise Http404("No such contact")
    return contact


def _renamed(error: ValidationError, **names: str) -> ValidationError:
    """A service's error keyed by its argument, re-keyed to the form field that feeds it."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(key, key): value for key, value in error.error_dict.items()})


@require_GET
@role_required(*FRONT_DOOR_ROLES)
def front_door(request: HttpRequest) -> HttpResponse:
    """Contacts waiting for a decision, oldest first, each with its one-working-day clock."""
    hidden = policy.people_hidden_from(request.user)
    contacts = contacts_awaiting_decision().exclude(child_id__in=hidden)
    page = Paginator(contacts, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for contact in page:
        contact.due_on = contact_due_on(contact)
        contact.status = contact_status(contact, today)
    return render(request, "staff/front_door/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@role_required(*FRONT_DOOR_ROLES)
def contact_new(request: HttpRequest) -> HttpResponse:
    person = _person_for(request.user, request.GET.get("person"))
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_record(child=person, by=request.user, **form.values())
        except ValidationError as error:
            _apply_errors(form, _renamed(error, received_at="received_on"))
        else:
            messages.success(request, f"Contact about {person.display_name} recorded")
            return redirect("staff:contact-decide", contact_id=contact.pk)
    open_case = (
        Case.objects.filter(child=person, closed_on__isnull=True).select_related("team").first()
    )
    context = {"form": form, "person": person, "open_case": open_case}
    return render(request, "staff/front_door/contact_new.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*FRONT_DOOR_ROLES)
def person_new(request: HttpRequest) -> HttpResponse:
    """Record someone nobody has recorded before, then the contact about them.

    The front door's search runs first on what was typed: likely matches are shown, and
    the person is recorded only when the officer says none of them is this person.
    """
    form = PersonNewForm(request.POST or None)
    matches: list[PersonMatch] = []
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if request.POST.get("none_of_these") != "yes":
            matches = people_search(
                name=f"{values['first_names']} {values['last_name']}",
                date_of_birth=values.get("date_of_birth") or values.get("expected_date_of_birth"),
                postcode=values.get("postcode", ""),
                hidden_ids=policy.people_hidden_from(request.user),
            )
        if not matches:
            try:
                person = person_create(by=request.user, **values)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"{person.full_name} recorded. Now record the contact.")
                return redirect(f"{reverse('staff:contact-new')}?person={person.pk}")
    context = {"form": form, "matches": matches}
    return render(request, "staff/front_door/person_new.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*FRONT_DOOR_ROLES)
def contact_decide(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact_for(request.user, contact_id)
    decided = bool(contact.next_step)
    initial = {"team": contact.case.team_id} if contact.case else {}
    form = None if decided else DecideForm(request.POST or None, initial=initial)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.contact_decide(contact=contact, by=request.user, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if contact.family_told:
                remember_sent(
                    request,
                    family_decision_text(
                        contact.next_step, contact.child.display_name, contact.decision_reason
                    ),
                )
            return _decided(request, contact)
    context = {
        "contact": contact,
        "form": form,
        "due_on": contact_due_on(contact),
        "status": contact_status(contact),
        # The family's history, for a decision made knowing it (policy rule 8).
        "case_readable": contact.case is not None
        and policy.case_access(request.user, contact.case).can_read,
    }
    return render(request, "staff/front_door/contact_decide.html", context)


def _decided(request: HttpRequest, contact: Contact) -> HttpResponse:
    """To the case's Journey tab if there is a case this user may open, else the front door."""
    case = contact.case
    text = f"Decision recorded: {contact.get_next_step_display()}"
    if case is not None:
        text += f". Case {case.reference} is with {case.team.name if case.team else 'no team'}"
    messages.success(request, text)
    if case is not None and policy.case_access(request.user, case).can_read:
        return redirect("staff:journey", case_id=case.pk)
    return redirect("staff:front-door")


# --- The case's Journey tab ----------------------------------------------------------------


def _describe(referrals: list[Referral]) -> None:
    """Labels the template cannot look up itself; every authoriser's name in one query."""
    assessments = [a for r in referrals for a in r.assessments.all()]
    ids = {a.authorised_by_id for a in assessments if a.authorised_by_id}
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "full_name")) if ids else {}
    for assessment in assessments:
        assessment.factor_labels = [FACTORS.get(code, code) for code in assessment.factors]
        assessment.authorised_by_name = names.get(assessment.authorised_by_id, "")
    for referral in referrals:
        referral.closure_label = CLOSURE_REASONS.get(referral.closure_reason, "")


@require_GET
@staff_required
def journey(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    referrals = list(referrals_for(case))
    _describe(referrals)
    episodes = list(EarlyHelpEpisode.objects.filter(case=case).select_related("lead_practitioner"))
    context = {
        "case": case,
        "access": access,
        "tab": "journey",
        "deadlines": case_deadlines(case),
        "referrals": referrals,
        "episodes": episodes,
        "open_episode": next((e for e in episodes if e.ended_on is None), None),
        "is_manager": request.user.role == Role.TEAM_MANAGER,  # type: ignore[union-attr]
    }
    return render(request, "staff/journey/journey.html", context)


def _writable(request: HttpRequest, case_id: int) -> Case:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    return case


def _step(
    request: HttpRequest,
    case: Case,
    form: JourneyForm,
    save: Callable[[dict[str, Any]], object],
    *,
    title: str,
    button: str,
    done: str,
    about: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """One journey form: the service on a valid post, else the page with what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("staff:journey", case_id=case.pk)
    context = {"case": case, "form": form, "title": title, "button": button, "about": about}
    return render(request, "staff/journey/step.html", context)


def _one(model: type[M], pk: int, **where: Any) -> M:
    return get_object_or_404(model, pk=pk, **where)


def _day(value: Any) -> str:
    return f"{value:%-d %B %Y}" if value else "Not recorded"


@require_http_methods(["GET", "POST"])
@staff_required
def assessment_complete(request: HttpRequest, case_id: int, assessment_id: int) -> HttpResponse:
    case = _writable(request, case_id)
    assessment = _one(Assessment, assessment_id, referral__case=case, authorised_on__isnull=True)
    fields = AssessmentCompleteForm.base_fields
    initial = {name: getattr(assessment, name) for name in fields}
    form = AssessmentCompleteForm(request.POST or None, initial=initial)
    return _step(
        request,
        case,
        form,
        lambda data: services.assessment_complete(assessment=assessment, by=request.user, **data),
        title="Finish the child and family assessment",
        button="Save the assessment",
        done="Assessment saved. A team manager can now authorise it.",
        about=[("Started", _day(assessment.started_on))],
    )


@require_http_methods(["GET", "POST"])
@staff_required
def assessment_authorise(request: HttpRequest, case_id: int, assessment_id: int) -> HttpResponse:
    case = _writable(request, case_id)
    if request.user.role != Role.TEAM_MANAGER:  # type: ignore[union-attr]
        raise PermissionDenied("Only a team manager can authorise an assessment")
    assessment = _one(Assessment, assessment_id, referral__case=case, authorised_on__isnull=True)
    return _step(
        request,
        case,
        AuthoriseForm(request.POST or None),
        lambda data: services.assessment_authorise(assessment=assessment, by=request.user, **data),
        title="Authorise the assessment",
        button="Authorise",
        done="Assessment authorised",
        about=[
            ("Finished", _day(assessment.completed_on)),
            ("Outcome", assessment.get_outcome_display() or "Not recorded"),
            ("Factors", "; ".join(FACTORS.get(f, f) for f in assessment.factors) or "None"),
        ],
    )


@require_http_methods(["GET", "POST"])
@staff_required
def strategy_discussion(request: HttpRequest, case_id: int, referral_id: int) -> HttpResponse:
    case = _writable(request, case_id)
    referral = _one(Referral, referral_id, case=case, closed_on__isnull=True)
    return _step(
        request,
        case,
        StrategyForm(request.POST or None),
        lambda data: services.strategy_discussion_record(
            referral=referral, by=request.user, **data
        ),
        title="Record a strategy discussion",
        button="Save the strategy discussion",
        done="Strategy discussion recorded",
    )


@require_http_methods(["GET", "POST"])
@staff_required
def section47_complete(request: HttpRequest, case_id: int, enquiry_id: int) -> HttpResponse:
    case = _writable(request, case_id)
    enquiry = _one(Section47Enquiry, enquiry_id, referral__case=case, completed_on__isnull=True)
    return _step(
        request,
        case,
        Section47Form(request.POST or None),
        lambda data: services.section47_complete(enquiry=enquiry, by=request.user, **data),
        title="Finish the section 47 enquiry",
        button="Save the outcome",
        done="Section 47 enquiry finished",
        about=[("Started", _day(enquiry.started_on))],
    )


@require_http_methods(["GET", "POST"])
@staff_required
def conference(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    case = _writable(request, case_id)
    meeting = _one(Conference, conference_id, referral__case=case, held_on__isnull=True)
    form = ConferenceForm(request.POST or None, initial={"held_on": meeting.scheduled_for})
    return _step(
        request,
        case,
        form,
        lambda data: services.conference_record(conference=meeting, by=request.user, **data),
        title=f"Record the {meeting.get_kind_display().lower()}",
        button="Save the conference",
        done=f"{meeting.get_kind_display()} recorded",
        about=[("Planned for", _day(meeting.scheduled_for))],
    )


@require_http_methods(["GET", "POST"])
@staff_required
def core_group(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    case = _writable(request, case_id)
    plan = _one(ChildProtectionPlan, plan_id, referral__case=case, ended_on__isnull=True)
    return _step(
        request,
        case,
        CoreGroupForm(request.POST or None),
        lambda data: services.core_group_record(plan=plan, by=request.user, **data),
        title="Record a core group meeting",
        button="Save the core group",
        done="Core group meeting recorded",
        about=[("Plan started", _day(plan.started_on))],
    )


@require_http_methods(["GET", "POST"])
@staff_required
def cp_plan_end(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    case = _writable(request, case_id)
    plan = _one(ChildProtectionPlan, plan_id, referral__case=case, ended_on__isnull=True)
    return _step(
        request,
        case,
        CpPlanEndForm(request.POST or None),
        lambda data: services.cp_plan_end(plan=plan, by=request.user, **data),
        title="End the child protection plan",
        button="End the plan",
        done="Child protection plan ended",
        about=[("Plan started", _day(plan.started_on))],
    )


@require_http_methods(["GET", "POST"])
@staff_required
def cin_review(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    case = _writable(request, case_id)
    plan = _one(ChildInNeedPlan, plan_id, referral__case=case, ended_on__isnull=True)
    return _step(
        request,
        case,
        CinReviewForm(request.POST or None),
        lambda data: services.cin_plan_review_record(cin_plan=plan, by=request.user, **data),
        title="Record a child in need plan review",
        button="Save the review",
        done="Child in need plan review recorded",
        about=[("Plan started", _day(plan.started_on))],
    )


@require_http_methods(["GET", "POST"])
@staff_required
def referral_close(request: HttpRequest, case_id: int, referral_id: int) -> HttpResponse:
    case = _writable(request, case_id)
    referral = _one(Referral, referral_id, case=case, closed_on__isnull=True)
    return _step(
        request,
        case,
        CloseForm(request.POST or None),
        lambda data: services.referral_close(referral=referral, by=request.user, **data),
        title="Close the referral",
        button="Close the referral",
        done="Referral closed",
        about=[("Referred", _day(referral.referral_date))],
    )


@require_http_methods(["GET", "POST"])
@staff_required
def early_help_start(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _writable(request, case_id)
    if case.closed_on is not None:
        raise Http404("This case is closed")
    return _step(
        request,
        case,
        EarlyHelpStartForm(request.POST or None),
        lambda data: services.early_help_start(case=case, by=request.user, **data),
        title="Start early help",
        button="Start early help",
        done="Early help started",
    )


@require_http_methods(["GET", "POST"])
@staff_required
def early_help_step_up(request: HttpRequest, case_id: int, episode_id: int) -> HttpResponse:
    case = _writable(request, case_id)
    episode = _one(EarlyHelpEpisode, episode_id, case=case, ended_on__isnull=True)
    return _step(
        request,
        case,
        StepUpForm(request.POST or None),
        lambda data: services.early_help_step_up(episode=episode, by=request.user, **data),
        title="Step up from early help",
        button="Step up",
        done="Stepped up from early help: an assessment has started",
        about=[("Early help started", _day(episode.started_on))],
    )
