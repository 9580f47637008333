"""How much room a text takes: line wrapping with real glyph widths, row heights, page capacity.

Pure functions, no I/O beyond reading the shipped font once. Widths come from the metrics of Liberation
Serif (``reports/fonts``), which is metric-compatible with Times New Roman: the advance widths are the
same, so what fits a line here fits it in Excel and Word (Times New Roman) and in LibreOffice (which puts
Liberation Serif in its place), and it is exactly what the PDF writer draws (it embeds this font).

Wrapping is greedy, as in office programs: a line takes words while they fit, breaking at spaces; an
explicit line break ends a line; a word wider than the line is broken between characters. Spaces at the
end of a line take no room. :func:`line_starts` gives the offsets where lines begin, so a text can be cut
at a line boundary with ``"".join(pieces) == text``.

Spreadsheets do not fit a row to wrapped text when a file is opened (and never a merged cell), so the
XLSX writer sets every row height from :func:`line_count` with a safety margin: a slightly narrower
line (``EXCEL_WIDTH_SAFETY``) and a taller line pitch than the font needs (``EXCEL_LINE_FACTOR``).

:func:`paginate` lays rows out on pages in one pass (the XLSX's manual page breaks, the PDF's pages):
groups kept together where they fit, a task's merged text on the page where it begins, a row taller than
a page cut by the writer's own callback.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Final, Generic, TypeVar

FONT_DIR: Final = Path(__file__).parent / "fonts"
FONT_FILES: Final = {
    False: FONT_DIR / "LiberationSerif-Regular.ttf",
    True: FONT_DIR / "LiberationSerif-Bold.ttf",
}
# The names the PDF writer registers the fonts under (ReportLab's font registry is process-wide).
PDF_FONT_NAMES: Final = {False: "ZvitSerif", True: "ZvitSerif-Bold"}

# Excel column widths are in digit widths of the workbook's default font. The XLSX writer makes that
# Times New Roman 12 pt, whose digits are 8 pixels at 96 dpi (0.5 em = 6 pt) in Excel and in LibreOffice
# (Liberation Serif) alike, so a width means the same in both, on any machine that has the table's font.
# The 5-pixel cell padding is inside that width, and the text gets what is left of it.
EXCEL_POINTS_PER_CHAR: Final = 8 * 0.75
EXCEL_CELL_PADDING: Final = 5 * 0.75
# Safety margins for the spreadsheets (they render with hinted, rounded widths and their own line
# pitch): lines are measured 8 % narrower than the cell, and a line takes 1.3 x the font size
# (Excel's single-line row for Times New Roman 10 pt is 12.75 pt; LibreOffice's line for Liberation
# Serif is 1.15 x), plus a little room at the top and bottom of the cell.
EXCEL_WIDTH_SAFETY: Final = 0.92
EXCEL_LINE_FACTOR: Final = 1.3
EXCEL_ROW_PADDING: Final = 3.0
EXCEL_MAX_ROW_HEIGHT: Final = 409.0  # Excel's limit is 409.5 pt
EXCEL_MIN_ROW_HEIGHT: Final = 12.75

_WORD_CACHE_LIMIT: Final = 200_000

W = TypeVar("W")


class Wrapped(Generic[W]):
    """Texts wrapped by ``wrap(text, width, size, bold)``, kept by those four: a report repeats many texts
    (the executors, the terms, the continuation labels) and a program's report is written again and again
    as its figures come in, its texts unchanged. Bounded: emptied when full. What it gives is shared: never
    to be changed. ``known`` looks a text up without wrapping it (a writer that only needs a bound on its
    lines when it was never wrapped)."""

    __slots__ = ("_limit", "_made", "_wrap")

    def __init__(self, wrap: Callable[[str, float, float, bool], W], limit: int = 20_000) -> None:
        self._made: dict[tuple[str, float, float, bool], W] = {}
        self._wrap = wrap
        self._limit = limit

    def __call__(self, text: str, width: float, size: float, bold: bool) -> W:
        key = (text, width, size, bold)
        made = self._made.get(key)
        if made is None:
            made = self._wrap(text, width, size, bold)
            if len(self._made) >= self._limit:
                self._made.clear()
            self._made[key] = made
        return made

    def known(self, text: str, width: float, size: float, bold: bool) -> W | None:
        return self._made.get((text, width, size, bold))

    def clear(self) -> None:
        self._made.clear()


@dataclass(slots=True)
class FontMetrics:
    """Advance widths of one face at 1 pt, with a cache of word widths (words repeat a lot in a report)."""

    chars: dict[int, float]
    default: float  # a character the font lacks
    widest: float  # no character is wider than this
    space: float
    ascent: float  # at 1 pt
    descent: float  # at 1 pt, positive
    words: dict[str, float] = field(default_factory=dict)

    def char_width(self, char: str) -> float:
        return self.chars.get(ord(char), self.default)

    def word_width(self, word: str) -> float:
        """Width of ``word`` at 1 pt (no kerning, as the office programs and ReportLab draw it)."""
        width = self.words.get(word)
        if width is None:
            chars, default = self.chars, self.default
            width = 0.0
            for char in word:
                width += chars.get(ord(char), default)
            if len(self.words) >= _WORD_CACHE_LIMIT:
                self.words.clear()
            self.words[word] = width
        return width


@cache
def metrics(bold: bool = False) -> FontMetrics:
    from reportlab.pdfbase.ttfonts import TTFontFile

    face = TTFontFile(str(FONT_FILES[bold]))
    chars = {code: width / 1000 for code, width in face.charWidths.items()}
    # A character the font lacks (an emoji) is drawn from some fallback font: count it a little wider
    # than an em, so the estimate errs towards more lines.
    default = 1.25
    return FontMetrics(
        chars=chars,
        default=default,
        widest=max(default, *chars.values()),
        space=chars.get(32, 0.25),
        ascent=face.ascent / 1000,
        descent=-face.descent / 1000,
    )


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of ``text`` in points."""
    m = metrics(bold)
    return sum(m.word_width(word) for word in text.split(" ")) * size + m.space * size * text.count(" ")


