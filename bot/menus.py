"""The commands each role has, and the menu Telegram shows a person: set at the start for everyone who holds a
role, and again when their role changes."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat, MenuButtonDefault, MenuButtonWebApp, WebAppInfo
from telegram.error import TelegramError

from bot.context import Role
from l10n import t

log = logging.getLogger("zvitbot")

MEMBER_COMMANDS = ("start", "help", "cancel", "mute")
# What an observer may use besides a member's: reading (bot/handlers/coordinator.readers_only), no change.
# /city is every program's at once: administrators' and observers' (a program's coordinator is refused).
READER_COMMANDS = ("report", "status", "history", "files", "city")
OBSERVER_COMMANDS = (*MEMBER_COMMANDS, *READER_COMMANDS)
COORDINATOR_COMMANDS = (
    *MEMBER_COMMANDS,
    "report",
    "status",
    "plan",
    "open",
    "lock",
    "unlock",
    "history",
    "edit",
    "interim",
    "invite",
    "members",
    "review",
    "files",
)
# The city's matters: who coordinates and observes what, the directory of departments.
ADMINISTRATOR_COMMANDS = (*COORDINATOR_COMMANDS, "city", "appoint", "departments")


def command_menu(names: tuple[str, ...]) -> list[BotCommand]:
    """The menu Telegram shows, worded by the catalogs as configured when the bot starts."""
    return [BotCommand(name, t(f"command-{name}")) for name in names]


def commands_of(role: Role) -> tuple[str, ...] | None:
    """The person's own menu; None: the default one (a member's)."""
    if role.administrator:
        return ADMINISTRATOR_COMMANDS
    if role.coordinator:
        return COORDINATOR_COMMANDS
    if role.observer:
        return OBSERVER_COMMANDS
    return None


async def set_menu(bot: Bot, role: Role, webapp_url: str | None = None) -> None:
    """The person's menu as their role is now (a role revoked: the default one again); with the Mini App on
    (``webapp_url``), its menu button for administrators, coordinators and observers, the commands' for the
    others."""
    scope = BotCommandScopeChat(role.user_id)
    names = commands_of(role)
    try:
        if names is None:
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(command_menu(names), scope=scope)
    except TelegramError as exc:  # someone who never opened the bot has no chat yet
        log.warning("commands for %s not set: %s", role.user_id, exc)
    if webapp_url is None:
        return
    button = (
        MenuButtonWebApp(t("webapp-menu-button"), WebAppInfo(webapp_url))
        if role.reader
        else MenuButtonDefault()
    )
    try:
        await bot.set_chat_menu_button(chat_id=role.user_id, menu_button=button)
    except TelegramError as exc:
        log.warning("menu button for %s not set: %s", role.user_id, exc)
