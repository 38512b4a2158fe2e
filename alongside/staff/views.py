"""Staff pages: my work, the child's record, the chronology, the access log."""

from __future__ import annotations

import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import match_token

from alongside import policy
from alongside.accounts.middleware import unsent_form
from alongside.accounts.models import Role
from alongside.accounts.views import MFA_AT
from alongside.audit.models import AccessAction
from alongside.audit.selectors import access_log_for_case
from alongside.cases.models import BreakGlass, Case
from alongside.cases.selectors import case_for_user, my_cases
from alongside.cases.services import break_glass_open
from alongside.chronology.models import Attachment, Kind
from alongside.chronology.selectors import chronology_page, draft_for, entry_for
from alongside.chronology.services import (
    entry_create,
    entry_draft_save,
    entry_history,
    entry_update,
)
from alongside.chronology.young_person import young_messages_waiting
from alongside.journey.deadlines import deadlines_for_cases
from alongside.messaging.selectors import outbox as outbox_messages
from alongside.people.models import Person
from alongside.people.search import people_search
from alongside.people.selectors import network_of, people_named
from alongside.people.services import person_merge, person_update
from alongside.staff.decorators import role_required, staff_required
from alongside.staff.forms import (
    BreakGlassForm,
    EntryEditForm,
    EntryForm,
    PersonForm,
    PersonMergeForm,
    PersonSearchForm,
    SearchForm,
)
from alongside.workforce.selectors import case_types_for, workers_in_last_12_months
from alongside.workforce.worklist import due_items


def start(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "is_family", False):
        return redirect("portal:home")
    return redirect("staff:my-work")


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def _apply_errors(form: object, error: ValidationError) -> None:
    fields = getattr(form, "fields", {})
    for field, errors in (
        error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    ):
        for message in errors:
            form.add_error(field if field in fields else None, message)  # type: ignore[attr-defined]


@require_GET
@staff_required
def my_work(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET)
    query = search.data.get("q", "").strip()
    if query:
        # Children found by name through the names' trigram index, then kept only if the
        # policy lets this person open the case; a case reference is looked up on its own
        # so the name search stays one condition PostgreSQL can start from.
        matches = Q(child_id__in=people_named(query).values("id"))
        by_reference = list(
            Case.objects.filter(reference__iexact=query).values_list("pk", flat=True)[:1]
        )
        if by_reference:
            matches |= Q(pk__in=by_reference)
        cases = policy.cases_visible_to(request.user).filter(matches)
    else:
        cases = my_cases(request.user)
    cases = list(
        cases.select_related("child", "worker", "team").order_by("child__last_name", "id")[:100]
    )
    due = deadlines_for_cases(cases)
    for case in cases:
        case.deadlines = due[case.pk]
        case.overdue = sum(1 for d in due[case.pk] if d.status == "overdue")
    context = {
        "cases": cases,
        "due": [] if query else due_items(cases, deadlines=due),
        "search": search,
        "query": query,
        "young_messages": [] if query else list(young_messages_waiting(request.user)[:50]),
    }
    return render(request, "staff/my_work.html", context)


@require_GET
@staff_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    action = (
        AccessAction.SEARCH_RESULT
        if request.GET.get("from") == "search"
        else AccessAction.VIEW_RECORD
    )
    case, access = case_for_user(request.user, case_id, action=action, path=request.path)
    context = {
        "case": case,
        "access": access,
        "child": case.child,
        "network": network_of(case.child),
        "allocations": case.allocations.select_related("worker", "team")[:10],
        "workers_in_12_months": workers_in_last_12_months(case),
        "case_types": case_types_for([case.pk]).get(case.pk, []),
        "tab": "summary",
    }
    return render(request, "staff/case_detail.html", context)


