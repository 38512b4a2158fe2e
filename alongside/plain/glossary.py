"""Terms of art families meet, each with plain words a 9-year-old reader can follow.

Every term that may appear on a page or in a letter for a family must be here.
`aliases` are other ways the same term is written (abbreviations included).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    plain: str
    aliases: tuple[str, ...] = field(default_factory=tuple)


TERMS: tuple[Term, ...] = (
    Term(
        "referral",
        "referral",
        "Someone tells us they are worried about a child. Or a family asks us for help.",
    ),
    Term(
        "assessment",
        "child and family assessment",
        "When a social worker gets to know your family to find out what help you need. It should take no more than 45 working days.",
        ("assessment",),
    ),
    Term(
        "strategy-discussion",
        "strategy discussion",
        "A talk between social workers, the police and health workers when they are worried a child may be harmed. They decide what to do next.",
        ("strategy meeting",),
    ),
    Term(
        "section-47",
        "section 47 enquiry",
        "When social workers look into whether a child is being harmed or may be harmed. It is named after part of a law.",
        ("section 47", "s47", "s.47"),
    ),
    Term(
        "icpc",
        "initial child protection conference",
        "A meeting of your family and the workers who help you. It decides if a child needs a plan to keep them safe.",
        ("initial conference", "ICPC"),
    ),
    Term(
        "review-conference",
        "review child protection conference",
        "A meeting to check how the plan to keep a child safe is going. It asks if the plan is still needed.",
        ("review conference",),
    ),
    Term(
        "child-protection-plan",
        "child protection plan",
        "A written plan to keep a child safe. It says what each person will do. That includes the workers.",
        ("CP plan",),
    ),
    Term(
        "core-group",
        "core group",
        "A small group of your family and workers. They meet often to make the plan work.",
        ("core group meeting",),
    ),
    Term(
        "child-in-need-plan",
        "child in need plan",
        "A written plan for the help your family will get. You agree it with your social worker.",
        ("CIN plan", "child in need"),
    ),
    Term(
        "early-help",
        "early help",
        "Help for your family, if you want it. It comes early, before things get worse.",
    ),
    Term(
        "pre-proceedings",
        "pre-proceedings",
        "A stage before the council goes to court. You get a letter and free advice from a solicitor.",
        ("public law outline", "PLO"),
    ),
    Term(
        "letter-before-proceedings",
        "letter before proceedings",
        "A letter that says the council is thinking of going to court, and what needs to change. Take it to a solicitor.",
        ("LBP",),
    ),
    Term(
        "family-group-conference",
        "family group conference",
        "A meeting where your family and friends make a plan together. You get time on your own as a family.",
        ("FGC", "family group decision making"),
    ),
    Term(
        "looked-after",
        "looked after",
        "When a child lives away from home and the council shares care of them.",
        ("looked-after child", "child looked after", "LAC"),
    ),
    Term(
        "advocate",
        "advocate",
        "Someone on your side who helps you say what you think. They do not work for the social work team.",
    ),
    Term(
        "subject-access",
        "subject access request",
        "Asking to see everything the council keeps about you. It is free.",
        ("subject access",),
    ),
    Term(
        "parental-responsibility",
        "parental responsibility",
        "The right and the job of a parent to make choices for a child. For example, about school.",
    ),
    Term("chronology", "chronology", "A list of what has happened, in date order."),
    Term(
        "break-glass",
        "break-glass",
        "When a worker from another team opens your record because they must. They have to say why.",
    ),
)

BY_SLUG = {t.slug: t for t in TERMS}


def all_spellings() -> list[tuple[str, Term]]:
    """Every way a term is written, longest first, so 'child protection plan' wins over 'plan'."""
    spellings = [(t.term, t) for t in TERMS] + [(a, t) for t in TERMS for a in t.aliases]
    return sorted(spellings, key=lambda pair: len(pair[0]), reverse=True)
