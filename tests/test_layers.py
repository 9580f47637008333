"""The layers: storage/ renders no text and reaches for no layer above it (lint-imports checks the rest)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

STORAGE = Path(__file__).resolve().parent.parent / "storage"
SOURCES = sorted(STORAGE.rglob("*.py"))
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(STORAGE.parent)))
def test_storage_has_no_ukrainian_in_its_strings(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{path.name}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CYRILLIC.search(node.value)
    ]
    assert not found, "storage/ renders no text; put it in a catalog (l10n/uk/*.ftl) and show it from above"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(STORAGE.parent)))
def test_storage_imports_nothing_above_it_not_even_lazily(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    modules += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [m for m in modules if m.split(".")[0] in {"bot", "reports", "l10n"}]


def test_storage_has_no_data_files_of_the_form() -> None:
    assert not list(STORAGE.rglob("*.toml")) and not list(STORAGE.rglob("*.ftl"))


FRONT_ENDS = [
    p for package in ("bot", "cli", "webapp") for p in sorted((STORAGE.parent / package).rglob("*.py"))
]
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b", re.I | re.S
)


@pytest.mark.parametrize("path", FRONT_ENDS, ids=lambda p: str(p.relative_to(STORAGE.parent)))
def test_the_front_ends_hold_no_sql(path: Path) -> None:
    """bot/, cli/ and webapp/ parse, call an action, render: no statement of their own (import-linter keeps the driver
    out of them; this keeps SQL text and a connection's execute out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{path.name}:{node.lineno}"
        for node in ast.walk(tree)
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value))
        or (isinstance(node, ast.Attribute) and node.attr in {"execute", "executemany", "execute_fetchall"})
    ]
    assert not found, "SQL belongs in storage/, reached through an action"


BOT = sorted((STORAGE.parent / "bot").rglob("*.py"))
PERIOD_READS = {"get_period", "program_periods", "set_period"}


@pytest.mark.parametrize("path", BOT, ids=lambda p: str(p.relative_to(STORAGE.parent)))
def test_the_chat_decides_no_period_rule(path: Path) -> None:
    """Whether a year is open or locked is an action's decision (actions.rules, actions.periods, actions.status):
    bot/ reads no period and knows no ``PeriodStatus``, not even lazily; it renders what an action decided."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{path.name}:{node.lineno}: {node.module}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (
            node.module == "storage.periods"
            or any(a.name in PERIOD_READS | {"PeriodStatus"} for a in node.names)
        )
    ]
    found += [
        f"{path.name}:{node.lineno}: import {alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name
        in {"storage.periods", "storage.models"}  # a module whose attributes would get past this
    ]
    found += [
        f"{path.name}:{node.lineno}: {name}"
        for node in ast.walk(tree)
        for name in [
            node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
        ]
        if name in PERIOD_READS | {"PeriodStatus"}
    ]
    assert not found, "a period rule belongs to an action: call it and render its result"
