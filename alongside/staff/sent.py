"""What a family was just sent, kept for one page so the worker sees it with its reading score.

A decision letter, a worker's introduction and a visit notice are written by the
system, not typed, and go out as the worker's action is saved. The view keeps the
text here; the next staff page shows it once, after the "Done" banner, with the
same reading score and terms-of-art panel as meeting letters and reports.
"""

from __future__ import annotations

from django.http import HttpRequest

from alongside.plain.readability import Reading, read

SESSION_KEY = "sent_to_family"


def remember_sent(request: HttpRequest, text: str) -> None:
    """Keep what the family was sent, to show on the next page."""
    if text.strip():
        request.session[SESSION_KEY] = text


def take_sent(request: HttpRequest) -> tuple[str, Reading] | None:
    """What the family was just sent and its reading, once; then it is gone."""
    session = getattr(request, "session", None)
    text = session.pop(SESSION_KEY, None) if session is not None else None
    return (text, read(text)) if text else None
