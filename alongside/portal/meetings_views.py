"""The family's meetings: what is coming, their letter, the report and the minutes, to keep."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from alongside.cases.models import SupporterScope
from alongside.cases.selectors import case_for_user
from alongside.documents.rules import document_reader
from alongside.meetings.selectors import meetings_for_person
from alongside.portal.decorators import family_required


def _person_id(request: HttpRequest) -> int | None:
    return getattr(request.user, "person_id", None)


@require_GET
@family_required
def meetings(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    now = timezone.now()
    found = meetings_for_person(case, _person_id(request))
    context = {
        "case": case,
        "coming": [(m, mine) for m, mine in found if m.starts_at >= now],
        "past": [(m, mine) for m, mine in reversed(found) if m.starts_at < now],
        "sees_record": access.is_family or access.scope == SupporterScope.EVERYTHING,
    }
    return render(request, "portal/meetings/meetings.html", context)


@require_GET
@family_required
def meeting(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    # The report and minutes are documents: read only by the family member they were shared
    # with (and a supporter they let see documents), as on the Documents page. A supporter
    # invited for meetings only sees neither; nor does a family member who was not invited.
    reader = document_reader(request.user, case, access)
    documents_hidden = access.is_supporter and reader is None
    found = dict(
        (m.pk, (m, mine)) for m, mine in meetings_for_person(case, _person_id(request))
    ).get(meeting_id)
    if found is None:
        raise Http404("No such meeting")
    the_meeting, mine = found
    report = getattr(the_meeting, "report", None)
    invited = [i for i in the_meeting.invitations.all() if reader and i.person_id == reader]
    shares = [s for i in the_meeting.invitations.all() for s in i.report_shares.all()]
    readable = [s for i in invited for s in i.report_shares.all()]
    my_share = next((s for s in mine.report_shares.all()), None) if mine else None
    context = {
        "case": case,
        "meeting": the_meeting,
        "mine": mine,
        "report": report if readable else None,
        "shared_with_others": bool(shares) and not readable and not documents_hidden,
        "minutes_shown": bool(invited),
        "documents_hidden": documents_hidden,
        "my_share": my_share,
        "shared_at": readable[0].shared_at if readable else None,
    }
    return render(request, "portal/meetings/meeting.html", context)
