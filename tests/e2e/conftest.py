"""Browser journeys: Playwright (sync) driving Debian's Chromium against pytest-django's live server.

Every page a journey visits is checked with axe-core (WCAG 2.x A/AA and best practice),
at desktop width and, where asked, at phone width too.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Generator
from typing import Any

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls
# from a thread with a running loop unless told this is fine (it is, in tests).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pyotp  # noqa: E402
import pytest  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

from alongside.accounts.services import DEMO_TOTP_SECRET_BASE32  # noqa: E402
from tests.factories import PASSWORD  # noqa: E402

CHROMIUM = os.environ.get("ALONGSIDE_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
}
TOTP_STEP = 30

_axe = Axe()
# Script errors, console errors (CSP refusals among them) and failed assets, per browser context.
_problems: dict[int, list[str]] = {}


# --- Authenticator codes -----------------------------------------------------------------------


def totp_code(steps_back: int = 0) -> str:
    """A code for the demo authenticator, `steps_back` 30-second steps ago.

    django-otp never accepts the same time step twice for one device, but it allows
    one step of clock drift. So a journey that needs two codes in a row signs in
    with the previous step's code and uses the current one next, without waiting.
    We stay clear of a step boundary so the server sees the same step we do.
    """
    if time.time() % TOTP_STEP > TOTP_STEP - 3:
        time.sleep(TOTP_STEP - time.time() % TOTP_STEP + 0.2)
    return pyotp.TOTP(DEMO_TOTP_SECRET_BASE32).at(time.time() - steps_back * TOTP_STEP)


# --- Browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Generator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser, live_server: Any) -> Generator[Callable[[], BrowserContext]]:
    """Make browser contexts (separate cookie jars) on the live server; all closed after the test."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="en-GB")
        context.set_default_timeout(10_000)
        problems: list[str] = []
        _problems[id(context)] = problems
        context.on("weberror", lambda error: problems.append(f"script error: {error.error}"))
        context.on(
            "console",
            lambda message: (
                problems.append(f"console {message.type}: {message.text}")
                if message.type == "error" and "Failed to load resource" not in message.text
                else None
            ),
        )
        context.on(
            "response",
            lambda response: (
                problems.append(f"{response.status} for {response.url}")
                if response.status >= 400 and response.request.resource_type != "document"
                else None
            ),
        )
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        _problems.pop(id(context), None)
        context.close()


@pytest.fixture
def page(new_context: Callable[[], BrowserContext]) -> Page:
    return new_context().new_page()


# --- Accessibility ---------------------------------------------------------------------------


def _axe_once(page: Page, where: str) -> None:
    results = _axe.run(page, options=AXE_OPTIONS)
    if results.violations_count:
        print(f"axe violations on {where}:\n{results.generate_report()}")
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {where}"
    )


def check_page(page: Page, *, phone: bool = False) -> None:
    """axe on the page as it is now; with `phone`, again at 375px wide, checking it reflows."""
    page.wait_for_load_state("load")
    where = f"{page.url} ({page.title()})"
    problems = _problems.get(id(page.context), [])
    assert not problems, f"problems loading {where}: {problems}"
    # The stylesheets and scripts arrived and ran: GOV.UK Frontend started, htmx is there.
    loaded = page.evaluate(
        "[document.styleSheets.length, document.body.classList.contains('govuk-frontend-supported'),"
        " typeof window.htmx]"
    )
    assert loaded == [3, True, "object"], f"assets missing on {where}: {loaded}"
    _axe_once(page, where)
    if phone:
        size = page.viewport_size or DESKTOP
        page.set_viewport_size(PHONE)
        try:
            _axe_once(page, f"{where} at 375px")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{where} scrolls sideways by {overflow}px at 375px wide"
        finally:
            page.set_viewport_size(size)


# --- Signing in -------------------------------------------------------------------------------


def staff_sign_in(page: Page, user: Any, *, code: str | None = None, phone: bool = False) -> None:
    """The real staff sign-in: email and password, then the authenticator code."""
    page.goto("/sign-in/")
    check_page(page, phone=phone)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/sign-in/code/$"))
    check_page(page, phone=phone)
    page.get_by_label("Code from your authenticator app").fill(code or totp_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    check_page(page, phone=phone)