def line_starts(
    text: str, width: float, size: float, bold: bool = False, *, hyphens: bool = False
) -> list[int]:
    """Offsets in ``text`` where its wrapped lines begin (the first is 0) for a line ``width`` points wide.

    ``hyphens``: a line may also end after a hyphen inside a word, before a letter («інформаційно-» /
    «просвітницької»), as the spreadsheets break (Unicode line breaking: not before a digit, «Волинь-1325»
    stays whole); the PDF breaks only at spaces."""
    m = metrics(bold)
    limit = width / size  # compare at 1 pt
    starts = [0]
    offset = 0
    for paragraph in text.split("\n"):
        if offset:
            starts.append(offset)
        _paragraph_starts(m, paragraph, offset, limit, starts, hyphens and "-" in paragraph)
        offset += len(paragraph) + 1
    return starts


# Where a line may end inside a word: after a hyphen that follows a letter (or other non-space), before a
# letter.
_HYPHEN_BREAK: Final = re.compile(r"(?<=[^\s-]-)(?=[^\W\d_])")


def _tokens(paragraph: str) -> tuple[list[str], list[int]]:
    """The paragraph's pieces a line may end after, a hyphen's break too, and what follows each: 1 a
    space, 0 nothing (a hyphen's break; the last piece's is 1 and never counted)."""
    words = paragraph.split(" ")
    tokens: list[str] = []
    gaps: list[int] = []
    for word in words:
        if "-" in word:
            parts = _HYPHEN_BREAK.split(word)
            tokens.extend(parts)
            gaps.extend([0] * (len(parts) - 1))
        else:
            tokens.append(word)
        gaps.append(1)
    return tokens, gaps


