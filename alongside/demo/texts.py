"""Word lists and sentence templates for the demo council.

Everything here is invented. Templates use these placeholders, filled per case:
{child} the child's first name, {parent} the main carer's first name, {their} and
{them} for the child, {worker} and {worker_role} for the author, {school},
{agency}, {area}, {manager}, {chair} and {reason}.
"""

from __future__ import annotations

AREAS = (
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Riverside",
    "Hillside",
    "Harbour",
    "Forest",
    "Valley",
    "Moorland",
    "Parkside",
    "Castlegate",
    "Meadowbank",
    "Millbrook",
    "Oakfield",
    "Ashgrove",
    "Brookside",
    "Kingsway",
    "Marshfield",
    "Stonebridge",
    "Westgate",
    "Eastfield",
    "Northmoor",
    "Southbank",
    "Highfield",
    "Greenway",
    "Lakeside",
    "Fernhill",
    "Elmwood",
    "Larkrise",
    "Willowbrook",
)

STREET_KINDS = (
    "Road",
    "Street",
    "Close",
    "Avenue",
    "Lane",
    "Way",
    "Drive",
    "Gardens",
    "Crescent",
    "Terrace",
    "Grove",
    "Court",
    "Walk",
    "Place",
)

SCHOOL_KINDS = (
    ("Primary School", "primary"),
    ("Church of England Primary School", "primary"),
    ("Infant and Junior School", "primary"),
    ("Primary Academy", "primary"),
    ("Academy", "secondary"),
    ("High School", "secondary"),
    ("Community College", "secondary"),
)

OTHER_AGENCIES = (
    "Police public protection unit",
    "Health visiting team",
    "Community midwifery team",
    "Child and adolescent mental health service",
    "Youth justice service",
    "Housing options team",
    "Domestic abuse support service",
    "Drug and alcohol recovery service",
    "Emergency department, General Hospital",
    "School nursing team",
)

SUPPORTER_NOTES = (
    "Youth worker at the community centre",
    "Neighbour who helps with the school run",
    "Football coach",
    "Mentor from the church youth group",
    "Volunteer from the family support charity",
    "Family friend who offers respite at weekends",
    "Breakfast club lead at school",
)

CONTACT_TIMES = (
    "Mornings, before 11am",
    "After the school run, 9:30am to 2:30pm",
    "Afternoons, after 3:30pm",
    "Evenings after 6pm, phone only",
    "Lunchtimes",
    "Any time, but text first",
)

LANGUAGES = {
    "WOTH": ("Polish", "Romanian", "Lithuanian", "Portuguese", "Bulgarian"),
    "WROM": ("Romanian", "Romani", "Slovak"),
    "APKN": ("Urdu", "Punjabi"),
    "ABAN": ("Bengali", "Sylheti"),
    "AIND": ("Gujarati", "Punjabi", "Tamil"),
    "AOTH": ("Pashto", "Dari", "Tamil"),
    "BAFR": ("Somali", "Tigrinya", "Arabic", "Amharic", "Yoruba"),
    "CHNE": ("Cantonese", "Mandarin"),
    "OOTH": ("Arabic", "Kurdish", "Farsi"),
}

STAFF_TITLES = {
    "social_worker": (
        "Social worker",
        "Social worker",
        "Senior social worker",
        "Advanced practitioner",
    ),
    "family_support_worker": ("Family support worker", "Early help practitioner"),
    "team_manager": ("Team manager",),
    "front_door": ("Front door officer", "Front door social worker"),
    "chair": ("Child protection conference chair", "Independent reviewing officer"),
    "fgc_coordinator": ("Family group conference coordinator",),
    "data_team": ("Performance and data officer",),
    "admin": ("Business support and systems administrator",),
}

RESTRICTION_REASONS = (
    "A family member works in the council's children's services",
    "A parent is a council employee",
    "The family's address must be kept confidential",
    "High-profile family: access limited to named staff",
)

