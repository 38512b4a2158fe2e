"""The floor: for each key page, hand-written SQL that fetches the rows the page shows.

Each floor is one to three statements sent straight to PostgreSQL with psycopg
(no Django, no ORM, no template), timed over many iterations in the same run as
the page. Page time ÷ floor time says how much the application adds on top of
the database work the page cannot avoid.

What the floors leave out, on purpose, because every signed-in page pays it
whatever it shows: reading the session, the user and the authenticator device,
writing the session back (at most once a minute, SESSION_RENEW_AFTER), and for case pages the
access-log insert. That fixed cost is timed separately as "per-request".

Statements are sent without server-side prepared statements, as Django sends them.
"""

from __future__ import annotations

import datetime
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

CASEWORKERS = ("social_worker", "family_support_worker", "team_manager")

# --- My work, and the same list searched by name ------------------------------------------

# Every dated step of a case that its due dates and census checks are worked out from: the
# referrals with their assessments, strategy discussions, enquiries, conferences (with the
# family's copies of the report), plans with their core groups and reviews; decided contacts,
# early help and the latest visit.
_JOURNEY = """
       (SELECT json_agg(json_build_object(
                 'id', r.id, 'on', r.referral_date, 'closed', r.closed_on, 'contact', r.contact_id,
                 'assessments', (SELECT json_agg(json_build_object(
                                          's', a.started_on, 'done', a.authorised_on))
                                   FROM journey_assessment a WHERE a.referral_id = r.id),
                 'discussions', (SELECT json_agg(d.held_on)
                                   FROM journey_strategydiscussion d WHERE d.referral_id = r.id),
                 'enquiries', (SELECT json_agg(json_build_object('outcome', q.outcome,
                                                                 'from', qd.held_on))
                                 FROM journey_section47enquiry q
                                 JOIN journey_strategydiscussion qd
                                   ON qd.id = q.strategy_discussion_id
                                WHERE q.referral_id = r.id),
                 'conferences', (SELECT json_agg(json_build_object(
                                          'kind', k.kind, 'on', k.scheduled_for, 'held', k.held_on,
                                          'shared', (SELECT json_agg(json_build_object(
                                                              'who', i.invitee_kind,
                                                              'at', (SELECT min(rs.shared_at)
                                                                       FROM meetings_reportshare rs
                                                                      WHERE rs.invitation_id = i.id)))
                                                       FROM meetings_meeting m
                                                       JOIN meetings_invitation i
                                                         ON i.meeting_id = m.id
                                                      WHERE m.conference_id = k.id)))
                                   FROM journey_conference k WHERE k.referral_id = r.id),
                 'cp_plans', (SELECT json_agg(json_build_object(
                                       's', pp.started_on, 'e', pp.ended_on,
                                       'groups', (SELECT json_agg(g.held_on) FROM journey_coregroup g
                                                   WHERE g.plan_id = pp.id)))
                                FROM journey_childprotectionplan pp WHERE pp.referral_id = r.id),
                 'cin_plans', (SELECT json_agg(json_build_object(
                                        's', cp.started_on, 'e', cp.ended_on,
                                        'reviews', (SELECT json_agg(v.held_on) FROM journey_planreview v
                                                     WHERE v.cin_plan_id = cp.id)))
                                 FROM journey_childinneedplan cp WHERE cp.referral_id = r.id)))
          FROM journey_referral r WHERE r.case_id = c.id) AS journey,
       (SELECT json_agg(x.decided_at) FROM journey_contact x
         WHERE x.case_id = c.id AND x.decided_at IS NOT NULL) AS contacts,
       (SELECT json_agg(h.started_on) FROM journey_earlyhelpepisode h WHERE h.case_id = c.id)
          AS early_help,
       (SELECT e.occurred_at FROM chronology_entry e
         WHERE e.case_id = c.id AND e.kind = 'visit' AND e.status = 'published'
           AND e.archived_at IS NULL
         ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) AS last_visit"""

# A list of what is due needs only the latest core group and review of each plan (an earlier
# one starts a clock the next one meets): the same rows the list pages read.
_LIST_JOURNEY = _JOURNEY.replace(
    "(SELECT json_agg(g.held_on) FROM journey_coregroup g",
    "(SELECT max(g.held_on) FROM journey_coregroup g",
).replace(
    "(SELECT json_agg(v.held_on) FROM journey_planreview v",
    "(SELECT max(v.held_on) FROM journey_planreview v",
)