def _paragraph_starts(
    m: FontMetrics, paragraph: str, offset: int, limit: float, starts: list[int], hyphens: bool = False
) -> None:
    """Greedy wrapping of one paragraph: each line ends after the last word that still fits, found by
    bisecting the running widths (a Python step per line, not per word)."""
    if hyphens:
        words, gaps = _tokens(paragraph)
    else:
        words, gaps = paragraph.split(" "), None
    widths = list(map(m.words.get, words))
    if None in widths:
        widths = [w if w is not None else m.word_width(word) for w, word in zip(widths, words, strict=True)]
    space = m.space
    if max(widths) > limit:
        _paragraph_starts_slowly(m, words, widths, gaps or [1] * len(words), offset, limit, starts)
        return
    count = len(words)
    if gaps is None:
        # ends[i]: the width of words[:i] with a space after each; a line of words[a:b] is ends[b] - ends[a]
        # less its last space. Spaces in a run count each (a little more room than a program would take).
        ends = list(itertools.accumulate(map(operator.add, widths, itertools.repeat(space)), initial=0.0))
        lengths = list(itertools.accumulate(map(len, words), initial=0))  # a word begins after its spaces
        first = 0
        while True:
            last = bisect.bisect_right(ends, ends[first] + limit + space + 1e-9, first + 1) - 1
            while last < count and not words[last]:
                last += 1  # spaces at the end of a line hang in the margin
            if last >= count:
                return
            starts.append(offset + lengths[last] + last)
            first = last
    # The same with pieces joined by nothing (after a hyphen): a line ending in one has no space to leave
    # out, so the bisection's pick is checked and moved back while it is too wide.
    after = [space if gap else 0.0 for gap in gaps]
    ends = list(itertools.accumulate(map(operator.add, widths, after), initial=0.0))
    lengths = list(itertools.accumulate(map(operator.add, map(len, words), gaps), initial=0))
    first = 0
    while True:
        last = bisect.bisect_right(ends, ends[first] + limit + space + 1e-9, first + 1) - 1
        while last > first + 1 and ends[last] - after[last - 1] - ends[first] > limit + 1e-9:
            last -= 1
        while last < count and not words[last]:
            last += 1
        if last >= count:
            return
        starts.append(offset + lengths[last])
        first = last


def _paragraph_starts_slowly(
    m: FontMetrics,
    words: list[str],
    widths: list[float],
    gaps: list[int],
    offset: int,
    limit: float,
    starts: list[int],
) -> None:
    """The same wrapping, word by word, for a paragraph with a word wider than the line."""
    space = m.space
    used = -1.0  # no word on the line yet
    position = offset
    gap = 0.0
    for word, w, joined in zip(words, widths, gaps, strict=True):
        if used < 0:
            used = w if w <= limit else _break_word(m, word, position, limit, starts)
        elif used + gap + w <= limit:
            used += gap + w
        elif not word:
            used += space  # a run of spaces at the end of a line: it hangs in the margin
        else:
            starts.append(position)
            used = w if w <= limit else _break_word(m, word, position, limit, starts)
        position += len(word) + joined
        gap = space if joined else 0.0


def _break_word(m: FontMetrics, word: str, position: int, limit: float, starts: list[int]) -> float:
    """Lay a word wider than the line out on as many lines as it needs; return the last line's width."""
    used = 0.0
    for index, char in enumerate(word):
        w = m.char_width(char)
        if used + w > limit and used > 0:
            starts.append(position + index)
            used = 0.0
        used += w
    return used


def line_count(
    text: str, width: float, size: float, bold: bool = False, *, at_most: int = 0, hyphens: bool = False
) -> int:
    """How many lines ``text`` wraps into (an empty text takes one line).

    ``at_most``: the caller only wants to know whether the text needs more lines than this (the tallest
    cell of a row so far): when a bound shows it cannot, that bound is returned instead of the count
    (:func:`line_bound`).
    """
    if not text:
        return 1
    return line_bound(text, width, size, bold, at_most=at_most) or len(
        line_starts(text, width, size, bold, hyphens=hyphens)
    )


def line_bound(text: str, width: float, size: float, bold: bool = False, *, at_most: int = 1) -> int:
    """A number of lines ``text`` needs no more than, where it is at most ``at_most`` and cheap to know
    (0: none is). Greedy wrapping leaves less than the widest word empty at the end of a line, so a
    paragraph of total width W takes at most W / (line - widest word) lines, rounded up; a text short
    enough whatever its letters takes one."""
    m = metrics(bold)
    if "\n" in text:
        return 0
    if len(text) * m.widest * size <= width:
        return 1  # short enough whatever its letters: no need to look at them
    if at_most > 1:
        widths = list(map(m.words.get, text.split(" ")))
        if None not in widths:
            limit = width / size
            widest = max(widths)
            if widest < limit:
                bound = math.ceil((sum(widths) + m.space * (len(widths) - 1)) / (limit - widest))
                if bound <= at_most:
                    return bound
    return 0


@cache
def _drawn(bold: bool) -> frozenset[int]:
    """The characters the PDF draws: those the shipped font has, less the format characters (Unicode's Cf:
    soft hyphens, zero-width spaces and joiners, bidi marks...), for which the font has a visible glyph (a
    hyphen, a bar, a dotted box) where an office program shows nothing: the PDF neither hyphenates nor
    reorders text, so none of them has anything to do there."""
    return frozenset(code for code in metrics(bold).chars if unicodedata.category(chr(code)) != "Cf")