REALLOCATION_REASONS = (
    "The previous social worker left the council",
    "Caseload balancing in the team",
    "The previous worker started long-term leave",
    "The previous worker moved to another team",
    "Transferred after the assessment",
    "Moved to a worker with child protection experience",
)

# --- Entries written by staff, visible to the family ---------------------------------
#
# A sentence may start with a tag that says which children it suits, by their age on
# the day: "unborn:", "young:" (under 4), "school:" (4 and over) or "teen:" (11 and
# over). Sentences without a tag suit anyone.

VISIT_TITLES = (
    "Home visit",
    "school:Visit to see {child} at home",
    "school:Visit at school",
    "Unannounced home visit",
    "Statutory visit",
    "Visit with {parent}",
    "school:Visit after school",
)
VISIT_OPENINGS = (
    "I visited {parent} at home and was made welcome.",
    "school:I saw {child} at {school} in a quiet room, with a member of staff {child} trusts.",
    "I called in without an appointment, as we agreed at the last meeting.",
    "school:I visited after school so that {child} did not miss lessons.",
    "I met {parent} at the family centre because the house is being repaired.",
)
VISIT_OBSERVATIONS = (
    "The house was warm and tidy, and there was food in the fridge.",
    "school:{child} showed me {their} bedroom and the drawings on the wall.",
    "school:{child} was chatty and told me about football on Saturdays.",
    "school:{child} was quiet at first and relaxed once we started drawing together.",
    "There were piles of washing and the kitchen needed a clean; {parent} said this week has "
    "been hard.",
    "{parent} had the appointment letters ready and had written down questions for me.",
    "young:{child} was clean, dressed for the weather and content in {their} cot.",
    "young:{parent} showed me the feeding and sleep routine, written on the fridge.",
    "The broken window in the front room has now been fixed by the landlord.",
    "unborn:{parent} has a cot and a pram from the baby bank and the midwife has visited.",
    "unborn:We talked about who will help in the first weeks after the baby is born.",
)
CHILD_VOICE = (
    "school:{child} said the best thing this week was going to the park with {their} nan.",
    "school:{child} told me that shouting at home makes {them} feel scared.",
    "school:{child} said {their} wish is for everyone to get on and for mum to be less tired.",
    "school:{child} said school is better now that {their} friends sit with {them} at lunch.",
    "school:{child} did not want to talk today and that is OK; we played a game instead.",
    "school:{child} said {their} favourite person is {their} aunt because she listens.",
    "teen:{child} wants to keep seeing dad at weekends and said those visits are fun.",
    "young:{child} babbled and smiled at {parent}, and reached for {parent} when I came in.",
    "young:{child} was settled and crawled over to show me {their} toys.",
    "unborn:{parent} said what matters most is having the baby home and keeping things calm.",
)
AGREED_ACTIONS = (
    "We agreed I will chase the housing application this week.",
    "{parent} will book the next health appointment and let me know how it goes.",
    "I will visit again in two weeks.",
    "We agreed {parent} will try the new bedtime routine and we will talk about it next time.",
    "school:I will ask the school about extra help with reading.",
    "I will send {parent} the easy read version of the plan.",
    "{parent} will go to the parenting group on Thursday mornings.",
    "We agreed the next family meeting will be at home, not at the office.",
)

PHONE_TITLES = (
    "Phone call with {parent}",
    "Call from {parent}",
    "teen:Call with {child}",
    "school:Call with {school}",
    "Phone call to check in",
)
PHONE_BODIES = (
    "school:{parent} rang to say {child} had a good week and went to school every day.",
    "I rang {parent} to rearrange Thursday's visit because of a hospital appointment.",
    "{parent} called, worried about the electricity meter running out. I made a referral to "
    "the food and fuel fund.",
    "teen:I spoke with the head of year, who said {child}'s attendance has gone up.",
    "teen:{child} called me to ask when we are next meeting. We set a date.",
    "{parent} asked for a copy of the latest plan. I posted it and emailed it the same day.",
    "young:I called to check how the first week at nursery went. {parent} said it went well.",
    "unborn:{parent} rang after the scan. Everything is as expected.",
)

