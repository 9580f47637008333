"""User text in a Telegram message: escaped, shortened or split to fit Telegram's limits; button labels.

Every message the bot sends is Telegram HTML: the catalog's tags around values. Telegram refuses a text
it cannot parse and one longer than 4096 characters (1024 for a caption), counted in the text as shown:
tags are free and «&amp;» is one character. So what people typed or imported (the information text,
measure texts, names) never goes in as it is, and a finished message is never cut: every value comes in
through a ``Fit``, the one home of these rules::

    fit = Fit()
    text = fit.one(t("review", text=fit(scene.text, 600), info=fit(answers.info, 2000), ...))

``fit(value)`` returns a placeholder for the ``t(...)`` call. ``fit.one(html)`` puts each value back,
escaped, after shortening the longest ones at a word boundary as far as the whole message needs to be
within the limit (``at_most`` caps a value anyway, for readability). ``fit.pages(html)`` keeps the values
and splits a long listing at line ends into several messages, each valid on its own (``split_html``).

Numbers, dates and times are shown through l10n (l10n.numbers, l10n.times), their one home.
"""

from __future__ import annotations

import html
import itertools
import re
import secrets
import sys
import unicodedata

from l10n import t
from storage.models import Program

MESSAGE_LIMIT = 4096  # Telegram's limit on one message's text, in characters as shown
CAPTION_LIMIT = 1024  # ... and on a caption
ELLIPSIS = "…"

_TAG = re.compile(r"<[^<>]*>")
# A tag, an entity, or one character: the units a message is cut between.
_TOKEN = re.compile(r"<[^<>]*>|&(?:[A-Za-z]+|#[0-9]+|#[xX][0-9A-Fa-f]+);|.", re.DOTALL)
_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_ZWJ = "\u200d"


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def visible_length(markup: str) -> int:
    """How many characters Telegram counts in a text of Telegram HTML: tags are free, an entity is one."""
    return len(html.unescape(_TAG.sub("", markup)))


def _joins_previous(char: str) -> bool:
    """A character that belongs to the one before it (an accent, a joiner, a variation or skin tone)."""
    if len(char) != 1:  # a tag or an entity
        return False
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char in "\u200d\ufe0e\ufe0f"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
        or "\U000e0020" <= char <= "\U000e007f"
    )


def _is_regional(char: str) -> bool:
    return len(char) == 1 and "\U0001f1e6" <= char <= "\U0001f1ff"


def _cluster_start(chars: list[str], end: int, floor: int = 0) -> int:
    """The nearest position at or before ``end`` that does not split a character from its accents, an
    emoji sequence or a flag (``chars`` are single characters or whole tags and entities)."""
    while end > floor and end < len(chars) and (_joins_previous(chars[end]) or chars[end - 1] == _ZWJ):
        end -= 1
    if end < len(chars) and end > floor and _is_regional(chars[end]):
        run = 0
        while end - run - 1 >= floor and _is_regional(chars[end - run - 1]):
            run += 1
        if run % 2:  # the cut falls between the two letters of a flag
            end -= 1
    return end


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters: shortened at a word boundary, with «…». For display only: what is
    stored is never clipped."""
    text = text.strip()
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS if limit == 1 else ""
    end = limit - 1
    space = max(text.rfind(" ", 0, end + 1), text.rfind("\n", 0, end + 1))
    if space >= end * 0.6:  # a word boundary not too far back
        end = space
    end = _cluster_start(list(text[: end + 1]), end)
    return text[:end].rstrip() + ELLIPSIS


def _share(wanted: list[int], room: int) -> list[int]:
    """Lengths within ``room`` in all: short values stay whole, the long ones share what is left equally."""
    if sum(wanted) <= room:
        return wanted
    left = max(room, 0)
    ordered = sorted(wanted)
    for k, length in enumerate(ordered):
        share = left // (len(ordered) - k)
        if length > share:
            return [min(w, share) for w in wanted]
        left -= length
    return wanted


def _closing(tag: str) -> str:
    match = _TAG_NAME.match(tag)
    return f"</{match.group(1)}>" if match else ""


def split_html(markup: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``markup`` in pieces of at most ``limit`` characters as shown, each valid Telegram HTML on its own.

    A piece ends at a line end when there is one in its second half, else at the last space, else
    between two characters (never inside a tag, an entity or an emoji); the tags open at a cut are
    closed before it and opened again after it. Pieces with nothing to show are left out.
    """
    if visible_length(markup) <= limit:
        return [markup] if visible_length(markup.strip()) else []
    tokens = _TOKEN.findall(markup)
    open_before: list[tuple[str, ...]] = []  # the tags open before each token
    stack: list[str] = []
    for token in tokens:
        open_before.append(tuple(stack))
        if token.startswith("</"):
            if stack:
                stack.pop()
        elif token.startswith("<") and len(token) > 1:
            stack.append(token)
    open_before.append(tuple(stack))

    pieces = []
    start = 0
    while start < len(tokens):
        shown = 0
        line_end = space = 0
        j = start
        while j < len(tokens):
            token = tokens[j]
            weight = 0 if token.startswith("<") and len(token) > 1 else 1
            if shown + weight > limit:
                break
            shown += weight
            j += 1
            if token == "\n":
                line_end = j
            elif token.isspace():
                space = j
        if j >= len(tokens):
            cut = len(tokens)
        elif line_end > start and (line_end - start) * 2 >= j - start:
            cut = line_end
        elif max(line_end, space) > start:
            cut = max(line_end, space)
        else:
            cut = max(_cluster_start(tokens, j, start), start + 1)
        piece = (
            "".join(open_before[start])
            + "".join(tokens[start:cut])
            + "".join(_closing(tag) for tag in reversed(open_before[cut]))
        )
        if html.unescape(_TAG.sub("", piece)).strip():
            pieces.append(piece)
        start = cut
    return pieces


