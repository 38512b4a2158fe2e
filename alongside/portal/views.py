"""The family portal: what is recorded about your family, what happens next, and your say.

Every page that shows a case loads it through ``case_for_user`` (one access-log row
per read, supporters included). Family members may add to the record; a supporter
only reads, and only what the family chose. Pages a person may not see are 404;
a family-only action tried by a supporter who can read the case is 403.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside import policy
from alongside.accounts.models import FAMILY_ROLES, User
from alongside.audit.models import AccessAction
from alongside.audit.selectors import access_log_days_for_case
from alongside.audit.services import access_log_record
from alongside.cases.models import Case, SupporterScope
from alongside.cases.selectors import (
    case_for_user,
    cover_for_teams,
    portal_cases,
    supporter_grant_for_case,
    supporters_for_case,
)
from alongside.cases.services import supporter_invite, supporter_revoke
from alongside.chronology.models import AuthorKind, CorrectionRequest
from alongside.chronology.selectors import chronology_page, corrections_for_family, entry_for
from alongside.chronology.services import (
    correction_request_raise,
    entry_comment_add,
    entry_family_account_add,
)
from alongside.people.services import person_update
from alongside.plain.glossary import TERMS
from alongside.plans.selectors import family_tasks_due
from alongside.portal import texts
from alongside.portal.decorators import family_required
from alongside.portal.forms import (
    SCOPE_WORDS,
    CommentForm,
    CorrectionForm,
    FamilyAccountForm,
    PreferencesForm,
    SupporterForm,
)
from alongside.portal.young_forms import YoungAccountForm
from alongside.portal.young_views import is_young_person_of

try:  # Visits are built alongside the portal; the home page manages without them.
    from alongside.visits import words as visit_words
    from alongside.visits.selectors import next_visits_for_family
except ImportError:  # pragma: no cover
    next_visits_for_family = None
    visit_words = None

TASKS_DUE_WITHIN = datetime.timedelta(days=14)
PREFERENCES_REASON = "Changed by the family in the portal"


def _apply_errors(form: Any, error: ValidationError) -> None:
    pairs = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for name, problems in pairs:
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


def _sees_everything(access: policy.CaseAccess) -> bool:
    """The family, and a supporter the family let see everything they see."""
    return access.is_family or (access.is_supporter and access.scope == SupporterScope.EVERYTHING)


def _load(
    request: HttpRequest,
    case_id: int,
    *,
    action: AccessAction = AccessAction.VIEW_RECORD,
    everything: bool = False,
    family: bool = False,
) -> tuple[Case, policy.CaseAccess]:
    """The case through the one access function; 404 outside a supporter's scope, 403 if only
    the family may do this. Refusing rolls back the access-log row with the request."""
    case, access = case_for_user(request.user, case_id, action=action, path=request.path)
    if everything and not _sees_everything(access):
        raise Http404("Not shared with you")
    if family and not access.is_family:
        raise PermissionDenied("Only the family can do this")
    return case, access


# --- Home -------------------------------------------------------------------------------------


@dataclass
class Card:
    case: Case
    access: policy.CaseAccess
    initials: str = ""
    cover: list[User] = field(default_factory=list)
    next_visit: Any = None
    tasks: list[Any] = field(default_factory=list)
    corrections: list[CorrectionRequest] = field(default_factory=list)
    young: bool = False

    @property
    def sees_everything(self) -> bool:
        return _sees_everything(self.access)


def _next_visits(cases: list[Case]) -> dict[int, Any]:
    """The next planned visit on each case, its time written the way visit letters write it."""
    if next_visits_for_family is None or visit_words is None:
        return {}
    visits = next_visits_for_family([case.pk for case in cases])
    for visit in visits.values():
        visit.when_words = visit_words.when(visit)
        visit.nothing_to_bring = visit_words.NOTHING_TO_BRING
        visit.who_to_bring = visit_words.DEFAULT_WHO_TO_BRING
    return visits


def _waiting(
    user: Any, loaded: list[tuple[Case, policy.CaseAccess]]
) -> tuple[list[Any], list[Any]]:
    """What waits for a family member: their tasks due soon, and their correction requests."""
    family = [(case, access) for case, access in loaded if access.is_family]
    if not family or user.person_id is None:
        return [], []
    tasks = family_tasks_due(
        person_id=user.person_id,
        case_ids=[case.pk for case, _ in family],
        until=timezone.localdate() + TASKS_DUE_WITHIN,
    )
    return list(tasks), corrections_for_family(user, family)


@require_GET
@family_required
def home(request: HttpRequest) -> HttpResponse:
    loaded = portal_cases(request.user, path=request.path)
    cases = [case for case, _ in loaded]
    cover = cover_for_teams(case.team_id for case in cases)
    visits = _next_visits(cases)
    tasks, corrections = _waiting(request.user, loaded)
    cards = [
        Card(
            case=case,
            access=access,
            initials=texts.initials(case.worker.full_name) if case.worker else "",
            cover=[m for m in cover.get(case.team_id or 0, []) if m.pk != case.worker_id],
            next_visit=visits.get(case.pk),
            tasks=[t for t in tasks if t.case_id == case.pk],
            corrections=[c for c in corrections if c.entry.case_id == case.pk],
            young=is_young_person_of(request.user, case, access),
        )
        for case, access in loaded
    ]
    context = {"cards": cards, "hours": texts.WORKER_HOURS, "today": timezone.localdate()}
    return render(request, "portal/home.html", context)


# --- What is recorded, and the family's say on it ----------------------------------------------


@require_GET
@family_required
def case_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _load(request, case_id, action=AccessAction.VIEW_CHRONOLOGY, everything=True)
    page = chronology_page(request.user, case, access, request.GET.get("page"), per_page=30)
    context = {"case": case, "page": page, "can_add": access.is_family}
    return render(request, "portal/case_record.html", context)


@require_http_methods(["GET", "POST"])
@family_required
def family_account_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _load(request, case_id, family=True)
    young = is_young_person_of(request.user, case, access)
    form = (YoungAccountForm if young else FamilyAccountForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry_family_account_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Thank you. What you wrote is now on the record.")
            return redirect("portal:case", case_id=case.pk)
    context = {"case": case, "form": form, "young": young}
    return render(request, "portal/family_account_new.html", context)


@require_http_methods(["GET", "POST"])
@family_required
def entry_detail(request: HttpRequest, case_id: int, entry_id: int) -> HttpResponse:
    case, access = _load(request, case_id, action=AccessAction.VIEW_ENTRY, everything=True)
    entry = entry_for(request.user, case, access, entry_id)
    if request.method == "POST" and not access.is_family:
        raise PermissionDenied("Only the family can comment")
    form = CommentForm(request.POST or None) if access.is_family else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            entry_comment_add(entry=entry, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Thank you. Your comment is on the record.")
            return redirect("portal:entry", case_id=case.pk, entry_id=entry.pk)
    context = {
        "case": case,
        "entry": entry,
        "form": form,
        "can_flag": access.is_family and entry.author_kind != AuthorKind.FAMILY,
    }
    return render(request, "portal/entry.html", context)


@require_http_methods(["GET", "POST"])
@family_required
def correction_new(request: HttpRequest, case_id: int, entry_id: int) -> HttpResponse:
    case, access = _load(request, case_id, action=AccessAction.VIEW_ENTRY, everything=True)
    entry = entry_for(request.user, case, access, entry_id)
    if not access.is_family:
        raise PermissionDenied("Only the family can ask for a change")
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = correction_request_raise(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                "Thank you. We have told your worker. "
                f"They must answer you by {correction.due_on:%-d %B %Y}.",
            )
            return redirect("portal:entry", case_id=case.pk, entry_id=entry.pk)
    return render(
        request, "portal/correction_new.html", {"case": case, "entry": entry, "form": form}
    )


# --- Rights and words ---------------------------------------------------------------------------


@require_GET
@family_required
def rights(request: HttpRequest) -> HttpResponse:
    places = [
        (case, texts.stage_words(case.stage, case.child.display_name))
        for case, access in portal_cases(request.user, path=request.path)
        if _sees_everything(access)
    ]
    return render(request, "portal/rights.html", {"places": places})


@require_GET
@family_required
def words(request: HttpRequest) -> HttpResponse:
    terms = sorted(TERMS, key=lambda term: term.term.lower())
    return render(request, "portal/words.html", {"terms": terms})


# --- Who has looked -----------------------------------------------------------------------------


@require_GET
@family_required
def who_has_looked(request: HttpRequest, case_id: int) -> HttpResponse:
    case, _ = _load(request, case_id, action=AccessAction.VIEW_ACCESS_LOG, everything=True)
    rows = access_log_days_for_case(case, leave_out_roles=FAMILY_ROLES)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    looks = [
        {"sentence": texts.looked_sentence(row), "reason": row["break_glass_reason"]}
        for row in page
    ]
    return render(
        request, "portal/who_has_looked.html", {"case": case, "page": page, "looks": looks}
    )


# --- Supporters ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@family_required
def supporters(request: HttpRequest, case_id: int) -> HttpResponse:
    case, _ = _load(request, case_id, family=True)
    form = SupporterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            supporter_invite(
                case=case,
                invited_by=request.user,
                sign_in_url=request.build_absolute_uri(reverse("accounts:family-sign-in")),
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                f"We have sent {form.cleaned_data['name']} a message to say how to sign in.",
            )
            return redirect("portal:supporters", case_id=case.pk)
    grants = list(supporters_for_case(case))
    for grant in grants:
        grant.scope_words = SCOPE_WORDS.get(SupporterScope(grant.scope), grant.scope)
    context = {"case": case, "form": form, "grants": grants}
    return render(request, "portal/supporters.html", context)


@require_POST
@family_required
def supporter_remove(request: HttpRequest, case_id: int, grant_id: int) -> HttpResponse:
    case, _ = _load(request, case_id, family=True)
    grant = supporter_grant_for_case(case, grant_id)
    try:
        supporter_revoke(grant=grant, by=request.user)
    except ValidationError as error:
        raise PermissionDenied(error.messages[0]) from None
    messages.success(request, f"{grant.user.full_name} cannot see your record now.")
    return redirect("portal:supporters", case_id=case.pk)


# --- Preferences --------------------------------------------------------------------------------

PREFERENCE_FIELDS = list(PreferencesForm.base_fields)


@require_http_methods(["GET", "POST"])
@family_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    person = user.person if user.is_family else None
    if person is None:
        raise Http404("Supporters have no preferences here")
    access_log_record(user=user, action=AccessAction.VIEW_RECORD, person=person, path=request.path)
    initial = {name: getattr(person, name) for name in PREFERENCE_FIELDS}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(person=person, by=user, reason=PREFERENCES_REASON, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Thank you. We have saved your choices.")
            return redirect("portal:preferences")
    return render(request, "portal/preferences.html", {"form": form})