NOTE_TITLES = (
    "Case note",
    "Update",
    "Note after supervision",
    "Checks with other agencies",
    "Planning the next steps",
    "Summary of the last month",
)
NOTE_BODIES = (
    "I have read the file and the previous assessments so that the family does not have to "
    "repeat their story.",
    "In supervision we reviewed the plan. Things are moving in the right direction.",
    "Checks with health and school found no new concerns.",
    "school:Summary: attendance is up, the home is calmer, and {parent} is going to the "
    "support group.",
    "The plan is working in some areas and not others; we will talk about this at the next review.",
    "school:{child}'s dental appointment has been booked and the hearing test is next month.",
    "young:{child}'s health review is booked and immunisations are up to date.",
    "I updated the chronology with the information from the last meeting.",
)

MEETING_TITLES = (
    "Core group meeting",
    "Child in need review meeting",
    "Team around the family meeting",
    "Review of the plan",
    "Family network meeting",
    "Family group conference",
)
MEETING_BODIES = (
    "Present: {parent}, {worker} and the other professionals who know the family.",
    "We went through each part of the plan. Most actions have been done.",
    "{parent} said the meeting felt less scary this time because {parent} knew everyone.",
    "The family network agreed who will help with childcare on weekdays.",
    "Next meeting in six weeks. Everyone will get the notes within five working days.",
    "teen:{child} came to the first part of the meeting and told everyone what is going well.",
    "school:{child}'s views were shared by {worker}, from their last visit.",
)

DOCUMENT_TITLES = (
    "Child and family assessment",
    "Child in need plan",
    "Letter to {parent} about the plan",
    "school:Report from {school}",
    "Easy read version of the plan",
    "Review meeting notes",
)
DOCUMENT_BODIES = (
    "I have written this up and shared a copy with {parent}. {parent} can ask for any part "
    "to be changed.",
    "This is the version agreed at the last meeting. The family have a copy.",
    "An easy read version has been made for {parent}, as {parent} asked.",
)

AGENCY_TITLES = (
    "school:School attendance update",
    "Health update",
    "Update from {agency}",
    "Information from {agency}",
)
AGENCY_BODIES = (
    "school:{child}'s attendance this half term is 94%, up from 81%.",
    "young:{child} has been seen for a routine check. Growth and development are as expected.",
    "school:{child} has settled well and is making friends. Reading has improved.",
    "{parent} has been to four of the six sessions and is engaging well.",
    "The missed appointments have been rebooked and {parent} has a reminder text.",
    "There have been no call-outs to the address since the last update.",
    "unborn:{parent} is going to antenatal appointments and the baby is growing well.",
)

CONTACT_TITLES = (
    "Concern raised by {agency}",
    "Contact from {agency}",
    "Information shared by {agency}",
)
CONTACT_BODIES = (
    "school:{child} came into school hungry on three days this week and had no coat.",
    "school:Staff noticed {child} has been tired and withdrawn since half term.",
    "{parent} talked about struggling with low mood, with little support.",
    "Police attended the address after a neighbour heard shouting. No one was arrested.",
    "We have spoken to {parent}, who agreed we could share this.",
    "young:{child} has missed several health appointments.",
    "unborn:{parent} has missed antenatal appointments and is not registered with a GP.",
)

REQUEST_TITLES = (
    "Asking for some help",
    "We need some support",
    "Help with {child}",
    "Please can someone help us",
    "Asking for help at home",
)
REQUEST_BODIES = (
    "I am finding things really hard at the moment and I don't know who else to ask.",
    "school:{child} has not been sleeping and is getting into trouble at school.",
    "Money has been tight since the separation and we are behind on the rent.",
    "school:I would like some help with routines and getting {child} to school on time.",
    "My mental health has not been good and my family can't help as much as they used to.",
    "school:{school} told me about early help and I would like to talk to someone.",
    "young:The health visitor told me about early help and I would like to talk to someone.",
    "The best time to call me is in the morning.",
)