_CASE_LIST = (
    """
SELECT c.id, c.reference, c.stage, c.referral_date, c.is_restricted,
       p.first_names, p.last_name, p.preferred_name, p.date_of_birth,
       t.name AS team, u.full_name AS worker,"""
    + _LIST_JOURNEY
    + """
  FROM cases_case c
  JOIN people_person p ON p.id = c.child_id
  LEFT JOIN accounts_team t ON t.id = c.team_id
  {worker_join} JOIN accounts_user u ON u.id = c.worker_id
 WHERE {where}
 ORDER BY p.last_name, c.id
 LIMIT 100
"""
)

MY_WORK = _CASE_LIST.format(
    worker_join="",
    where="""c.worker_id = %(worker)s AND c.closed_on IS NULL
   AND (NOT c.is_restricted OR EXISTS (
        SELECT 1 FROM cases_restrictedaccess ra
         WHERE ra.case_id = c.id AND ra.user_id = %(worker)s AND ra.revoked_at IS NULL))""",
)

# My work also lists the promises on those cases due in the next four weeks (or late), with
# whose they are, and the young people's messages waiting for the worker.
MY_WORK_PROMISES = """
SELECT k.case_id, k.title, k.due_on, k.owner_kind, ou.full_name,
       op.first_names, op.last_name, op.preferred_name
  FROM plans_commitment k
  JOIN cases_case c ON c.id = k.case_id
  LEFT JOIN accounts_user ou ON ou.id = k.owner_user_id
  LEFT JOIN people_person op ON op.id = k.owner_person_id
 WHERE c.worker_id = %(worker)s AND c.closed_on IS NULL
   AND k.status = 'open' AND k.due_on <= current_date + 28
 ORDER BY k.due_on, k.id
"""

MY_WORK_MESSAGES = """
SELECT m.id, m.topic, m.sent_at, m.case_id, c.reference,
       p.first_names, p.last_name, p.preferred_name
  FROM chronology_youngpersonmessage m
  JOIN cases_case c ON c.id = m.case_id
  JOIN people_person p ON p.id = c.child_id
 WHERE m.answered_at IS NULL AND c.worker_id = %(worker)s
 ORDER BY (m.topic <> 'unsafe'), m.sent_at, m.id
 LIMIT 50
"""

# The page looks a case reference up on its own, then lists the children found by name.
SEARCH_REFERENCE = "SELECT id FROM cases_case WHERE upper(reference) = upper(%(q)s) LIMIT 1"

# The names are matched on exactly the expression of the trigram index person_names_trgm
# (people.models.names_text: the names in lower case as one text), so the index serves it.
SEARCH_CASES = _CASE_LIST.format(
    worker_join="LEFT",
    where="""((NOT c.is_restricted AND c.team_id = ANY(%(worker_teams)s))
        OR EXISTS (SELECT 1 FROM cases_restrictedaccess ra
                    WHERE ra.case_id = c.id AND ra.user_id = %(worker)s
                      AND ra.revoked_at IS NULL))
   AND c.child_id IN (
       SELECT pp.id FROM people_person pp
        WHERE lower(((COALESCE(pp.first_names, ''::character varying))::text
                     || COALESCE((' '::text
                     || COALESCE(((COALESCE(pp.last_name, ''::character varying))::text
                     || COALESCE((' '::text
                     || (COALESCE(pp.preferred_name, ''::character varying))::text),
                        ''::text)), ''::text)), ''::text))) LIKE lower(%(like)s))""",
)

# --- The child's record ---------------------------------------------------------------------

