"""The child's "Family and network" tab: who is in the child's life, adding someone
(found by the front door's own search first, so nobody is recorded twice), ending a
relationship, and giving or stopping a family portal sign-in.

Only staff who may change the case see these pages; anyone else gets 404, as for any
case they may not open. Every page load is an access-log row (``case_for_user``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from alongside import policy
from alongside.cases.models import Case, FamilyAccess
from alongside.cases.portal_access import (
    portal_access_current,
    portal_access_ended,
    portal_access_give,
    portal_role_for,
)
from alongside.cases.restriction import may_manage_restriction
from alongside.cases.selectors import case_for_user
from alongside.cases.services import family_access_revoke
from alongside.people.models import Person, Relationship
from alongside.people.network import (
    child_network,
    network_member_add,
    network_person_create,
    relationship_end,
)
from alongside.people.search import people_search
from alongside.staff.decorators import staff_required
from alongside.staff.forms import PersonSearchForm
from alongside.staff.network_forms import (
    EndForm,
    NetworkPersonForm,
    PortalForm,
    RelationshipForm,
    StopForm,
)
from alongside.staff.views import _apply_errors


def _writable_case(request: HttpRequest, case_id: int) -> tuple[Case, policy.CaseAccess]:
    """The case for staff who may change it; 404 for everyone else, read-only staff too."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None or not policy.case_access(request.user, case).can_write:
        raise Http404("No such case")
    return case_for_user(request.user, case_id, write=request.method == "POST", path=request.path)


def _network_url(case: Case) -> str:
    return reverse("staff:network", kwargs={"case_id": case.pk})


def _person_in_reach(request: HttpRequest, person_id: int) -> Person:
    """A current record this user may know exists (not the child of a case hidden from them)."""
    hidden = policy.people_hidden_from(request.user)
    if person_id in hidden:
        raise Http404("No such person")
    return get_object_or_404(Person, pk=person_id, archived_at__isnull=True)


