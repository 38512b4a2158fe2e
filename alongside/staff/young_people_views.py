"""Staff pages for a young person's own voice: their messages to their worker, and
sharing what they kept private from their parents (only with a reason they are told).

Every page loads the case through ``case_for_user``: another team's case is 404, and
read-only access (break-glass, a chair) can read but gets 403 on changing anything.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside import policy
from alongside.audit.models import AccessAction
from alongside.cases.selectors import case_for_user
from alongside.chronology.selectors import entry_for
from alongside.chronology.young_person import (
    entry_share,
    young_message_for_case,
    young_person_message_answer,
)
from alongside.core.forms import GovukForm
from alongside.staff.decorators import staff_required
from alongside.staff.views import _apply_errors


class ShareForm(GovukForm):
    reason = forms.CharField(
        label="Why are you sharing this with the family?",
        widget=forms.Textarea({"rows": 4}),
        max_length=2000,
        help_text="The young person will be told it was shared, and will read your reason.",
        error_messages={"required": "Say why you are sharing this with the family"},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def entry_share_view(request: HttpRequest, case_id: int, entry_id: int) -> HttpResponse:
    writing = request.method == "POST"
    case, access = case_for_user(
        request.user, case_id, write=writing, action=AccessAction.VIEW_ENTRY, path=request.path
    )
    entry = entry_for(request.user, case, access, entry_id)
    form = ShareForm(request.POST or None)
    if writing and form.is_valid():
        try:
            entry_share(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Shared with the family. The young person has been told.")
            return redirect("staff:entry", case_id=case.pk, entry_id=entry.pk)
    context = {
        "case": case,
        "entry": entry,
        "form": form,
        "can_share": policy.can_share_private_entry(request.user, entry, access),
    }
    return render(request, "staff/young_people/entry_share.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def young_message(request: HttpRequest, case_id: int, message_id: int) -> HttpResponse:
    writing = request.method == "POST"
    case, access = case_for_user(
        request.user, case_id, write=writing, action=AccessAction.VIEW_ENTRY, path=request.path
    )
    message = young_message_for_case(case, message_id)
    if writing:
        try:
            young_person_message_answer(message=message, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Marked as answered. It has left My work.")
        return redirect("staff:my-work")
    context = {"case": case, "access": access, "message": message, "entry": message.entry}
    return render(request, "staff/young_people/message.html", context)