CASE_SUMMARY = """
SELECT c.id, c.reference, c.stage, c.referral_date, c.closed_on,
       p.first_names, p.last_name, p.preferred_name, p.pronouns, p.date_of_birth, p.sex,
       p.ethnicity, p.disabilities, p.first_language, p.address, p.postcode, p.nhs_number,
       p.upn, t.name AS team, u.full_name AS worker,
       (SELECT json_agg(n) FROM (
          SELECT r.kind, r.parental_responsibility, r.notes,
                 f.id AS from_id, f.first_names AS from_first, f.last_name AS from_last,
                 o.id AS to_id, o.first_names AS to_first, o.last_name AS to_last
            FROM people_relationship r
            JOIN people_person f ON f.id = r.from_person_id
            JOIN people_person o ON o.id = r.to_person_id
           WHERE (r.from_person_id = c.child_id OR r.to_person_id = c.child_id)
             AND r.ended_on IS NULL
           ORDER BY r.kind, r.id) n) AS network,
       (SELECT json_agg(a) FROM (
          SELECT al.started_on, al.ended_on, al.reason, aw.full_name, at.name
            FROM cases_allocation al
            LEFT JOIN accounts_user aw ON aw.id = al.worker_id
            LEFT JOIN accounts_team at ON at.id = al.team_id
           WHERE al.case_id = c.id
           ORDER BY al.started_on DESC, al.id DESC LIMIT 10) a) AS allocations,
       (SELECT count(DISTINCT wa.worker_id)
          FROM cases_allocation wa JOIN cases_case wc ON wc.id = wa.case_id
         WHERE wc.child_id = c.child_id AND wa.worker_id IS NOT NULL
           AND wa.started_on <= current_date
           AND (wa.ended_on IS NULL OR wa.ended_on >= current_date - 365)) AS workers_in_a_year,
       (SELECT json_agg(ct.name ORDER BY ct.name)
          FROM cases_casetypemark m JOIN cases_casetype ct ON ct.id = m.case_type_id
         WHERE m.case_id = c.id AND m.ended_at IS NULL) AS case_types,@JOURNEY@
  FROM cases_case c
  JOIN people_person p ON p.id = c.child_id
  LEFT JOIN accounts_team t ON t.id = c.team_id
  LEFT JOIN accounts_user u ON u.id = c.worker_id
 WHERE c.id = %(case)s
""".replace("@JOURNEY@", _JOURNEY)

# The worker holds the case, so they see every published entry and their own drafts.
CHRONOLOGY = """
SELECT h.reference, h.first_names, h.last_name, e.id, e.kind, e.occurred_at, e.title,
       e.text, e.audience, e.status, e.author_kind, e.author_agency,
       au.full_name AS author_name, ap.first_names AS author_first, ap.last_name AS author_last,
       (SELECT json_agg(json_build_object('id', a.id, 'name', a.original_name))
          FROM chronology_attachment a
         WHERE a.entry_id = e.id AND a.archived_at IS NULL) AS attachments,
       (SELECT json_agg(json_build_object('text', m.text, 'at', m.created_at,
                                          'first', mp.first_names, 'last', mp.last_name)
                        ORDER BY m.created_at, m.id)
          FROM chronology_entrycomment m JOIN people_person mp ON mp.id = m.author_person_id
         WHERE m.entry_id = e.id AND m.archived_at IS NULL) AS comments,
       (SELECT json_agg(json_build_object('status', r.status, 'wrong', r.what_is_wrong,
                                          'should', r.what_it_should_say, 'at', r.raised_at,
                                          'due', r.due_on, 'first', rp.first_names,
                                          'last', rp.last_name, 'decided_by', du.full_name,
                                          'decided_at', r.decided_at, 'why', r.explanation)
                        ORDER BY r.raised_at, r.id)
          FROM chronology_correctionrequest r
          JOIN people_person rp ON rp.id = r.raised_by_person_id
          LEFT JOIN accounts_user du ON du.id = r.decided_by_id
         WHERE r.entry_id = e.id) AS corrections,
       count(*) OVER () AS total
  FROM chronology_entry e
  CROSS JOIN (SELECT c.reference, p.first_names, p.last_name
                FROM cases_case c JOIN people_person p ON p.id = c.child_id
               WHERE c.id = %(case)s) h
  LEFT JOIN accounts_user au ON au.id = e.author_user_id
  LEFT JOIN people_person ap ON ap.id = e.author_person_id
 WHERE e.case_id = %(case)s AND e.archived_at IS NULL
   AND (e.status = 'published' OR (e.status = 'draft' AND e.author_user_id = %(worker)s))
 ORDER BY e.occurred_at DESC, e.id DESC
 LIMIT 50 OFFSET %(offset)s
"""

# --- The family portal ------------------------------------------------------------------------

