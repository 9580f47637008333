"""Building the Application: handlers, commands menu per role, the database opened and closed with it."""

from __future__ import annotations

import gc
import logging

from telegram import BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from actions.roles import settings_administrators
from bot import callbacks
from bot.answers import answer
from bot.backups import schedule_backups
from bot.concurrency import PerUserUpdateProcessor
from bot.context import BotData, Context
from bot.handlers import (
    city,
    coordinator,
    directory,
    evidence,
    history,
    indicator_plans,
    indicator_review,
    interim,
    members,
    periods,
    plans,
    report,
    review,
    roles,
    start,
    status,
    uploads,
)
from bot.handlers.coordinator import COORDINATORS, READERS, Handler, guard_of, takes_at_most
from bot.handlers.errors import on_error
from bot.handlers.gate import gate, resolve_role_of
from bot.handlers.reporting import handlers as reporting
from bot.handlers.reporting import indicators
from bot.menus import (
    ADMINISTRATOR_COMMANDS,
    COORDINATOR_COMMANDS,
    MEMBER_COMMANDS,
    READER_COMMANDS,
    command_menu,
    set_menu,
)
from bot.ratelimit import PriorityRateLimiter
from bot.reminders.mute import mute_command, on_mute_button
from bot.reminders.scheduling import setup_reminders
from bot.report_builds import stop_writers
from bot.review_notices import setup_review_notices, tell_return
from bot.settings import Settings
from l10n import t
from storage.db import connect
from storage.reminders import blocked_ids
from storage.reviews import Review
from storage.roles import holders

log = logging.getLogger("zvitbot")

__all__ = ["COORDINATOR_COMMANDS", "KNOWN_COMMANDS", "MEMBER_COMMANDS", "build_application", "command_menu"]


async def post_init(application: Application) -> None:
    data: BotData = application.bot_data
    data.db = await connect(data.settings.database_path)
    # The administrators the settings name, recorded as such (once; one no longer named there is revoked).
    added, revoked = await settings_administrators(data.db, data.settings.administrator_ids)
    if added or revoked:
        log.info("administrators from the settings: %s recorded, %s revoked", added, revoked)
    # Who is marked as having blocked the bot: an update from one of them clears the mark (seen_again), whether
    # or not a reminder run comes first (REMINDERS_ENABLED off, or a return notice marked them).
    async with data.db.locked() as conn:
        data.blocked = await blocked_ids(conn)
    # Everything loaded at start lives as long as the process: keep it out of the collector's full passes,
    # which otherwise pause every reply now and then (seen as p99 spikes under load).
    gc.freeze()
    await application.bot.set_my_commands(command_menu(MEMBER_COMMANDS), scope=BotCommandScopeDefault())
    # Everyone who holds a role gets its menu (whoever was revoked just now gets the default one back).
    async with data.db.locked() as conn:
        held = await holders(conn)
    for user_id in sorted({*held, *revoked}):
        await set_menu(application.bot, await resolve_role_of(data, user_id), data.settings.webapp_url)
    if data.settings.webapp_url:
        await start_webapp(application)


async def start_webapp(application: Application) -> None:
    """The Mini App (webapp/) in this process's event loop, on the database the bot opened; a return made
    there is told in the chat the way /review tells it."""
    from webapp.server import Webapp, WebappConfig  # the bot's one import of the Mini App: starting it

    data: BotData = application.bot_data
    settings = data.settings
    assert data.db is not None

    async def tell(review: Review) -> object:
        return await tell_return(application, review)

    data.webapp = Webapp(
        WebappConfig(
            bot_token=settings.bot_token.get_secret_value(),
            db=data.db,
            administrators=settings.administrator_ids,
            tz=settings.tz,
            max_age=settings.webapp_max_age_hours * 3600,
            listen=settings.webapp_listen,
            port=settings.webapp_port,
            accepted_only=settings.report_accepted_only,
            tell_return=tell,
        )
    )
    await data.webapp.start()


