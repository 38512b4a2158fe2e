"""``{% sent_to_family %}``: what the family was just sent, with its reading score."""

from __future__ import annotations

from typing import Any

from django import template

from alongside.staff.sent import take_sent

register = template.Library()


@register.inclusion_tag("staff/_sent_to_family.html", takes_context=True)
def sent_to_family(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    sent = take_sent(request) if request is not None else None
    if sent is None:
        return {}
    text, reading = sent
    return {"sent_text": text, "reading": reading}
