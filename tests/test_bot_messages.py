"""Every message the bot asks for gets every value its wording uses (the catalog is strict only when run)."""

from __future__ import annotations

import ast
from pathlib import Path

from fluent.syntax import FluentParser
from fluent.syntax import ast as fl
from fluent.syntax.visitor import Visitor

from l10n.catalog import SHIPPED

ROOT = Path(__file__).resolve().parent.parent


class _Uses(Visitor):
    def __init__(self) -> None:
        self.variables: set[str] = set()
        self.messages: set[str] = set()

    def visit_VariableReference(self, node: fl.VariableReference) -> None:
        self.variables.add(node.id.name)

    def visit_MessageReference(self, node: fl.MessageReference) -> None:
        self.messages.add(node.id.name)


def _catalog() -> dict[str, _Uses]:
    uses: dict[str, _Uses] = {}
    for path in sorted(SHIPPED.glob("*.ftl")):
        for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body:
            if isinstance(entry, fl.Message):
                visitor = _Uses()
                visitor.visit(entry)
                uses[entry.id.name] = visitor
    return uses


def _variables(message: str, uses: dict[str, _Uses], seen: frozenset[str] = frozenset()) -> set[str]:
    found = set(uses[message].variables)
    for referenced in uses[message].messages - seen:  # a referenced message gets the same values
        found |= _variables(referenced, uses, seen | {message})
    return found


def test_every_call_passes_what_its_message_uses() -> None:
    uses = _catalog()
    checked, wrong = 0, []
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"):
                continue
            if (
                not node.args
                or not isinstance(node.args[0], ast.Constant)
                or any(k.arg is None for k in node.keywords)
            ):
                continue
            message = node.args[0].value
            passed = {k.arg for k in node.keywords}
            missing = _variables(message, uses, frozenset({message})) - passed
            checked += 1
            if missing:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {message} lacks {sorted(missing)}")
    assert checked > 100, "the scan found too few calls: it is broken"
    assert not wrong


def test_no_ukrainian_text_is_left_in_the_bots_code() -> None:
    """Every wording lives in the catalogs (docstrings and the interim argument's letters aside)."""
    found = []
    for path in (ROOT / "bot").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and any("\u0400" <= c <= "\u04ff" for c in node.value)
                and node.value != "^(?:[QqКк]([1-4])|([HhНн]1)|(9[MmМм]))$"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value[:40]!r}")
    assert not found


def test_counts_in_the_bots_messages_take_their_plural_forms() -> None:
    from l10n import t

    assert [t("remind-sent", count=n, department="ДО") for n in (1, 2, 5)] == [
        "Нагадування надіслано: 1 особі підрозділу ДО.",
        "Нагадування надіслано: 2 особам підрозділу ДО.",
        "Нагадування надіслано: 5 особам підрозділу ДО.",
    ]
    assert [t("button-mute-days", days=n, until="17.01.2024") for n in (1, 3, 7)] == [
        "На 1 день (до 17.01.2024)",
        "На 3 дні (до 17.01.2024)",
        "На 7 днів (до 17.01.2024)",
    ]
    assert t("reminder-more", count=2) == "… і ще 2 заходи"


def test_every_command_in_the_menu_has_its_description() -> None:
    from bot.app import COORDINATOR_COMMANDS, command_menu

    menu = command_menu(COORDINATOR_COMMANDS)  # the strict catalog refuses an id it lacks
    assert [c.command for c in menu] == list(COORDINATOR_COMMANDS)
    assert all(c.description and not c.description.startswith("command-") for c in menu)