def drawable(text: str, bold: bool = False) -> str:
    """``text`` as the PDF draws it: a letter and its combining accents composed where the font has the
    letter they make («é», «й»), a tab as a space, without the characters the shipped font lacks (an emoji,
    its joiners and variation selectors: drawn, each would print as an empty box) and the invisible ones
    (``_drawn``). The space left behind is not doubled."""
    drawn = _drawn(bold)
    if all(ord(c) in drawn or c == "\n" for c in text) and unicodedata.is_normalized("NFC", text):
        return text
    text = unicodedata.normalize("NFC", text).replace("\t", " ")
    kept = "".join(c for c in text if ord(c) in drawn or c == "\n")
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", kept).strip(" ")


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """The wrapped lines of ``text`` as the PDF draws them (:func:`drawable`), without the spaces and
    line breaks they were broken at."""
    text = drawable(text, bold)
    starts = line_starts(text, width, size, bold)
    ends = [*starts[1:], len(text)]
    return [text[start:end].rstrip(" \n") for start, end in zip(starts, ends, strict=True)]


def split_at_lines(
    text: str, width: float, size: float, bold: bool, max_lines: int, starts: list[int] | None = None
) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_lines`` wrapped lines each, at line boundaries, so that
    ``"".join(pieces) == text`` (``starts``: its :func:`line_starts`, when known)."""
    if starts is None:
        starts = line_starts(text, width, size, bold)
    if len(starts) <= max_lines:
        return [text]
    cuts = [0]
    first = 0  # index in starts of the current piece's first line
    while len(starts) - first > max_lines:
        end = first + max_lines
        if text[starts[end] - 1] == "\n" and end - 1 > first:
            end -= 1  # a piece ending in a line break shows one more, empty, line
        cuts.append(starts[end])
        first = end
    cuts.append(len(text))
    return [text[a:b] for a, b in itertools.pairwise(cuts) if b > a]


# --- spreadsheets -------------------------------------------------------------------------------


def excel_width_points(width_chars: float) -> float:
    """The width in points of a column ``width_chars`` Excel characters wide."""
    return width_chars * EXCEL_POINTS_PER_CHAR


def excel_text_width(width_chars: float) -> float:
    """The room for text in such a column, with the safety margin."""
    return max(1.0, (excel_width_points(width_chars) - EXCEL_CELL_PADDING) * EXCEL_WIDTH_SAFETY)


def excel_lines(text: str, width_chars: float, size: float, bold: bool = False) -> int:
    return line_count(text, excel_text_width(width_chars), size, bold)


def excel_height(lines: int, size: float) -> float:
    """The row height in points that shows ``lines`` lines of a ``size``-point font."""
    return max(EXCEL_MIN_ROW_HEIGHT, round(lines * size * EXCEL_LINE_FACTOR + EXCEL_ROW_PADDING, 2))


def excel_max_lines(size: float, max_height: float = EXCEL_MAX_ROW_HEIGHT) -> int:
    """The most lines of a ``size``-point font a row can show."""
    return max(1, math.floor((max_height - EXCEL_ROW_PADDING) / (size * EXCEL_LINE_FACTOR)))


def grow_to_fit(heights: Sequence[float], needed: float, cap: float = EXCEL_MAX_ROW_HEIGHT) -> list[float]:
    """Row heights whose sum is at least ``needed`` (a merged cell's text over these rows): the missing
    height is spread evenly over the rows, none above ``cap``. Rows already tall enough are kept."""
    result = list(heights)
    missing = needed - sum(result)
    while missing > 0.005:
        open_rows = [i for i, h in enumerate(result) if h < cap]
        if not open_rows:
            break
        share = missing / len(open_rows)
        for i in open_rows:
            grown = min(cap, result[i] + share)
            missing -= grown - result[i]
            result[i] = grown
    return [round(h, 2) for h in result]


A4_LANDSCAPE: Final = (841.89, 595.28)


def fit_scale(table_width: float, printable_width: float) -> float:
    """The print scale a "fit to one page wide" gives, as Excel rounds it (whole percent, down)."""
    return min(1.0, math.floor(100 * printable_width / table_width) / 100)


# --- pages --------------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Box:
    """A row of a table being paginated."""

    height: float
    body: int  # the form's body row it shows (rows cut from one share it); rows after the table count on
    keep: bool = False  # goes on the page of the next box (a measure with its continuation rows, the
    # last rows with the signature), where such a group fits a page at all
    need: float = 0.0  # a task begins here: the height its merged text needs on the page it begins on
    last_body: int = -1  # ... and the task's last body row
    ref: object = None  # the writer's own row


Cut = Callable[[Box, float], tuple[Box, Box] | None]


def paginate(
    boxes: list[Box],
    *,
    first_used: float,
    repeated: float,
    capacity: float,
    cap: float = math.inf,
    cut: Cut | None = None,
    flow: tuple[float, float] | None = None,
) -> list[list[Box]]:
    """The boxes page by page (``first_used``: what the first page holds above them; ``repeated``: the
    header rows every page begins with; ``capacity``: a page's height).

    A box that does not fit the rest of a page is given to ``cut`` with the room left there, which may
    return it as a first part that fits there and the rest (``boxes`` changes), as Word splits a row at a
    page break; the cut refuses (None) where a part would be too small, and the box goes to the next page
    whole. A group of boxes chained by ``keep`` is cut the same way at its first box where the rest of the
    group then fits the next page, else it goes to a new page whole when it fits a page of its own. A
    task's rows on the page where the task begins grow (no box above ``cap``) to show its merged text,
    since a merged cell prints from the page of its first row. Without a cut (the XLSX) a box that fits a
    page is never split, and a taller one is put on a page of its own, as tall as it is.

    ``flow`` (line pitch, padding), for a writer that draws a merged text on over the pages its rows
    cover (the PDF): a task then begins wherever two lines of its text fit; its rows on that page grow to
    show what the page holds, and its rows on the next page to show the rest below a line naming it.
    """

    def group_end(i: int) -> int:
        j = i
        while boxes[j].keep and j + 1 < len(boxes):
            j += 1
        return j

    def portion(used: float, i: int, last_body: int) -> list[Box]:
        """The boxes of the task that begins at box i that land on a page filled to ``used``."""
        placed: list[Box] = []
        while i < len(boxes) and boxes[i].body <= last_body:
            j = group_end(i)
            total = sum(box.height for box in boxes[i : j + 1])
            if used + total > capacity:
                break
            used += total
            placed.extend(box for box in boxes[i : j + 1] if box.body <= last_body)
            i = j + 1
        return placed

    pages: list[list[Box]] = [[]]
    used = first_used
    body_room = capacity - repeated
    pending: list[tuple[int, float]] = []  # merged texts going on: (their last body row, text height left)

    def ends_here(at: float, k: int) -> bool:
        """Whether the rows of the task beginning at box k all land on a page filled to ``at``."""
        here = portion(at, k, boxes[k].last_body)
        after = k + len(here)
        return bool(here) and (after >= len(boxes) or boxes[after].body > boxes[k].last_body)

    def shown(height: float) -> float:
        """The height of the whole lines of a merged text a frame this tall shows."""
        assert flow is not None
        line, pads = flow
        return max(0.0, math.floor((height - pads) / line + 0.01) * line)  # rows are rounded to 0,01 pt

    def grow(here: list[Box], height: float) -> float:
        """Grow the boxes to ``height`` in all; return their height."""
        grown = grow_to_fit([box.height for box in here], height, cap)
        for box, new in zip(here, grown, strict=True):
            box.height = new
        return sum(grown)

    def go_on(k: int) -> None:
        """A new page begins at box k: the rows of the merged texts that go on grow to show the rest."""
        if flow is None:
            return
        line, pads = flow
        still: list[tuple[int, float]] = []
        for last_body, rest in pending:
            if k >= len(boxes) or last_body < boxes[k].body:
                continue
            here = portion(repeated, k, last_body) or [boxes[k]]
            wanted = rest + line + pads  # below the line naming it
            if cut is None or here[-1].body < last_body:
                wanted = min(wanted, body_room)
            # (else its last row is here: it takes all the rest, and is cut at this page's end, the rest of it
            # on the next, as often as the text needs)
            height = grow(here, wanted)
            left = rest + line - shown(min(height, body_room))
            if left > 1e-6:
                still.append((last_body, left))
        pending[:] = still

    def new_page(k: int) -> None:
        nonlocal used
        pages.append([])
        used = repeated
        go_on(k)

    i = 0
    while i < len(boxes):
        j = group_end(i)
        total = sum(box.height for box in boxes[i : j + 1])
        # Merged texts that begin in the group (its first box, or one further down it: a heading kept with
        # the rows under it): how far down the page the tallest of them reaches.
        need = 0.0
        offset = 0.0
        # With ``flow``, two lines of it where the task begins, the rest flowing on to the next page; all of
        # it where the task's rows all land on this page.
        for k in range(i, j + 1):
            if boxes[k].need and (flow is None or used + offset < capacity):  # (flow: on this page)
                want = min(boxes[k].need, body_room)
                if flow is not None and boxes[k].last_body > boxes[k].body:
                    want = min(want, 2 * flow[0] + flow[1])  # (a task of one row has no row to flow to)
                need = max(need, offset + want)
            offset += boxes[k].height
        need = min(need, body_room)
        if used > repeated and need and used + need > capacity:
            new_page(i)  # the task's text fits a page of its own
        elif used > repeated and used + total > capacity:
            # The group does not fit the rest of the page: a box of it is cut at the page's end (the first
            # that does not fit, else one above it) where the cut leaves enough on both sides and the rest
            # of the group then fits the next page; else the group goes to the next page whole if it fits
            # a page of its own (a taller one breaks between its boxes below).
            if _cut_group(boxes, i, j, capacity - used, body_room, cut):
                j += 1
            elif total <= body_room:
                new_page(i)
        if need:
            at = used
            for k in range(i, j + 1):
                head = boxes[k]
                if head.need:
                    here = portion(at, k, head.last_body) or [head]
                    if flow is None or (ends_here(at, k) and (len(here) == 1 or head.need <= capacity - at)):
                        grow(here, min(head.need, body_room))
                    else:  # what the page holds; the rest on the next
                        if ends_here(at, k):  # its rows all fit here, its text does not: the last goes on
                            here = here[:-1]
                            grow(here, capacity - at)
                        height = grow(here, min(head.need, capacity - at))
                        rest = head.need - flow[1] - shown(min(height, capacity - at))
                        if rest > 1e-6:
                            pending.append((head.last_body, rest))
                at += boxes[k].height
        k = i
        while k <= j:  # a group taller than a page breaks between its boxes
            # (boxes[k] the first part of a row cut to end this page: its rest begins the next, as decided)
            first_part = k + 1 < len(boxes) and boxes[k + 1].body == boxes[k].body
            if cut is not None and k > i and used > repeated and not first_part:
                # What is left of the group keeps together once it fits a page (the totals with the
                # signature): cut above it, as above, or go on to the next page.
                # (Up to a row already cut to end this page, if one is: its rest begins the next page and
                # is not cut again, nor is its first part: section 2's first indicator, kept with the head.)
                end = next((m for m in range(k, j) if boxes[m + 1].body == boxes[m].body), j)
                left = sum(box.height for box in boxes[k : end + 1])
                if used + left > capacity and left <= body_room:
                    if _cut_group(boxes, k, end, capacity - used, body_room, cut):
                        j += 1
                    else:
                        new_page(k)
            box = boxes[k]
            if used + box.height > capacity:
                parts = cut(box, capacity - used) if cut is not None else None
                if parts is None and cut is not None and used > repeated:
                    # Too little room left to cut it here: it begins the next page, and is cut there if it
                    # is taller than that page (put whole, it would run past the page's end).
                    new_page(k)
                    if used + box.height > capacity:
                        parts = cut(box, capacity - used)
                if parts is not None:  # as much of it as the page holds, the rest on the next
                    boxes[k : k + 1] = parts
                    j += 1
                    pages[-1].append(parts[0])
                    new_page(k + 1)
                    k += 1
                    continue
                if used > repeated:
                    new_page(k)
            pages[-1].append(box)
            used += box.height
            k += 1
        i = j + 1
    return pages


def _cut_group(boxes: list[Box], i: int, j: int, room: float, body_room: float, cut: Cut | None) -> bool:
    """Cut a box of the group ``boxes[i..j]`` so that what is above the cut fills ``room`` and the rest of
    the group fits ``body_room``; False where no box can be cut so (``boxes`` unchanged)."""
    if cut is None:
        return False
    tops = list(itertools.accumulate((box.height for box in boxes[i : j + 1]), initial=0.0))
    first_over = next(k for k in range(j + 1 - i) if tops[k + 1] > room)
    for k in range(first_over, -1, -1):
        box = boxes[i + k]
        parts = cut(box, room - tops[k])
        if parts is not None and parts[1].height + tops[-1] - tops[k + 1] <= body_room:
            boxes[i + k : i + k + 1] = parts
            return True
    return False