FAMILY_TITLES = (
    "In our words: how things are going",
    "What I want people to know",
    "My view on the plan",
    "How the last meeting felt",
    "What is working for us",
)
FAMILY_BODIES = (
    "Things are better than they were. We have a routine now and the mornings are calmer.",
    "I felt listened to at the last meeting, but there were too many people in the room.",
    "I want everyone to know how hard we are trying. The plan is a lot to do in one week.",
    "The family support sessions have really helped. I would like them to carry on.",
    "I don't agree with everything in the assessment, especially the part about the house.",
    "Please send letters by email, not post. I miss things that come by post.",
)
CHILD_ACCOUNT_BODIES = (
    "I like it when my worker comes after school so I don't miss lessons.",
    "I want to be asked before things are decided about me.",
    "Things at home are calmer now. I still worry about mum sometimes.",
    "I don't like meetings with lots of people. I would rather talk to one person.",
)

ALLOCATION_TITLES = ("New {worker_role}: {worker}", "Case allocated to {worker}")
ALLOCATION_BODIES = (
    "{worker} is now {child}'s {worker_role}. {reason}.",
    "{worker} will visit in the next few days to say hello and talk about the plan.",
    "If you need to speak to someone before then, call the {area} team duty line.",
)
UNALLOCATED_TITLE = "Waiting for a worker"
UNALLOCATED_BODY = (
    "The case is with the {area} team. {manager}, the team manager, will allocate a worker "
    "this week. Until then the duty worker is the person to call."
)

# --- Stage decisions and meetings (title, body) ------------------------------------------

STAGE_DECISIONS = {
    "assessment": (
        "Decision: child and family assessment",
        "We will do a child and family assessment with {parent} and {child} to understand what "
        "help is needed. It will be finished within 45 working days.",
    ),
    "early_help": (
        "Decision: early help support",
        "The family will get early help support. {parent} agreed to a family support worker "
        "and to a team around the family meeting.",
    ),
    "child_in_need": (
        "Decision: child in need plan",
        "The assessment found that {child} needs extra help to be safe and well. We will "
        "agree a child in need plan with the family.",
    ),
    "child_protection": (
        "Initial child protection conference",
        "The conference, chaired by {chair}, agreed that {child} should have a child "
        "protection plan. {parent} attended and shared the family's view.",
    ),
    "looked_after": (
        "Decision: {child} to be looked after",
        "{child} will be looked after by the council and is living with foster carers. "
        "{parent} will see {child} three times a week. This decision was made with {parent}.",
    ),
}

CLOSURE_BODIES = {
    "RC1": "{child} has been adopted. The case is closed.",
    "RC2": "The case is closed.",
    "RC3": "A child arrangements order is in place and {child} lives with {their} family.",
    "RC4": "A special guardianship order has been made. {child} lives with {their} guardian.",
    "RC5": "The family have moved to another council, which now holds the case.",
    "RC6": "{child} is now supported by adult social care.",
    "RC7": "The plan has been completed and the family agree support is no longer needed.",
    "RC8": "The assessment is finished. No further action is needed from children's services.",
    "RC9": "The assessment is finished. The family will get early help support instead.",
}

# --- Entries the family cannot read, by withheld reason (title, body) --------------------

