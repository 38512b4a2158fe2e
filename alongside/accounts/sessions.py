"""Sessions in the database, renewed at most once a minute rather than on every request.

The idle limit (``SESSION_COOKIE_AGE``, 30 minutes) runs from the last renewal: a
request renews the session (a new expiry in the row and in the cookie) once less than
``SESSION_COOKIE_AGE - SESSION_RENEW_AFTER`` seconds are left. A session therefore
ends between 29 and 30 minutes after the last request, and most requests read the
session without writing it back.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone


class SessionStore(db.SessionStore):
    expiry_loaded: datetime.datetime | None = None

    def _get_session_from_db(self) -> Any:
        row = super()._get_session_from_db()  # type: ignore[misc]
        self.expiry_loaded = row.expire_date if row is not None else None
        return row

    def due_for_renewal(self) -> bool:
        """True when the stored expiry is old enough that this request should renew it."""
        if self.expiry_loaded is None:
            return True
        left = self.expiry_loaded - timezone.now()
        renew_below = settings.SESSION_COOKIE_AGE - settings.SESSION_RENEW_AFTER
        return left < datetime.timedelta(seconds=renew_below)
