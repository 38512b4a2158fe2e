"""Django set up on a prepared council's database, for the steps that run in-process
(queries, profile, statement_cost, census): demo settings, not the test settings, and
the test client's host allowed."""

from __future__ import annotations

import os
from typing import Any


def use(targets: dict[str, Any]) -> None:
    os.environ["DATABASE_URL"] = targets["database_url"]
    os.environ["ALONGSIDE_DEMO"] = "1"
    os.environ.pop("ALONGSIDE_TESTING", None)
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
