"""Staff pages for meetings: plan one, invite, send letters, draft and share the report,
record the meeting and share the minutes. The meeting page is also the chair's view:
for each invitee, whether and when they had the report, and whether it was late.

Every page loads the case through ``case_for_user``: another team's case is 404 and
read-only access (a chair, break-glass) is 403 on every form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.cases.models import Case
from alongside.cases.selectors import case_for_user
from alongside.chronology.young_person import meeting_words_for_meeting
from alongside.documents.easy_read import long_lines
from alongside.fgc.services import pre_proceedings_check
from alongside.meetings import services
from alongside.meetings.models import Meeting, Report, ReportVersion, VersionKind
from alongside.meetings.selectors import (
    meeting_for_case,
    meetings_for_case,
    minutes_due_on,
    minutes_late,
    receipts,
    report_due_on,
    report_late,
    translations,
    wants_easy_read,
)
from alongside.plain.readability import read
from alongside.plans.services import commitment_create
from alongside.staff.decorators import staff_required
from alongside.staff.form_page import form_page
from alongside.staff.meetings_forms import (
    EasyReadForm,
    InviteForm,
    MeetingForm,
    MinutesForm,
    RecordForm,
    ReportForm,
    TranslationForm,
)
from alongside.staff.plans_views import _form as commitment_form
from alongside.staff.views import _apply_errors


def _form_page(
    request: HttpRequest,
    case: Case,
    form: Any,
    save: Callable[[dict[str, Any]], object],
    *,
    title: str,
    button: str,
    done: str,
    meeting: Meeting | None = None,
    family_text: str | None = None,
) -> HttpResponse:
    """``family_text`` names the field the family will read: its reading score is shown
    with the text as typed, and "Check the reading" shows it again without saving."""
    checking = family_text is not None and "check" in request.POST

    def success(saved: object) -> HttpResponse:
        target = meeting or saved
        return redirect("staff:meeting", case_id=case.pk, meeting_id=target.pk)  # type: ignore[union-attr]

    context: dict[str, Any] = {"case": case, "title": title, "button": button, "meeting": meeting}
    if family_text is not None:
        typed = form.data.get(family_text, "") if form.is_bound else ""
        context["check_reading"] = True
        context["reading"] = read(typed) if typed.strip() else None
    return form_page(
        request,
        form,
        save,
        done=done,
        success=success,
        template="staff/meetings/form.html",
        context=context,
        hold=checking,
    )


@require_GET
@staff_required
def meetings(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    rows = [(m, report_due_on(m), report_late(m)) for m in meetings_for_case(case)]
    context = {"case": case, "access": access, "tab": "meetings", "rows": rows}
    return render(request, "staff/meetings/list.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def meeting_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)

    def schedule(data: dict[str, Any]) -> Meeting:
        pre_proceedings_check(case=case, kind=data["kind"])
        return services.meeting_schedule(case=case, by=request.user, **data)

    return _form_page(
        request,
        case,
        MeetingForm(request.POST or None, case=case),
        schedule,
        title="Plan a meeting",
        button="Plan the meeting",
        done="Meeting planned. Now invite people.",
    )


@require_GET
@staff_required
def meeting(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    found = meeting_for_case(case, meeting_id)
    report = getattr(found, "report", None)
    context = {
        "case": case,
        "access": access,
        "tab": "meetings",
        "meeting": found,
        "report": report,
        "receipts": receipts(found),
        "report_due_on": report_due_on(found),
        "report_late": report_late(found),
        "minutes_due_on": minutes_due_on(found),
        "minutes_late": minutes_late(found),
        "unsent": [i for i in found.invitations.all() if i.letter_sent_at is None],
        "translations": translations(found),
        "young_words": meeting_words_for_meeting(found),
        "actions": found.commitments.select_related("owner_user", "owner_person").order_by(
            "due_on", "id"
        ),
    }
    return render(request, "staff/meetings/meeting.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def action_new(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    """One step from a meeting: what someone there said they would do, and by when."""
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    found = meeting_for_case(case, meeting_id)
    form = commitment_form(request, case, {})
    del form.fields["source"]
    if request.method == "POST" and form.is_valid():
        try:
            made = commitment_create(case=case, by=request.user, meeting=found, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Added to the plan: {made.title}")
            return redirect("staff:meeting", case_id=case.pk, meeting_id=found.pk)
    context = {"case": case, "form": form, "meeting": found}
    return render(request, "staff/plans/commitment_new.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def invite(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    found = meeting_for_case(case, meeting_id)
    return _form_page(
        request,
        case,
        InviteForm(request.POST or None, case=case),
        lambda data: services.invitation_add(meeting=found, by=request.user, **data),
        title="Invite someone",
        button="Add to the invitations",
        done="Added. Check the letters before you send them.",
        meeting=found,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def letters(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    """Each letter as it will be sent, with its reading score and the terms it uses."""
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    found = meeting_for_case(case, meeting_id)
    if request.method == "POST":
        sent = services.letters_send(meeting=found, by=request.user)
        messages.success(request, f"Letters sent: {len(sent)}.")
        return redirect("staff:meeting", case_id=case.pk, meeting_id=found.pk)
    drafts = []
    for invitation in found.invitations.all():
        text = invitation.letter_text or services.letter_for(found, invitation)
        easy = services.easy_read_letter_for(found, invitation)
        reading = read(text) if invitation.is_family_side else None
        drafts.append((invitation, text, reading, easy, read(easy) if easy else None))
    context = {"case": case, "meeting": found, "drafts": drafts}
    return render(request, "staff/meetings/letters.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def letter_easy_read(
    request: HttpRequest, case_id: int, meeting_id: int, invitation_id: int
) -> HttpResponse:
    """Check and edit the easy-read letter for someone who reads easy read, before it is sent."""
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    found = meeting_for_case(case, meeting_id)
    invitation = next((i for i in found.invitations.all() if i.pk == invitation_id), None)
    current = services.easy_read_letter_for(found, invitation) if invitation else ""
    if invitation is None or not current:
        raise Http404("No easy-read letter for them")
    form = EasyReadForm(request.POST or None, initial={"text": current})
    form.fields["text"].label = "The easy-read letter"
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_easy_read_edit(
                invitation=invitation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Easy-read letter saved.")
            return redirect("staff:meeting-letters", case_id=case.pk, meeting_id=found.pk)
    text = form.data.get("text", current) if form.is_bound else current
    context = {
        "case": case,
        "meeting": found,
        "form": form,
        "heading": f"Easy-read letter to {invitation.display_name}",
        "shared_at": invitation.letter_sent_at,
        "back_url": reverse("staff:meeting-letters", args=[case.pk, found.pk]),
        "back_words": "Back to the letters",
        "made_from": "their letter",
        "reading": read(text),
        "long_lines": long_lines(text),
    }
    return render(request, "staff/meetings/easy_read.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def report(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    found = meeting_for_case(case, meeting_id)
    existing: Report | None = getattr(found, "report", None)
    if existing is None:
        if request.method == "POST":
            services.report_draft(meeting=found, by=request.user)
            messages.success(request, "Report drafted from the record. Edit it, then share it.")
            return redirect("staff:meeting-report", case_id=case.pk, meeting_id=found.pk)
        return render(request, "staff/meetings/report_draft.html", {"case": case, "meeting": found})
    initial = {
        "family_text": existing.family_text,
        "professionals_text": existing.professionals_text,
    }
    form = ReportForm(request.POST or None, initial=initial)
    if existing.shares.exists():
        form.fields["family_text"].disabled = True
        form.fields["family_text"].help_text = "Shared with the family, so it cannot change now."
    if request.method == "POST" and form.is_valid():
        try:
            services.report_edit(report=existing, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Report saved.")
            return redirect("staff:meeting-report", case_id=case.pk, meeting_id=found.pk)
    context = {"case": case, "meeting": found, "report": existing, "form": form}
    context["reading"] = read(existing.family_text)
    context["due_on"] = report_due_on(found)
    context["easy"] = _easy_read_copy(existing)
    context["easy_readers"] = [
        i for i in found.invitations.all() if i.is_family_side and wants_easy_read(i)
    ]
    context["translations"] = translations(found)
    return render(request, "staff/meetings/report.html", context)


@require_POST
@staff_required
def report_share(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    found = meeting_for_case(case, meeting_id)
    existing: Report | None = getattr(found, "report", None)
    if existing is None:
        messages.error(request, "Draft the report first.")
        return redirect("staff:meeting-report", case_id=case.pk, meeting_id=found.pk)
    try:
        shared = services.report_share(report=existing, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff:meeting-report", case_id=case.pk, meeting_id=found.pk)
    messages.success(request, f"Report shared with {len(shared)} people.")
    return redirect("staff:meeting", case_id=case.pk, meeting_id=found.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def record(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    found = meeting_for_case(case, meeting_id)
    return _form_page(
        request,
        case,
        RecordForm(request.POST or None, meeting=found),
        lambda data: services.meeting_record(meeting=found, by=request.user, **data),
        title="Record the meeting",
        button="Save",
        done="Meeting recorded on the chronology.",
        meeting=found,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def minutes(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    found = meeting_for_case(case, meeting_id)
    return _form_page(
        request,
        case,
        MinutesForm(request.POST or None),
        lambda data: services.minutes_share(meeting=found, by=request.user, **data),
        title="Share the minutes",
        button="Share the minutes with the family",
        done="Minutes shared.",
        meeting=found,
        family_text="minutes",
    )


def _easy_read_copy(report: Report) -> ReportVersion | None:
    return next((v for v in report.versions.all() if v.kind == VersionKind.EASY_READ), None)


def _report_of(meeting: Meeting) -> Report:
    existing: Report | None = getattr(meeting, "report", None)
    if existing is None:
        raise Http404("No report yet")
    return existing


@require_http_methods(["GET", "POST"])
@staff_required
def report_easy_read(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    """Make the easy-read copy from the report, then check and edit it until it is shared."""
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    found = meeting_for_case(case, meeting_id)
    existing = _report_of(found)
    version = _easy_read_copy(existing)
    if version is None:
        if request.method == "POST":
            services.report_easy_read_make(report=existing, by=request.user)
            messages.success(request, "Easy-read copy made. Check every line.")
            return redirect("staff:meeting-easy-read", case_id=case.pk, meeting_id=found.pk)
        return redirect("staff:meeting-report", case_id=case.pk, meeting_id=found.pk)
    form = EasyReadForm(request.POST or None, initial={"text": version.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_version_edit(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Easy-read copy saved.")
            return redirect("staff:meeting-easy-read", case_id=case.pk, meeting_id=found.pk)
    text = form.data.get("text", version.text) if form.is_bound else version.text
    context = {
        "case": case,
        "meeting": found,
        "form": form,
        "heading": "Easy-read copy of the report",
        "shared_at": version.ready_at,
        "back_url": reverse("staff:meeting-report", args=[case.pk, found.pk]),
        "back_words": "Back to the report",
        "made_from": "the report",
        "reading": read(text),
        "long_lines": long_lines(text),
    }
    return render(request, "staff/meetings/easy_read.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def report_translation(
    request: HttpRequest, case_id: int, meeting_id: int, version_id: int | None = None
) -> HttpResponse:
    """Record a translation of the family's copy, or correct it until it is shared."""
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    found = meeting_for_case(case, meeting_id)
    existing = _report_of(found)
    version = None
    if version_id is not None:
        version = next(
            (
                v
                for v in existing.versions.all()
                if v.pk == version_id and v.kind == VersionKind.TRANSLATION
            ),
            None,
        )
        if version is None:
            raise Http404("No such translation")
    initial = (
        {"language": version.language, "translated_by": version.translated_by, "text": version.text}
        if version
        else {"language": request.GET.get("language", "")}
    )
    form = TranslationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_translation_record(
                report=existing, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Translation saved. Share it when it is ready.")
            return redirect("staff:meeting-report", case_id=case.pk, meeting_id=found.pk)
    context = {
        "case": case,
        "meeting": found,
        "version": version,
        "form": form,
        "due_on": report_due_on(found),
    }
    return render(request, "staff/meetings/translation.html", context)


@require_POST
@staff_required
def report_translation_share(
    request: HttpRequest, case_id: int, meeting_id: int, version_id: int
) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    found = meeting_for_case(case, meeting_id)
    existing = _report_of(found)
    version = next(
        (
            v
            for v in existing.versions.all()
            if v.pk == version_id and v.kind == VersionKind.TRANSLATION
        ),
        None,
    )
    if version is None:
        raise Http404("No such translation")
    try:
        told = services.report_translation_share(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff:meeting-report", case_id=case.pk, meeting_id=found.pk)
    messages.success(request, f"The {version.language} translation is shared with {len(told)}.")
    return redirect("staff:meeting", case_id=case.pk, meeting_id=found.pk)
