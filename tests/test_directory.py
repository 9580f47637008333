from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.directory import (
    Directory,
    ExecutorMatch,
    department_models,
    load_directory,
    match_executors,
    normalize,
)
from storage.models import Department, NewDepartment
from tests.conftest import SEED

TERM = re.compile(r"\d{4}(?:\s*[-–,]\s*\d{4})*")
MEASURE_NUMBER = re.compile(r"\s*(\d+\.\d+)")

USSMS_1_1 = (
    "Управління у справах сім'ї, молоді та спорту міської ради; інші виконавчі органи ради, "
    "громадські організації (за згодою)"
)
ALL_BODIES_4_3 = (
    "Департаменти міської ради: соціальної політики, освіти; управління міської ради: у справах сім'ї, "
    "молоді та спорту, охорони здоров'я, культури, по зв'язках із громадськістю, служба (управління) у "
    "справах дітей, міський центр соціальних служб для сім'ї, дітей та молоді, громадські організації "
    "(за згодою)"
)
ELLIPTICAL_3_5 = "Управління у справах сім'ї, молоді та спорту, по зв'язках із громадськістю міської ради"
NO_COMMA_3_12 = (
    "Управління у справах сім'ї, молоді та спорту департамент освіти міської ради, служба (управління) у "
    "справах дітей, міський центр соціальних служб для сім'ї, дітей та молоді, громадські організації "
    "(за згодою)"
)
STATISTICS_2_1 = (
    "Управління у справах сім'ї, молоді та спорту міської ради; інші виконавчі органи ради, Головне "
    "управління статистики в Житомирській області та громадські організації (за згодою)"
)


@cache
def shipped() -> Directory:
    return load_directory()


@pytest.fixture
def directory() -> Directory:
    return shipped()


def seed_executors() -> list[tuple[str, str]]:
    """(measure number, executor text) for each measure row of the seed.

    Rows lost their leading empty cells at page breaks, so the executor cell is found as the one right
    after the term cell, and the measure number in the cell right before it.
    """
    rows = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        for i, cell in enumerate(cells[1:-1], start=1):
            if TERM.fullmatch(cell.strip()):
                number = MEASURE_NUMBER.match(cells[i - 1])
                assert number, line
                rows.append((number.group(1), cells[i + 1]))
                break
    return rows


# ---- the shipped directory ----------------------------------------------------------------------


def test_shipped_directory_covers_every_seed_body(directory: Directory) -> None:
    assert {e.code: e.short_name for e in directory.departments} == {
        "ussms": "УССМС",
        "dsp": "ДСП",
        "do": "ДО",
        "uoz": "УОЗ",
        "uk": "УК",
        "uzg": "УЗГ",
        "ssd": "ССД",
        "mcss": "МЦСС",
        "df": "ДФ",
        "mksc": "МКСЦ",
    }
    ussms = directory.get("ussms")
    assert ussms is not None
    assert ussms.name == "Управління у справах сім'ї, молоді та спорту Житомирської міської ради"
    assert "інші виконавчі органи ради" in directory.vague
    assert "головне управління статистики" in directory.partners


def test_department_models(directory: Directory) -> None:
    models = department_models(directory)
    assert all(isinstance(m, NewDepartment) and not isinstance(m, Department) for m in models)  # no id yet
    assert [m.code for m in models] == list(directory.codes)
    assert models[0].aliases == directory.departments[0].aliases


# ---- the seed ---------------------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="the 2023 seed report is not available")
def test_every_seed_executor_text_is_understood(directory: Directory) -> None:
    rows = seed_executors()
    assert len(rows) == 37
    for number, text in rows:
        match = match_executors(text, directory)
        assert match.unmatched == (), (number, text, match)
        assert match.codes, (number, text)


@pytest.mark.skipif(not SEED.exists(), reason="the 2023 seed report is not available")
def test_seed_rows_with_a_named_expectation(directory: Directory) -> None:
    by_number = dict(seed_executors())
    # The literal texts below are copies of these seed cells; keep them in step.
    assert by_number["1.1"] == USSMS_1_1
    assert by_number["2.1"] == STATISTICS_2_1
    assert by_number["3.5"] == ELLIPTICAL_3_5
    assert by_number["3.12"] == NO_COMMA_3_12
    assert by_number["4.3"] == ALL_BODIES_4_3
    assert match_executors(by_number["3.6"], directory).codes == ("mksc",)
    assert match_executors(by_number["3.10"], directory).codes == ("uk",)
    assert match_executors(by_number["3.11"], directory).codes == ("dsp",)


