"""Language names as families and workers write them, and the codes pages and PDFs need.

A document's ``lang`` lets a screen reader speak it in the right voice, and a
right-to-left script needs ``dir="rtl"``. A language we do not know has no code:
the page then says nothing it cannot stand behind.
"""

from __future__ import annotations

CODES = {
    "albanian": "sq",
    "amharic": "am",
    "arabic": "ar",
    "bengali": "bn",
    "bulgarian": "bg",
    "cantonese": "zh-yue",
    "chinese": "zh",
    "czech": "cs",
    "dari": "prs",
    "english": "en",
    "farsi": "fa",
    "french": "fr",
    "german": "de",
    "greek": "el",
    "gujarati": "gu",
    "hindi": "hi",
    "hungarian": "hu",
    "italian": "it",
    "kurdish": "ku",
    "latvian": "lv",
    "lithuanian": "lt",
    "malayalam": "ml",
    "mandarin": "zh",
    "panjabi": "pa",
    "pashto": "ps",
    "persian": "fa",
    "polish": "pl",
    "portuguese": "pt",
    "punjabi": "pa",
    "romanian": "ro",
    "russian": "ru",
    "slovak": "sk",
    "somali": "so",
    "spanish": "es",
    "tamil": "ta",
    "tigrinya": "ti",
    "turkish": "tr",
    "ukrainian": "uk",
    "urdu": "ur",
    "vietnamese": "vi",
    "welsh": "cy",
}
RIGHT_TO_LEFT = frozenset({"ar", "fa", "prs", "ps", "ur", "ku"})


def normal(language: str) -> str:
    return " ".join(language.split()).lower()


def is_english(language: str) -> bool:
    return normal(language) in ("", "english")


def code_for(language: str) -> str:
    """The BCP 47 code for a language name, or "" if we do not know it."""
    return CODES.get(normal(language), "")


def direction(code: str) -> str:
    return "rtl" if code.split("-")[0] in RIGHT_TO_LEFT else "ltr"
