"""Words for the demo's journey records: contacts, decisions, assessments, plans and meetings.

Everything here is invented. Templates take {child}, {parent}, {their}, {them},
{school}, {area} and {lead}; a leading "unborn:", "young:", "school:" or "teen:" tag
says which children a sentence suits (see ``wording``).
"""

from __future__ import annotations

# --- Who gets in touch -------------------------------------------------------------------

# Referral sources (CIN census ReferralSource) for a referral, in roughly the national
# proportions: police, schools and health make most referrals.
REFERRAL_SOURCES = {
    "6": 28, "2A": 19, "2B": 1, "3A": 3, "3B": 3, "3C": 1, "3D": 2, "3E": 3, "3F": 3,
    "4": 2, "5A": 3, "5B": 2, "5C": 2, "5D": 3, "1A": 4, "1B": 1, "1C": 5, "1D": 1,
    "7": 2, "8": 4, "9": 1, "10": 2,
}  # fmt: skip
# For a family that starts with early help: more families asking, schools and health.
EARLY_HELP_SOURCES = {"1C": 35, "2A": 25, "3B": 10, "3D": 5, "8": 8, "6": 7, "5B": 5, "1A": 5}
UNBORN_SOURCES = {"3D": 40, "3F": 20, "3A": 10, "6": 15, "5A": 10, "1C": 5}
INDIVIDUALS = frozenset({"1A", "1B", "1D", "9", "10"})
ORGANISATIONS = {
    "2B": "Education welfare service",
    "3A": "Riverside Medical Practice",
    "3B": "Health visiting team",
    "3C": "School nursing team",
    "3D": "Community midwifery team",
    "3E": "Emergency department, General Hospital",
    "3F": "Community paediatrics",
    "4": "Housing options team",
    "5A": "Adult social care",
    "5B": "Youth service",
    "5C": "Children's services, Northshire County Council",
    "5D": "Early help service",
    "6": "Police public protection unit",
    "7": "Probation service",
    "8": "Family support charity",
}
REASON_GROUPS = {
    "6": "police", "2A": "school", "2B": "school", "3A": "health", "3B": "health",
    "3C": "health", "3D": "health", "3E": "hospital", "3F": "health", "4": "housing",
    "5A": "council", "5B": "council", "5C": "council", "5D": "early_help", "7": "council",
    "8": "charity", "1C": "family", "1A": "relative", "1B": "relative", "1D": "relative",
    "9": "relative", "10": "relative",
}  # fmt: skip
REASONS = {
    "police": (
        "Police attended the home after a neighbour heard shouting. {child} was in the house.",
        "Police were called to a domestic incident. {parent} had a cut to the face.",
        "teen:{child} was found by police in the town centre late at night with older youths.",
        "teen:{child} was reported missing overnight and found the next morning.",
        "unborn:Police attended a domestic incident. {parent} is 24 weeks pregnant.",
    ),
    "school": (
        "school:{child} came into school hungry on several days and had no coat.",
        "school:{child} has been tired and withdrawn since half term and is often late.",
        "school:{child} told a teaching assistant that things are shouty at home.",
        "school:{child} has a bruise on {their} arm and gave two different accounts of it.",
        "teen:{child}'s attendance has dropped to 60% and {child} has been seen with older boys.",
        "Staff at {school} are worried about {child}: {parent} has missed every meeting this term.",
    ),
    "health": (
        "young:{child} has missed several health appointments and is behind on vaccinations.",
        "young:The health visitor is worried about the home conditions and {child}'s weight.",
        "{parent} told the GP about low mood and is finding it hard to cope at home.",
        "unborn:{parent} has missed antenatal appointments and is not registered with a GP.",
        "unborn:{parent} told the midwife about drug use earlier in the pregnancy.",
    ),
    "hospital": (
        "young:{child} was brought to the emergency department with an injury that was not "
        "well explained.",
        "teen:{child} came to the emergency department after taking an overdose.",
        "{parent} came to the emergency department intoxicated with {child}.",
    ),
    "housing": (
        "The family are in temporary accommodation and the flat is damp and overcrowded.",
        "The family have been served notice and have nowhere to go at the end of the month.",
    ),
    "council": (
        "{parent} is known to adult services and is finding it hard to look after {child}.",
        "The family moved here from another council, where {child} was on a plan.",
        "teen:The youth offending team are worried about who {child} is spending time with.",
    ),
    "early_help": (
        "Early help have worked with the family for some months and the worries are growing.",
        "The family plan is not making enough difference and {parent} has stopped engaging.",
    ),
    "charity": (
        "The family support charity are worried that {parent} is struggling to cope.",
        "The children's centre noticed {child} is often unwashed and hungry.",
    ),
    "family": (
        "I am finding things really hard at the moment and I don't know who else to ask.",
        "school:{child} has not been sleeping and is getting into trouble at school.",
        "Money has been tight since the separation and we are behind on the rent.",
        "My mental health has not been good and my family can't help as much as they used to.",
        "teen:{child} keeps going missing and I can't keep {them} safe on my own.",
        "unborn:I am pregnant and worried about coping with a new baby on my own.",
    ),
    "relative": (
        "A relative is worried about how {parent} is coping and about {child}.",
        "A neighbour often hears shouting and a child crying late at night.",
        "A family friend says {child} is often left with different adults.",
    ),
}  # fmt: skip
LAWFUL_REASONS = (
    "Children Act 1989 s.47: reasonable cause to suspect significant harm; asking first "
    "could put the child at risk.",
    "Sharing is needed to protect a child from harm (Data Protection Act 2018, "
    "safeguarding of children).",
    "Police enquiry: telling the family first could prejudice the investigation.",
)
ADVICE_REASONS = (
    "We talked about the family hub and gave {parent} the number for the parenting course.",
    "We gave advice about routines and sleep and the details of the school nurse drop-in.",
    "We gave {parent} information about debt advice and the local food bank.",
    "We talked through the help the school can offer and how to ask again if things change.",
)
DECISION_REASONS = {
    "assessment": (
        "The worries about {child} need a child and family assessment. The {area} team will "
        "contact {parent} within two working days.",
        "{child} may be a child in need. A social worker will do an assessment with the family.",
    ),
    "early_help": (
        "The family agreed to early help. A lead practitioner will arrange a first meeting.",
        "Early help is the right response: the family want support and there are no "
        "safeguarding concerns.",
    ),
    "strategy": (
        "There is reasonable cause to suspect {child} is suffering significant harm. A strategy "
        "discussion with police and health will be held today.",
    ),
    "nfa": (
        "The family already have early help and the lead practitioner is aware. No further "
        "action from children's social care.",
        "Checks show no safeguarding concerns. The referrer will be told and the family "
        "signposted.",
    ),
}
NOT_TOLD_REASONS = (
    "The police asked us not to tell the family until they have spoken to {child}.",
    "Telling the family now could put {child} at risk.",
)