async def post_shutdown(application: Application) -> None:
    stop_writers()
    data: BotData = application.bot_data
    webapp, data.webapp = data.webapp, None
    if webapp is not None:
        await webapp.stop()
    await close_database(application)


async def close_database(application: Application) -> None:
    """Close the database once, whoever asks first (post_shutdown, or ``python -m bot`` after a shutdown
    that did not get that far): its worker thread would keep the process alive."""
    data: BotData = application.bot_data
    db, data.db = data.db, None
    if db is not None:
        await db.close()
        log.info("database closed")


@takes_at_most(0, "help")
async def help_command(update: Update, context: Context) -> None:
    await start.help_command(update, context)
    await reporting.resend_question(update, context)


KNOWN_COMMANDS = frozenset(ADMINISTRATOR_COMMANDS)


async def unknown_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.split()[0][1:].split("@")[0].lower()
    if name not in KNOWN_COMMANDS:
        await message.reply_text(t("unknown-command"))


async def stale_button(update: Update, context: Context) -> None:
    if update.callback_query is not None:
        await answer(update.callback_query, t("stale-button"))


def build_application(settings: Settings) -> Application:
    context_types = ContextTypes(context=Context, bot_data=lambda: BotData(settings=settings))  # type: ignore[arg-type]
    application = (
        Application.builder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.bot_api_file_url)
        .read_timeout(settings.bot_api_timeout)
        .write_timeout(settings.bot_api_timeout)
        .context_types(context_types)
        # Every message is HTML: values put into messages are escaped where they are put in (formatting.esc).
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .concurrent_updates(PerUserUpdateProcessor(32))
        # PTB's default pool (256) makes httpcore's connection assignment loop quadratic under load.
        .connection_pool_size(16)
        # One message per 1/R seconds rather than R per second: no burst at the start of a second, so a
        # reminder fan-out stays under Telegram's limit instead of tripping 429s at window edges; replies
        # to people take the next slot ahead of reminders (bot/ratelimit.py).
        .rate_limiter(PriorityRateLimiter(settings.rate_limit_per_second, max_retries=3))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    add_handlers(application, settings)
    schedule_backups(application, settings)
    setup_reminders(application)
    setup_review_notices(application)
    directory.setup_directory_watch(application)
    return application


def button_handlers() -> dict[type[callbacks.Button], Handler]:
    """The handler of every kind of button (bot/callbacks.py): each kind's data, malformed too, goes there."""
    return {
        callbacks.OpenMeasure: reporting.open_measure,
        callbacks.StepAction: reporting.on_button,
        callbacks.Page: start.on_page,
        callbacks.InviteFor: members.invite_for,
        callbacks.ListMembers: members.on_members_button,
        callbacks.RemoveMember: members.on_members_button,
        callbacks.RevokeInvite: members.revoke,
        callbacks.ChooseProgram: coordinator.on_program_chosen,
        callbacks.ChooserView: coordinator.on_chooser_view,
        callbacks.RemindDepartment: status.remind_department,
        callbacks.StatusDetails: status.on_details,
        callbacks.InviteMissing: status.invite_missing,
        callbacks.ImportDecision: uploads.on_decision,
        callbacks.IndicatorPlanDecision: indicator_plans.on_decision,
        callbacks.Mute: on_mute_button,
        callbacks.InterimPreset: interim.on_preset,
        callbacks.ReportFile: report.on_report_file,
        callbacks.ReviewDecision: review.on_decision,
        callbacks.ReviewAcceptAll: review.on_accept_all,
        callbacks.ReviewOpen: review.on_open,
        callbacks.DirectoryView: directory.on_view,
        callbacks.DepartmentCard: directory.on_card,
        callbacks.DepartmentRename: directory.on_rename,
        callbacks.MergeTargets: directory.on_merge_targets,
        callbacks.MergeAsk: directory.on_merge_ask,
        callbacks.MergeDo: directory.on_merge_do,
        callbacks.CityPage: city.on_page,
        callbacks.CityProgram: city.on_program,
        callbacks.Appoint: roles.on_appoint,
        callbacks.RevokeRole: roles.on_revoke_role,
        callbacks.RevokeRoleLink: roles.on_revoke_link,
        callbacks.OpenIndicator: indicators.on_open,
        callbacks.IndicatorStepAction: indicators.on_button,
        callbacks.FactReviewDecision: indicator_review.on_decision,
    }