@require_GET
@staff_required
def chronology(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(
        request.user, case_id, action=AccessAction.VIEW_CHRONOLOGY, path=request.path
    )
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    text = request.GET.get("q", "")[:100]
    page = chronology_page(
        request.user, case, access, request.GET.get("page"), per_page=50, kind=kind, text=text
    )
    context = {
        "case": case,
        "access": access,
        "page": page,
        "kinds": Kind.choices,
        "kind": kind,
        "q": text,
        "tab": "chronology",
    }
    return render(request, "staff/chronology.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def entry_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, write=True, path=request.path)
    draft = draft_for(request.user, case)
    initial = (
        {"draft": draft.pk, "title": draft.title, "text": draft.text, "kind": draft.kind}
        if draft
        else {}
    )
    unsent = unsent_form(request) if request.method == "GET" else None
    if unsent is not None:
        messages.warning(
            request,
            "You were signed out before this was saved. What you typed is below: "
            "check it and save it.",
        )
    form = EntryForm(
        request.POST if request.method == "POST" else unsent, request.FILES or None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = entry_create(
                case=case,
                by=request.user,
                kind=Kind(data["kind"]),
                occurred_at=form.occurred_at(),
                title=data["title"],
                text=data["text"],
                audience=data["audience"],
                withheld_reason=data["withheld_reason"] or "",
                agency=data.get("agency") or "",
                attachments=[data["attachment"]] if data.get("attachment") else [],
                draft=draft if draft and data.get("draft") == draft.pk else None,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Entry added: {entry.title}")
            return redirect("staff:chronology", case_id=case.pk)
    return render(
        request,
        "staff/entry_new.html",
        {"case": case, "access": access, "form": form, "draft": draft},
    )


@require_POST
@staff_required
def entry_autosave(request: HttpRequest, case_id: int) -> HttpResponse:
    """htmx: keep what has been typed so far as a draft only the author can see."""
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    draft = draft_for(request.user, case)
    if not (request.POST.get("title", "").strip() or request.POST.get("text", "").strip()):
        return render(request, "staff/_draft_status.html", {"draft": draft, "saved": False})
    draft = entry_draft_save(
        case=case,
        by=request.user,
        draft=draft,
        kind=request.POST.get("kind", ""),
        title=request.POST.get("title", ""),
        text=request.POST.get("text", ""),
    )
    return render(request, "staff/_draft_status.html", {"draft": draft, "saved": True})


@require_GET
@staff_required
def entry_detail(request: HttpRequest, case_id: int, entry_id: int) -> HttpResponse:
    case, access = case_for_user(
        request.user, case_id, action=AccessAction.VIEW_ENTRY, path=request.path
    )
    entry = entry_for(request.user, case, access, entry_id)
    context = {"case": case, "access": access, "entry": entry, "history": entry_history(entry)}
    return render(request, "staff/entry_detail.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def entry_edit(request: HttpRequest, case_id: int, entry_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, write=True, path=request.path)
    entry = entry_for(request.user, case, access, entry_id)
    initial = {
        "title": entry.title,
        "text": entry.text,
        "audience": entry.audience,
        "withheld_reason": entry.withheld_reason,
    }
    form = EntryEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry_update(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Entry changed. The earlier version is kept.")
            return redirect("staff:entry", case_id=case.pk, entry_id=entry.pk)
    return render(request, "staff/entry_edit.html", {"case": case, "entry": entry, "form": form})


@require_GET
@staff_required
def attachment_download(request: HttpRequest, case_id: int, attachment_id: int) -> FileResponse:
    case, access = case_for_user(
        request.user, case_id, action=AccessAction.DOWNLOAD, path=request.path
    )
    attachment = Attachment.objects.filter(
        pk=attachment_id, entry__case=case, archived_at__isnull=True
    ).first()
    if attachment is None or not policy.can_read_entry(request.user, attachment.entry, access):
        raise Http404("No such file")
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )


@require_GET
@staff_required
def access_log(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(
        request.user, case_id, action=AccessAction.VIEW_ACCESS_LOG, path=request.path
    )
    page = Paginator(access_log_for_case(case), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/access_log.html",
        {"case": case, "access": access, "page": page, "tab": "access"},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def child_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, write=True, path=request.path)
    child = case.child
    fields = [name for name in PersonForm.base_fields if name != "reason"]
    form = PersonForm(request.POST or None, initial={name: getattr(child, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            person_update(person=child, by=request.user, reason=reason, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Record updated")
            return redirect("staff:case", case_id=case.pk)
    return render(request, "staff/child_edit.html", {"case": case, "access": access, "form": form})


@require_http_methods(["GET", "POST"])
@staff_required
def break_glass(request: HttpRequest) -> HttpResponse:
    form = BreakGlassForm(
        request.POST or None, initial={"reference": request.GET.get("reference", "")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = Case.objects.filter(reference__iexact=data["reference"].strip()).first()
        mfa_at = timezone.now() if match_token(request.user, data["code"]) is not None else None
        if mfa_at is not None:
            request.session[MFA_AT] = time.time()
        try:
            if case is None or not policy.can_break_glass(request.user, case):
                raise ValidationError(
                    {"reference": "You cannot open a case with this reference this way"}
                )
            break_glass_open(
                user=request.user,
                case=case,
                reason_kind=data["reason_kind"],
                reason=data["reason"],
                mfa_at=mfa_at,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("staff:case", case_id=case.pk)
    return render(request, "staff/break_glass.html", {"form": form})


@require_GET
@role_required(Role.TEAM_MANAGER)
def team_break_glass(request: HttpRequest) -> HttpResponse:
    team_ids = set(request.user.managed_teams.values_list("id", flat=True)) | {request.user.team_id}
    grants = BreakGlass.objects.filter(case__team_id__in=team_ids).select_related(
        "user", "user__team", "case", "case__child"
    )[:200]
    return render(request, "staff/team_break_glass.html", {"grants": grants})


@require_GET
@role_required(Role.ADMIN)
def outbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(outbox_messages(), 50).get_page(request.GET.get("page"))
    return render(request, "staff/outbox.html", {"page": page})


@require_GET
@staff_required
def person_search(request: HttpRequest) -> HttpResponse:
    """Front door: look for the person before anyone new is recorded."""
    form = PersonSearchForm(request.GET if request.GET else None)
    matches: list = []
    cases_by_child: dict[int, list[Case]] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        matches = people_search(
            name=data["name"],
            date_of_birth=data["date_of_birth"],
            postcode=data["postcode"],
            identifier=data["identifier"],
            hidden_ids=policy.people_hidden_from(request.user),
        )
        children = [m.person.pk for m in matches]
        visible = set(
            policy.cases_visible_to(request.user)
            .filter(child_id__in=children)
            .values_list("id", flat=True)
        )
        for case in Case.objects.filter(child_id__in=children, is_restricted=False).select_related(
            "team"
        ):
            case.visible_to_me = case.pk in visible
            cases_by_child.setdefault(case.child_id, []).append(case)
    for match in matches:
        match.cases = cases_by_child.get(match.person.pk, [])
    return render(request, "staff/person_search.html", {"form": form, "matches": matches})


@require_http_methods(["GET", "POST"])
@role_required(Role.TEAM_MANAGER)
def person_merge_view(request: HttpRequest) -> HttpResponse:
    """A manager folds a duplicate record into the one kept; every history is kept."""
    form = PersonMergeForm(request.POST or None, initial={"keep": request.GET.get("keep", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hidden = policy.people_hidden_from(request.user)
        found = {
            p.council_id: p
            for p in Person.objects.filter(
                council_id__in=[data["keep"].strip().upper(), data["duplicate"].strip().upper()],
                archived_at__isnull=True,
            ).exclude(id__in=hidden)
        }
        keep, duplicate = (
            found.get(data["keep"].strip().upper()),
            found.get(data["duplicate"].strip().upper()),
        )
        try:
            if keep is None or duplicate is None:
                raise ValidationError({"keep": "Enter the council ids of two current records"})
            person_merge(keep=keep, duplicate=duplicate, by=request.user, reason=data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{duplicate.council_id} is merged into {keep.council_id}")
            return redirect("staff:person-search")
    return render(request, "staff/person_merge.html", {"form": form})
