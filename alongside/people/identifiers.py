"""Checks for the identifiers on a person record.

NHS number: 10 digits, the last a modulus 11 check digit.
UPN (unique pupil number): 13 characters, a check letter then the LA code (3
digits), the school establishment number (4 digits), the year (2 digits) and a
serial (3 characters, the last may be a letter for a temporary UPN). The check
letter is computed by DfE's modulus 23 algorithm.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for the first nine digits, or None when no digit is valid."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate_nhs_number(value: str) -> None:
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            "Enter an NHS number with 10 digits, like 485 777 3456", code="nhs_format"
        )
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            "This NHS number is not right: check each digit against the letter or card",
            code="nhs_checksum",
        )


def upn_check_letter(last_twelve: str) -> str:
    total = 0
    for position, char in enumerate(last_twelve, start=2):
        value = int(char) if char.isdigit() else _UPN_LETTERS.index(char)
        total += value * position
    return _UPN_LETTERS[total % 23]


def normalise_upn(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def validate_upn(value: str) -> None:
    upn = normalise_upn(value)
    if not re.fullmatch(r"[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]", upn):
        raise ValidationError(
            "Enter a unique pupil number: a letter, then 11 digits, then a digit or letter",
            code="upn_format",
        )
    if upn_check_letter(upn[1:]) != upn[0]:
        raise ValidationError(
            "This unique pupil number is not right: the first letter does not match the rest",
            code="upn_checksum",
        )