PORTAL = """
SELECT c.id, c.reference, c.stage, p.first_names, p.last_name, p.preferred_name,
       t.name AS team, u.full_name AS worker, u.email, u.job_title, u.role, u.contact_phone,
       (SELECT json_agg(json_build_object('name', m.full_name, 'phone', m.contact_phone)
                        ORDER BY m.full_name)
          FROM accounts_user m
         WHERE m.role = 'team_manager' AND m.is_active AND m.id IS DISTINCT FROM c.worker_id
           AND (m.team_id = c.team_id OR EXISTS (
                SELECT 1 FROM accounts_user_managed_teams mt
                 WHERE mt.user_id = m.id AND mt.team_id = c.team_id))) AS cover,
       (SELECT row_to_json(n) FROM (
          SELECT v.kind, v.starts_at, v.ends_at, v.place, v.purpose_for_family,
                 v.what_to_bring, v.who_they_may_bring, w.full_name
            FROM visits_visit v JOIN accounts_user w ON w.id = v.worker_id
           WHERE v.case_id = c.id AND v.outcome = '' AND v.ends_at >= now()
           ORDER BY v.starts_at, v.id LIMIT 1) n) AS next_visit,
       (SELECT json_agg(json_build_object('title', k.title, 'due', k.due_on)
                        ORDER BY k.due_on, k.id)
          FROM plans_commitment k
         WHERE k.case_id = c.id AND k.status = 'open' AND k.owner_kind = 'family'
           AND k.owner_person_id = %(parent_person)s AND k.audience = 'family'
           AND k.due_on <= current_date + 14) AS tasks,
       (SELECT json_agg(json_build_object('entry', e.id, 'title', e.title, 'status', r.status,
                                          'due', r.due_on) ORDER BY r.due_on, r.id)
          FROM chronology_correctionrequest r JOIN chronology_entry e ON e.id = r.entry_id
         WHERE e.case_id = c.id AND r.raised_by_id = %(parent)s AND e.archived_at IS NULL
           AND e.status = 'published' AND e.audience = 'family'
           AND (r.status = 'open' OR r.decided_at >= current_date - 30)) AS corrections,
       (SELECT me.first_names FROM people_person me WHERE me.id = %(parent_person)s) AS hello
  FROM cases_case c
  JOIN cases_familyaccess fa
    ON fa.case_id = c.id AND fa.person_id = %(parent_person)s AND fa.revoked_at IS NULL
  JOIN people_person p ON p.id = c.child_id
  LEFT JOIN accounts_team t ON t.id = c.team_id
  LEFT JOIN accounts_user u ON u.id = c.worker_id
 ORDER BY p.first_names, c.id
"""

# --- A team of 20: each worker's weighted caseload, and the teams' open cases -----------------

TEAM_LOADS = """
SELECT u.id, u.full_name, u.role, t.name AS team, count(c.id) AS open_cases,
       coalesce(sum(coalesce(w.weight, 0) + coalesce(x.extra, 0)
                    + CASE WHEN c.is_restricted THEN l.restricted_extra ELSE 0 END), 0) AS units
  FROM accounts_user u
  JOIN accounts_team t ON t.id = u.team_id
  CROSS JOIN (SELECT coalesce(max(restricted_extra), 0) AS restricted_extra
                FROM workforce_caseloadlimit WHERE name = 'default') l
  LEFT JOIN cases_case c ON c.worker_id = u.id AND c.closed_on IS NULL
  LEFT JOIN workforce_caseweight w ON w.stage = c.stage
  LEFT JOIN LATERAL (SELECT sum(ct.weight) AS extra
                       FROM cases_casetypemark m
                       JOIN cases_casetype ct ON ct.id = m.case_type_id AND ct.is_active
                      WHERE m.case_id = c.id AND m.ended_at IS NULL) x ON true
 WHERE u.team_id = ANY(%(teams)s) AND u.is_active AND u.role = ANY(%(caseworkers)s)
 GROUP BY u.id, u.full_name, u.role, t.name
 ORDER BY t.name, u.full_name
"""

