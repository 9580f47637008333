"""Telling the administrators about failures: an unhandled error, a failed reminder run, a failed backup.

An alert goes to ALERT_CHAT_ID when it is set, else to every administrator the settings name (ADMIN_IDS and
COORDINATOR_IDS: the bot's administrators are those, read without the database, which may be what failed). It is short
and in Ukrainian (l10n/uk/alerts.ftl): what failed, the error's class and the first line of its message
(clipped, the bot token masked as in the log, bot/logs.py), for an update its kind and the user's id.
Never a traceback: that stays in the log, which the alert points to.

At most one alert of a kind per ALERT_INTERVAL_MINUTES (10 by default): the ones held back meanwhile are
counted, and the next alert of the kind says how many there were. An alert that cannot be sent is logged,
never raised: reporting a failure must not become one.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import BadRequest, ChatMigrated, Forbidden
from telegram.ext import Application

from bot.formatting import Fit
from bot.logs import redact
from l10n import t
from l10n.problems import backup_text, database_text
from storage.backup import BackupError
from storage.db import DatabaseFileError

if TYPE_CHECKING:
    from bot.context import BotData
    from storage.reminders import PeriodInfo

log = logging.getLogger("zvitbot.alerts")

SUMMARY_LIMIT = 200


@dataclass
class AlertState:
    """When each kind of alert last went out, and how many of each were held back since."""

    last_sent: dict[str, dt.datetime] = field(default_factory=dict)
    held_back: Counter[str] = field(default_factory=Counter)
    # ALERT_CHAT_ID's group became a supergroup: its new id, for every alert after (until the setting is changed)
    moved_to: int | None = None


def describe(error: BaseException, token: str) -> tuple[str, str]:
    """The error's class and the first line of its message, the token masked; the database's and the backup's
    problems in the words the command line says them in."""
    if isinstance(error, DatabaseFileError):
        return type(error).__name__, redact(database_text(error), token)
    if isinstance(error, BackupError):
        return type(error).__name__, redact(backup_text(error), token)
    lines = str(error).strip().splitlines()
    return type(error).__name__, redact(lines[0] if lines else "", token)


def summary_limit(error: BaseException) -> int:
    """Ours are words with what to do: they get room for it."""
    return 2 * SUMMARY_LIMIT if isinstance(error, DatabaseFileError | BackupError) else SUMMARY_LIMIT


def update_kind(update: object) -> tuple[str, str]:
    """What kind of update failed (``message``, ``callback_query``, ...) and whose; ("none", "") for a job."""
    if not isinstance(update, Update):
        return "none", ""
    kind = next((k for k in Update.ALL_TYPES if getattr(update, k, None) is not None), "other")
    user = update.effective_user
    return kind, str(user.id) if user is not None else ""


async def send_alert(application: Application, kind: str, text: str) -> bool:
    """Send ``text`` (Telegram HTML) as an alert of ``kind``, unless one went out within the interval.
    True when it went out to at least one chat."""
    data: BotData = application.bot_data
    settings, state = data.settings, data.alerts
    now = data.clock()
    last = state.last_sent.get(kind)
    if last is not None and now - last < dt.timedelta(minutes=settings.alert_interval_minutes):
        state.held_back[kind] += 1
        log.info("alert %s held back (%d since the last one)", kind, state.held_back[kind])
        return False
    held = state.held_back.pop(kind, 0)
    if held:
        text += "\n\n" + t("alert-held-back", count=held)
    state.last_sent[kind] = now
    if settings.alert_chat_id is not None:
        refused = await _to_alert_chat(application, kind, settings.alert_chat_id, text)
        if refused is None:
            return True
        if not refused:  # the network: nothing else would get through either
            return False
        # The chat refuses for good (the bot was removed from the group, the chat is gone): the administrators
        # get the alert, and why it did not go where it should.
        fit = Fit()
        text += "\n\n" + t(
            "alert-chat-refused", chat=settings.alert_chat_id, reason=fit(refused, SUMMARY_LIMIT)
        )
        text = fit.one(text)
    chats = sorted(settings.administrator_ids)
    delivered = False
    for chat in chats:
        try:
            await application.bot.send_message(chat, text)
            delivered = True
        except Exception as exc:  # an alert that fails is logged; it never raises into what it reports
            log.warning("alert %s not sent to %s: %s", kind, chat, exc)
    if not chats:
        log.warning("alert %s: no ALERT_CHAT_ID and no ADMIN_IDS to send it to", kind)
    return delivered


async def _to_alert_chat(application: Application, kind: str, configured: int, text: str) -> str | None:
    """Send an alert to ALERT_CHAT_ID (or the supergroup its group became). None: delivered; "": not, for a
    passing reason (the network); else Telegram's reason for refusing it for good."""
    data: BotData = application.bot_data
    state = data.alerts
    chat = state.moved_to if state.moved_to is not None else configured
    try:
        try:
            await application.bot.send_message(chat, text)
        except ChatMigrated as exc:  # the group became a supergroup: the same people, a new id
            state.moved_to = chat = exc.new_chat_id
            log.warning(
                "ALERT_CHAT_ID %s is now the supergroup %s: set ALERT_CHAT_ID=%s", configured, chat, chat
            )
            fit = Fit()
            moved = t("alert-chat-moved", old=configured, new=chat)
            await application.bot.send_message(chat, fit.one(text + "\n\n" + moved))
        return None
    except (Forbidden, BadRequest) as exc:
        log.warning("alert %s refused by ALERT_CHAT_ID %s: %s", kind, chat, exc)
        return exc.message or type(exc).__name__
    except Exception as exc:  # an alert that fails is logged; it never raises into what it reports
        log.warning("alert %s not sent to %s: %s", kind, chat, exc)
        return ""


