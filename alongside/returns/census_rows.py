"""A few children's census rows in one statement, for the checks on a child's record.

``returns.selectors.census_children`` reads the whole council with one query per kind of
record (referrals, assessments, plans, enquiries, conferences, earlier plans, people and
their former UPNs). The child's record checks one child on every request, where those nine
round trips and the building of nine ORM queries were most of the page's time. This reads
the same rows as one JSON document per child, in one round trip, and gives them back as
the same dicts the ORM would (the census tests compare the two paths child by child).
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from alongside.returns.census import Period

Row = Mapping[str, Any]

# The referrals that are child in need episodes in the year (as selectors._episode_rows),
# each with the records of each kind that started by the reference date.
_SQL = """
SELECT p.id, p.council_id, p.upn, p.date_of_birth, p.expected_date_of_birth, p.sex,
       p.date_of_death, p.ethnicity, p.disabilities,
       (SELECT json_agg(json_build_object(
                 'id', r.id, 'case_id', r.case_id, 'case__child_id', c.child_id,
                 'case__reference', c.reference, 'referral_date', r.referral_date,
                 'source', r.source, 'primary_need', r.primary_need,
                 'no_further_action', r.no_further_action, 'closed_on', r.closed_on,
                 'closure_reason', r.closure_reason,
                 'assessments', (SELECT json_agg(json_build_object(
                                          'id', a.id, 'referral_id', a.referral_id,
                                          'started_on', a.started_on,
                                          'authorised_on', a.authorised_on,
                                          'factors', a.factors))
                                   FROM journey_assessment a
                                  WHERE a.referral_id = r.id AND a.started_on <= %(end)s),
                 'cin_plans', (SELECT json_agg(json_build_object(
                                        'id', n.id, 'referral_id', n.referral_id,
                                        'started_on', n.started_on, 'ended_on', n.ended_on))
                                 FROM journey_childinneedplan n
                                WHERE n.referral_id = r.id AND n.started_on <= %(end)s),
                 'enquiries', (SELECT json_agg(json_build_object(
                                        'id', q.id, 'referral_id', q.referral_id,
                                        'started_on', q.started_on,
                                        'completed_on', q.completed_on, 'outcome', q.outcome,
                                        'strategy_discussion__held_on',
                                        (SELECT d.held_on FROM journey_strategydiscussion d
                                          WHERE d.id = q.strategy_discussion_id)))
                                 FROM journey_section47enquiry q
                                WHERE q.referral_id = r.id AND q.started_on <= %(end)s),
                 'conferences', (SELECT json_agg(json_build_object(
                                          'id', k.id, 'referral_id', k.referral_id,
                                          'kind', k.kind, 'held_on', k.held_on,
                                          'plan_id', k.plan_id))
                                   FROM journey_conference k
                                  WHERE k.referral_id = r.id AND k.held_on <= %(end)s),
                 'cp_plans', (SELECT json_agg(json_build_object(
                                       'id', pp.id, 'referral_id', pp.referral_id,
                                       'started_on', pp.started_on, 'ended_on', pp.ended_on,
                                       'initial_category', pp.initial_category,
                                       'latest_category', pp.latest_category))
                                FROM journey_childprotectionplan pp
                               WHERE pp.referral_id = r.id AND pp.started_on <= %(end)s))
                 ORDER BY r.referral_date, r.id)
          FROM journey_referral r JOIN cases_case c ON c.id = r.case_id
         WHERE c.child_id = p.id AND r.referral_date <= %(end)s
           AND ((r.no_further_action AND r.referral_date >= %(start)s)
                OR (NOT r.no_further_action
                    AND (r.closed_on IS NULL OR r.closed_on >= %(start)s)))) AS episodes,
       (SELECT json_agg(e.started_on)
          FROM journey_childprotectionplan e
          JOIN journey_referral er ON er.id = e.referral_id
          JOIN cases_case ec ON ec.id = er.case_id
         WHERE ec.child_id = p.id) AS earlier,
       (SELECT json_agg(h.upn ORDER BY h.pgh_created_at, h.pgh_id)
          FROM people_personevent h
         WHERE h.pgh_obj_id = p.id AND h.upn IS NOT NULL AND h.upn <> '') AS upns
  FROM people_person p
 WHERE p.id = ANY(%(children)s)
"""

PARTS = ("assessments", "cin_plans", "enquiries", "conferences", "cp_plans")
_PERSON = (
    "id", "council_id", "upn", "date_of_birth", "expected_date_of_birth", "sex",
    "date_of_death", "ethnicity", "disabilities",
)  # fmt: skip
_DATES = frozenset(
    {
        "referral_date", "closed_on", "started_on", "authorised_on", "ended_on",
        "completed_on", "held_on", "strategy_discussion__held_on",
    }
)  # fmt: skip


def _day(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def _row(found: dict[str, Any]) -> dict[str, Any]:
    return {k: _day(v) if k in _DATES else v for k, v in found.items()}


@dataclass
class CensusRows:
    """What ``census_children`` reads, shaped as its ORM queries give it."""

    episodes: list[Row] = field(default_factory=list)
    parts: dict[str, dict[int, list[Row]]] = field(
        default_factory=lambda: {name: defaultdict(list) for name in PARTS}
    )
    earlier: dict[int, list[datetime.date]] = field(default_factory=lambda: defaultdict(list))
    people: dict[int, Row] = field(default_factory=dict)
    former: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


def census_rows(period: Period, child_ids: Collection[int]) -> CensusRows:
    """The census rows of these children for one collection year, in one statement."""
    rows = CensusRows()
    if not child_ids:
        return rows
    values: dict[str, Any] = {
        "start": period.start,
        "end": period.end,
        "children": sorted(set(child_ids)),
    }
    with connection.cursor() as cursor:
        cursor.execute(_SQL, values)
        found = cursor.fetchall()
    for *person, episodes, earlier, upns in found:
        if not episodes:
            continue
        child = dict(zip(_PERSON, person, strict=True))
        child_id = child["id"]
        rows.people[child_id] = child
        for episode in _json(episodes):
            for name in PARTS:
                for part in _json(episode.pop(name)) or []:
                    rows.parts[name][episode["id"]].append(_row(part))
            rows.episodes.append(_row(episode))
        rows.earlier[child_id] = [d for d in map(_day, _json(earlier) or []) if d is not None]
        history = rows.former[child_id]
        for upn in _json(upns) or []:
            if not history or history[-1] != upn:
                history.append(upn)
    rows.episodes.sort(key=lambda r: (r["referral_date"], r["id"]))
    return rows


def _json(value: Any) -> Any:
    """psycopg gives json columns parsed already; nested documents arrive parsed too."""
    return json.loads(value) if isinstance(value, str) else value
