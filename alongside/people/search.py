"""Finding people before anyone new is recorded, so no child is recorded twice.

Matches by name (trigram similarity for spelling slips, Double Metaphone for
names that sound alike or are transliterated differently), date of birth
(including day and month swapped), postcode and identifiers. Each match says
why it matched, so a worker can judge it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import connection

from alongside.people.identifiers import normalise_nhs_number, normalise_upn
from alongside.people.models import Person

NAME_SIMILARITY = 0.3
LIMIT = 25


@dataclass
class PersonMatch:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)


def _postcode(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def _swapped(day: datetime.date) -> datetime.date | None:
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(day=day.month, month=day.day)
    except ValueError:
        return None


def people_search(
    *,
    name: str = "",
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
    identifier: str = "",
    hidden_ids: frozenset[int] = frozenset(),
) -> list[PersonMatch]:
    """People who may be the person being looked for, best first."""
    name = " ".join(name.split())[:100]
    parts = name.split(" ") if name else []
    last = parts[-1] if parts else ""
    first = parts[0] if len(parts) > 1 else ""
    swapped = _swapped(date_of_birth) if date_of_birth else None
    ident = identifier.strip()
    params = {
        "name": name.lower(),
        "last": last,
        "first": first,
        "dob": date_of_birth,
        "swapped": swapped,
        "postcode": _postcode(postcode) or None,
        "nhs": normalise_nhs_number(ident) or None,
        "upn": normalise_upn(ident) or None,
        "council": ident.upper() or None,
        "sim": NAME_SIMILARITY,
        "limit": LIMIT,
        "hidden": sorted(hidden_ids),
    }
    if not any((name, date_of_birth, params["postcode"], ident)):
        return []
    with connection.cursor() as cursor:
        cursor.execute(_sql(params), params)
        rows = cursor.fetchall()
    found = {p.pk: p for p in Person.objects.filter(pk__in=[r[0] for r in rows])}
    matches = []
    for pk, score, *flags in rows:
        if pk not in found:
            continue
        reasons = [label for label, flag in zip(_REASONS, flags, strict=True) if flag]
        matches.append(PersonMatch(person=found[pk], score=float(score), reasons=reasons))
    return matches


_REASONS = (
    "Name is spelled alike",
    "Last name sounds alike",
    "First name sounds alike",
    "Same date of birth",
    "Date of birth with day and month swapped",
    "Same postcode",
    "Same identifier",
)

# Each way of matching is one condition an index serves (trigram GIN indexes on the last
# name and the full name, expression indexes on the name's sound, the bare postcode and
# both dates of birth), and only the conditions for what was asked are sent, so
# PostgreSQL reads a few hundred candidates through the indexes instead of scoring every
# person. `%%` is pg_trgm's similarity operator (threshold 0.3, NAME_SIMILARITY).
_FULL_NAME = "lower(p.first_names || ' ' || p.last_name)"
_MATCHES = (
    ("name", "lower(p.last_name) %% %(last)s"),
    ("name", "dmetaphone(p.last_name) = dmetaphone(%(last)s)"),
    ("name", f"({_FULL_NAME} %% %(name)s AND similarity({_FULL_NAME}, %(name)s) >= %(sim)s)"),
    ("dob", "p.date_of_birth = %(dob)s::date"),
    ("dob", "p.expected_date_of_birth = %(dob)s::date"),
    ("swapped", "p.date_of_birth = %(swapped)s::date"),
    ("postcode", "replace(upper(p.postcode), ' ', '') = %(postcode)s"),
    ("nhs", "p.nhs_number = %(nhs)s"),
    ("upn", "p.upn = %(upn)s"),
    ("council", "p.council_id = %(council)s"),
)


def _sql(params: Mapping[str, object]) -> str:
    matches = "\n      OR ".join(sql for key, sql in _MATCHES if params[key])
    return _SQL.replace("@MATCHES@", matches)


_SQL = """
WITH scored AS (
  SELECT p.id,
    similarity(lower(p.first_names || ' ' || p.last_name), %(name)s) AS name_sim,
    (%(last)s <> '' AND dmetaphone(p.last_name) = dmetaphone(%(last)s)) AS last_sounds,
    (%(first)s <> '' AND dmetaphone(split_part(p.first_names, ' ', 1)) = dmetaphone(%(first)s))
      AS first_sounds,
    (p.date_of_birth = %(dob)s::date OR p.expected_date_of_birth = %(dob)s::date) AS same_dob,
    (p.date_of_birth = %(swapped)s::date) AS swapped_dob,
    (replace(upper(p.postcode), ' ', '') = %(postcode)s) AS same_postcode,
    (p.nhs_number = %(nhs)s OR p.upn = %(upn)s OR p.council_id = %(council)s) AS same_id
  FROM people_person p
  WHERE p.archived_at IS NULL AND NOT (p.id = ANY(%(hidden)s::bigint[])) AND (
      @MATCHES@)
)
SELECT id,
  (coalesce(name_sim, 0) * 3 + last_sounds::int + first_sounds::int
   + coalesce(same_dob, false)::int * 2 + coalesce(swapped_dob, false)::int
   + coalesce(same_postcode, false)::int + coalesce(same_id, false)::int * 5) AS score,
  coalesce(name_sim, 0) >= %(sim)s, coalesce(last_sounds, false), coalesce(first_sounds, false),
  coalesce(same_dob, false), coalesce(swapped_dob, false), coalesce(same_postcode, false),
  coalesce(same_id, false)
FROM scored
ORDER BY score DESC, id
LIMIT %(limit)s
"""
