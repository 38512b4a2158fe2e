"""Build (or reuse) a benchmark council, set up what the pages need, and sign in.

    python -m bench.prepare --size large --out var/bench/large.json

1. The database (bench.dbs) is created if missing, migrated, and loaded with
   ``seed_demo --size <size> --seed 1`` (ALONGSIDE_DEMO on). A council already
   built is reused unless the demo loader or an applied migration has changed
   since it was built (then it is dropped and built again), or BENCH_REBUILD=1.
2. Set-up, through the ORM, idempotent:
   - the bench worker (the demo social worker) holds one open case whose
     chronology is topped up to 2,000 entries (the case they hold with the most);
   - the demo team manager also manages further locality teams until the teams
     they answer for have at least 20 caseworkers (the "team of 20").
3. Sessions: each bench user signs in once through the real pages (Django's test
   client: email and password, then the authenticator code for staff; the
   one-time code read from the outbox for the parent). That session is then
   copied with Django's session engine, so 20 concurrent connections each have
   a session of their own (one session row shared by 20 connections would make
   them queue on its row lock, which real users never do).
4. Everything the later steps need is written to --out as JSON.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from psycopg import sql  # noqa: E402

from bench import dbs  # noqa: E402

CHRONOLOGY_ENTRIES = 2_000
TEAM_WORKERS = 20
SESSIONS_PER_USER = 20
SEED = 1
# The settings docs/scaling.md recommends for a server whose data is on SSD or in memory,
# set on the bench databases (new connections pick them up): with the default
# random_page_cost of 4 PostgreSQL reads all 200,000 people to join a few thousand of them.
# BENCH_PG_DEFAULTS=1 leaves PostgreSQL's defaults.
PG_SETTINGS = {"random_page_cost": "1.1"}


def _log(message: str) -> None:
    print(f"[prepare] {message}", flush=True)


def django_env(db: dbs.Database) -> None:
    """Point this process's Django at the bench database, as a local demo."""
    os.environ["DATABASE_URL"] = db.url
    os.environ["ALONGSIDE_DEMO"] = "1"
    os.environ.pop("ALONGSIDE_TESTING", None)
    os.environ.pop("ALONGSIDE_TEST_DB", None)
    hosts = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ["DJANGO_ALLOWED_HOSTS"] = hosts + ",testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")


# --- Is the council already built, from today's code? ------------------------------------------


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def demo_fingerprint() -> str:
    return _digest(list((ROOT / "alongside" / "demo").rglob("*.py")))


def migration_files() -> dict[str, Path]:
    """app_label.name -> file, for every migration in the project's apps."""
    found = {}
    for path in (ROOT / "alongside").glob("*/migrations/*.py"):
        if path.name != "__init__.py":
            found[f"{path.parent.parent.name}.{path.stem}"] = path
    return found


def migration_hashes(applied: set[str]) -> dict[str, str]:
    files = migration_files()
    return {key: _digest([files[key]]) for key in sorted(applied) if key in files}


def _meta(conn: Any) -> dict[str, Any]:
    conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb)")
    return dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())


def _meta_set(conn: Any, **values: Any) -> None:
    for key, value in values.items():
        conn.execute(
            "INSERT INTO bench_meta (key, value) VALUES (%s, %s::jsonb) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [key, json.dumps(value)],
        )


def stale_reason(db: dbs.Database, size: str) -> str:
    """Why the database must be built again, or "" if what is there can be reused."""
    with db.connect(autocommit=True) as conn:
        meta = _meta(conn)
        if not meta.get("loaded"):
            return "no council loaded yet"
        if meta.get("size") != size or meta.get("seed") != SEED:
            return f"it holds size {meta.get('size')} seed {meta.get('seed')}"
        if meta.get("demo") != demo_fingerprint():
            return "the demo loader (alongside/demo) has changed since it was built"
        files = migration_files()
        for key, digest in (meta.get("migrations") or {}).items():
            if key not in files:
                return f"migration {key} was applied but no longer exists"
            if _digest([files[key]]) != digest:
                return f"migration {key} was edited after it was applied"
    return ""


# --- Build ----------------------------------------------------------------------------------------