# --- Assessment ----------------------------------------------------------------------------

FACTORS: dict[str, dict[str, float]] = {
    "unborn": {"3B": 5, "2B": 3, "4B": 5, "1B": 2, "5B": 2, "16A": 3, "6B": 1},
    "young": {"3A": 4, "3B": 4, "4B": 5, "2B": 3, "1B": 2, "16A": 6, "17A": 3, "6A": 1,
              "5A": 1, "18C": 1},
    "school": {"3A": 4, "3B": 3, "4B": 4, "2B": 2, "1B": 2, "16A": 5, "17A": 4, "5A": 2,
               "6A": 1, "7A": 1, "10A": 1, "18C": 1, "20": 1},
    "teen": {"3A": 3, "3B": 2, "4A": 4, "4B": 3, "2A": 2, "2B": 2, "10A": 3, "11A": 2,
             "24A": 2, "13A": 1, "15A": 3, "14A": 2, "7A": 1, "17A": 3, "16A": 2, "9A": 0.5,
             "19B": 0.5, "22A": 0.2, "23A": 0.2, "12A": 0.3},
}  # fmt: skip
CATEGORY_WEIGHTS = {"NEG": 45, "EMO": 38, "PHY": 8, "SAB": 4, "MUL": 5}
CATEGORY_FACTORS = {"NEG": ("16A",), "EMO": ("17A",), "PHY": ("18C",), "SAB": ("19C",),
                    "MUL": ("16A", "17A")}  # fmt: skip
