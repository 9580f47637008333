"""Bodies the directory does not know, made of the rest of an executors cell (reports.discovery): names, keys,
short names, codes, the council, and the register an import grows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.directory import Matcher, match_executors
from reports.discovery import (
    Register,
    aliases_of,
    bodies_in,
    body_key,
    clean_name,
    code_of,
    council_in,
    council_of,
    short_name_of,
    unique,
    without_council,
)

NOBODY = Matcher.of([])


def names(cell: str, matcher: Matcher = NOBODY) -> list[str]:
    return [body.name for body in bodies_in(match_executors(cell, matcher)).bodies]


# ---- one name --------------------------------------------------------------------------------------------


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize(
    ("written", "name", "short"),
    [
        ("Управління освіти Калуської міської ради", "Управління освіти Калуської міської ради", "УО"),
        ("фінансове управління", "Фінансове управління", "ФУ"),
        ('КП "Калуська спортивна арена"', "КП «Калуська спортивна арена»", "КП «Калуська спортивна арена»"),
        ("Комунальне некомерційне підприємство „Калуська міська лікарня“ Калуської міської ради",
         "Комунальне некомерційне підприємство «Калуська міська лікарня» Калуської міської ради",
         "КНП «Калуська міська лікарня»"),
        ('КЗ "Дитячий табір "Смерічка""', "КЗ «Дитячий табір «Смерічка»»", "КЗ «Дитячий табір «Смерічка»»"),
        ("Центр надання адміністративних послуг (ЦНАП)", "Центр надання адміністративних послуг (ЦНАП)", "ЦНАП"),
        ("Служба (управління) у справах дітей", "Служба (управління) у справах дітей", "ССД"),
        ("Управління у справах сім'ї, молоді та спорту", "Управління у справах сім'ї, молоді та спорту", "УССМС"),
        ("Міський культурно-спортивний центр", "Міський культурно-спортивний центр", "МКСЦ"),
        ("Старостинський округ с. Вістова", "Старостинський округ с. Вістова", "СО с. Вістова"),
        ("Калуська ЗОШ № 5", "Калуська ЗОШ № 5", "КЗОШ №5"),
        ("  відділ   культури виконавчого комітету Калуської міської ради; ", "Відділ культури виконавчого "
         "комітету Калуської міської ради", "ВК"),
    ],
)  # fmt: skip
def test_a_name_as_kept_and_its_proposed_short_name(written: str, name: str, short: str) -> None:
    assert clean_name(written) == name
    assert short_name_of(written) == short


def test_one_body_written_otherwise_has_one_key() -> None:
    ways = [
        "КП «Калуська спортивна арена»",
        'Комунальне підприємство "Калуська спортивна арена"',
        "комунальне підприємство «Калуська спортивна арена» Калуської міської ради",
        "КП  “Калуська  спортивна арена”",
    ]
    assert len({body_key(w) for w in ways}) == 1
    assert body_key("Управління освіти") == body_key("управління освіти Калуської міської ради")
    assert body_key("Управління освіти") != body_key("Управління освіти і науки")


def test_aliases_are_the_name_and_the_name_without_the_council() -> None:
    assert aliases_of("КНП «Калуська міська лікарня» Калуської міської ради") == (
        "кнп калуська міська лікарня калуської міської ради",
        "кнп калуська міська лікарня",
    )
    assert without_council("Відділ культури Калуської селищної ради") == "Відділ культури"
    assert without_council("Калуської міської ради") == "Калуської міської ради"  # a name is never emptied


def test_short_names_and_codes_are_unique() -> None:
    assert unique("УО", ["ДО", "уо"]) == "УО-2"
    assert unique("УО", ["УО", "УО-2"]) == "УО-3"
    assert code_of("КП «Калуська спортивна арена»", []) == "kp_kaluska_sportyvna_arena"
    assert code_of("УССМС", []) == "ussms"
    assert code_of("ЦНАП", ["tsnap"]) == "tsnap_2"
    assert code_of("№5", []) == "d_5" and code_of("«»", []) == "department"


def test_the_council_in_the_nominative() -> None:
    assert council_in("Відділ молоді та спорту Калуської міської ради") == "Калуська міська рада"
    assert council_in("Начальник відділу освіти Вістівської сільської ради") == "Вістівська сільська рада"
    assert council_in("у Житомирській міській раді") == "Житомирська міська рада"
    assert council_in("Управління освіти міської ради") is None
    assert (
        council_of("Управління освіти", ["Відділ культури Калуської міської ради", "х"])
        == "Калуська міська рада"
    )
    assert council_of("Управління освіти", []) == ""


# ---- one cell ----------------------------------------------------------------------------------------------


def test_bodies_are_split_at_commas_and_semicolons_outside_quotes_and_parentheses() -> None:
    cell = "КП «Спорт, здоров'я» Калуської міської ради; Центр (ЦНАП, відділ) обслуговування, Відділ культури"
    assert names(cell) == [
        "КП «Спорт, здоров'я» Калуської міської ради",
        "Центр (ЦНАП, відділ) обслуговування",
        "Відділ культури",
    ]


def test_a_head_before_a_colon_is_given_to_the_names_after_it() -> None:
    cell = "Департаменти міської ради: соціальної політики, освіти; управління міської ради: культури, КП «Арена»"
    assert names(cell) == [
        "Департамент соціальної політики",
        "Департамент освіти",
        "Управління культури",
        "КП «Арена»",
    ]


def test_a_lowercase_piece_after_a_comma_goes_on_with_the_name_before() -> None:
    cell = "Відділ з питань надзвичайних ситуацій, мобілізаційної та оборонної роботи, управління культури"
    assert names(cell) == [
        "Відділ з питань надзвичайних ситуацій, мобілізаційної та оборонної роботи",
        "Управління культури",
    ]


def test_two_bodies_joined_by_a_conjunction() -> None:
    assert names("Відділ культури та Вістівський старостинський округ") == [
        "Відділ культури",
        "Вістівський старостинський округ",
    ]
    assert names("Відділ культури і туризму") == ["Відділ культури і туризму"]
    assert names("Управління освіти та КЗ «Калуська ДЮСШ»") == ["Управління освіти", "КЗ «Калуська ДЮСШ»"]


def test_partners_and_phrases_of_many_are_no_bodies() -> None:
    cell = (
        "Відділ молоді та спорту, громадські організації (за згодою), суб'єкти фізичної культури і спорту "
        "громади; заклади освіти громади, ГО «Федерація футболу» (за згодою), інші виконавчі органи ради"
    )
    found = bodies_in(match_executors(cell, NOBODY))
    assert [b.name for b in found.bodies] == ["Відділ молоді та спорту"]
    assert found.not_reporting == (
        "громадські організації (за згодою)",
        "суб'єкти фізичної культури і спорту громади",
        "заклади освіти громади",
        "ГО «Федерація футболу» (за згодою)",
        "інші виконавчі органи ради",
    )


def test_a_known_name_that_begins_a_longer_one_is_not_that_body() -> None:
    known = Matcher.of([("uo", ["управління освіти"])])
    match = match_executors("Управління освіти і науки, відділ культури", known)
    assert match.codes == ("uo",)
    found = bodies_in(match)
    assert [(b.name, b.swallows) for b in found.bodies] == [
        ("Управління освіти і науки", (0,)),
        ("Відділ культури", ()),
    ]
    assert bodies_in(match_executors("Управління освіти, відділ культури", known)).bodies[0].swallows == ()


def test_a_known_vague_phrase_that_begins_a_longer_one_stays_vague() -> None:
    matcher = Matcher.of([], vague=["суб'єкти фізичної культури"])
    found = bodies_in(match_executors("суб'єкти фізичної культури і спорту громади", matcher))
    assert found.bodies == () and found.not_reporting == ("суб'єкти фізичної культури і спорту громади",)


@pytest.mark.parametrize("cell", ["", " ; , ", "міської ради:", "Житомирської міської ради; ЖМР"])
def test_nothing_to_find(cell: str) -> None:
    found = bodies_in(match_executors(cell, NOBODY))
    assert found.bodies == () and found.unplaced == ()


TOKENS = [
    *"абвгсімїяєґ'’ʼ ,;:()«»\"-\u00a0",
    "освіти",
    "(за згодою)",
    "Управління",
    "КП",
    " та ",
    "Калуської міської ради",
]


@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_never_fails_and_every_body_has_a_name_short_name_and_code(cell: str) -> None:
    register = Register([])
    found = bodies_in(match_executors(cell, register.matcher))
    for body in found.bodies:
        known = register.place(body.name)
        assert known.name.strip() and known.short_name.strip() and known.aliases
        assert known.code and known.code[0].isascii() and known.code.replace("_", "").isalnum()
    assert len({k.short_name.casefold() for k in register.known.values()}) == len(register.known)


# ---- the register ------------------------------------------------------------------------------------------


def test_the_register_reuses_a_body_and_learns_how_else_it_is_written() -> None:
    register = Register([(7, "knp", "КНП «Лікарня»", "КНП «Лікарня»", ["кнп лікарня"])])
    known = register.place("Комунальне некомерційне підприємство «Лікарня» Калуської міської ради")
    assert known.code == "knp" and known.id == 7 and not known.new
    assert known.unsaved == [
        "комунальне некомерційне підприємство лікарня калуської міської ради",
        "комунальне некомерційне підприємство лікарня",
    ]
    # What it learned is matched at once in the next cell.
    assert match_executors("Комунальне некомерційне підприємство «Лікарня»", register.matcher).codes == (
        "knp",
    )


def test_a_new_body_is_named_by_its_fullest_way_of_writing_until_it_is_saved() -> None:
    register = Register([(1, "uo", "Управління освіти", "УО", ["управління освіти"])])
    first = register.place("Відділ культури")
    assert (first.code, first.short_name, first.new) == ("vk", "ВК", True)
    assert register.place("відділ культури Калуської міської ради") is first
    assert first.name == "Відділ культури Калуської міської ради"
    other = register.place("Відділ кадрів")
    assert (other.short_name, other.code) == ("ВК-2", "vk_2")
