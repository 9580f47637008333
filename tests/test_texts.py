"""What counts as blank in a typed text (storage/texts.py): every class of invisible character, and a text
as it is kept."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from storage import texts
from storage.texts import clean_text, is_blank, is_blank_char

# Every class of character that shows nothing to read, a few of each.
BLANK_CLASSES = {
    "ASCII whitespace": " \t\n\r\x0b\x0c",
    "no-break and typographic spaces (Zs)": "\u00a0\u1680\u2000\u2002\u2003\u2007\u2009\u200a\u202f\u205f",
    "ideographic space": "\u3000",
    "line and paragraph separators": "\u2028\u2029",
    "control characters (Cc)": "\x00\x07\x1b\x1f\x7f\x85\x9f",
    "zero-width space, joiners, word joiner, BOM": "\u200b\u200c\u200d\u2060\ufeff",
    "soft hyphen": "\u00ad",
    "bidi marks": "\u200e\u200f\u061c",
    "bidi embeddings and overrides": "\u202a\u202b\u202c\u202d\u202e",
    "bidi isolates": "\u2066\u2067\u2068\u2069",
    "Mongolian vowel separator": "\u180e",
    "invisible operators": "\u2061\u2062\u2063\u2064",
    "interlinear annotation": "\ufff9\ufffa\ufffb",
    "tags": "\U000e0001\U000e0020\U000e0041\U000e007f",
    "combining marks standing alone (Mn, Mc, Me)": "\u0301\u0308\u0327\u0903\u20dd\u20e3",
    "combining grapheme joiner": "\u034f",
    "variation selectors": "\ufe00\ufe0e\ufe0f\U000e0100\U000e01ef\u180b",
    "Hangul fillers": "\u3164\u115f\u1160\uffa0",
    "braille pattern blank": "\u2800",
    "Khmer inherent vowels": "\u17b4\u17b5",
    "ignorable code points not assigned yet": "\u2065\ufff0\U000e0fff",
}
NOT_BLANK = [
    "а",
    "ї",
    "A",
    "1",
    ".",
    "-",
    "_",
    "«»",
    "€",
    "№",
    "✅",
    "😀",
    "🇺🇦",
    "👩\u200d👩\u200d👧",
    "\u2801",  # a braille dot
    "\ue000",  # private use: a font may draw it
    "\u0378",  # unassigned, not reserved as ignorable: drawn as a box
    "\u3131",  # a Hangul letter, not a filler
    "\ufffc",
    "\ufffd",
    "е\u0301",
    "\u0301е",  # a letter with a mark, whichever side the mark is typed
    "\u00a0\u200bї\u3000",
]
FILLERS = "\u3164\u115f\u1160\uffa0"  # letters by category, drawn empty


@pytest.mark.parametrize(("name", "chars"), BLANK_CLASSES.items(), ids=list(BLANK_CLASSES))
def test_every_class_of_invisible_character_is_blank(name: str, chars: str) -> None:
    for c in chars:
        assert is_blank(c), f"{name}: U+{ord(c):04X}"
        assert clean_text(c * 3) == "", f"{name}: U+{ord(c):04X}"
    assert is_blank(chars) and clean_text(chars) == ""
    assert not is_blank(chars + "ж" + chars)
    assert clean_text(chars + "ж" + chars).startswith("ж")


@pytest.mark.parametrize("text", NOT_BLANK)
def test_anything_readable_is_not_blank(text: str) -> None:
    assert not is_blank(text)
    assert clean_text(text)


def test_every_code_point_by_its_category() -> None:
    """Whitespace, control, format and mark characters are blank; letters (but the Hangul fillers), digits,
    punctuation and symbols (but the braille blank) are not."""
    wrong = []
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        category = unicodedata.category(c)
        if category == "Cs":
            continue  # a lone surrogate is no character Telegram can send
        if c.isspace() or category in {"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Mc", "Me"}:
            expected = True
        elif category[0] in "LNPS":
            expected = c in FILLERS or c == "\u2800"
        else:
            continue  # Co, Cn: not blank, but for the ignorable ones reserved (checked above)
        if is_blank_char(c) != expected:
            wrong.append(f"U+{code:04X} {category}")
    assert not wrong, wrong[:20]


BLANK_CHAR = st.one_of(
    st.characters(categories=("Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Mc", "Me")),
    st.sampled_from("".join(BLANK_CLASSES.values())),
)
LETTER = st.characters(categories=("Lu", "Ll", "Lt", "Lm", "Lo")).filter(lambda c: c not in FILLERS)
ANY = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@given(st.text(BLANK_CHAR, max_size=50))
@example("\u00a0\u200b\u3000 \n\u3164\u2800\ufe0f")
def test_a_text_of_blank_characters_only_is_blank(text: str) -> None:
    assert is_blank(text)
    assert clean_text(text) == ""


@given(st.text(BLANK_CHAR, max_size=20), LETTER, ANY, st.text(BLANK_CHAR, max_size=20))
def test_a_text_with_a_letter_is_not_blank(before: str, letter: str, rest: str, after: str) -> None:
    text = before + letter + rest + after
    assert not is_blank(text)
    kept = clean_text(text)
    assert kept.startswith(letter)  # the blank before it went
    assert kept == clean_text(kept)


@given(ANY)
@example("a\u200b\u0301")
@example("ok \u2705\ufe0f\u200b ")
def test_a_text_is_kept_without_blank_edges_and_without_control_characters(text: str) -> None:
    kept = clean_text(text)
    assert (kept == "") == is_blank(text)
    assert kept == clean_text(kept)
    assert not any(unicodedata.category(c) == "Cc" and c != "\n" for c in kept)
    if kept:
        assert not is_blank_char(kept[0])
        # It ends with a visible character and the marks and tags that belong to it.
        end = len(kept)
        while unicodedata.category(kept[end - 1])[0] == "M" or 0xE0020 <= ord(kept[end - 1]) <= 0xE007F:
            end -= 1
        assert not is_blank_char(kept[end - 1])


def test_line_breaks_stay_and_a_visible_characters_own_marks_stay() -> None:
    assert clean_text("\u200b Перше\r\nдруге\rтретє \u3000\u200b") == "Перше\nдруге\nтретє"
    assert clean_text("Готово ✅\ufe0f \u200b") == "Готово ✅\ufe0f"
    flag = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"  # Scotland
    assert clean_text(f" {flag}\u200b") == flag
    assert clean_text("кава\u0301 \u0301") == "кава\u0301"
    assert clean_text("a\tb\x00c") == "a b c"


def test_the_characters_taken_for_sure_are_not_blank() -> None:
    sure = [chr(c) for c in range(0x30000) if texts._KEPT.fullmatch(chr(c))]
    assert len(sure) > 300 and "ж" in sure and "…" in sure and " " not in sure
    assert not [c for c in sure if is_blank_char(c) or texts._attached(c)]


@given(
    st.lists(
        st.sampled_from(
            ["ж", "a", " ", "\n", "\r", "\t", "\x00", "\x85", "\u200b", "\u0301", "\u0483", "«", "1"]
        )
        | st.characters(),
        max_size=12,
    ).map("".join)
)
@example("Зроблено.")
@example("Зроблено\r\nусе")
@example("a\u0483")
def test_a_text_taken_as_it_is_is_what_cleaning_it_makes(text: str) -> None:
    assert clean_text(text) == texts._cleaned(text)
