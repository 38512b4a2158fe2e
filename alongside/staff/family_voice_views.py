"""Staff pages for the family's voice: correction requests the worker must answer in time.

The list shows open requests on the cases the user may change. The answer page
loads the case through ``case_for_user``: another team's case is 404; read-only
access (break-glass) can look at a request but gets 403 on answering.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from alongside.cases.selectors import case_for_user
from alongside.chronology.selectors import correction_for_case, corrections_to_answer
from alongside.chronology.services import correction_request_accept, correction_request_decline
from alongside.core.forms import GovukForm
from alongside.plain.readability import Reading, read
from alongside.staff.decorators import staff_required
from alongside.staff.views import _apply_errors
from alongside.timescales.calendar import add_working_days

DUE_SOON_WORKING_DAYS = 2
FOR_THE_FAMILY = "The family will read this. Use plain words."


class AcceptForm(GovukForm):
    title = forms.CharField(label="Title", max_length=150)
    text = forms.CharField(label="What the entry should say", widget=forms.Textarea({"rows": 8}))
    explanation = forms.CharField(
        label="What you changed, and why",
        widget=forms.Textarea({"rows": 4}),
        help_text=FOR_THE_FAMILY,
        error_messages={"required": "Say what you changed. The family will read it"},
    )


class DeclineForm(GovukForm):
    explanation = forms.CharField(
        label="Why the entry stays as it is",
        widget=forms.Textarea({"rows": 5}),
        help_text=f"{FOR_THE_FAMILY} What the family said stays next to the entry.",
        error_messages={"required": "Explain why. The family will read it"},
    )


@require_GET
@staff_required
def corrections(request: HttpRequest) -> HttpResponse:
    """Open correction requests on cases this user may change, with the reply clock."""
    today = timezone.localdate()
    soon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    waiting = list(corrections_to_answer(request.user)[:200])
    for correction in waiting:
        correction.overdue = correction.due_on < today
        correction.due_soon = not correction.overdue and correction.due_on <= soon
    return render(request, "staff/family_voice/corrections.html", {"waiting": waiting})


@require_http_methods(["GET", "POST"])
@staff_required
def correction_answer(request: HttpRequest, case_id: int, correction_id: int) -> HttpResponse:
    writing = request.method == "POST"
    case, access = case_for_user(request.user, case_id, write=writing, path=request.path)
    correction = correction_for_case(case, correction_id)
    entry = correction.entry
    answering = correction.is_open and access.can_write
    decision = request.POST.get("decision") if writing else None
    accept = AcceptForm(
        request.POST if decision == "accept" else None,
        prefix="accept",
        initial={"title": entry.title, "text": correction.what_it_should_say or entry.text},
    )
    decline = DeclineForm(request.POST if decision == "decline" else None, prefix="decline")
    checking = "check" in request.POST
    if answering and not checking and decision in ("accept", "decline"):
        form = accept if decision == "accept" else decline
        if form.is_valid():
            try:
                if decision == "accept":
                    correction_request_accept(
                        correction=correction, by=request.user, **form.cleaned_data
                    )
                else:
                    correction_request_decline(
                        correction=correction, by=request.user, **form.cleaned_data
                    )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Answer sent. The family can read it now.")
                return redirect("staff:entry", case_id=case.pk, entry_id=entry.pk)
    context = {
        "case": case,
        "access": access,
        "correction": correction,
        "entry": entry,
        "answering": answering,
        "accept": accept,
        "decline": decline,
        "overdue": correction.is_open and correction.due_on < timezone.localdate(),
        "accept_reading": _reading_of(accept, "text", "explanation"),
        "decline_reading": _reading_of(decline, "explanation"),
    }
    return render(request, "staff/family_voice/correction_answer.html", context)


def _reading_of(form: GovukForm, *fields: str) -> Reading | None:
    """The reading score of what the family will read in the form, as typed (or as first filled)."""
    if form.is_bound:
        parts = [form.data.get(form.add_prefix(name), "") for name in fields]
    else:
        parts = [str(form.initial.get(name, "")) for name in fields]
    text = "\n\n".join(part for part in parts if part.strip())
    return read(text) if text else None
