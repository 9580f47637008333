"""Line wrapping and row heights with real glyph widths (reports/layout.py)."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reports import layout

WORDS = (
    "Проведено засідання комісії з питань забезпечення рівних прав та можливостей жінок і чоловіків".split()
)
TEXT = st.lists(
    st.one_of(
        st.sampled_from(WORDS), st.text(alphabet="абвгґдеєжзиіїйШЩЮЖwi1.,«»—-", min_size=1, max_size=40)
    ),
    min_size=0,
    max_size=60,
).map(" ".join)


def test_widths_are_the_fonts_not_a_character_count() -> None:
    assert layout.text_width("ШШШШ", 10) > 2 * layout.text_width("iiii", 10)
    assert layout.text_width("Звіт", 10, bold=True) > layout.text_width("Звіт", 10)
    assert layout.text_width("Звіт", 20) == pytest.approx(2 * layout.text_width("Звіт", 10))
    # Times New Roman metrics: a digit is half an em.
    assert layout.text_width("0", 12) == pytest.approx(6.0)


def test_a_long_text_in_a_narrow_column_gets_enough_lines() -> None:
    text = " ".join(WORDS * 5)
    width = 80.0  # about a 14-character column
    lines = layout.line_count(text, width, 10)
    # Never fewer lines than the text's width over the line's, nor than a word per line allows.
    assert lines >= math.ceil(layout.text_width(text, 10) / width)
    wrapped = layout.wrap(text, width, 10)
    assert len(wrapped) == lines
    assert all(layout.text_width(line, 10) <= width for line in wrapped)
    assert " ".join(wrapped) == text


def test_explicit_line_breaks_and_empty_lines_count() -> None:
    assert layout.line_count("", 100, 10) == 1
    assert layout.line_count("а\nб", 100, 10) == 2
    assert layout.line_count("а\n\nб\n", 100, 10) == 4
    assert layout.wrap("а\n\nб", 100, 10) == ["а", "", "б"]


def test_a_word_wider_than_the_line_is_broken_between_characters() -> None:
    word = "Житомирськаміськазагальноосвітня" * 3
    width = 50.0
    wrapped = layout.wrap(word, width, 10)
    assert "".join(wrapped) == word
    assert len(wrapped) >= math.ceil(layout.text_width(word, 10) / width)
    assert all(layout.text_width(line, 10) <= width for line in wrapped)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.floats(min_value=20, max_value=400))
def test_wrapped_lines_fit_and_keep_every_word(text: str, width: float) -> None:
    wrapped = layout.wrap(text, width, 10)
    assert len(wrapped) == layout.line_count(text, width, 10)
    for line in wrapped:
        # A line is wider than the column only where it is one character that alone is wider.
        assert layout.text_width(line, 10) <= width or len(line) == 1
    assert "".join(wrapped).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=100, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=6))
def test_split_at_lines_rejoins_exactly_and_each_piece_fits(text: str, max_lines: int) -> None:
    pieces = layout.split_at_lines(text, 90, 10, False, max_lines)
    assert "".join(pieces) == text
    assert all(layout.line_count(piece, 90, 10) <= max_lines for piece in pieces)


def test_spreadsheet_estimate_errs_towards_more_room() -> None:
    text = " ".join(WORDS * 3)
    exact = layout.line_count(text, layout.excel_width_points(30) - layout.EXCEL_CELL_PADDING, 10)
    assert layout.excel_lines(text, 30, 10) >= exact
    # More than the font's own line pitch (1.15 em) per line, and Excel's single-line row at least.
    assert layout.excel_height(10, 10) >= 10 * 10 * 1.15
    assert layout.excel_height(1, 10) >= 12.75
    rows = layout.excel_max_lines(10)
    assert layout.excel_height(rows, 10) <= layout.EXCEL_MAX_ROW_HEIGHT < layout.excel_height(rows + 1, 10)


def test_a_merged_cell_text_fits_the_rows_it_spans() -> None:
    text = " ".join(WORDS * 4)  # a task's text, merged down over its measures
    needed = layout.excel_height(layout.excel_lines(text, 17, 10), 10)
    rows = [30.0, 16.0, 200.0, 16.0]
    grown = layout.grow_to_fit(rows, needed)
    assert sum(grown) >= needed - 0.01
    assert all(new >= old for new, old in zip(grown, rows, strict=True))
    assert grown[2] == 200.0 or sum(rows) < needed  # tall rows are not grown further than needed
    assert layout.grow_to_fit([100.0, 100.0], 150.0) == [100.0, 100.0]  # they hold it already


def test_grown_rows_stay_within_excels_limit() -> None:
    grown = layout.grow_to_fit([400.0, 16.0], 1000.0)
    assert grown == [layout.EXCEL_MAX_ROW_HEIGHT, layout.EXCEL_MAX_ROW_HEIGHT]


def test_fit_scale_is_whole_percent_down() -> None:
    assert layout.fit_scale(1000, 784.3) == 0.78
    assert layout.fit_scale(500, 784.3) == 1.0


@settings(max_examples=200, deadline=None)
@given(TEXT, st.floats(min_value=20, max_value=400), st.integers(min_value=0, max_value=30))
def test_a_bound_never_hides_a_taller_text(text: str, width: float, at_most: int) -> None:
    exact = layout.line_count(text, width, 10)
    answer = layout.line_count(text, width, 10, at_most=at_most)
    assert answer == exact or (exact <= answer <= at_most)


def test_a_spreadsheet_line_may_end_after_a_hyphen_before_a_letter() -> None:
    """LibreOffice's (Unicode) line breaking: «інформаційно-» / «просвітницької»; not before a digit
    («Волинь-1325»), not after a hyphen that begins a word; the PDF breaks at spaces only."""
    text = "4.1. Проведення інформаційно-просвітницької роботи"
    width = layout.text_width("4.1. Проведення інформаційно-", 10) + 1
    assert layout.wrap(text, width, 10)[:2] == ["4.1. Проведення", "інформаційно-просвітницької"]
    starts = layout.line_starts(text, width, 10, hyphens=True)
    assert text[: starts[1]] == "4.1. Проведення інформаційно-"
    for whole, before in (
        ("та Волинь-1325 презентовано", "та Волинь-"),
        ("та -просвітницької роботи", "та -"),
    ):
        # A line that holds the text up to its hyphen, not the word after it.
        starts = layout.line_starts(whole, layout.text_width(before, 10) + 1, 10, hyphens=True)
        assert whole[: starts[1]] == "та ", whole


def _reference_starts(text: str, width: float) -> list[int]:
    """Greedy wrapping the slow way: each line as far as the last break (after spaces, after a hyphen
    inside a word before a letter) at which the line without its trailing spaces still fits."""
    starts = [0]
    offset = 0
    for paragraph in text.split("\n"):
        if offset:
            starts.append(offset)
        breaks = [
            i
            for i in range(1, len(paragraph))
            if (paragraph[i - 1] == " " and paragraph[i] != " ")
            or (
                paragraph[i - 1] == "-"
                and i >= 2
                and paragraph[i - 2] not in " -"
                and (paragraph[i].isalpha() or (paragraph[i].isalnum() and not paragraph[i].isdigit()))
            )
        ]
        first = 0
        while True:
            fitting = [b for b in breaks if b > first]
            if not fitting:
                break
            ok = [b for b in fitting if layout.text_width(paragraph[first:b].rstrip(" "), 10) <= width + 1e-6]
            if (
                ok
                and ok[-1] == fitting[-1]
                and layout.text_width(paragraph[first:].rstrip(" "), 10) <= width + 1e-6
            ):
                break  # the rest fits
            first = ok[-1] if ok else fitting[0]
            starts.append(offset + first)
        offset += len(paragraph) + 1
    return starts


@settings(max_examples=200, deadline=None)
@given(TEXT, st.floats(min_value=150, max_value=400))
def test_wrapping_with_hyphens_is_greedy_and_rejoins(text: str, width: float) -> None:
    assume(all(layout.text_width(word, 10) <= width for word in text.split(" ")))
    starts = layout.line_starts(text, width, 10, hyphens=True)
    assert starts == _reference_starts(text, width)
    assert layout.line_count(text, width, 10, hyphens=True) == len(starts)
    assert len(starts) <= layout.line_count(text, width, 10)  # never more lines than at spaces only
