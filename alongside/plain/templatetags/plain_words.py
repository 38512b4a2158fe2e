"""Link each term of art on a family's page to its plain explanation in the portal glossary.

``link_terms`` takes plain text (an entry a worker wrote) or HTML our own templates
made (``{% filter link_terms %}``). Plain text is escaped first; HTML is left as it
is. Only the words between tags are searched, never tags or attributes, and never
inside a link, a button, a label, a form control or a heading's own link. The
first place each term appears gets a link; later places are left plain.
"""

from __future__ import annotations

import re
from functools import cache

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

from alongside.plain.glossary import Term, all_spellings

register = template.Library()

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
# Inside these, words are left alone: a link inside them would be wrong or unusable.
_NO_LINKS = frozenset({"a", "button", "label", "option", "select", "textarea", "script", "style"})


@cache
def _pattern() -> re.Pattern[str]:
    """Every spelling, longest first, so "child protection plan" wins over shorter ones."""
    spellings = "|".join(re.escape(conditional_escape(s)) for s, _ in all_spellings())
    return re.compile(rf"(?<![\w&#-])({spellings})(?![\w-])", re.IGNORECASE)


@cache
def _by_spelling() -> dict[str, Term]:
    return {str(conditional_escape(s)).lower(): t for s, t in all_spellings()}


def glossary_url(term: Term) -> str:
    return f"{reverse('portal:words')}#{term.slug}"


def _link_text(text: str, linked: set[str]) -> str:
    """Link the first unlinked term in each run of already-escaped text."""

    def replace(match: re.Match[str]) -> str:
        term = _by_spelling()[match.group(1).lower()]
        if term.slug in linked:
            return match.group(0)
        linked.add(term.slug)
        return f'<a class="govuk-link" href="{glossary_url(term)}">{match.group(1)}</a>'

    return _pattern().sub(replace, text)


def link_terms_html(html: str, linked: set[str] | None = None) -> SafeString:
    """The same HTML with the first mention of each glossary term linked to its explanation.

    ``html`` must already be safe (escaped text, or markup we wrote).
    """
    linked = set() if linked is None else linked
    out: list[str] = []
    closed_to: list[str] = []  # the stack of open elements where no link may go
    for part in _TAG.split(html):
        if part.startswith("<") and part.endswith(">"):
            out.append(part)
            name_match = _TAG_NAME.match(part)
            name = name_match.group(1).lower() if name_match else ""
            if name in _NO_LINKS:
                if part.startswith("</"):
                    if name in closed_to:
                        closed_to.remove(name)
                elif not part.endswith("/>"):
                    closed_to.append(name)
            continue
        out.append(part if closed_to else _link_text(part, linked))
    return mark_safe("".join(out))  # noqa: S308 - every piece was escaped or is our own markup


@register.filter
def link_terms(value: object) -> SafeString:
    """Escape (unless already safe), then link the first mention of each term to the glossary.

    Always escapes plain text, even where a template turned autoescaping off.
    """
    text = value if isinstance(value, SafeData) else str(value)
    return link_terms_html(str(conditional_escape(text)))
