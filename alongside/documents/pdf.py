"""Documents families keep, as tagged PDFs: real text, headings, the language set.

WeasyPrint lays out the same blocks the portal page shows and writes PDF/UA-1:
a structure tree (headings, paragraphs, lists), ``MarkInfo Marked true``, the
document's language and title. The font is Liberation Sans, which Debian ships
(``fonts-liberation``), with DejaVu Sans (``fonts-dejavu-core``) for scripts it
lacks, such as Arabic and Urdu; large print and easy read use bigger type (easy read at
16pt or more, with a space for a picture beside every line).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from alongside.documents.languages import direction
from alongside.documents.structure import blocks

PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Printable:
    title: str
    text: str
    language_code: str = "en"
    easy_read: bool = False
    large_print: bool = False
    shared_on: str = ""
    author: str = "Alongside"


def html_for(doc: Printable) -> str:
    code = doc.language_code or "en"
    return render_to_string(
        "documents/pdf.html",
        {
            "doc": doc,
            "lang": code,
            "dir": direction(code),
            "blocks": blocks(doc.text),
            "font_size": 16 if doc.easy_read else 18 if doc.large_print else 12,
        },
    )


def refuse_fetch(url: str) -> None:
    """Nothing a document says may make the server fetch a file or a web address."""
    raise ValueError(f"Documents load nothing from outside: {url[:80]}")


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class RefuseFetching(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> None:
            refuse_fetch(url)

    return RefuseFetching()


def render_pdf(doc: Printable) -> bytes:
    """The document as a tagged PDF (PDF/UA-1). Fonts are the system's; nothing is fetched."""
    from weasyprint import HTML  # imported here: Pango loads only when a PDF is made

    page = HTML(string=html_for(doc), url_fetcher=_fetcher())
    pdf = page.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    assert pdf is not None
    return bytes(pdf)