def _token(application: Application) -> str:
    data: BotData = application.bot_data
    return data.settings.bot_token.get_secret_value()


async def alert_error(application: Application, error: BaseException, update: object) -> bool:
    """An update (or a job) failed with an error nobody handled."""
    name, summary = describe(error, _token(application))
    kind, user = update_kind(update)
    fit = Fit()
    limit = summary_limit(error)
    text = t("alert-error", error=fit(name, 100), summary=fit(summary, limit), update=kind, user=user)
    return await send_alert(application, "error", fit.one(text))


async def alert_reminders(application: Application, error: BaseException, period: PeriodInfo | None) -> bool:
    """A reminder run failed (``period`` None), or one period could not be worked out (the rest went on)."""
    data: BotData = application.bot_data
    name, summary = describe(error, _token(application))
    fit = Fit()
    if period is None:
        text = t(
            "alert-reminders-run",
            error=fit(name, 100),
            summary=fit(summary, SUMMARY_LIMIT),
            minutes=data.settings.reminder_check_minutes,
        )
    else:
        text = t(
            "alert-reminders-period",
            error=fit(name, 100),
            summary=fit(summary, SUMMARY_LIMIT),
            year=period.year,
            program=fit(period.program_name, 150),
        )
    return await send_alert(application, "reminders", fit.one(text))


async def alert_refused_reminders(application: Application, count: int, error: str) -> bool:
    """Telegram refused ``count`` reminders of a run for good (a 400: the text, or a chat gone), so they are
    not sent again; ``error`` is one of the refusals, in Telegram's words."""
    fit = Fit()
    text = t(
        "alert-reminders-refused", count=count, summary=fit(redact(error, _token(application)), SUMMARY_LIMIT)
    )
    return await send_alert(application, "reminders-refused", fit.one(text))


async def alert_backup(application: Application, error: BaseException) -> bool:
    """The daily backup failed."""
    data: BotData = application.bot_data
    name, summary = describe(error, _token(application))
    fit = Fit()
    text = t(
        "alert-backup",
        error=fit(name, 100),
        summary=fit(summary, summary_limit(error)),
        hour=data.settings.backup_hour,
    )
    return await send_alert(application, "backup", fit.one(text))