TEAM_CASES = """
WITH open AS (
  SELECT c.id, c.child_id, c.reference, c.stage, c.is_restricted, c.worker_id, c.team_id,
         p.first_names, p.last_name, p.preferred_name
    FROM cases_case c JOIN people_person p ON p.id = c.child_id
   WHERE c.team_id = ANY(%(teams)s) AND c.closed_on IS NULL
     AND (NOT c.is_restricted OR EXISTS (
          SELECT 1 FROM cases_restrictedaccess ra
           WHERE ra.case_id = c.id AND ra.user_id = %(manager)s AND ra.revoked_at IS NULL))
), changes AS (
  SELECT o.child_id,
         (SELECT count(*) FROM cases_case cc JOIN cases_allocation a ON a.case_id = cc.id
           WHERE cc.child_id = o.child_id AND a.changes_worker AND a.started_on >= %(since)s)
           AS n
    FROM open o
)
SELECT o.id, o.reference, o.stage, o.is_restricted, o.first_names, o.last_name,
       o.preferred_name, u.full_name AS worker, t.name AS team, ch.n AS changes,
       (SELECT json_agg(json_build_array(ct.name, ct.weight) ORDER BY ct.name)
          FROM cases_casetypemark m JOIN cases_casetype ct ON ct.id = m.case_type_id
         WHERE m.case_id = o.id AND m.ended_at IS NULL) AS case_types,
       count(*) OVER () AS total,
       (SELECT count(*) FROM changes WHERE n >= 2) AS two_or_more
  FROM open o
  LEFT JOIN accounts_user u ON u.id = o.worker_id
  JOIN accounts_team t ON t.id = o.team_id
  JOIN changes ch ON ch.child_id = o.child_id
 ORDER BY (o.worker_id IS NULL) DESC, o.last_name, o.id
 LIMIT 50
"""

TEAM_REQUESTS = """
SELECT count(*) FILTER (WHERE r.decision = ''),
       count(*) FILTER (WHERE r.decision = '' AND r.due_on < current_date)
  FROM workforce_workerchangerequest r JOIN cases_case c ON c.id = r.case_id
 WHERE c.team_id = ANY(%(teams)s)
"""

# --- Find a person: the scoring the search page uses, with each match's cases -------------

SEARCH_PEOPLE = """
WITH hidden AS (
  SELECT c.child_id FROM cases_case c
   WHERE c.is_restricted AND c.id NOT IN (
         SELECT ra.case_id FROM cases_restrictedaccess ra
          WHERE ra.user_id = %(worker)s AND ra.revoked_at IS NULL)
), scored AS (
  SELECT p.id,
         similarity(lower(p.first_names || ' ' || p.last_name), %(name)s) AS name_sim,
         dmetaphone(p.last_name) = dmetaphone(%(last)s) AS last_sounds,
         dmetaphone(split_part(p.first_names, ' ', 1)) = dmetaphone(%(first)s) AS first_sounds
    FROM people_person p
   WHERE p.archived_at IS NULL AND p.id NOT IN (SELECT child_id FROM hidden)
     AND (lower(p.last_name) %% %(last)s
          OR dmetaphone(p.last_name) = dmetaphone(%(last)s)
          OR lower(p.first_names || ' ' || p.last_name) %% %(name)s)
), best AS (
  SELECT id, name_sim * 3 + last_sounds::int + first_sounds::int AS score
    FROM scored ORDER BY score DESC, id LIMIT 25
)
SELECT p.id, p.council_id, p.first_names, p.last_name, p.date_of_birth, p.postcode,
       p.address, b.score,
       (SELECT json_agg(json_build_object(
                 'id', c.id, 'reference', c.reference, 'stage', c.stage, 'team', t.name,
                 'mine', c.team_id = ANY(%(worker_teams)s)))
          FROM cases_case c LEFT JOIN accounts_team t ON t.id = c.team_id
         WHERE c.child_id = p.id AND NOT c.is_restricted) AS cases
  FROM best b JOIN people_person p ON p.id = b.id
 ORDER BY b.score DESC, p.id
"""

# --- What every signed-in request costs, whatever the page ------------------------------------

PER_REQUEST = [
    "SELECT session_key, session_data, expire_date FROM django_session "
    "WHERE expire_date > now() AND session_key = %(session)s",
    "SELECT * FROM accounts_user WHERE id = %(worker)s",
    "SELECT * FROM otp_totp_totpdevice WHERE user_id = %(worker)s ORDER BY id LIMIT 1",
]


def floors(t: dict[str, Any]) -> dict[str, list[str]]:
    """Page key -> the statements that make its floor."""
    return {
        "my_work": [MY_WORK, MY_WORK_PROMISES, MY_WORK_MESSAGES],
        "case": [CASE_SUMMARY],
        "chronology": [CHRONOLOGY],
        "chronology_last": [CHRONOLOGY.replace("%(offset)s", "%(last_offset)s")],
        "portal": [PORTAL],
        # Without a team page the manager's My work stands in, and has no floor here.
        "team": [TEAM_LOADS, TEAM_CASES, TEAM_REQUESTS] if t["team"]["path"] else [],
        "search_cases": [SEARCH_REFERENCE, SEARCH_CASES],
        "search_people": [SEARCH_PEOPLE],
        "per_request": PER_REQUEST,
    }