def build_or_reuse(db: dbs.Database, size: str) -> dict[str, Any]:
    """Reuse the council in ``db`` or build a new one beside it and swap it in.

    A new council is built in ``<name>_next`` and renamed over the old one only once
    it has loaded, so a failed build (say, demo code half-way through a change)
    leaves the council that was there. BENCH_REBUILD=1 always builds; BENCH_REUSE=1
    reuses a loaded council even if the demo loader has changed since (and says so).
    """
    created = dbs.ensure(db)
    reason = "new database" if created else stale_reason(db, size)
    stale = ""
    if os.environ.get("BENCH_REBUILD") == "1":
        reason = reason or "BENCH_REBUILD=1"
    elif reason and not created and os.environ.get("BENCH_REUSE") == "1":
        with db.connect(autocommit=True) as conn:
            if _meta(conn).get("size") == size:
                stale, reason = reason, ""
    target = db
    if reason and not created:
        target = dbs.fresh(db)
        _log(f"{db.name}: building a new {size} council in {target.name} ({reason})")
    elif reason:
        _log(f"{db.name}: building the {size} council ({reason})")
    else:
        _log(
            f"{db.name}: reusing the {size} council built earlier"
            + (f" ({stale})" if stale else "")
        )

    django_env(target)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.monotonic() - started
    if reason:
        _log(f"{target.name}: seed_demo --size {size} --seed {SEED}")
        # The loader as it is now, when the command imports it (it may change during a long load).
        demo = demo_fingerprint()
        started = time.monotonic()
        call_command("seed_demo", size=size, seed=SEED)
        seconds = time.monotonic() - started
        _log(f"{target.name}: loaded in {seconds:.0f}s")
        with target.connect(autocommit=True) as conn:
            _meta(conn)
            _meta_set(
                conn,
                loaded=True,
                size=size,
                seed=SEED,
                demo=demo,
                seed_seconds=round(seconds, 1),
                migrate_seconds=round(migrated, 1),
                built_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            )
    if target is not db:
        connections.close_all()
        dbs.swap(target, db)
        connection.settings_dict["NAME"] = db.name
        os.environ["DATABASE_URL"] = db.url
        _log(f"{db.name}: the new council replaces the old one")
    with connection.cursor() as cursor:
        cursor.execute("SELECT app || '.' || name FROM django_migrations")
        applied = {row[0] for row in cursor.fetchall()}
    with db.connect(autocommit=True) as conn:
        _meta_set(conn, migrations=migration_hashes(applied))
        meta = _meta(conn)
        settings = {} if os.environ.get("BENCH_PG_DEFAULTS") == "1" else PG_SETTINGS
        conn.execute(sql.SQL("ALTER DATABASE {} RESET ALL").format(sql.Identifier(db.name)))
        for name, value in settings.items():
            conn.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(db.name), sql.Identifier(name), sql.Literal(value)
                )
            )
    return {
        "database": db.name,
        "reused": not reason,
        "stale": stale,
        "built_at": meta.get("built_at"),
        "seed_seconds": meta.get("seed_seconds"),
        "migrate_seconds": meta.get("migrate_seconds"),
    }


# --- Set-up through the ORM --------------------------------------------------------------------

VISIT_NOTES = (
    "Visited at home after school. {child} showed me the new bedroom and talked about "
    "football practice and a friend from class. The kitchen was stocked and the house "
    "was warm. We agreed that the family will keep the school appointment next week.",
    "Phoned the school. Attendance is steady this half term and {child} has settled "
    "with the new teaching assistant. The school will tell us about any missed days.",
    "Met the family at the family centre. We went through the plan together, what is "
    "going well and what still worries us. Everyone agreed the next review date.",
    "Health visitor update: weight and development are on track, immunisations are up "
    "to date. No concerns raised at the last appointment.",
    "Saw {child} alone at school. {child} said home has been calmer and that bedtime is "
    "easier now. We talked about who to call if things get hard again.",
)
KINDS = ("visit", "phone_call", "meeting", "agency_update", "note")
TITLES = (
    "Home visit",
    "Call with school",
    "Family meeting",
    "Health visitor update",
    "Seen alone at school",
)


