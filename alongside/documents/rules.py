"""Whose documents a portal user reads.

Letters, reports and minutes are shared with one family member (an invitee of a
meeting). That family member reads them; so does a supporter they invited whose
scope is "meetings and documents" or "everything the family sees". A supporter
invited for meetings only, a family member not invited, and staff (who read the
meeting itself) read none here. The case itself is loaded through
``policy.case_access`` first, as for every page.
"""

from __future__ import annotations

from typing import Any

from alongside.cases.models import Case, SupporterAccess, SupporterScope
from alongside.policy import CaseAccess

DOCUMENT_SCOPES = frozenset({SupporterScope.MEETINGS_DOCUMENTS, SupporterScope.EVERYTHING})


def document_reader(user: Any, case: Case, access: CaseAccess) -> int | None:
    """The id of the family member whose documents this user may read on this case, or None."""
    if access.is_family:
        return int(user.person_id) if user.person_id else None
    if access.is_supporter and access.scope in DOCUMENT_SCOPES:
        grant = (
            SupporterAccess.objects.filter(case=case, user=user, revoked_at__isnull=True)
            .select_related("invited_by")
            .first()
        )
        if grant is not None and grant.invited_by.person_id:
            return int(grant.invited_by.person_id)
    return None
