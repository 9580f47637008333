"""The message catalogs: every id the code asks for exists, plurals follow CLDR, a deployment can override."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest

from l10n import catalog, t
from l10n.numbers import amount, percent
from reports.choose import ChoiceProblem
from reports.import_issues import Notice, Problem
from reports.importer import CHANGE_MESSAGES

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    p
    for package in ("bot", "cli", "actions", "reports", "l10n", "storage")
    for p in (ROOT / package).rglob("*.py")
]


def _ids_in_code() -> dict[str, list[str]]:
    """Literal first arguments of every ``t(...)`` call in the code, with where each is used."""
    used: dict[str, list[str]] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name | ast.Attribute)
                and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                used.setdefault(node.args[0].value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return used


def test_every_message_id_the_code_uses_is_in_the_catalog() -> None:
    used = _ids_in_code()
    assert used, "no t(...) calls found: the scan is broken"
    missing = {mid: where for mid, where in used.items() if mid not in catalog.message_ids()}
    assert not missing


def test_storage_renders_no_text() -> None:
    assert not any(p.parts[-2] == "storage" for where in _ids_in_code().values() for p in map(Path, where))


# Errors and warnings carry a code whose value is its message id; the code calls t() with the code.
CODED = {member.value for codes in (Problem, Notice, ChoiceProblem) for member in codes} | set(
    CHANGE_MESSAGES.values()
)


def test_every_coded_message_is_in_the_catalog() -> None:
    assert CODED - catalog.message_ids() == set()


@pytest.mark.parametrize("name", ["import.ftl", "cli.ftl", "directory.ftl", "form.ftl"])
def test_no_message_of_the_import_the_command_lines_and_the_directory_is_left_unused(name: str) -> None:
    text = (catalog.SHIPPED / name).read_text(encoding="utf-8")
    shipped = set(re.findall(r"^([a-z][a-z0-9-]*) =", text, re.M))
    assert shipped, "no messages found: the scan is broken"
    assert shipped - set(_ids_in_code()) - CODED == set()


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 особі"),
        (2, "2 особам"),
        (5, "5 особам"),
        (11, "11 особам"),
        (21, "21 особі"),
        (22, "22 особам"),
        (25, "25 особам"),
        (111, "111 особам"),
    ],
)
def test_plural_forms_follow_cldr(count: int, expected: str) -> None:
    assert t("people-dative", count=count) == expected


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 захід"), (2, "2 заходи"), (5, "5 заходів"), (11, "11 заходів"), (21, "21 захід"),
     (22, "22 заходи"), (25, "25 заходів"), (111, "111 заходів")],
)  # fmt: skip
def test_measure_counts(count: int, expected: str) -> None:
    assert t("measures-count", count=count) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 зауваження:"),
        (3, "3 зауваження:"),
        (5, "5 зауважень:"),
        (21, "21 зауваження:"),
        (11, "11 зауважень:"),
    ],
)
def test_import_summary_counts_its_issues_in_the_right_form(count: int, expected: str) -> None:
    assert t("import-summary-issues", count=count) == expected


def test_numbers_are_never_grouped_or_isolated_inside_messages(tmp_path: Path) -> None:
    (tmp_path / "x.ftl").write_text("year-line = за { $year } рік\n", encoding="utf-8")
    try:
        catalog.configure(tmp_path, strict=True)
        assert t("year-line", year=2024) == "за 2024 рік"
    finally:
        catalog.configure(strict=True)


def test_a_deployment_overrides_one_message_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "city.ftl").write_text("value-not-given = не вказано\n", encoding="utf-8")
    try:
        catalog.configure(tmp_path, strict=True)
        assert t("value-not-given") == "не вказано"
        assert t("people-dative", count=2) == "2 особам"
    finally:
        catalog.configure(strict=True)


def test_a_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(catalog.CatalogError):
        catalog.configure(tmp_path / "nope")
    catalog.configure(strict=True)


def test_strict_catalog_refuses_unknown_ids() -> None:
    with pytest.raises(catalog.CatalogError):
        t("no-such-message")


def test_amounts_and_percents() -> None:
    assert amount(Decimal("1234.5")) == "1\xa0234,5"
    assert amount(Decimal("12")) == "12,0"
    assert amount(None) == "—"
    assert percent(Decimal("93.8")) == "93,8 %"


def test_no_message_id_is_defined_twice_in_the_shipped_catalogs() -> None:
    """A second definition would silently replace the first (later files override earlier ones)."""
    from fluent.syntax import FluentParser
    from fluent.syntax import ast as fluent_ast

    seen: dict[str, str] = {}
    twice = []
    for path in sorted(catalog.SHIPPED.glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            assert not isinstance(entry, fluent_ast.Junk), f"{path.name}: {entry.content[:80]!r}"
            if isinstance(entry, fluent_ast.Message | fluent_ast.Term):
                name = entry.id.name
                if name in seen:
                    twice.append(f"{name}: {seen[name]} and {path.name}")
                seen[name] = path.name
    assert not twice


def test_a_value_longer_than_fluent_takes_goes_in_whole() -> None:
    """Fluent itself refuses a value over 2,500 characters (and shows «{???}» instead of the message)."""
    long = "я" * 10_000
    assert t("button-remind", department=long) == f"🔔 Нагадати: {long}"
    assert t("remind-sent", count=2, department=long).endswith(f"підрозділу {long}.")


def test_a_message_formatted_again_is_the_same_and_equal_arguments_keep_their_form(monkeypatch) -> None:
    """The same message with the same arguments is formatted once (issue 23, CPU per update); arguments that
    are equal but shown differently (1 and True) are not taken for each other; a missing message is not kept."""
    current = catalog.configure()
    calls = 0
    original = current._format

    def counting(message_id, args):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return original(message_id, args)

    monkeypatch.setattr(current, "_format", counting)
    first = t("report-caption-counts", complete=1, departments=2, reported=3, measures=4)
    assert t("report-caption-counts", complete=1, departments=2, reported=3, measures=4) == first
    assert calls == 1
    assert t("value-not-given") == t("value-not-given") and calls == 2
    true = current.format(
        "report-caption-counts", {"complete": True, "departments": 2, "reported": 3, "measures": 4}
    )
    assert true != first and "True" in true and calls == 3
    assert current.format("x-1", {}) == current.format("x-1", {}) == "x-1" and calls == 5
