"""The family's documents: every letter, report and minutes shared with them, to read and keep.

Each opens as a page and downloads as a tagged PDF, in the language and format the
family member asked for (other copies one click away). Every view is written to
the access log through ``case_for_user``; a download is logged as a download. The
first time the invitee opens or downloads a report counts as received: the
chair sees it on the meeting.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alongside.audit.models import AccessAction
from alongside.cases.models import Case
from alongside.cases.selectors import case_for_user
from alongside.documents.languages import direction
from alongside.documents.pdf import Printable, render_pdf
from alongside.documents.rules import document_reader
from alongside.documents.selectors import (
    Copy,
    Document,
    document_for,
    documents_for,
    large_print,
    preferred_copy,
)
from alongside.documents.structure import blocks
from alongside.meetings.models import ReceivedHow
from alongside.meetings.services import report_receipt_record
from alongside.policy import CaseAccess
from alongside.portal.decorators import family_required


def _open(
    request: HttpRequest, case_id: int, kind: str, pk: int, action: AccessAction
) -> tuple[Case, CaseAccess, Document, Copy]:
    case, access = case_for_user(request.user, case_id, action=action, path=request.path)
    document = document_for(case, document_reader(request.user, case, access), kind, pk)
    me = request.user.person if access.is_family else None  # type: ignore[union-attr]
    chosen = document.copy(request.GET.get("copy", "")) or preferred_copy(document, me)
    return case, access, document, chosen


def _received(request: HttpRequest, access: CaseAccess, document: Document, how: str) -> None:
    """The invitee's own first look counts as received; a supporter's does not."""
    if access.is_family and document.share is not None:
        report_receipt_record(share=document.share, how=how, by=request.user)  # type: ignore[arg-type]


@require_GET
@family_required
def documents(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    reader = document_reader(request.user, case, access)
    context = {
        "case": case,
        "documents": documents_for(case, reader),
        "meetings_only": reader is None and access.is_supporter,
    }
    return render(request, "portal/documents/documents.html", context)


@require_GET
@family_required
def document(request: HttpRequest, case_id: int, kind: str, pk: int) -> HttpResponse:
    case, access, found, chosen = _open(request, case_id, kind, pk, AccessAction.VIEW_RECORD)
    _received(request, access, found, ReceivedHow.OPENED)
    me = request.user.person if access.is_family else None  # type: ignore[union-attr]
    context = {
        "case": case,
        "document": found,
        "chosen": chosen,
        "others": [c for c in found.copies if c.key != chosen.key],
        "blocks": blocks(chosen.text),
        "dir": direction(chosen.code),
        "large_print": large_print(me),
    }
    return render(request, "portal/documents/document.html", context)


@require_GET
@family_required
def document_pdf(request: HttpRequest, case_id: int, kind: str, pk: int) -> HttpResponse:
    case, access, found, chosen = _open(request, case_id, kind, pk, AccessAction.DOWNLOAD)
    _received(request, access, found, ReceivedHow.DOWNLOADED)
    me = request.user.person if access.is_family else None  # type: ignore[union-attr]
    pdf = render_pdf(
        Printable(
            title=f"{found.title} for {found.about}",
            text=chosen.text,
            language_code=chosen.code or "en",
            easy_read=chosen.easy_read,
            large_print=large_print(me),
            shared_on=f"Shared on {found.shared_at:%-d %B %Y}",
        )
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{found.kind}-{found.pk}-{chosen.key}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