def command(name: str, callback: Handler) -> CommandHandler:
    """A command as a new message says it: a message edited into a command runs nothing (PTB's default takes
    edits too), it gets the hint any edit does."""
    return CommandHandler(name, callback, filters=filters.UpdateType.MESSAGE)


def add_handlers(application: Application, settings: Settings) -> None:
    application.add_handler(TypeHandler(Update, gate), group=-1)
    # A coordinator's file is a program to import, not an answer to a question; while a measure is open in
    # their conversation, that measure's evidence. Anyone else's document is evidence (below).
    application.add_handler(MessageHandler(filters.Document.ALL, uploads.on_any_document), group=0)
    # Answers to the reporting conversation; its state is the draft row (the gate ends it on a command). A
    # coordinator's text may be a department's new short name or a return's comment first.
    application.add_handler(MessageHandler(reporting.is_answer_text(), directory.on_text), group=0)
    # A document or photo while a measure is open: that measure's evidence (bot/handlers/evidence.py).
    evidence_input = filters.UpdateType.MESSAGE & (filters.Document.ALL | filters.PHOTO)
    application.add_handler(MessageHandler(evidence_input, evidence.on_file), group=0)
    application.add_handler(MessageHandler(reporting.is_other_input(), directory.on_other_input), group=0)
    buttons = button_handlers()
    missing = set(callbacks.KINDS) - set(buttons)
    if missing:
        raise RuntimeError(f"buttons without a handler: {sorted(k.prefix for k in missing)}")
    application.add_handlers(
        [
            command("start", start.start),
            command("help", help_command),
            command("cancel", reporting.cancel),
            command("report", report.report),
            command("status", status.status),
            command("open", periods.open_year),
            command("plan", plans.plan),
            command("lock", periods.lock_year),
            command("unlock", periods.unlock_year),
            command("history", history.history),
            command("edit", history.edit),
            command("interim", interim.interim),
            command("invite", members.invite),
            command("members", members.members),
            command("mute", mute_command),
            command("review", review.review),
            command("files", evidence.files),
            command("departments", directory.departments),
            command("city", city.city),
            command("appoint", roles.appoint),
            *(CallbackQueryHandler(handler, pattern=kind.pattern) for kind, handler in buttons.items()),
            # Data no kind claims (an old build's buttons, forged data): the first match in a group wins, so
            # this one, last, sees only those. It is answered and ignored.
            CallbackQueryHandler(stale_button),
            # Any other command, from anyone the gate let through: say what exists.
            MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, unknown_command),
        ],
        group=1,
    )
    unguarded = unguarded_handlers(application, buttons)
    if unguarded:
        raise RuntimeError(
            f"commands and buttons without their guard (coordinators_only, readers_only): {unguarded}"
        )
    application.add_error_handler(on_error)


def unguarded_handlers(application: Application, buttons: dict[type[callbacks.Button], Handler]) -> list[str]:
    """The commands and kinds of button whose handler is not wrapped in the guard their kind says: a reading
    command (READER_COMMANDS) or kind (``readers=True``) in ``readers_only``; every other command but
    MEMBER_COMMANDS, and every kind with ``coordinators=True``, in ``coordinators_only``. Each refusal is said with
    the same words, in one way."""
    commands = [
        f"/{name}"
        for handler in application.handlers[1]
        if isinstance(handler, CommandHandler)
        for name in sorted(handler.commands - set(MEMBER_COMMANDS))
        if guard_of(handler.callback) != (READERS if name in READER_COMMANDS else COORDINATORS)
    ]
    kinds = sorted(
        kind.prefix
        for kind, h in buttons.items()
        if (kind.coordinators and guard_of(h) != COORDINATORS) or (kind.readers and guard_of(h) != READERS)
    )
    return commands + kinds