@require_http_methods(["GET"])
@staff_required
def network(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _writable_case(request, case_id)
    current, ended = child_network(case.child)
    grants = portal_access_current(case)
    people: dict[int, Person] = {case.child.pk: case.child}
    for link in current:
        people.setdefault(link.other.pk, link.other)
    portal = [
        {"person": p, "grant": grants.get(pk), "can_have": portal_role_for(case, p) is not None}
        for pk, p in people.items()
    ]
    context = {
        "case": case,
        "access": access,
        "tab": "network",
        "current": current,
        "ended": ended,
        "portal": portal,
        "with_access": [row for row in portal if row["grant"] is not None],
        "portal_ended": portal_access_ended(case),
        "can_restrict": may_manage_restriction(request.user, case),  # type: ignore[arg-type]
    }
    return render(request, "staff/network/network.html", context)


@require_http_methods(["GET"])
@staff_required
def network_find(request: HttpRequest, case_id: int) -> HttpResponse:
    """Step one of adding someone: search the council's records first."""
    case, access = _writable_case(request, case_id)
    form = PersonSearchForm(request.GET if request.GET else None)
    matches: list = []
    typed = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        matches = people_search(
            name=data["name"],
            date_of_birth=data["date_of_birth"],
            postcode=data["postcode"],
            identifier=data["identifier"],
            hidden_ids=policy.people_hidden_from(request.user) | {case.child_id},
        )
        in_network = {link.other.pk for link in child_network(case.child)[0]}
        for match in matches:
            match.in_network = match.person.pk in in_network
        keep = {k: v for k, v in request.GET.items() if k in _KEPT and v}
        typed = urlencode(keep)
    context = {"case": case, "access": access, "form": form, "matches": matches, "typed": typed}
    return render(request, "staff/network/find.html", context)


_KEPT = (
    "name",
    "postcode",
    "date_of_birth_day",
    "date_of_birth_month",
    "date_of_birth_year",
)


@require_http_methods(["GET", "POST"])
@staff_required
def network_add(request: HttpRequest, case_id: int, person_id: int) -> HttpResponse:
    """Step two for someone already recorded: how they are related to the child."""
    case, access = _writable_case(request, case_id)
    person = _person_in_reach(request, person_id)
    form = RelationshipForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            network_member_add(
                child=case.child, person=person, by=request.user, **form.relationship_values()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{person.display_name} is now in the network")
            return redirect(_network_url(case))
    context = {"case": case, "access": access, "form": form, "person": person}
    return render(request, "staff/network/add.html", context)


def _typed_initial(request: HttpRequest) -> dict[str, object]:
    """What was typed into the search, to start the new person's form with."""
    name = " ".join(request.GET.get("name", "").split())
    parts = name.rsplit(" ", 1)
    initial: dict[str, object] = {"first_language": "English"}
    if len(parts) == 2:
        initial.update(first_names=parts[0], last_name=parts[1])
    elif name:
        initial["last_name"] = name
    if request.GET.get("postcode"):
        initial["postcode"] = request.GET["postcode"].strip().upper()
    day, month, year = (
        request.GET.get(f"date_of_birth_{part}", "") for part in ("day", "month", "year")
    )
    if day or month or year:
        initial["date_of_birth"] = [day, month, year]
    return initial


@require_http_methods(["GET", "POST"])
@staff_required
def network_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """Step two for someone nobody has recorded: their details and how they are related."""
    case, access = _writable_case(request, case_id)
    form = NetworkPersonForm(
        request.POST if request.method == "POST" else None, initial=_typed_initial(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            relationship = network_person_create(
                child=case.child,
                by=request.user,
                person_fields=form.person_values(),
                **form.relationship_values(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            name = relationship.from_person.display_name
            messages.success(request, f"{name} is recorded and now in the network")
            return redirect(_network_url(case))
    context = {"case": case, "access": access, "form": form}
    return render(request, "staff/network/new.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def network_end(request: HttpRequest, case_id: int, relationship_id: int) -> HttpResponse:
    case, access = _writable_case(request, case_id)
    relationship = get_object_or_404(
        Relationship.objects.select_related("from_person", "to_person"),
        pk=relationship_id,
        ended_on__isnull=True,
    )
    if case.child_id not in (relationship.from_person_id, relationship.to_person_id):
        raise Http404("No such relationship")
    form = EndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            relationship_end(
                relationship=relationship,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "The relationship is ended. It stays on the record.")
            return redirect(_network_url(case))
    context = {"case": case, "access": access, "form": form, "relationship": relationship}
    return render(request, "staff/network/end.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def portal_give(request: HttpRequest, case_id: int, person_id: int) -> HttpResponse:
    case, access = _writable_case(request, case_id)
    person = _person_in_reach(request, person_id)
    in_network = (
        person.pk == case.child_id
        or Relationship.objects.filter(
            from_person=person, to_person_id=case.child_id, ended_on__isnull=True
        ).exists()
    )
    if not in_network:
        raise Http404("Not in this child's network")
    # Their sign-in address if they have an account (a phone-only account's email is
    # a made-up name, never shown), else what their record holds; staff may change it.
    account = getattr(person, "account", None)
    address = ""
    if account is not None:
        address = account.phone if account.email.endswith(".invalid") else account.email
    initial = {"email_or_phone": address or person.email or person.phone}
    form = PortalForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            portal_access_give(
                case=case,
                person=person,
                email_or_phone=form.cleaned_data["email_or_phone"],
                by=request.user,
                sign_in_url=request.build_absolute_uri(reverse("accounts:family-sign-in")),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, f"{person.display_name} can now sign in. We have sent them how."
            )
            return redirect(_network_url(case))
    context = {"case": case, "access": access, "form": form, "person": person}
    return render(request, "staff/network/portal_give.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def portal_stop(request: HttpRequest, case_id: int, grant_id: int) -> HttpResponse:
    case, access = _writable_case(request, case_id)
    grant = get_object_or_404(
        FamilyAccess.objects.select_related("person"),
        pk=grant_id,
        case=case,
        revoked_at__isnull=True,
    )
    form = StopForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        family_access_revoke(grant=grant, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, f"{grant.person.display_name} can no longer see this case")
        return redirect(_network_url(case))
    context = {"case": case, "access": access, "form": form, "grant": grant}
    return render(request, "staff/network/portal_stop.html", context)
