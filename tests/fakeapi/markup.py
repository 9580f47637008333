"""Telegram's HTML formatting rules, strict enough to catch escaping bugs.

Real Telegram rejects a badly formatted text with 400 "can't parse entities" and the user gets nothing,
so the fake must reject it too: otherwise an unescaped "<" or "." in a user-supplied program name
passes every test and breaks in production. The rules and error texts follow tdlib's parsers
(td/telegram/MessageEntity.cpp); the fake only needs to decide "accepted -> visible text" or
"rejected -> same description as Telegram", not to produce entities.

The bot sends HTML only, so Markdown and MarkdownV2 are not parsed: the fake answers them as its own
gap (500, and the test fails), never as a pass that the real API might refuse.
"""

from __future__ import annotations

import re

__all__ = ["MarkupError", "render", "utf16_len"]


class MarkupError(ValueError):
    """The text would be rejected by Telegram; str(exc) is the part after "can't parse entities: "."""


def utf16_len(text: str) -> int:
    # Telegram counts message length (4096) and entity offsets in UTF-16 code units, not code points.
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    # tdlib reports positions as UTF-8 byte offsets; Cyrillic makes this differ from the str index.
    return len(text[:index].encode("utf-8"))


def render(text: str, parse_mode: str | None) -> str:
    """Return the text a Telegram client would show, or raise MarkupError like the Bot API does."""
    if not parse_mode:
        return text
    mode = parse_mode.lower()
    if mode == "html":
        return _render_html(text)
    # The server rejects unknown modes itself ("unsupported parse_mode"), before calling render().
    raise NotImplementedError(f"the fake parses only parse_mode HTML, not {parse_mode!r}")


# --------------------------------------------------------------------------------------------- HTML

_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_ATTR_RE = re.compile(r"""\s*([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


def _decode_entity(match: re.Match[str]) -> str | None:
    body = match.group(1)
    if body.startswith(("#x", "#X")):
        code = int(body[2:], 16)
    elif body.startswith("#"):
        code = int(body[1:])
    else:
        return _NAMED_ENTITIES.get(body)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _render_html(text: str) -> str:
    out: list[str] = []
    # Each open tag remembers its name and where it started, for tdlib-style error messages.
    stack: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "&":
            # Telegram keeps an "&" that does not start a known entity as a literal character.
            m = _ENTITY_RE.match(text, i)
            decoded = _decode_entity(m) if m else None
            if m and decoded is not None:
                out.append(decoded)
                i = m.end()
            else:
                out.append("&")
                i += 1
            continue
        if ch != "<":
            out.append(ch)
            i += 1
            continue
        start = i
        if i + 1 < n and text[i + 1] == "/":
            close = text.find(">", i)
            if close == -1:
                raise MarkupError(f"Unclosed end tag at byte offset {_byte_offset(text, start)}")
            name = text[i + 2 : close].strip().lower()
            if not stack:
                raise MarkupError(f"Unexpected end tag at byte offset {_byte_offset(text, start)}")
            expected = stack.pop()
            if name and name != expected:
                raise MarkupError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, start)}, "
                    f'expected "</{expected}>", '
                    f'found "</{name}>"'
                )
            i = close + 1
            continue
        # tdlib reads the tag name up to whitespace or ">", which is why "<3</a>" is reported as tag "3</a".
        j = i + 1
        while j < n and text[j] not in " \t\r\n>":
            j += 1
        name = text[i + 1 : j].lower()
        if name not in _HTML_TAGS:
            raise MarkupError(
                f'Unsupported start tag "{text[i + 1 : j]}" at byte offset {_byte_offset(text, start)}'
            )
        close = text.find(">", j)
        if close == -1:
            raise MarkupError(f"Unclosed start tag at byte offset {_byte_offset(text, start)}")
        attrs = {
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
            for m in _ATTR_RE.finditer(text[j:close])
        }
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise MarkupError('Tag "span" must have class "tg-spoiler"')
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise MarkupError('Tag "tg-emoji" must have attribute "emoji-id"')
        stack.append(name)
        i = close + 1
    if stack:
        raise MarkupError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)