def setup_targets(size: str) -> dict[str, Any]:
    import pghistory
    from django.db import transaction
    from django.db.models import Count, Q
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from alongside import policy
    from alongside.accounts.models import Role, Team, User
    from alongside.cases.models import Case
    from alongside.chronology.models import Entry
    from alongside.demo.builder import totals
    from alongside.demo.signins import MANAGER, PARENT, WORKER
    from alongside.journey.models import Referral
    from alongside.people.models import Person

    worker = User.objects.get(email=WORKER.email)
    manager = User.objects.get(email=MANAGER.email)
    parent = User.objects.get(email=PARENT.email)

    # The 2,000-entry chronology: the worker's open, unrestricted case with the most entries.
    case = (
        Case.objects.filter(worker=worker, closed_on__isnull=True, is_restricted=False)
        .annotate(n=Count("entries"))
        .order_by("-n", "id")
        .select_related("child")
        .first()
    )
    if case is None:
        raise SystemExit("The bench worker holds no open case: is the demo council loaded?")
    have = Entry.objects.filter(case=case, archived_at__isnull=True, status="published").count()
    if have < CHRONOLOGY_ENTRIES:
        missing = CHRONOLOGY_ENTRIES - have
        _log(f"case {case.reference}: adding {missing:,} entries to reach {CHRONOLOGY_ENTRIES:,}")
        now = timezone.now()
        child = case.child.display_name
        rows = []
        for i in range(missing):
            n = i % len(VISIT_NOTES)
            at = now - datetime.timedelta(hours=9 + 13 * i)
            rows.append(
                Entry(
                    case=case,
                    kind=KINDS[n],
                    occurred_at=at,
                    author_kind="staff",
                    author_user=worker,
                    audience="family",
                    title=TITLES[n],
                    text=VISIT_NOTES[n].format(child=child),
                    status="published",
                    created_at=at,
                    updated_at=at,
                    created_by=worker,
                    updated_by=worker,
                )
            )
        with transaction.atomic(), pghistory.context(reason="Benchmark: a 2,000-entry chronology"):
            Entry.objects.bulk_create(rows, batch_size=500)
        # The planner's statistics must know this case has 2,000 entries now, as they
        # would for a case that grew over years; otherwise the first run after a build
        # measures a plan for a case of a few dozen.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE chronology_entry")
    entries = Entry.objects.filter(case=case).count()
    visible = policy.entries_visible_to(worker, case, policy.case_access(worker, case)).count()
    # A second open case of the worker's, for the recording script to write on, so the
    # 2,000-entry chronology stays as it is from run to run.
    record_case = (
        Case.objects.filter(worker=worker, closed_on__isnull=True, is_restricted=False)
        .exclude(pk=case.pk)
        .select_related("child")
        .order_by("id")
        .first()
    ) or case

    # A routine home visit for the recording script: planned on that case, started three
    # hours ago and not yet recorded (planned in the future, then moved, as the plan is
    # for the family's days and times).
    from alongside.visits.models import Outcome, Visit
    from alongside.visits.services import visit_plan

    now = timezone.now()
    awaiting = Visit.objects.filter(
        case=record_case, outcome=Outcome.PLANNED, starts_at__lt=now, worker=worker
    )
    if not awaiting.exists():
        soon = now + datetime.timedelta(days=1)
        visit = visit_plan(
            case=record_case,
            worker=worker,
            kind="home_visit",
            starts_at=soon,
            ends_at=soon + datetime.timedelta(hours=1),
            place=record_case.child.address or "At home",
            purpose_for_family="To see how the week has gone.",
            by=worker,
            availability_clash_reason="The visit the benchmark records",
        )
        begun = now - datetime.timedelta(hours=3)
        Visit.objects.filter(pk=visit.pk).update(
            starts_at=begun, ends_at=begun + datetime.timedelta(hours=1)
        )

    # A team view of 20 caseworkers: the manager answers for more locality teams.
    caseworkers = (Role.SOCIAL_WORKER, Role.FAMILY_SUPPORT_WORKER, Role.TEAM_MANAGER)

    def team_ids() -> set[int]:
        return set(manager.managed_teams.values_list("id", flat=True)) | {manager.team_id}

    def team_size(ids: set[int]) -> int:
        return User.objects.filter(team_id__in=ids, role__in=caseworkers, is_active=True).count()

    others = (
        Team.objects.exclude(pk__in=team_ids())
        .annotate(n=Count("members", filter=Q(members__role__in=caseworkers)))
        .filter(n__gt=0)
        .order_by("id")
    )
    for team in others:
        if team_size(team_ids()) >= TEAM_WORKERS:
            break
        manager.managed_teams.add(team)
    ids = team_ids()

    try:
        team_path = reverse("staff:team-caseloads")
    except NoReverseMatch:
        team_path = ""

    child = case.child
    first = child.first_names.split()[0]
    counts = {
        "children": Case.objects.values("child").distinct().count(),
        "people": Person.objects.count(),
        "cases": Case.objects.count(),
        "open_cases": Case.objects.filter(closed_on__isnull=True).count(),
        "entries": Entry.objects.count(),
        "staff": User.objects.exclude(role__in=(Role.FAMILY, Role.YOUNG_PERSON)).count(),
        "teams": Team.objects.count(),
        "referrals": Referral.objects.count(),
    }
    return {
        "size": size,
        "counts": counts,
        "totals": totals(),
        "worker": {"id": worker.pk, "email": worker.email, "name": worker.full_name},
        "manager": {"id": manager.pk, "email": manager.email, "name": manager.full_name},
        "parent": {"id": parent.pk, "email": parent.email, "person_id": parent.person_id},
        "case": {
            "id": case.pk,
            "reference": case.reference,
            "child_id": child.pk,
            "entries": entries,
            "visible_entries": visible,
            "child": child.display_name,
        },
        "record_case": {"id": record_case.pk, "reference": record_case.reference},
        "worker_teams": [worker.team_id],
        "worker_open_cases": Case.objects.filter(worker=worker, closed_on__isnull=True).count(),
        "surname": child.last_name,
        "person_name": f"{first} {child.last_name}",
        "team": {
            "path": team_path,
            "team_ids": sorted(ids),
            "workers": team_size(ids),
            "open_cases": Case.objects.filter(team_id__in=ids, closed_on__isnull=True).count(),
        },
        "parent_cases": list(
            Case.objects.filter(
                family_access__person_id=parent.person_id, family_access__revoked_at__isnull=True
            ).values_list("id", flat=True)
        ),
    }