NEEDS = {
    "protection": {"N1": 85, "N5": 8, "N3": 4, "N4": 3},
    "in_need": {"N1": 35, "N2": 12, "N3": 10, "N4": 14, "N5": 20, "N6": 4, "N7": 1, "N8": 4},
    "early_help": {"N4": 35, "N5": 25, "N3": 15, "N1": 10, "N6": 8, "N7": 4, "N0": 3},
    "closed": {"N4": 30, "N5": 20, "N1": 20, "N3": 10, "N9": 10, "N0": 10},
    "nfa": {"N9": 40, "N0": 30, "N4": 20, "N5": 10},
}
FAMILY_VIEWS = (
    "{parent} said things have been hard since the separation and wants help with routines.",
    "{parent} agrees there are worries and wants support, but not another change of worker.",
    "{parent} did not agree with all of the worries but wants {child} to be happy at home.",
    "{parent} said the support from the family hub helped and asked for it to carry on.",
    "{parent} feels judged by professionals but wants to work with the plan.",
)
CHILD_VIEWS = (
    "unborn:Not yet born: the assessment considered the baby's needs through {parent}'s care.",
    "young:{child} was seen at home, playing and chatting; {child} went to {parent} for comfort.",
    "school:{child} said {child} likes school and wants the shouting at home to stop.",
    "school:{child} drew {their} family and said {child} feels safe with nan.",
    'teen:{child} said: "I want people to stop talking about me and talk to me."',
    "teen:{child} wants to stay at home and at {their} school, and wants mum to get help.",
)
LATE_REASONS = (
    "The family moved house during the assessment and visits had to be rebooked.",
    "Waiting for the health and school reports; the social worker was off sick for two weeks.",
    "{parent} asked for an interpreter for every meeting and one was not always available.",
)

# --- Plans and meetings -----------------------------------------------------------------------

FAMILY_PLANS = (
    "Help with routines at bedtime and mornings; {child} to get to school on time every "
    "day. {lead} will meet {parent} every two weeks.",
    "A parenting course at the family hub for {parent}; support with debt and the rent "
    "arrears; a team around the family meeting every six weeks.",
    "Support for {parent}'s mental health through the GP; a place at the holiday club for "
    "{child}; weekly visits from {lead} for the first month.",
)
CIN_PLANS = (
    "What needs to change: safe and calm routines at home, {child} at school every day, "
    "and {parent} getting support for {their} own health. Reviewed every three months.",
    "Short breaks for {child} and help at home after school. The school and health visitor "
    "will share any worries straight away. Reviewed with the family every three months.",
    "{parent} will work with the domestic abuse service; {child} will see the school "
    "counsellor weekly. Visits every four weeks. Reviewed every three months.",
)
CIN_REVIEW_NOTES = (
    "The plan was reviewed with {parent} and the school. Attendance is better; the plan "
    "carries on with the same actions.",
    "Good progress on routines. {parent} asked for help with the rent arrears, added to the plan.",
    "Some actions were not done. Agreed a smaller plan with dates, reviewed in three months.",
)
CORE_GROUP_NOTES = (
    "The core group met with {parent}. Actions updated: health appointments kept, school "
    "attendance improving, the home is calmer.",
    "The core group went through the plan line by line with {parent}. Two actions were late "
    "and have new dates.",
    "{parent} did not attend the core group. The social worker will go through the actions "
    "with {parent} at home this week.",
)
STRATEGY_NOTES = (
    "Information shared by police, health and school. Agreed that a section 47 enquiry is "
    "needed and who will see {child} first.",
    "Police will lead the interview with {child}. Health will arrange a child protection "
    "medical. The school will tell the social worker about any change.",
)
STRATEGY_TOLD_NOW = ("The family will be told today that a child protection enquiry has started.",)
STRATEGY_TOLD_LATER = ("The family will be told after the police have spoken to {child}.",)
NO_ENQUIRY_TOLD = "No section 47 enquiry: the assessment carries on and the family will be told."
PARTICIPANT_ROLES = {
    "Police public protection unit": ("Detective sergeant", "Detective constable"),
    "Health safeguarding team": ("Named nurse for safeguarding", "Health visitor"),
    "Children's social care": ("Team manager", "Social worker"),
}
SCHOOL_ROLE = "Designated safeguarding lead"
LEAD_END_REASONS = (
    "The family plan was completed and the family feel able to manage.",
    "{parent} decided to stop early help; the school will keep in touch.",
)
STEP_DOWN_REASONS = (
    "The assessment found the family's needs can be met with early help support.",
    "Things have improved and the family want to carry on with early help.",
)
STEP_UP_REASONS = (
    "The worries have grown despite early help and need a social work assessment.",
    "{parent} has stopped engaging with the family plan and {child} is missing school.",
)
OFFERS = {
    "RC1": "Adoption support from the regional adoption agency.",
    "RC2": "Bereavement support for the family through the hospice.",
    "RC3": "The family hub and the school's pastoral team; the family know how to ask again.",
    "RC4": "Special guardianship support from the kinship team.",
    "RC5": "The case has been transferred to the family's new council, which has the plan.",
    "RC6": "Transition support from adult social care; the family hub for the rest of the family.",
    "RC7": "The family hub, the school's pastoral team and the parenting course; the family "
    "know how to ask for help again.",
    "RC8": "Information about the family hub, the school nurse drop-in and how to ask again.",
    "RC9": "Referred to early help at the family hub, led by {school}.",
}
NFA_OFFER = "Early help continues with {lead}; no further action from social care."
