"""Runs before every other handler: private chats only, who is writing, and strangers stop here."""

from __future__ import annotations

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot import callbacks, choosers
from bot.answers import answer
from bot.context import BotData, Context, Role
from l10n import t
from storage.departments import drop_pending_rename
from storage.drafts import deactivate
from storage.members import user_departments
from storage.reviews import drop_pending_comment
from storage.roles import user_roles


async def resolve_role(context: Context, user_id: int) -> Role:
    return await resolve_role_of(context.bot_data, user_id)


async def resolve_role_of(data: BotData, user_id: int) -> Role:
    # Memberships and roles change only through this process (invites, removals, role links, revocations),
    # which forgets the cached entry, so every update still sees the current rights without a query each time.
    role = data.roles.get(user_id)
    if role is None:
        assert data.db is not None
        async with data.db.locked() as conn:
            departments = tuple(await user_departments(conn, user_id))
            held = await user_roles(conn, user_id)
        role = Role(
            user_id,
            # The settings' administrators are recorded at the start; named there, one is one regardless.
            held.administrator or data.settings.is_administrator(user_id),
            departments,
            held.programs,
            held.observer,
        )
        data.roles[user_id] = role
    return role


def forget_role(bot_data: BotData, user_id: int) -> None:
    bot_data.roles.pop(user_id, None)


def is_command(message: Message | None) -> bool:
    """A command as Telegram marks it (as PTB's CommandHandler and filters.COMMAND read it): a text that
    merely starts with "/" («/ 5», «/тест», a path) is an answer like any other."""
    entities = message.entities if message is not None else ()
    return bool(entities) and entities[0].type == MessageEntity.BOT_COMMAND and entities[0].offset == 0


async def gate(update: Update, context: Context) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != ChatType.PRIVATE or user.is_bot:
        raise ApplicationHandlerStop  # groups, channels and other bots get nothing
    context.role = await resolve_role(context, user.id)
    message = update.message
    text = message.text if message and message.text else ""
    if context.role.stranger:
        if text.startswith("/start ") and len(text.split()) == 2:
            return  # an invite link: the start handler redeems it
        if update.callback_query:
            await answer(update.callback_query, t("forbidden-button"))
        elif update.effective_message:
            await update.effective_message.reply_text(t("stranger", user_id=user.id))
        raise ApplicationHandlerStop
    if is_command(message) or (
        update.callback_query is not None
        and callbacks.kind_of(update.callback_query.data) is not callbacks.ChooserView
    ):
        # A command, or any button but a chooser's own, ends the chooser waiting for letters (a pick too).
        choosers.end(context.user_data)
    if is_command(message) and not text.startswith("/help"):
        # Another command ends the conversation in progress; the draft is kept for later.
        async with context.db.transaction() as conn:
            context.left_draft = await deactivate(conn, user.id)
            if context.role.coordinator:  # a return's comment or a new name not typed yet is dropped too
                await drop_pending_comment(conn, user.id)
                await drop_pending_rename(conn, user.id)