# --- Sessions through the real sign-in pages ---------------------------------------------------


def _staff_session(email: str, password: str) -> str:
    import pyotp
    from django.test import Client

    from alongside.accounts.services import DEMO_TOTP_SECRET_BASE32

    for attempt in range(3):
        client = Client()
        response = client.post("/sign-in/", {"email": email, "password": password})
        if response.status_code != 302:
            raise SystemExit(f"Sign-in for {email} failed: {response.status_code}")
        # A code is accepted once per 30-second step: if this step's was used, wait.
        response = client.post(
            "/sign-in/code/", {"code": pyotp.TOTP(DEMO_TOTP_SECRET_BASE32).now()}
        )
        if response.status_code == 302:
            return client.cookies["sessionid"].value
        wait = 30.5 - time.time() % 30
        _log(f"{email}: this step's code was used already; waiting {wait:.0f}s (try {attempt + 1})")
        time.sleep(wait)
    raise SystemExit(f"Could not pass the authenticator step for {email}")


def _family_session(email: str, user_id: int) -> str:
    from django.test import Client

    from alongside.messaging.models import Message

    client = Client()
    response = client.post("/portal/sign-in/", {"identifier": email})
    if response.status_code != 302:
        raise SystemExit(f"Family sign-in for {email} failed: {response.status_code}")
    message = Message.objects.filter(to_user_id=user_id, purpose="sign_in_code").first()
    found = re.search(r"\b(\d{6})\b", message.body if message else "")
    if not found:
        raise SystemExit(f"No sign-in code in the outbox for {email}")
    response = client.post("/portal/sign-in/code/", {"code": found[1]})
    if response.status_code != 302:
        raise SystemExit(f"Family sign-in code for {email} refused: {response.status_code}")
    return client.cookies["sessionid"].value


def _copies(session_key: str, count: int) -> list[str]:
    from django.contrib.sessions.backends.db import SessionStore

    data = dict(SessionStore(session_key=session_key).items())
    keys = [session_key]
    for _ in range(count - 1):
        store = SessionStore()
        store.update(data)
        store.create()
        keys.append(store.session_key)
    return keys


def sessions(targets: dict[str, Any]) -> dict[str, list[str]]:
    from alongside.demo.signins import DEMO_PASSWORD

    worker = _staff_session(targets["worker"]["email"], DEMO_PASSWORD)
    manager = _staff_session(targets["manager"]["email"], DEMO_PASSWORD)
    parent = _family_session(targets["parent"]["email"], targets["parent"]["id"])
    return {
        "worker": _copies(worker, SESSIONS_PER_USER),
        "manager": _copies(manager, SESSIONS_PER_USER),
        "parent": _copies(parent, SESSIONS_PER_USER),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=["small", "medium", "large"], required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--no-sessions", action="store_true")
    args = parser.parse_args()
    db = dbs.database(args.database)
    built = build_or_reuse(db, args.size)
    targets = setup_targets(args.size)
    targets["build"] = built
    targets["database_url"] = db.url
    targets["connect"] = db.connect_kwargs()
    if not args.no_sessions:
        targets["sessions"] = sessions(targets)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(targets, indent=2, default=str))
    c = targets["counts"]
    _log(
        f"{db.name}: {c['children']:,} children, {c['entries']:,} entries, {c['staff']:,} staff; "
        f"bench case {targets['case']['reference']} has {targets['case']['entries']:,} entries; "
        f"team view covers {targets['team']['workers']} caseworkers"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
