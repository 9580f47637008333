"""What only coordinators (or only those who read a program) may do: the shared checks, and picking a program
when there are several.

Every handler checks the role itself (``coordinators_only``, ``readers_only``): buttons are never trusted.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.error import BadRequest

from actions.actor import Actor
from actions.periods import default_year
from actions.refusals import Reason, Refused
from actions.roles import program_for, programs_for
from bot import callbacks, choosers
from bot.answers import answer
from bot.arguments import ArgumentError, PeriodArg, parse_period, refuse_extra
from bot.context import Context
from bot.formatting import Fit
from bot.refusals import actor_of, answer_refused, refusal_text
from l10n import t
from storage.models import Program

Handler = Callable[[Update, Context], Awaitable[None]]
ProgramCommand = Callable[[Update, Context, Program, list[str]], Awaitable[None]]
# The same command over every program at once (the city's), with the command's arguments; and whether a call is
# for it: (arguments, how many programs there are, who asks).
CityCommand = Callable[[Update, Context, list[str]], Awaitable[None]]
CityWanted = Callable[[list[str], int, Actor], bool]
# The program commands (filled by the modules that define them): each one's core and whether it only reads.
COMMANDS: dict[str, tuple[ProgramCommand, bool]] = {}

_GUARD = "guard"
COORDINATORS = "coordinators_only"
READERS = "readers_only"


def coordinators_only(handler: Handler) -> Handler:
    """The one way a command or a button is kept for coordinators (and administrators): an observer is refused
    with the read-only words (``refused-read-only``), anyone else with ``not-coordinator``, before anything else.
    The application checks that every coordinators' kind of button (``callbacks.Button`` with
    ``coordinators=True``) and command has it. Which program they coordinate is the action's to check."""

    @functools.wraps(handler)
    async def wrapped(update: Update, context: Context) -> None:
        role = context.role
        if role is None or not role.coordinator:
            if role is not None and role.observer:
                await refuse(update, refusal_text(Refused(Reason.READ_ONLY), context.settings.tz))
            else:
                await refuse(update, t("not-coordinator"))
            return
        await handler(update, context)

    wrapped.__dict__[_GUARD] = COORDINATORS
    return wrapped


def readers_only(handler: Handler) -> Handler:
    """The one way a reading command or button (/status, /report, /history, /files and their buttons) is kept for
    those who read a program: coordinators, administrators and observers; anyone else is refused with
    ``not-coordinator``. The application checks that every such command (``menus.READER_COMMANDS``) and kind of
    button (``readers=True``) has it."""

    @functools.wraps(handler)
    async def wrapped(update: Update, context: Context) -> None:
        if context.role is None or not context.role.reader:
            await refuse(update, t("not-coordinator"))
            return
        await handler(update, context)

    wrapped.__dict__[_GUARD] = READERS
    return wrapped


def guard_of(handler: object) -> str | None:
    """``COORDINATORS``, ``READERS`` or None: which guard ``handler`` is wrapped in."""
    return getattr(handler, "__dict__", {}).get(_GUARD)


def is_coordinators_only(handler: object) -> bool:
    """Whether ``handler`` is wrapped in ``coordinators_only``."""
    return guard_of(handler) == COORDINATORS


