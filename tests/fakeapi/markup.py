"""Telegram's HTML parse mode, as tdlib reads it (``parse_html`` and ``decode_html_entity`` in
td/telegram/MessageEntity.cpp), so that the fake refuses the same texts with the same words.

Real Telegram rejects a badly formatted text with 400 "can't parse entities" and the user gets nothing,
so the fake must reject it too: otherwise an unescaped "<" in a user-supplied program name passes every
test and breaks in production. The result is the visible text and its entities, which is all the fake
needs: the length limits count the visible text, and "message is not modified" compares entities.

The bot sends HTML only, so Markdown and MarkdownV2 are not parsed here (see validation.format_text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Entity", "MarkupError", "Parsed", "parse_html", "render"]


class MarkupError(ValueError):
    """The text would be rejected by Telegram; str(exc) is the part after "can't parse entities: "."""


# (type, start, end, argument), offsets in code points of the visible text.
Entity = tuple[str, int, int, str]


@dataclass(frozen=True)
class Parsed:
    text: str  # visible text: tags removed, entities decoded, not yet trimmed
    entities: tuple[Entity, ...]


_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPECIAL = re.compile(r"[&<]")
# "<b>" or "</b>": most tags, read at once; anything else takes tdlib's character-by-character way.
_PLAIN_TAG = re.compile(r"<(/?)([A-Za-z-]+)>")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_INT64 = re.compile(r"-?[0-9]+")
# tdlib's is_space() is also true for NUL, which is how its loops stop at the end of the C string.
_SPACE = frozenset(" \t\r\n\v\f\0")
_ATTR_NAME_END = _SPACE | frozenset("=>/\"'")


def _lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)  # td::to_lower touches ASCII letters only


def _byte_offset(text: str, index: int) -> int:
    # tdlib reports positions as UTF-8 byte offsets; Cyrillic makes this differ from the str index.
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _is_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _decode_entity(text: str, pos: int) -> tuple[int, int] | None:
    """(code point, index after the entity) for an HTML entity at ``pos`` (an "&"), or None if there is none.

    As in tdlib: only &lt; &gt; &amp; &quot; and numeric references; the ";" may be left out.
    """
    n = len(text)
    end = pos + 1
    code = 0
    if end < n and text[end] == "#":
        end += 1
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in "0123456789abcdefABCDEF":
                if code < 0x10FFFF:  # already out of range: keep scanning, stop growing the number
                    code = code * 16 + int(text[end], 16)
                end += 1
        else:
            while end < n and "0" <= text[end] <= "9":
                if code < 0x10FFFF:
                    code = code * 10 + ord(text[end]) - 48
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _NAMED.get(text[pos + 1 : end])
        if named is None:
            return None
        code = ord(named)
    if end < n and text[end] == ";":
        end += 1
    return code, end


def parse_html(text: str) -> Parsed:
    """Visible text and entities of an HTML-formatted text, or MarkupError with tdlib's words."""
    n = len(text)

    def at(i: int) -> str:
        return text[i] if i < n else "\0"

    out: list[str] = []
    size = 0  # len("".join(out)), kept up to date instead of recomputed
    has_surrogates = False
    entities: list[Entity] = []
    # Open tags: (name, argument, visible offset where it started).
    stack: list[tuple[str, str, int]] = []

    def close() -> None:
        tag, argument, start = stack.pop()
        if size > start:  # an empty element makes no entity
            if tag == "a" and not argument:
                argument = "".join(out)[start:]  # <a>https://…</a> links to its own text
            entities.append(_entity(tag, argument, start, size, entities))

    i = 0
    while i < n:
        special = _SPECIAL.search(text, i)
        stop = special.start() if special else n
        if stop > i:
            out.append(text[i:stop])
            size += stop - i
            i = stop
            continue
        if text[i] == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                code, i = decoded
                has_surrogates = has_surrogates or 0xD800 <= code <= 0xDFFF
                out.append(chr(code))
                size += 1
            else:
                out.append("&")  # not an entity: Telegram keeps the "&" as a character
                size += 1
                i += 1
            continue
        begin = i  # a "<"
        plain = _PLAIN_TAG.match(text, i)
        if plain is not None:
            closing, tag = plain.group(1), _lower(plain.group(2))
            if not closing and tag in _TAGS and tag != "span":
                stack.append((tag, "", size))
                i = plain.end()
                continue
            if closing and stack and stack[-1][0] == tag:
                close()
                i = plain.end()
                continue
        i += 1
        if at(i) != "/":
            while at(i) not in _SPACE and at(i) != ">":
                i += 1
            if at(i) == "\0":
                raise MarkupError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
            # The name runs to a space or ">", which is why "<3</a>" is reported as tag "3</a".
            tag = _lower(text[begin + 1 : i])
            if tag not in _TAGS:
                raise MarkupError(f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}')
            argument = ""
            while at(i) != ">":
                while at(i) != "\0" and at(i) in _SPACE:
                    i += 1
                if at(i) == ">":
                    break
                name_begin = i
                while at(i) not in _ATTR_NAME_END:
                    i += 1
                name = text[name_begin:i]
                if not name:
                    raise MarkupError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                    )
                while at(i) != "\0" and at(i) in _SPACE:
                    i += 1
                if at(i) != "=":
                    # An attribute without a value: ignored, except <blockquote expandable>.
                    if at(i) == "\0":
                        raise MarkupError(
                            f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                        )
                    if tag == "blockquote" and name == "expandable":
                        argument = "1"
                    continue
                i += 1
                while at(i) != "\0" and at(i) in _SPACE:
                    i += 1
                if at(i) == "\0":
                    raise MarkupError(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                    )
                if at(i) not in "'\"":
                    # An unquoted value is an HTML 4 name token: letters, digits, "." and "-" only.
                    token_begin = i
                    while _is_alnum(at(i)) or at(i) in ".-":
                        i += 1
                    value = _lower(text[token_begin:i])
                    if at(i) not in _SPACE and at(i) != ">":
                        raise MarkupError(
                            f"Unexpected end of name token at byte offset {_byte_offset(text, token_begin)}"
                        )
                else:
                    quote = text[i]
                    i += 1
                    chars: list[str] = []
                    while at(i) != quote and at(i) != "\0":
                        if text[i] == "&":
                            decoded = _decode_entity(text, i)
                            if decoded is not None:
                                chars.append(chr(decoded[0]))
                                i = decoded[1]
                                continue
                        chars.append(text[i])
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = "".join(chars)
                if at(i) == "\0":
                    raise MarkupError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
                if tag == "a" and name == "href":
                    argument = value
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value[9:]
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value[3:]
                elif tag == "tg-emoji" and name == "emoji-id":
                    argument = value
                elif tag == "blockquote" and name == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise MarkupError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(text, begin)}'
                )
            stack.append((tag, argument, size))
        else:
            if not stack:
                raise MarkupError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
            while at(i) not in _SPACE and at(i) != ">":
                i += 1
            end_name = _lower(text[begin + 2 : i])
            while at(i) in _SPACE and at(i) != "\0":
                i += 1
            if at(i) != ">":
                raise MarkupError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
            tag = stack[-1][0]
            # "</>" closes whatever is open, as in tdlib.
            if end_name and end_name != tag:
                raise MarkupError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                    f'expected "</{tag}>", found "</{end_name}>"'
                )
            close()
        i += 1
    if stack:
        raise MarkupError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    visible = "".join(out)
    if has_surrogates and any(0xD800 <= ord(c) <= 0xDFFF for c in visible):
        # tdlib re-checks the UTF-8 after decoding and refuses any surrogate that an entity produced.
        raise MarkupError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    # A <code> keeps its language only as part of a <pre>.
    return Parsed(visible, tuple((t, s, e, "" if t == "code" else a) for t, s, e, a in entities))


