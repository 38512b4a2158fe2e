"""DfE and practice code lists for the statutory journey.

Source: DfE Children in Need census specification as implemented by the CIN
census validator (rules 8866, 8650, 8897Q, 8905/8910), applying from the
2024-25 collection; contact outcomes from the Standard Safeguarding Dataset.
"""

from django.db import models


class ReferralSource(models.TextChoices):
    """CIN census ReferralSource (N00152)."""

    S1A = "1A", "Individual: family member, relative or carer"
    S1B = "1B", "Individual: acquaintance, such as a neighbour or childminder"
    S1C = "1C", "Individual: self"
    S1D = "1D", "Individual: other"
    S2A = "2A", "Schools"
    S2B = "2B", "Education services"
    S3A = "3A", "Health: GP"
    S3B = "3B", "Health: health visitor"
    S3C = "3C", "Health: school nurse"
    S3D = "3D", "Health: other primary health services"
    S3E = "3E", "Health: A&E"
    S3F = "3F", "Health: other"
    S4 = "4", "Housing"
    S5A = "5A", "Local authority: social care"
    S5B = "5B", "Local authority: other internal service"
    S5C = "5C", "Local authority: another council's services"
    S5D = "5D", "Local authority: early help"
    S6 = "6", "Police"
    S7 = "7", "Other legal agency"
    S8 = "8", "Other, such as a charity or children's centre"
    S9 = "9", "Anonymous"
    S10 = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    """CIN census PrimaryNeedCode (N00101)."""

    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability or illness"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"
    N0 = "N0", "Not stated"


class ContactKind(models.TextChoices):
    REQUEST_FOR_HELP = "request_for_help", "A family asking for help"
    CONCERN = "concern", "A concern about a child"
    REFERRAL = "referral", "A referral from a professional"


class SharingBasis(models.TextChoices):
    CONSENT = "consent", "The family agreed to the information being shared"
    NO_CONSENT = "no_consent", "Shared without consent, for a lawful reason"
    SELF = "self", "The family shared it themselves"


class NextStep(models.TextChoices):
    """The decision on a contact, due within one working day."""

    NO_FURTHER_ACTION = "nfa", "No further action"
    INFORMATION_ADVICE = "advice", "Information and advice"
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT = "assessment", "Child and family assessment"
    STRATEGY_DISCUSSION = "strategy", "Strategy discussion"


class AssessmentFactor(models.TextChoices):
    """CIN census AssessmentFactors (N00181)."""

    F1A = "1A", "Alcohol misuse: child"
    F1B = "1B", "Alcohol misuse: parent or carer"
    F1C = "1C", "Alcohol misuse: other person in the household"
    F2A = "2A", "Drug misuse: child"
    F2B = "2B", "Drug misuse: parent or carer"
    F2C = "2C", "Drug misuse: other person in the household"
    F3A = "3A", "Domestic abuse: child"
    F3B = "3B", "Domestic abuse: parent or carer"
    F3C = "3C", "Domestic abuse: other person in the household"
    F4A = "4A", "Mental health: child"
    F4B = "4B", "Mental health: parent or carer"
    F4C = "4C", "Mental health: other person in the household"
    F5A = "5A", "Learning disability: child"
    F5B = "5B", "Learning disability: parent or carer"
    F5C = "5C", "Learning disability: other person in the household"
    F6A = "6A", "Physical disability or illness: child"
    F6B = "6B", "Physical disability or illness: parent or carer"
    F6C = "6C", "Physical disability or illness: other person in the household"
    F7A = "7A", "Young carer"
    F8B = "8B", "Privately fostered: overseas child intending to return"
    F8C = "8C", "Privately fostered: overseas child intending to stay"
    F8D = "8D", "Privately fostered: UK child in an educational placement"
    F8E = "8E", "Privately fostered: UK child, other family arrangement"
    F8F = "8F", "Privately fostered: other"
    F9A = "9A", "Unaccompanied asylum-seeking child"
    F10A = "10A", "Going or being missing"
    F11A = "11A", "Child sexual exploitation"
    F12A = "12A", "Trafficking"
    F13A = "13A", "Gangs"
    F14A = "14A", "Socially unacceptable behaviour"
    F15A = "15A", "Self-harm"
    F16A = "16A", "Neglect"
    F17A = "17A", "Emotional abuse"
    F18B = "18B", "Physical abuse: child on child"
    F18C = "18C", "Physical abuse: adult on child"
    F19B = "19B", "Sexual abuse: child on child"
    F19C = "19C", "Sexual abuse: adult on child"
    F20 = "20", "Other"
    F21 = "21", "No factors identified"
    F22A = "22A", "Female genital mutilation"
    F23A = "23A", "Abuse linked to faith or belief"
    F24A = "24A", "Child criminal exploitation"


class AssessmentOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    EARLY_HELP = "early_help", "Step down to early help"
    CHILD_IN_NEED_PLAN = "cin_plan", "Child in need plan"
    STRATEGY_DISCUSSION = "strategy", "Strategy discussion"


class StrategyDecision(models.TextChoices):
    SECTION_47_SINGLE = "s47_single", "Section 47 enquiry by children's social care"
    SECTION_47_JOINT = "s47_joint", "Section 47 enquiry jointly with the police"
    NO_SECTION_47 = "no_s47", "No section 47 enquiry: continue the assessment"


class Section47Outcome(models.TextChoices):
    CONFERENCE = "icpc", "Initial child protection conference"
    CONTINUE_ASSESSMENT = "continue", "No conference: continue with the assessment"
    SERVICES = "services", "No conference: services for a child in need"
    NO_FURTHER_ACTION = "nfa", "No further action"


class AbuseCategory(models.TextChoices):
    """CIN census InitialCategoryOfAbuse / LatestCategoryOfAbuse."""

    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    EMO = "EMO", "Emotional abuse"
    SAB = "SAB", "Sexual abuse"
    MUL = "MUL", "Multiple"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"