def test_lead_with_vague_bodies_and_partners(directory: Directory) -> None:
    match = match_executors(USSMS_1_1, directory)
    assert match == ExecutorMatch(
        codes=("ussms",),
        partners=("громадські організації (за згодою)",),
        vague=("інші виконавчі органи ради",),
        unmatched=(),
    )
    assert match.lead == "ussms"


def test_single_bodies(directory: Directory) -> None:
    mksc = match_executors("Міський культурно-спортивний центр Житомирської міської ради", directory)
    assert mksc == ExecutorMatch(codes=("mksc",))
    assert match_executors("Управління культури", directory) == ExecutorMatch(codes=("uk",))
    assert match_executors("Департамент соціальної політики", directory) == ExecutorMatch(codes=("dsp",))


def test_codes_follow_the_text_not_the_directory(directory: Directory) -> None:
    match = match_executors(ALL_BODIES_4_3, directory)
    assert match.codes == ("dsp", "do", "ussms", "uoz", "uk", "uzg", "ssd", "mcss")
    assert match.lead == "dsp"
    assert match.partners == ("громадські організації (за згодою)",)
    assert match.unmatched == ()


def test_elliptical_second_body(directory: Directory) -> None:
    assert match_executors(ELLIPTICAL_3_5, directory) == ExecutorMatch(codes=("ussms", "uzg"))


def test_missing_comma_between_bodies(directory: Directory) -> None:
    match = match_executors(NO_COMMA_3_12, directory)
    assert match.codes == ("ussms", "do", "ssd", "mcss")
    assert match.unmatched == ()


def test_outside_body_without_consent_mark_is_a_partner(directory: Directory) -> None:
    match = match_executors(STATISTICS_2_1, directory)
    assert match.codes == ("ussms",)
    assert match.vague == ("інші виконавчі органи ради",)
    assert any("Головне управління статистики" in p for p in match.partners)
    assert match.unmatched == ()

    alone = match_executors(
        "Департамент освіти, Головне управління статистики в Житомирській області", directory
    )
    assert alone.codes == ("do",)
    assert alone.partners == ("Головне управління статистики в Житомирській області",)


def test_children_service_is_not_the_family_department(directory: Directory) -> None:
    assert match_executors("Служба (управління) у справах дітей", directory).codes == ("ssd",)
    assert match_executors("Управління у справах сім'ї, молоді та спорту", directory).codes == ("ussms",)
    # the social services centre mentions сім'ї and молоді too
    centre = match_executors("міський центр соціальних служб для сім'ї дітей та молоді", directory)
    assert centre == ExecutorMatch(codes=("mcss",))


def test_council_word_inside_a_partner_name_is_not_the_department(directory: Directory) -> None:
    match = match_executors("Управління культури, заклади вищої освіти", directory)
    assert match.codes == ("uk",)
    assert match.partners == ("заклади вищої освіти",)


# ---- leftovers ------------------------------------------------------------------------------------


def test_unknown_body_is_reported(directory: Directory) -> None:
    match = match_executors("Управління капітального будівництва", directory)
    assert match.codes == ()
    assert match.unmatched == ("Управління капітального будівництва",)


def test_unknown_body_among_known_ones_keeps_its_printed_form(directory: Directory) -> None:
    match = match_executors(
        "Департамент освіти,  Управління\u00a0капітального будівництва міської ради; інші виконавчі органи ради",
        directory,
    )
    assert match.codes == ("do",)
    assert match.vague == ("інші виконавчі органи ради",)
    assert match.unmatched == ("Управління капітального будівництва міської ради",)


def test_text_after_consent_mark_is_judged_separately(directory: Directory) -> None:
    match = match_executors(
        "громадські організації (за згодою) управління капітального будівництва", directory
    )
    assert match.partners == ("громадські організації (за згодою)",)
    assert match.unmatched == ("управління капітального будівництва",)


def test_filler_alone_is_not_a_body(directory: Directory) -> None:
    match = match_executors("Департаменти міської ради: ; управління Житомирської міської ради:", directory)
    assert match == ExecutorMatch()


@pytest.mark.parametrize("text", ["", "   ", "\u00a0\n\t"])
def test_empty_text(directory: Directory, text: str) -> None:
    assert match_executors(text, directory) == ExecutorMatch()
    assert match_executors(text, directory).lead is None


