"""What families and referrers are told about a decision, in plain words."""

from __future__ import annotations

from alongside.journey.codes import NextStep

FAMILY_OUTCOME = {
    NextStep.NO_FURTHER_ACTION: (
        "We have looked at what we were told about {child}. We will not do anything more "
        "for now. This is why: {reason} If you want help in the future, you can ask us at any time."
    ),
    NextStep.INFORMATION_ADVICE: (
        "We have looked at what we were told about {child}. We have sent you information "
        "and advice that may help. You can ask us for help at any time."
    ),
    NextStep.EARLY_HELP: (
        "We have looked at what we were told about {child}. We would like to offer your family "
        "early help. This is support you can choose to have. A worker will contact you soon "
        "to talk about it."
    ),
    NextStep.ASSESSMENT: (
        "We have looked at what we were told about {child}. A social worker will work with "
        "your family to understand what help you need. This is called an assessment. "
        "They will contact you soon. You can bring someone to support you."
    ),
    NextStep.STRATEGY_DISCUSSION: (
        "We have looked at what we were told about {child}. We are worried that {child} "
        "may not be safe. We will talk to the police and to health workers about what to do "
        "next. A social worker will contact you. A solicitor or an advocate can help you."
    ),
}

REFERRER_OUTCOME = {
    NextStep.NO_FURTHER_ACTION: "We will take no further action.",
    NextStep.INFORMATION_ADVICE: "We have given the family information and advice.",
    NextStep.EARLY_HELP: "We have offered the family early help.",
    NextStep.ASSESSMENT: "A social worker will carry out a child and family assessment.",
    NextStep.STRATEGY_DISCUSSION: "We will hold a strategy discussion with partner agencies.",
}


def family_decision_text(next_step: NextStep, child_name: str, reason: str) -> str:
    return FAMILY_OUTCOME[next_step].format(child=child_name, reason=reason.strip())


def referrer_decision_text(next_step: NextStep, child_first_name: str) -> str:
    return (
        f"Thank you for telling us about {child_first_name}. "
        f"{REFERRER_OUTCOME[next_step]} Contact the front door team if you have more to tell us."
    )
