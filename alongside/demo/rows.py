"""Chronology entries for the demo as plain rows, before they are written."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from alongside.chronology.models import Status


class Author(NamedTuple):
    kind: str
    user: int | None = None  # staff index
    person: int | None = None  # person index
    agency: str = ""


class EntryRow(NamedTuple):
    case: int  # case index
    kind: str
    occurred_at: datetime.datetime
    author: Author
    audience: str
    withheld_reason: str
    title: str
    text: str
    status: str = Status.PUBLISHED
    archived_at: datetime.datetime | None = None
    archive_reason: str = ""
    contact: int = -1  # the contact (index in the case's journey) this entry records
