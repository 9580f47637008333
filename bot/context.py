"""The bot's context type: handlers reach the database, the settings and the caller's role through it."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.alerts import AlertState
from bot.report_builds import ReportBuilds
from storage.models import Department
from storage.texts import clean_text, is_blank

if TYPE_CHECKING:
    from bot.settings import Settings
    from storage.db import Database


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class BotData:
    """What the whole process shares: settings, the database, and what it remembers between updates."""

    settings: Settings
    db: Database | None = None
    # user id -> their role (departments, programs, administrator, observer), until a membership or a role of
    # theirs changes (bot/handlers/gate.py)
    roles: dict[int, Role] = field(default_factory=dict)
    # The database's data_version when the directory watch last looked (bot/handlers/directory.py): another
    # process's write (python -m cli departments merge) makes the roles above be read again.
    seen_version: int | None = None
    # The current time, aware; replaceable in tests (reminders, mutes).
    clock: Callable[[], dt.datetime] = utc_now
    # Held while a reminder run sends: runs in one process never overlap.
    reminders_running: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Held while a return is told (bot/review_notices.py): the handler and the repeating job never both
    # tell the same one.
    returns_telling: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Who is marked as having blocked the bot: loaded at start (post_init), refreshed by every reminder run.
    blocked: set[int] | None = None
    # Reports being built, shared by everybody who asks for the same one meanwhile.
    report_builds: ReportBuilds = field(default_factory=ReportBuilds)
    # Alerts about failures sent and held back (bot/alerts.py).
    alerts: AlertState = field(default_factory=AlertState)
    # The Mini App's server (webapp.server.Webapp) while it runs: WEBAPP_URL set.
    webapp: Any = None


@dataclass(frozen=True)
class Role:
    """What the person may do (actions.actor.Actor says what each role means)."""

    user_id: int
    administrator: bool
    departments: tuple[Department, ...]
    programs: frozenset[int] = frozenset()  # the programs they coordinate
    observer: bool = False

    @property
    def coordinator(self) -> bool:
        """Coordinates some program, or every one as an administrator."""
        return self.administrator or bool(self.programs)

    @property
    def reader(self) -> bool:
        """Reads some program: a coordinator, an administrator or an observer."""
        return self.coordinator or self.observer

    @property
    def member(self) -> bool:
        return bool(self.departments)

    @property
    def stranger(self) -> bool:
        return not self.coordinator and not self.observer and not self.departments

    def department(self, department_id: int) -> Department | None:
        return next((d for d in self.departments if d.id == department_id), None)


class Context(CallbackContext[ExtBot, dict, dict, BotData]):
    """One per update, shared by every handler group that sees the update."""

    def __init__(self, application: Application, chat_id: int | None = None, user_id: int | None = None):
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.role: Role | None = None  # set by the gate before any other handler runs
        self.left_draft = False  # the gate ended a conversation in progress because of a command

    @property
    def args(self) -> list[str] | None:
        """A command's words (python-telegram-bot sets them), read as every typed text is
        (storage.texts): a word of nothing but invisible characters is no word (Telegram's words are split at
        whitespace only), and no word has invisible edges."""
        return self._words

    @args.setter
    def args(self, words: list[str] | None) -> None:
        self._words = None if words is None else [clean_text(w) for w in words if not is_blank(w)]

    @property
    def db(self) -> Database:
        db = self.bot_data.db
        if db is None:
            raise RuntimeError("database is not open")
        return db

    @property
    def settings(self) -> Settings:
        return self.bot_data.settings

    def seen_now(self) -> int:
        """Now, by the bot's clock, in Unix milliseconds (the next one: what was stored before it is in): when a
        card is shown, as a button on it carries the moment (what was sent after it, the person has not seen)."""
        return int(self.bot_data.clock().timestamp() * 1000) + 1
