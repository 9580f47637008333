"""Choosers: a list of programs, departments or people to pick one from, paged within Telegram's limits, and searched by
typing a few letters of a name once it passes a page.

A chooser that passes a page is kept in the person's ``user_data`` (the last ``KEEP`` of them): its items (id,
label, what a search looks in), what a pick does (``PICKS``: the kind of button of each item) and the letters
last searched; the last one shown, or whose buttons were pressed last, waits for letters typed. Its messages
carry ``callbacks.ChooserView`` buttons (a page, «Пошук», «Усі») with the chooser's serial, so the buttons of
a chooser no longer kept are stale. A command, or any other button, ends the wait (bot/handlers/gate.py); a
pick ends it too. Every page holds at most ``PAGE_PAIRS`` items and three more buttons:
well under Telegram's 100, whatever the number of items (and ``extra``, a row); the labels are cut (``button_label``) and the data are
ids, so every button's data stays under 64 bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup

from bot import callbacks
from bot.formatting import Fit, button_label, program_label
from l10n import t
from storage.models import Department, Program

KEY = "chooser"  # the serial of the chooser waiting for letters
KEPT = "choosers"  # serial -> Chooser, the last KEEP that pass a page
SERIAL = "chooser_serial"
KEEP = 4
PAGE_BUTTONS = 10  # items on a page, one to a row (programs)
PAGE_PAIRS = 20  # items on a page, two to a row (departments: short names)
MAX_LETTERS = 60  # of a search, kept and shown

# What picking an item presses: the button each purpose's items carry, of (the chooser's ``of``, the item's id).
PICKS: dict[str, Callable[[tuple[int, ...], int], callbacks.Button]] = {
    "program": lambda _, program_id: callbacks.ChooseProgram(program_id),
    "invite": lambda _, department_id: callbacks.InviteFor(department_id),
    "members": lambda _, department_id: callbacks.ListMembers(department_id),
    "appoint": lambda _, program_id: callbacks.Appoint("coordinator", program_id),
    "remove": lambda of, user_id: callbacks.RemoveMember(of[0], user_id),  # of: (department,)
    # a role held (its id), or a role link (minus its id)
    "revoke": lambda _, i: callbacks.RevokeRole(i) if i > 0 else callbacks.RevokeRoleLink(-i),
    "merge": lambda of, keep_id: callbacks.MergeAsk(keep_id, of[0]),  # of: (the department merged away,)
    "details": lambda of, department_id: callbacks.StatusDetails(
        of[0], of[1], department_id
    ),  # (program, year)
}

_APOSTROPHES = re.compile("['’ʼ`‘´′]")
_SPACES = re.compile(r"\s+")


def normal(text: str) -> str:
    """The form a search compares in: lowercase, one apostrophe, single spaces."""
    return _SPACES.sub(" ", _APOSTROPHES.sub("'", text.casefold())).strip()


@dataclass(frozen=True)
class Item:
    id: int
    label: str  # the button's
    names: str  # what a search looks in (normal form)


@dataclass(frozen=True)
class Chooser:
    serial: int
    purpose: str  # a key of PICKS
    prompt: str  # the question, HTML (values in it escaped already)
    items: tuple[Item, ...]
    columns: int = 1  # items to a row: 2 pages PAGE_PAIRS, 1 PAGE_BUTTONS
    of: tuple[int, ...] = ()  # what the items belong to (the department of people to remove), for PICKS
    extra: tuple[tuple[str, str], ...] = ()  # a last row of buttons: (label, data) each, e.g. «Скасувати»
    letters: str = ""  # the search shown ("" for the whole list)
    matches: tuple[Item, ...] = field(default=())

    @property
    def shown(self) -> tuple[Item, ...]:
        return self.matches if self.letters else self.items

    @property
    def page_size(self) -> int:
        return PAGE_PAIRS if self.columns > 1 else PAGE_BUTTONS

    @property
    def searchable(self) -> bool:
        """The whole list passes a page: typed letters search it."""
        return len(self.items) > self.page_size


def program_items(programs: Sequence[Program]) -> tuple[Item, ...]:
    return tuple(Item(p.id, program_label(p), normal(f"{p.name} {program_label(p)}")) for p in programs)


def department_items(departments: Sequence[Department]) -> tuple[Item, ...]:
    return tuple(Item(d.id, d.short_name or d.name, normal(f"{d.short_name} {d.name}")) for d in departments)


def pages_of(count: int, size: int = PAGE_BUTTONS) -> int:
    return max(1, -(-count // size))


def view(chooser: Chooser, page: int) -> tuple[str, Markup]:
    """One page of the chooser: its text and buttons (the page out of range: the nearest one)."""
    shown = chooser.shown
    size = chooser.page_size
    pages = pages_of(len(shown), size)
    page = min(max(page, 0), pages - 1)
    pick = PICKS[chooser.purpose]
    buttons = [
        Button(button_label(item.label), callback_data=pick(chooser.of, item.id).data())
        for item in shown[page * size : (page + 1) * size]
    ]
    step = chooser.columns
    rows = [buttons[i : i + step] for i in range(0, len(buttons), step)]

    def nav(action: str, to: int = 0) -> str:
        return callbacks.ChooserView(action, chooser.serial, to).data()

    row = []
    if page > 0:
        row.append(Button(t("page-previous"), callback_data=nav("page", page - 1)))
    if pages > 1:
        row.append(Button(f"{page + 1}/{pages}", callback_data=nav("page", page)))
    if page < pages - 1:
        row.append(Button(t("page-next"), callback_data=nav("page", page + 1)))
    if row:
        rows.append(row)
    if chooser.letters:
        rows.append([Button(t("chooser-button-all"), callback_data=nav("all"))])
    elif chooser.searchable:
        rows.append([Button(t("chooser-button-search"), callback_data=nav("find"))])
    if chooser.extra:
        rows.append([Button(label, callback_data=data) for label, data in chooser.extra])
    fit = Fit()
    lines = [chooser.prompt]
    if chooser.letters:
        lines.append(t("chooser-found", count=len(shown), letters=fit(chooser.letters, MAX_LETTERS)))
    if chooser.searchable:
        lines.append(t("chooser-hint"))
    return fit.one("\n".join(lines)), Markup(rows)


def _kept(user_data: dict[Any, Any]) -> dict[int, Chooser]:
    kept = user_data.get(KEPT)
    if not isinstance(kept, dict):
        kept = user_data[KEPT] = {}
    return kept


def _keep(user_data: dict[Any, Any], chooser: Chooser) -> Chooser:
    """``chooser`` kept (the oldest of more than KEEP forgotten: its buttons are stale) and waiting for letters."""
    kept = _kept(user_data)
    kept[chooser.serial] = chooser
    for serial in sorted(kept)[:-KEEP]:
        del kept[serial]
    user_data[KEY] = chooser.serial
    return chooser


def _serial(user_data: dict[Any, Any]) -> int:
    serial = int(user_data.get(SERIAL, 0)) + 1
    user_data[SERIAL] = serial
    return serial


def start(
    user_data: dict[Any, Any],
    purpose: str,
    prompt: str,
    items: Sequence[Item],
    *,
    columns: int = 1,
    of: tuple[int, ...] = (),
    extra: tuple[tuple[str, str], ...] = (),
) -> tuple[str, Markup]:
    """A new chooser: its first page. One that passes a page is kept, and waits for letters (the one before
    waits no more); one page needs nothing kept."""
    chooser = Chooser(_serial(user_data), purpose, prompt, tuple(items), columns, of, extra)
    if chooser.searchable:
        _keep(user_data, chooser)
    else:
        end(user_data)
    return view(chooser, 0)


def current(user_data: dict[Any, Any] | None, serial: int | None = None) -> Chooser | None:
    """The chooser of ``serial`` (one of the last KEEP), or without it the one waiting for letters."""
    if user_data is None:
        return None
    if serial is None:
        serial = user_data.get(KEY)
    return _kept(user_data).get(serial) if isinstance(serial, int) else None


def wait(user_data: dict[Any, Any], chooser: Chooser) -> None:
    """Letters typed now search ``chooser`` (one of its buttons was pressed)."""
    user_data[KEY] = chooser.serial


def search(user_data: dict[Any, Any], chooser: Chooser, letters: str) -> Chooser:
    """The items whose names hold ``letters`` (case and apostrophes aside). Found ones become a chooser of their
    own (a new serial), waiting for letters in its turn; none: the chooser waits as it was."""
    letters = " ".join(letters.split())[:MAX_LETTERS]
    wanted = normal(letters)
    matches = tuple(item for item in chooser.items if wanted and wanted in item.names)
    if not matches:
        return replace(chooser, letters=letters, matches=())
    return _keep(user_data, replace(chooser, serial=_serial(user_data), letters=letters, matches=matches))


def whole(user_data: dict[Any, Any], chooser: Chooser) -> Chooser:
    """The whole list again, after a search."""
    return _keep(user_data, replace(chooser, letters="", matches=()))


def end(user_data: dict[Any, Any] | None) -> None:
    """No chooser waits for letters any more (a pick, a command, another button); their pages still turn."""
    if user_data is not None:
        user_data.pop(KEY, None)
