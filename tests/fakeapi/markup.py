"""Telegram's formatting rules (HTML, MarkdownV2, legacy Markdown), strict enough to catch escaping bugs.

Real Telegram rejects a badly formatted text with 400 "can't parse entities" and the user gets nothing,
so the fake must reject it too: otherwise an unescaped "<" or "." in a user-supplied program name
passes every test and breaks in production. The rules and error texts follow tdlib's parsers
(td/telegram/MessageEntity.cpp); the fake only needs to decide "accepted -> visible text" or
"rejected -> same description as Telegram", not to produce entities.
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
    if mode == "markdownv2":
        return _render_markdown_v2(text)
    if mode == "markdown":
        return _render_markdown_legacy(text)
    # The server rejects unknown modes itself ("unsupported parse_mode"), before calling render().
    raise ValueError(f"unknown parse_mode {parse_mode!r}")


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


# --------------------------------------------------------------------------------------- MarkdownV2

_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


def _render_markdown_v2(text: str) -> str:
    out: list[str] = []
    # (entity name, start offset) — tdlib names them this way in "Can't find end of X entity".
    stack: list[tuple[str, int]] = []
    i = 0
    n = len(text)

    def top() -> str | None:
        return stack[-1][0] if stack else None

    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
            out.append(text[i + 1])
            i += 2
            continue
        current = top()
        # Closing marks are checked first: only the innermost entity may be closed.
        if current == "Pre" and text.startswith("```", i):
            stack.pop()
            i += 3
            continue
        if current == "Code" and ch == "`":
            stack.pop()
            i += 1
            continue
        if current in ("Pre", "Code"):
            out.append(ch)
            i += 1
            continue
        if current == "Bold" and ch == "*":
            stack.pop()
            i += 1
            continue
        if current == "Underline" and text.startswith("__", i):
            stack.pop()
            i += 2
            continue
        if current == "Italic" and ch == "_" and not text.startswith("__", i):
            stack.pop()
            i += 1
            continue
        if current == "Strikethrough" and ch == "~":
            stack.pop()
            i += 1
            continue
        if current == "Spoiler" and text.startswith("||", i):
            stack.pop()
            i += 2
            continue
        if current == "TextUrl" and ch == "]":
            stack.pop()
            i += 1
            if i < n and text[i] == "(":
                end = i + 1
                while end < n and text[end] != ")":
                    end += 2 if text[end] == "\\" else 1
                if end >= n:
                    raise MarkupError(f"Can't find end of a URL at byte offset {_byte_offset(text, i)}")
                i = end + 1
            continue
        if ch not in _MDV2_RESERVED:
            out.append(ch)
            i += 1
            continue
        if ch == ">" and (i == 0 or text[i - 1] == "\n"):
            # A blockquote marker at line start is markup, not a reserved character.
            i += 1
            continue
        if ch == "*" and text.startswith("**>", i) and (i == 0 or text[i - 1] == "\n"):
            i += 3
            continue
        opened: tuple[str, int] | None = None
        if text.startswith("```", i):
            # The language tag of a code block runs to the end of the line and is not shown.
            newline = text.find("\n", i + 3)
            opened, i = ("Pre", i), (newline + 1 if newline != -1 else i + 3)
        elif ch == "`":
            opened, i = ("Code", i), i + 1
        elif text.startswith("__", i):
            opened, i = ("Underline", i), i + 2
        elif ch == "_":
            opened, i = ("Italic", i), i + 1
        elif ch == "*":
            opened, i = ("Bold", i), i + 1
        elif ch == "~":
            opened, i = ("Strikethrough", i), i + 1
        elif text.startswith("||", i):
            opened, i = ("Spoiler", i), i + 2
        elif ch == "[":
            opened, i = ("TextUrl", i), i + 1
        elif text.startswith("![", i):
            opened, i = ("TextUrl", i), i + 2
        else:
            raise MarkupError(f"Character '{ch}' is reserved and must be escaped with the preceding '\\'")
        if any(name == opened[0] for name, _ in stack):
            raise MarkupError(
                f"Can't use nested {opened[0]} entities at byte offset {_byte_offset(text, opened[1])}"
            )
        stack.append(opened)
    if stack:
        name, start = stack[-1]
        raise MarkupError(f"Can't find end of {name} entity at byte offset {_byte_offset(text, start)}")
    return "".join(out)


# ------------------------------------------------------------------------------------ legacy Markdown


def _render_markdown_legacy(text: str) -> str:
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            i += 2
            continue
        if ch not in "_*`[":
            out.append(ch)
            i += 1
            continue
        start = i
        if text.startswith("```", i):
            end = text.find("```", i + 3)
            if end == -1:
                raise MarkupError(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(text, start)}"
                )
            out.append(text[i + 3 : end])
            i = end + 3
            continue
        closing = "]" if ch == "[" else ch
        end = text.find(closing, i + 1)
        if end == -1:
            raise MarkupError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(text, start)}"
            )
        out.append(text[i + 1 : end])
        i = end + 1
        if ch == "[" and i < n and text[i] == "(":
            url_end = text.find(")", i)
            if url_end == -1:
                raise MarkupError(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(text, start)}"
                )
            i = url_end + 1
    return "".join(out)
