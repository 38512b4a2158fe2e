"""A young person's own pages: talk to my worker (a worry, good news, something to sort, or
"I feel unsafe") and get ready for my next meeting.

Only the young person whose case it is opens them: the case is loaded through
``case_for_user`` (one access-log row), and anyone else who can see the case — a
parent, a supporter — gets "not found", as for any page that is not theirs.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside import policy
from alongside.accounts.models import Role
from alongside.audit.models import AccessAction
from alongside.cases.models import Case
from alongside.cases.selectors import case_for_user
from alongside.chronology.models import MessageTopic
from alongside.chronology.young_person import (
    meeting_words_of,
    meeting_words_save,
    next_meeting_for,
    young_messages_sent,
    young_person_message_send,
)
from alongside.portal.decorators import family_required
from alongside.portal.young_forms import MeetingWordsForm, TalkForm, UnsafeForm

UNSAFE_THANKS = (
    "We have told your worker now. Someone will contact you as soon as they can. "
    "If you are in danger now, call 999."
)


def is_young_person_of(user: Any, case: Case, access: policy.CaseAccess) -> bool:
    """The young person themselves, on their own case."""
    return (
        access.is_family
        and getattr(user, "role", "") == Role.YOUNG_PERSON
        and user.person_id == case.child_id
    )


def _load_own(request: HttpRequest, case_id: int) -> Case:
    case, access = case_for_user(
        request.user, case_id, action=AccessAction.VIEW_RECORD, path=request.path
    )
    if not is_young_person_of(request.user, case, access):
        raise Http404("Only for the young person")
    return case


def _apply(form: Any, error: ValidationError) -> None:
    pairs = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for name, problems in pairs:
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


@require_http_methods(["GET", "POST"])
@family_required
def talk(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _load_own(request, case_id)
    unsafe_posted = request.method == "POST" and "unsafe" in request.POST
    form = TalkForm(request.POST if request.method == "POST" and not unsafe_posted else None)
    unsafe = UnsafeForm(request.POST if unsafe_posted else None, prefix="unsafe")
    posted = unsafe if unsafe_posted else form
    if request.method == "POST" and posted.is_valid():
        topic = MessageTopic.UNSAFE if unsafe_posted else posted.cleaned_data["topic"]
        try:
            young_person_message_send(
                case=case,
                by=request.user,  # type: ignore[arg-type]
                topic=topic,
                text=posted.cleaned_data["text"],
                private_from_family=posted.cleaned_data["private_from_family"],
            )
        except ValidationError as error:
            _apply(posted, error)
        else:
            messages.success(
                request,
                UNSAFE_THANKS if unsafe_posted else "Thank you. We have sent it to your worker.",
            )
            return redirect("portal:talk", case_id=case.pk)
    context = {
        "case": case,
        "form": form,
        "unsafe": unsafe,
        "errors_of": posted,
        "sent": young_messages_sent(case, request.user),
    }
    return render(request, "portal/young/talk.html", context)


@require_http_methods(["GET", "POST"])
@family_required
def my_meeting(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _load_own(request, case_id)
    meeting = next_meeting_for(case)
    words = meeting_words_of(meeting, case.child_id) if meeting else None
    initial = {"private_from_family": True}
    if words is not None:
        initial = {
            "want_known": words.want_known,
            "want_to_happen": words.want_to_happen,
            "private_from_family": words.entry.private_from_family,
        }
    form = MeetingWordsForm(request.POST or None, initial=initial)
    if meeting is not None and request.method == "POST" and form.is_valid():
        try:
            meeting_words_save(meeting=meeting, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, "Thank you. We have saved what you want to say.")
            return redirect("portal:my-meeting", case_id=case.pk)
    context = {"case": case, "meeting": meeting, "words": words, "form": form}
    return render(request, "portal/young/my_meeting.html", context)
