"""Statutory returns for the data team: the CIN census, its problems, its files.

Only the data team sees these pages; everyone else gets 404. The problems page
names children by case reference and council id (the census carries no names) and
opens each record through the one policy: a case the data team member may not read
is offered through break-glass, with its reason and its log.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from alongside import policy
from alongside.accounts.models import Role
from alongside.cases.models import Case
from alongside.returns.census import FIRST_YEAR, collection_year_for
from alongside.returns.checks import RULES, Problem
from alongside.returns.models import Collection, ReturnExport
from alongside.returns.selectors import census_check, open_years
from alongside.returns.services import cin_census_export_request, return_download_record
from alongside.staff.decorators import role_required


def _years() -> list[int]:
    return list(range(collection_year_for(timezone.localdate()), FIRST_YEAR - 1, -1))


def _label(year: int) -> str:
    return f"{year - 1} to {year} (ending 31 March {year})"


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Collection year", coerce=int)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].choices = [(y, _label(y)) for y in _years()]  # type: ignore[attr-defined]


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return int(form.cleaned_data["year"])
    return open_years(timezone.localdate())[-1]


@require_http_methods(["GET", "POST"])
@role_required(Role.DATA_TEAM)
def cin_census(request: HttpRequest) -> HttpResponse:
    """Build and download the return; see what would fail, rule by rule."""
    if request.method == "POST":
        form = YearForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["year"][0])
            year = int(form.cleaned_data["year"])
            cin_census_export_request(year=year, by=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("staff:returns-cin-census")
        messages.success(request, f"The census for {_label(year)} is being built")
        return redirect(f"{reverse('staff:returns-cin-census')}?year={year}")
    year = _year(request)
    exports = (
        ReturnExport.objects.filter(collection=Collection.CIN)
        .select_related("created_by")
        .annotate(download_count=Count("downloads"))[:20]
    )
    context = {
        "year": year,
        "label": _label(year),
        "form": YearForm(initial={"year": year}),
        "check": census_check(year),
        "exports": exports,
    }
    return render(request, "staff/returns/cin_census.html", context)


def _record_links(request: HttpRequest, problems: list[Problem]) -> dict[int, str | None]:
    """Where each case opens: its record if the policy lets this user read it, else
    break-glass; ``None`` for a restricted case this user is not listed on, which is
    never offered and not named (break-glass is never offered for one)."""
    ids = {p.case_id for p in problems}
    visible = set(
        policy.cases_visible_to(request.user).filter(id__in=ids).values_list("id", flat=True)
    )
    restricted = set(
        Case.objects.filter(id__in=ids - visible, is_restricted=True).values_list("id", flat=True)
    )
    glass = reverse("staff:break-glass")
    links: dict[int, str | None] = {}
    for p in problems:
        if p.case_id in visible:
            links[p.case_id] = reverse("staff:case", args=[p.case_id])
        elif p.case_id in restricted:
            links[p.case_id] = None
        else:
            links[p.case_id] = f"{glass}?reference={p.case_reference}"
    return links


@require_GET
@role_required(Role.DATA_TEAM)
def cin_census_rule(request: HttpRequest, code: str) -> HttpResponse:
    """Every record failing one rule, with a way to open each child."""
    rule = RULES.get(code)
    if rule is None:
        raise Http404("No such rule")
    year = _year(request)
    problems = [p for p in census_check(year).problems if p.code == code]
    links = _record_links(request, problems)
    rows = [(p, links[p.case_id]) for p in problems]
    context = {"rule": rule, "year": year, "label": _label(year), "rows": rows}
    return render(request, "staff/returns/cin_census_rule.html", context)


@require_GET
@role_required(Role.DATA_TEAM)
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    export = get_object_or_404(ReturnExport, pk=export_id)
    try:
        return_download_record(export=export, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        raise Http404("This return has not been built") from error
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type="application/xml",
    )