async def refuse(update: Update, text: str) -> None:
    if update.callback_query:
        await answer(update.callback_query, text, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(text)


async def reply(update: Update, text: str, **kwargs: object) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(text, **kwargs)  # type: ignore[arg-type]


async def argument_error(update: Update, error: ArgumentError, command: str) -> None:
    fit = Fit()
    text = t("argument-error", reason=error.reason, value=fit(error.value, 60), command=command)
    await reply(update, fit.one(text))


async def refused_extra(update: Update, args: list[str], takes: int, command: str) -> bool:
    """Whether ``args`` has more than ``takes`` arguments; if so, the extra ones were named in the reply."""
    try:
        refuse_extra(args, takes)
    except ArgumentError as error:
        await argument_error(update, error, command)
        return True
    return False


def takes_at_most(takes: int, command: str) -> Callable[[Handler], Handler]:
    """A /command (not a program's, see ``program_command``) that understands at most ``takes`` arguments."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def wrapped(update: Update, context: Context) -> None:
            if not await refused_extra(update, list(context.args or []), takes, command):
                await handler(update, context)

        return wrapped

    return decorate


def first_steps(context: Context) -> str:
    """What to do on an empty database: send the program's report file, confirm, open a year, invite."""
    year = dt.datetime.now(context.settings.tz).year
    return t("no-programs", year=year, next_year=year + 1)


def program_command(
    name: str,
    *,
    takes: int | None,
    reads: bool = False,
    city: tuple[CityWanted, CityCommand] | None = None,
) -> Callable[[ProgramCommand], Handler]:
    """A /command that works on one program: it asks which one when the person may use several for it (their
    programs to change, or with ``reads`` to read: an observer's every one), and asks nothing when one.

    ``takes``: how many arguments it understands at most; more are refused, named, before anything else
    (None: the command reads every argument itself and refuses what it does not understand). ``city``: when its
    first says a call is the city's (e.g. /status with several programs, asked by one who sees them all), its
    second handles it, with no program chosen."""

    def decorate(core: ProgramCommand) -> Handler:
        COMMANDS[name] = (core, reads)

        async def handler(update: Update, context: Context) -> None:
            args = list(context.args or [])
            if takes is not None and await refused_extra(update, args, takes, name):
                return
            programs = await programs_for(context.db, actor_of(update, context), changes=not reads)
            if not programs:
                assert context.role is not None
                await reply(
                    update, first_steps(context) if context.role.administrator else t("no-programs-yet")
                )
                return
            if city is not None and city[0](args, len(programs), actor_of(update, context)):
                await city[1](update, context, args)
                return
            if len(programs) == 1:
                await core(update, context, programs[0], args)
                return
            assert context.user_data is not None
            context.user_data["pending_command"] = (name, args)
            await show_chooser(
                update, context, "program", t("choose-program"), choosers.program_items(programs)
            )

        handler.__name__ = f"{name}_command"
        return (readers_only if reads else coordinators_only)(handler)

    return decorate


async def show_chooser(
    update: Update,
    context: Context,
    purpose: str,
    prompt: str,
    items: tuple[choosers.Item, ...],
    *,
    columns: int = 1,
    of: tuple[int, ...] = (),
) -> None:
    """A chooser of ``items`` (bot/choosers.py) in a new message: its first page; a list that passes a page
    waits for letters typed to search it."""
    assert context.user_data is not None
    text, markup = choosers.start(context.user_data, purpose, prompt, items, columns=columns, of=of)
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


@readers_only
async def on_chooser_view(update: Update, context: Context) -> None:
    """A chooser's page, «Пошук» (how to search) or «Усі» (the whole list again): the chooser's own message
    becomes that page. What a pick does is the pick's button's (``choosers.PICKS``), with its own checks."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    parsed = callbacks.ChooserView.parse(query.data)
    chooser = choosers.current(context.user_data, parsed.serial) if parsed is not None else None
    if parsed is None or chooser is None:
        await answer(query, t("stale-button"))
        return
    choosers.wait(context.user_data, chooser)
    if parsed.action == "find":
        await answer(query)
        await reply_in_chat(update, context, t("chooser-search-how"))
        return
    if parsed.action == "all":
        chooser = choosers.whole(context.user_data, chooser)
    await answer(query)
    text, markup = choosers.view(chooser, parsed.page)
    if query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return
    await reply_in_chat(update, context, text, reply_markup=markup)


async def reply_in_chat(update: Update, context: Context, text: str, **kwargs: object) -> None:
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, **kwargs)  # type: ignore[arg-type]


async def on_chooser_text(update: Update, context: Context) -> bool:
    """A text typed while a chooser waits searches it: the names holding the letters come as a chooser of their
    own; none, a message saying so, and the chooser waits still. False when no chooser waits (the text is
    another's: a new name, a comment, an answer)."""
    message = update.effective_message
    chooser = choosers.current(context.user_data)
    if chooser is None or message is None or context.user_data is None:
        return False
    if context.role is None or not context.role.reader:  # a role lost meanwhile
        choosers.end(context.user_data)
        return False
    found = choosers.search(context.user_data, chooser, message.text or "")
    if not found.matches:
        fit = Fit()
        text = t("chooser-found-none", letters=fit(found.letters, choosers.MAX_LETTERS))
        await message.reply_text(fit.one(text))
        return True
    text, markup = choosers.view(found, 0)
    await message.reply_text(text, reply_markup=markup)
    return True


@readers_only
async def on_program_chosen(update: Update, context: Context) -> None:
    """A program chosen for the command waiting: one the person may use for it (a forged or old button of
    another program, or one whose role was revoked meanwhile, is refused)."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    parsed = callbacks.ChooseProgram.parse(query.data)
    pending = context.user_data.pop("pending_command", None)
    choosers.end(context.user_data)
    if parsed is None or pending is None or pending[0] not in COMMANDS:
        await answer(query, t("stale-button"))
        return
    name, args = pending
    core, reads = COMMANDS[name]
    try:
        program = await program_for(
            context.db, actor_of(update, context), parsed.program_id, changes=not reads
        )
    except Refused as refused:
        await answer_refused(query, refused, context.settings.tz)
        return
    await answer(query)
    await core(update, context, program, args)


async def period_argument(
    update: Update,
    context: Context,
    program: Program,
    args: list[str],
    command: str,
    told: list[str] | None = None,
) -> PeriodArg | None:
    """``[year] [Q1-Q4|H1|9M]`` with the year defaulted (``actions.periods.default_year``); None after telling
    what is wrong.

    With ``told``, a defaulted year adds to it the line that says which year is shown, and why."""
    try:
        period = parse_period(args)
    except ArgumentError as error:
        await argument_error(update, error, command)
        return None
    if period.year is not None:
        return period
    today = dt.datetime.now(context.settings.tz).date()
    found = await default_year(context.db, actor_of(update, context), program, today)
    if found is None:
        await reply(update, t("no-year", command=command))
        return None
    if told is not None:
        told.append(t("year-defaulted", year=found.year, reason=found.why.value, command=command))
    return PeriodArg(found.year, period.interim)