def params(t: dict[str, Any]) -> dict[str, Any]:
    visible = int(t["case"].get("visible_entries") or t["case"]["entries"])
    last_page = max(1, -(-visible // 50))
    name = " ".join(t["person_name"].split())
    parts = name.split(" ")
    return {
        "worker": t["worker"]["id"],
        "worker_teams": t["worker_teams"],
        "manager": t["manager"]["id"],
        "teams": t["team"]["team_ids"],
        "caseworkers": list(CASEWORKERS),
        "case": t["case"]["id"],
        "offset": 0,
        "last_offset": (last_page - 1) * 50,
        "parent": t["parent"]["id"],
        "parent_person": t["parent"]["person_id"],
        "q": t["surname"],
        "like": f"%{t['surname']}%",
        "name": name.lower(),
        "last": parts[-1],
        "first": parts[0] if len(parts) > 1 else "",
        "since": datetime.date.today() - datetime.timedelta(days=365),
        "session": t["sessions"]["worker"][0],
    }


def time_floor(
    conn: psycopg.Connection,
    statements: list[str],
    values: dict[str, Any],
    *,
    iterations: int = 300,
    budget_seconds: float = 8.0,
) -> dict[str, Any]:
    """Run the statements, fetching every row, many times; median and p95 in milliseconds."""
    run: Callable[[], int]

    def run() -> int:
        rows = 0
        with conn.transaction():
            for statement in statements:
                cursor = conn.execute(statement, values or None, prepare=False)
                if cursor.description is not None:
                    rows += len(cursor.fetchall())
        return rows

    rows = 0
    for _ in range(5):  # warm the caches, as the page's warm-up does
        rows = run()
    times = []
    started = time.perf_counter()
    while len(times) < iterations and (
        len(times) < 30 or time.perf_counter() - started < budget_seconds
    ):
        before = time.perf_counter()
        run()
        times.append((time.perf_counter() - before) * 1000)
    times.sort()
    return {
        "iterations": len(times),
        "rows": rows,
        "statements": len(statements),
        "p50_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))],
    }


# --- The page's own SQL, re-run -----------------------------------------------------------


WRITES = ("INSERT ", "UPDATE ", "DELETE ")
CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def captured_reads(path: Path) -> list[str]:
    """The reading statements bench.queries captured for a page, literals and all."""
    if not path.exists():
        return []
    text = "\n" + path.read_text()
    statements = [s.strip().rstrip(";") for s in re.split(r"\n-- \d+\n", text) if s.strip()]
    return [
        s
        for s in statements
        if not s.upper().startswith(CONTROL) and not any(w in s.upper() for w in WRITES)
    ]


def measure_app_sql(t: dict[str, Any], sql_dir: Path) -> dict[str, Any]:
    """Each page's own reading statements (as Django sent them), re-run one after another.

    Page time minus this is Python: middleware, view code, template rendering, and
    the writes (session save, access-log row) that are not re-run.
    """
    results: dict[str, Any] = {}
    with psycopg.connect(**t["connect"], autocommit=True) as conn:
        for path in sorted(sql_dir.glob(f"{t['size']}-*.sql")):
            key = path.stem.split("-", 1)[1]
            reads = captured_reads(path)
            if not reads:
                continue
            try:
                results[key] = time_floor(conn, reads, {}, iterations=100, budget_seconds=6.0)
            except psycopg.Error as error:
                results[key] = {"error": str(error).splitlines()[0]}
    return results


def measure(t: dict[str, Any], keys: list[str] | None = None) -> dict[str, Any]:
    values = params(t)
    results: dict[str, Any] = {}
    with psycopg.connect(**t["connect"], autocommit=True) as conn:
        for key, statements in floors(t).items():
            if keys is not None and key not in keys:
                continue
            if not statements:
                continue
            try:
                results[key] = time_floor(conn, statements, values)
            except psycopg.Error as error:
                results[key] = {"error": str(error).splitlines()[0]}
    return results
