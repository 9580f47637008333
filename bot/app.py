"""Building the Application: handlers, commands menu per role, the database opened and closed with it."""

from __future__ import annotations

import logging
import warnings

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    TypeHandler,
)
from telegram.warnings import PTBUserWarning

from bot import texts
from bot.context import BotData, Context
from bot.handlers import coordinator, members, reporting
from bot.handlers.errors import on_error
from bot.handlers.gate import gate
from bot.settings import Settings
from storage.db import connect

log = logging.getLogger("zvitbot")

MEMBER_COMMANDS = [
    BotCommand("start", texts.CMD_START),
    BotCommand("help", texts.CMD_HELP),
    BotCommand("cancel", texts.CMD_CANCEL),
]
COORDINATOR_COMMANDS = [*MEMBER_COMMANDS, BotCommand("invite", texts.CMD_INVITE)]


async def post_init(application: Application) -> None:
    data: BotData = application.bot_data
    data.db = await connect(data.settings.database_path)
    await application.bot.set_my_commands(MEMBER_COMMANDS, scope=BotCommandScopeDefault())
    for user_id in sorted(data.settings.coordinator_ids):
        try:
            await application.bot.set_my_commands(COORDINATOR_COMMANDS, scope=BotCommandScopeChat(user_id))
        except TelegramError as exc:  # a coordinator who never opened the bot has no chat yet
            log.warning("commands for coordinator %s not set: %s", user_id, exc)


async def post_shutdown(application: Application) -> None:
    data: BotData = application.bot_data
    if data.db is not None:
        await data.db.close()
        data.db = None


async def help_command(update: Update, context: Context) -> None:
    await members.help_command(update, context)
    await reporting.resend_question(update, context)


async def stale_button(update: Update, context: Context) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON)


def build_application(settings: Settings) -> Application:
    context_types = ContextTypes(context=Context, bot_data=lambda: BotData(settings=settings))  # type: ignore[arg-type]
    application = (
        Application.builder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.bot_api_file_url)
        .context_types(context_types)
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.rate_limit_per_second, max_retries=3))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    application.add_handler(TypeHandler(Update, gate), group=-1)
    # The conversation (group 0) ends on any command; the command itself is answered in group 1.
    with warnings.catch_warnings():
        # Tracking per chat, not per message, is what we want: one conversation per person.
        warnings.simplefilter("ignore", PTBUserWarning)
        application.add_handler(reporting.conversation(), group=0)
    application.add_handlers(
        [
            CommandHandler("start", members.start),
            CommandHandler("help", help_command),
            CommandHandler("cancel", reporting.cancel),
            CommandHandler("invite", coordinator.invite),
            CallbackQueryHandler(members.on_page, pattern=r"^page:"),
            CallbackQueryHandler(coordinator.invite_for, pattern=r"^inv:"),
            # Anything else (an old build's buttons, forged data) is answered and ignored.
            CallbackQueryHandler(stale_button, pattern=r"^(?!open:|q:|page:|inv:)"),
        ],
        group=1,
    )
    application.add_error_handler(on_error)
