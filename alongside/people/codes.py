"""DfE code lists used on the person record.

Source: DfE Children in Need census specification (valid sets as checked by the
CIN census validator rules 4220, 8540, 8750), applying from the 2024-25 collection.
"""

from django.db import models


class Sex(models.TextChoices):
    """Sex as the DfE returns record it (CIN census item N00783, from 2024-25)."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known or not yet born"


class Ethnicity(models.TextChoices):
    """DfE main ethnicity codes (CIN N00177, SSDA903 ETHNIC)."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WOTH = "WOTH", "Any other White background"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy or Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    """DfE disability codes (CIN N00099). NONE may not appear with any other code."""

    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Diagnosed autism or Asperger syndrome"
    DDA = "DDA", "Disabled, but not in the categories above"


class Format(models.TextChoices):
    STANDARD = "standard", "Standard print"
    EASY_READ = "easy_read", "Easy read"
    LARGE_PRINT = "large_print", "Large print"
    AUDIO = "audio", "Audio (read aloud)"
    OWN_LANGUAGE = "own_language", "In their own language"


class ContactChannel(models.TextChoices):
    """How a person wants to hear from us. Empty: no preference (email if we have one)."""

    EMAIL = "email", "Email"
    TEXT = "sms", "Text message"


class Weekday(models.TextChoices):
    MON = "mon", "Monday"
    TUE = "tue", "Tuesday"
    WED = "wed", "Wednesday"
    THU = "thu", "Thursday"
    FRI = "fri", "Friday"
    SAT = "sat", "Saturday"
    SUN = "sun", "Sunday"


class RelationshipKind(models.TextChoices):
    """How one person relates to another. Read as: <from> is <kind> <to>."""

    PARENT = "parent", "Parent of"
    STEP_PARENT = "step_parent", "Step-parent of"
    SIBLING = "sibling", "Sibling of"
    GRANDPARENT = "grandparent", "Grandparent of"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle of"
    PARTNER_OF_PARENT = "partner_of_parent", "Partner of a parent of"
    FRIEND = "friend", "Friend of"
    LIVES_WITH = "lives_with", "Lives with"
    SUPPORTS = "supports", "Supports"
