"""What a typed text is: one rule for what counts as blank, and a text as it is kept.

Every text a person types (the executor's "what was done", a return's comment, command arguments) and every
name that comes from a Telegram profile goes through here, so that "blank" means the same everywhere: a text
that shows a reader nothing is refused (or, for a name, not shown) whether it is spaces, tabs or zero-width
characters.

A character is blank when, standing in a text with nothing readable around it, it shows nothing to read:

* whitespace of every kind (``str.isspace``: Unicode Zs such as the no-break space U+00A0 and the
  ideographic space U+3000, the line and paragraph separators, tabs and line breaks);
* control characters (Cc): they are not text at all;
* format characters (Cf), all of them: zero-width space, joiners, word joiner, byte order mark, soft hyphen,
  the bidi marks, embeddings and isolates, the Mongolian vowel separator, invisible operators, tags... A
  format character shapes the text around it; with no text around it, there is nothing to read (this holds
  for the few that draw a sign over following digits, e.g. U+0600, too);
* combining marks (Mn, Mc, Me), variation selectors among them: a mark belongs to the character before it,
  and a text of marks alone (or marks on spaces) has no character to read. A text with one letter and its
  marks is not blank;
* Unicode's Default_Ignorable_Code_Point characters (DerivedCoreProperties.txt): what a font draws as
  nothing. Beyond the groups above this adds the Hangul fillers U+115F, U+1160, U+3164, U+FFA0 (letters by
  category, drawn empty: the usual way to make an "invisible" Telegram name) and code points reserved as
  ignorable but not assigned yet;
* the braille pattern blank U+2800: a symbol by category, an empty cell by its look (and the other usual
  "invisible name" trick).

Everything else is not blank: letters, digits, punctuation, symbols, emoji, private-use characters (a font
may draw them) and unassigned code points (drawn as a box).
"""

from __future__ import annotations

import re
import unicodedata

# Default_Ignorable_Code_Point as inclusive ranges: DerivedCoreProperties.txt of Unicode 14.0, the version of
# Python 3.11's unicodedata (checked against Perl's \p{Default_Ignorable_Code_Point} of the same version).
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
BRAILLE_BLANK = "\u2800"
_BLANK_CATEGORIES = frozenset({"Cc", "Cf", "Mn", "Mc", "Me"})
# Blank characters that belong to the character before them, so a text keeps them after its last visible
# character: combining marks (variation selectors: ✅ and ✅️ differ) and emoji tags (a subdivision's flag).
_TAGS = (0xE0020, 0xE007F)


def _ignorable(code: int) -> bool:
    return any(low <= code <= high for low, high in DEFAULT_IGNORABLE)


# The default-ignorable characters that are letters by category (the Hangul fillers): drawn as nothing.
_FILLERS = frozenset(
    chr(c) for low, high in DEFAULT_IGNORABLE for c in range(low, high + 1) if chr(c).isalnum()
)


def is_blank_char(c: str) -> bool:
    """Whether one character shows nothing to read (the module's docstring says which and why)."""
    category = unicodedata.category(c)
    if category in _BLANK_CATEGORIES or c.isspace():
        return True
    if category[0] in "LNPS":  # letters, digits, punctuation, symbols: decided at once (the common case)
        return c in _FILLERS or c == BRAILLE_BLANK
    return _ignorable(ord(c))  # unassigned code points reserved as ignorable


def is_blank(text: str) -> bool:
    """Nothing to read: empty, or only blank characters (whitespace of any kind, control and format
    characters, marks with nothing to mark, fillers)."""
    return all(is_blank_char(c) for c in text)


def _attached(c: str) -> bool:
    return unicodedata.category(c).startswith("M") or _TAGS[0] <= ord(c) <= _TAGS[1]


# Every control character (Cc: U+0000-001F, U+007F-009F) but the line break: replaced by a space in one C-level
# pass (a Python-level pass over every character cost the 10,000 texts of a large report most of its reading).
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


# Characters surely not blank (letters, digits, punctuation and symbols of ASCII and Cyrillic, the usual
# quotes and dashes; not U+0483-0489, Cyrillic's combining marks): a text that starts and ends with one and
# holds no control character but line breaks is kept as it is, decided in one C-level match (the common case:
# a third of consolidating a 2,000-measure report's 10,000 texts was spent finding out character by character).
_SURE = r"!-~\u0400-\u0482\u048a-\u04ff\u00ab\u00bb\u2018\u2019\u201c-\u201e\u2013\u2014\u2026\u2116"
_KEPT = re.compile(rf"[{_SURE}](?:[^\x00-\x09\x0b-\x1f\x7f-\x9f]*[{_SURE}])?")


def clean_text(text: str) -> str:
    """A typed text as it is kept: line breaks as they were (``\\r\\n`` and ``\\r`` as ``\\n``), every other
    control character a space (so that no two words are glued together), nothing blank at either end (the
    marks and tags of the last visible character stay with it). ``""`` exactly when ``is_blank(text)``."""
    if _KEPT.fullmatch(text):
        return text
    return _cleaned(text)


def _cleaned(text: str) -> str:
    """``clean_text`` character by character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    start = next((i for i, c in enumerate(text) if not is_blank_char(c)), len(text))
    end = next((i for i in range(len(text), start, -1) if not is_blank_char(text[i - 1])), start)
    while end < len(text) and _attached(text[end]):
        end += 1
    return text[start:end]