WITHHELD = {
    "third_party": (
        (
            "Information from a neighbour",
            "A neighbour reported visitors to the house late at "
            "night. The neighbour asked not to be named.",
        ),
        (
            "Information about another adult",
            "Checks on the new partner's previous contact "
            "with services. This holds information about him and is not shared.",
        ),
        (
            "Health information about a relative",
            "Information from the GP about a relative's "
            "health, shared with consent for professionals only.",
        ),
    ),
    "police_enquiry": (
        (
            "Update from the police (not to be shared)",
            "There is a live police investigation. "
            "Details must not be shared with the family until the police agree.",
        ),
        (
            "Police checks on an adult in the household",
            "The police shared information about an adult in the household while they "
            "investigate. It must not be shared until the police agree.",
        ),
    ),
    "risk_to_child": (
        (
            "Worries shared by a relative",
            "A relative shared worries about an adult who visits the home and asked that this "
            "is not shared yet, to keep {child} safe.",
        ),
        (
            "school:What {child} told me in private",
            "{child} told me about worries at home and asked "
            "that {parent} is not told yet. We made a plan to keep {them} safe.",
        ),
        (
            "school:Safety planning",
            "Safety plan agreed with {school}. Sharing the details now could put {child} at risk.",
        ),
    ),
    "legal_advice": (
        (
            "Advice on the threshold for proceedings",
            "Advice from legal services on whether the threshold for "
            "care proceedings is met, and the steps to take before any application.",
        ),
        (
            "Advice from legal services",
            "Legal advice on the pre-proceedings letter and what it must say.",
        ),
    ),
}

STRATEGY_DISCUSSION = (
    "Strategy discussion",
    "Strategy discussion with police and health. A section 47 enquiry will start today. The "
    "police will lead the interview with {child}.",
)
LEGAL_PLANNING = (
    "Legal planning meeting",
    "Legal planning meeting with legal services and the team manager. Advice on whether the "
    "threshold for care proceedings is met and on the letter before proceedings.",
)
ROLE_WORDS = {"family_support_worker": "family support worker"}

SCHOOL_WORDS = (
    "Oakfield",
    "Beechwood",
    "Hollybank",
    "St Anne's",
    "St Mark's",
    "Greenacres",
    "Rowan",
    "Hazelwood",
    "Orchard",
    "Kingfisher",
    "Springfield",
    "Chestnut",
    "Westfield",
    "Larchwood",
    "Brambles",
    "Redwood",
    "Holy Trinity",
    "Sandfield",
    "Foxhill",
    "Mayfield",
    "Heathlands",
    "Cedars",
    "Linden",
    "Bishopsgate",
    "Juniper",
    "Wren Park",
    "Harefield",
    "Ivybridge",
    "Moorside",
    "Primrose Hill",
    "Thornbury",
    "Willowdene",
)

REFERRAL_TITLES = (
    "Referral accepted",
    "Referral: worries about {child}",
    "Referral passed to the {area} team",
)
REFERRAL_BODIES = (
    "The front door looked at what we already know about the family.",
    "{parent} knows about the referral and agreed to it.",
    "Checks with health, school and the police were done the same day.",
    "Decision: pass to the {area} team to see the family and talk about what help is needed.",
    "The person who made the referral will be told what happens next.",
)

OVERSIGHT_TITLES = ("Management oversight", "Supervision: plan reviewed", "Manager's review")
OVERSIGHT_BODIES = (
    "I have read the recent entries and talked about the plan with {worker}.",
    "The plan is still right for {child}. We will look at it again in three months.",
    "Good progress on attendance and health appointments. Keep visiting every two weeks.",
    "I asked {worker} to make sure {child}'s own words are in the next review report.",
)

REVIEW_CONFERENCE = (
    "Review child protection conference",
    "The review conference, chaired by {chair}, looked at the plan. {parent} and the "
    "professionals shared what has changed. The plan carries on for now.",
)

DRAFTS = (
    (
        "Visit notes (not finished)",
        "Saw {child} after school. Still to write up: what {child} "
        "said about the weekend, and the agreed actions.",
    ),
    (
        "Notes for the core group",
        "Points to raise: attendance, the dentist, and respite at weekends.",
    ),
)

ARCHIVE_REASONS = ("Recorded on the wrong child's case", "Duplicate of another entry")

PRONOUNS = {"F": ("her", "her"), "M": ("his", "him")}

YOUNG_PERSON_ACCOUNT = (
    "In my words: what I want my social worker to know",
    "I want to stay at my school and keep seeing my friends. Please talk to me, not just to "
    "mum. Meetings after school are better for me.",
)