# Placeholders: a random nonce (so that no text people type can pass for one), the Fit's own serial number
# (another Fit's placeholders are text to it) and the value's index. One pattern for every Fit: a pattern of
# its own (a nonce each) was compiled anew for every message, 1-2 % of the bot's CPU per update.
_NONCE = secrets.token_hex(4)
_PLACEHOLDER = re.compile(f"\ue000{_NONCE}" + r"(\d+):(\d+)\ue001")
_serials = itertools.count()


class Fit:
    """The user texts of one message; see the module's docstring."""

    def __init__(self) -> None:
        self._serial = str(next(_serials))
        self._holder = f"\ue000{_NONCE}{self._serial}:" + "{}\ue001"
        self._values: list[tuple[str, int]] = []

    def _split(self, markup: str) -> tuple[list[str], list[int]]:
        """The text between this Fit's placeholders, and the index of the value each stands for."""
        fixed, used, position = [], [], 0
        for match in _PLACEHOLDER.finditer(markup):
            if match.group(1) == self._serial:
                fixed.append(markup[position : match.start()])
                used.append(int(match.group(2)))
                position = match.end()
        fixed.append(markup[position:])
        return fixed, used

    def __call__(self, value: object, at_most: int | None = None) -> str:
        """A placeholder for ``value`` (a text people typed or imported), shown at most ``at_most`` long."""
        self._values.append((str(value).strip(), sys.maxsize if at_most is None else at_most))
        return self._holder.format(len(self._values) - 1)

    def one(self, markup: str, limit: int = MESSAGE_LIMIT) -> str:
        """One message: the values put back escaped, the longest shortened as far as the limit needs."""
        fixed, indexes = self._split(markup)
        used = [self._values[i] for i in indexes]
        room = limit - visible_length("".join(fixed))
        allowed = _share([min(len(value), cap) for value, cap in used], room)
        out = [fixed[0]]
        for (value, _), length, after in zip(used, allowed, fixed[1:], strict=True):
            out += [esc(clip(value, length)), after]
        text = "".join(out)
        if visible_length(text) > limit:  # the wording alone is too long: many values, each short already
            pieces = split_html(text, limit - 1)
            text = pieces[0] + ELLIPSIS if pieces else text
        return text

    def pages(self, markup: str, limit: int = MESSAGE_LIMIT) -> list[str]:
        """As many messages as it takes: the values put back escaped (``at_most`` still applies), the
        whole split at line ends."""
        text = _PLACEHOLDER.sub(
            lambda m: esc(clip(*self._values[int(m.group(2))])) if m.group(1) == self._serial else m.group(0),
            markup,
        )
        return split_html(text, limit)


def button_label(text: str, limit: int = 60) -> str:
    """Buttons show plain text (no HTML): one line, shortened, never empty (Telegram refuses that)."""
    return clip(" ".join(text.split()), limit) or t("value-not-given")


def program_label(program: Program, limit: int = 60) -> str:
    """A program as people call it: the name inside «» when there is one (several start alike)."""
    return short_program_name(program.name, limit)


def short_program_name(name: str, limit: int = 60) -> str:
    """A program's name as printed, shortened as people call it: the part inside «» when there is one, of
    that the part after a dash ("Житомирська міська ОТГ – територія рівних можливостей": the part after the
    dash tells programs apart). Plain text, one line (for a button, or to go into a message through ``Fit``)."""
    quoted = re.search(r"«([^»]+)»", name)
    inner = quoted.group(1) if quoted else name
    tail = re.split(r"\s[–—-]\s", inner)[-1].strip()
    return button_label(tail or inner, limit)