# ---- normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "`", "‘"])
def test_apostrophe_variants(directory: Directory, apostrophe: str) -> None:
    text = f"Управління у справах сім{apostrophe}ї, молоді та спорту, управління охорони здоров{apostrophe}я"
    assert match_executors(text, directory) == ExecutorMatch(codes=("ussms", "uoz"))


def test_case_and_spacing_do_not_matter(directory: Directory) -> None:
    text = "УПРАВЛІННЯ  У\u00a0СПРАВАХ\nСІМ'Ї ,  МОЛОДІ ТА СПОРТУ"
    assert match_executors(text, directory).codes == ("ussms",)


def test_normalize() -> None:
    assert normalize("  Сім’ї,\u00a0\u00a0Молоді\u200b ") == "сім'ї, молоді"


# ---- validation ------------------------------------------------------------------------------------

ENTRY = """
[[department]]
code = "{code}"
name = "{name}"
short_name = "{short}"
aliases = [{aliases}]
"""


def write_directory(tmp_path: Path, *entries: tuple[str, str, str, str], extra: str = "") -> Path:
    text = "".join(ENTRY.format(code=c, name=n, short=s, aliases=a) for c, n, s, a in entries) + extra
    path = tmp_path / "directory.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_duplicate_code_names_both_entries(tmp_path: Path) -> None:
    path = write_directory(
        tmp_path,
        ("uk", "Управління культури", "УК", '"культури"'),
        ("uk", "Управління капітального будівництва", "УКБ", '"капітального будівництва"'),
    )
    with pytest.raises(ValueError, match="code «uk» повторюється") as info:
        load_directory(path)
    assert "Управління капітального будівництва" in str(info.value)


def test_empty_aliases_name_the_entry(tmp_path: Path) -> None:
    path = write_directory(tmp_path, ("uk", "Управління культури", "УК", ""))
    with pytest.raises(ValueError, match=r"«uk» \(Управління культури\): немає жодної ключової фрази"):
        load_directory(path)


def test_alias_of_two_departments(tmp_path: Path) -> None:
    path = write_directory(
        tmp_path,
        ("uk", "Управління культури", "УК", '"культури"'),
        ("mksc", "Міський культурно-спортивний центр", "МКСЦ", '"Культури"'),
    )
    with pytest.raises(ValueError, match="ключова фраза «культури» виконавця «mksc» збігається"):
        load_directory(path)


def test_alias_also_listed_as_vague(tmp_path: Path) -> None:
    path = write_directory(
        tmp_path,
        ("uk", "Управління культури", "УК", '"культури"'),
        extra='\n[not_reporting]\nvague = ["культури"]\n',
    )
    with pytest.raises(ValueError, match=r"not_reporting\.vague"):
        load_directory(path)


def test_bad_code_and_missing_field(tmp_path: Path) -> None:
    path = tmp_path / "directory.toml"
    path.write_text('[[department]]\ncode = "Управління"\nname = "Управління культури"\naliases = ["x"]\n')
    with pytest.raises(ValueError) as info:
        load_directory(path)
    message = str(info.value)
    assert "[[department]] №1 (code = «Управління»)" in message
    assert "short_name: бракує обов'язкового поля" in message


def test_toml_syntax_error_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "directory.toml"
    path.write_text("[[department]\n")
    with pytest.raises(ValueError, match="синтаксисі TOML"):
        load_directory(path)


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = write_directory(tmp_path, ("uk", "Управління культури", "УК", '"культури"'), extra="\nbogus = 1\n")
    with pytest.raises(ValueError, match="bogus"):
        load_directory(path)


def test_explicit_path_loads(tmp_path: Path) -> None:
    path = write_directory(tmp_path, ("uk", "Управління культури", "УК", '"Культури"'))
    directory = load_directory(path)
    assert directory.departments[0].aliases == ("культури",)
    assert match_executors("управління культури", directory).codes == ("uk",)


# ---- properties -----------------------------------------------------------------------------------


TOKENS = [*"абвгсімїяєґ'’ʼ ,;:()-\u00a0", "освіти", "(за згодою)", "у справах сім'ї, молоді", " та "]


@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_never_fails_and_only_names_known_codes(text: str) -> None:
    directory = shipped()
    match = match_executors(text, directory)
    assert set(match.codes) <= set(directory.codes)
    assert len(set(match.codes)) == len(match.codes)
    assert all(piece.strip() for piece in match.unmatched + match.partners)