def _entity(tag: str, argument: str, start: int, end: int, entities: list[Entity]) -> Entity:
    if tag == "tg-emoji":
        if not _INT64.fullmatch(argument) or not -(2**63) <= int(argument) < 2**63 or int(argument) == 0:
            raise MarkupError("Invalid custom emoji identifier specified")
        return ("custom_emoji", start, end, argument)
    if tag == "a":
        return ("text_link", start, end, argument)
    if tag == "blockquote":
        return ("expandable_blockquote" if argument else "blockquote", start, end, "")
    last = entities[-1] if entities else None
    same_span = last is not None and last[1] == start and last[2] == end
    if tag == "pre":
        # <pre><code class="language-x">: the code block's language moves to the pre.
        if same_span and last is not None and last[0] == "code" and last[3]:
            entities.pop()
            return ("pre", start, end, last[3])
        return ("pre", start, end, "")
    if tag == "code":
        if same_span and last is not None and last[0] == "pre" and argument:
            entities.pop()
            return ("pre", start, end, argument)
        return ("code", start, end, argument)
    return (_ENTITY_TYPES[tag], start, end, "")


def render(text: str, parse_mode: str | None = "HTML") -> str:
    """The text a Telegram client would show (before trimming), or MarkupError like the Bot API."""
    if not parse_mode or parse_mode.lower() == "none":
        return text
    if parse_mode.lower() != "html":
        raise NotImplementedError(f"the fake parses only HTML, not {parse_mode!r}")
    return parse_html(text).text
