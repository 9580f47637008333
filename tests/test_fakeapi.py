"""The fake Bot API against a real, bare python-telegram-bot Application (no Zvitbot code involved).

These tests pin down that PTB, talking HTTP to the fake, behaves as it would with Telegram: updates
arrive through long polling, replies/edits/uploads/downloads round-trip, and Telegram's error answers
become PTB's exceptions (RetryAfter, Forbidden, BadRequest, InvalidToken, NetworkError).
"""

from __future__ import annotations

import asyncio
import hashlib
import signal
import sys
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from tests.fakeapi import BOT_USERNAME, FakeBotApi, MarkupError, render
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401 - registers the fake_api fixture
from tests.fakeapi.markup import parse_html
from tests.fakeapi.ptb import application_builder, running

# PTB itself reads the deprecated int-valued RetryAfter.retry_after when building the exception.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Deprecated since version v22.2.*retry_after:telegram.warnings.PTBDeprecationWarning"
)

REPORT_BYTES = b"PK\x03\x04 not really a workbook, but bytes are bytes \x00\xff"
UPDATES_KEY = "updates"


# ------------------------------------------------------------------------------------------ the bot


async def _record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    queue: asyncio.Queue[Update] = context.application.bot_data[UPDATES_KEY]
    assert isinstance(update, Update)
    queue.put_nowait(update)


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    args = " ".join(context.args or [])
    await update.effective_message.reply_text(f"Вітаю! Я звітбот. {args}".strip())


async def _menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Так", callback_data="yes"), InlineKeyboardButton("Ні", callback_data="no")]]
    )
    await update.effective_message.reply_text("Подати звіт?", reply_markup=keyboard)


async def _keyboard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    markup = ReplyKeyboardMarkup([["Програма 1", "Програма 2"]], one_time_keyboard=True)
    await update.effective_message.reply_text("Оберіть програму", reply_markup=markup)


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(f"Прийнято: {query.data}")
    await query.edit_message_text(f"<b>Обрано</b>: {query.data}", parse_mode=ParseMode.HTML)


async def _send_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_document(REPORT_BYTES, filename="звіт.xlsx", caption="Зведений звіт")


async def _receive_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    telegram_file = await message.document.get_file()
    data = bytes(await telegram_file.download_as_bytearray())
    digest = hashlib.sha256(data).hexdigest()[:12]
    await message.reply_text(f"Отримано {message.document.file_name}: {len(data)} байт, sha {digest}")


async def _media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    kind = "фото" if message.photo else "стікер" if message.sticker else "голосове"
    await message.reply_text(f"Це {kind}")


async def _edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.edited_message is not None
    await update.edited_message.reply_text(f"Виправлено: {update.edited_message.text}")


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_text(update.effective_message.text)


def build_echo_app(fake: FakeBotApi, *, rate_limiter: AIORateLimiter | None = None) -> Application:
    builder = application_builder(fake)
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    app = builder.build()
    app.bot_data[UPDATES_KEY] = asyncio.Queue()
    private = filters.ChatType.PRIVATE
    app.add_handler(TypeHandler(Update, _record), group=-1)
    app.add_handler(CommandHandler("start", _start, filters=private))
    app.add_handler(CommandHandler("menu", _menu, filters=private))
    app.add_handler(CommandHandler("keyboard", _keyboard, filters=private))
    app.add_handler(CommandHandler("report", _send_report, filters=private))
    app.add_handler(CallbackQueryHandler(_button))
    app.add_handler(MessageHandler(private & filters.Document.ALL, _receive_document))
    app.add_handler(MessageHandler(private & (filters.PHOTO | filters.Sticker.ALL | filters.VOICE), _media))
    app.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE & filters.TEXT, _edited))
    app.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, _echo)
    )
    return app


@pytest_asyncio.fixture
async def echo_bot(fake_api: FakeBotApi) -> AsyncIterator[Application]:
    async with running(build_echo_app(fake_api)) as app:
        yield app


def updates_of(app: Application) -> asyncio.Queue[Update]:
    return app.bot_data[UPDATES_KEY]


# ---------------------------------------------------------------------------------------- the tests


async def test_text_is_echoed_and_the_wire_format_is_telegrams(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    olena = fake_api.user(id=1001, first_name="Олена")
    sent = await olena.send("Привіт, 42")
    reply = await olena.expect("Привіт, 42")
    assert reply.kind == "message"
    assert reply.message_id == sent["message_id"] + 1  # one id sequence per chat, shared with the user
    assert reply.payload["from"]["username"] == BOT_USERNAME
    assert fake_api.sent_to(1001) == 1
    # PTB posts urlencoded forms; the fake must not JSON-decode a numeric-looking text into an int.
    call = await fake_api.wait_for_call("sendMessage")
    assert call.params["text"] == "Привіт, 42"
    assert call.params["chat_id"] == 1001
    # Bootstrap happened as in production: getMe on initialize, deleteWebhook before polling.
    methods = [c.method for c in fake_api.calls]
    assert methods.index("getMe") < methods.index("deleteWebhook") < methods.index("getUpdates")


async def test_commands_with_and_without_bot_name(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    user = fake_api.user(id=1002, first_name="Іван", username="ivan")
    await user.send("/start")
    await user.expect("Вітаю! Я звітбот.")
    await user.send(f"/start@{BOT_USERNAME} deep-link")
    assert (await user.next_message()).text == "Вітаю! Я звітбот. deep-link"
    # Not a command for Telegram (Cyrillic), so it reaches the echo handler.
    await user.send("/звіт")
    await user.expect("/звіт")


async def test_press_button_answers_query_and_edits_message(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    user = fake_api.user(id=1003, first_name="Марія")
    await user.send("/menu")
    menu = await user.expect("Подати звіт?")
    assert menu.buttons == [[("Так", "yes"), ("Ні", "no")]]
    assert user.last_keyboard_labels() == ["Так", "Ні"]

    query_id = await user.press("Так")
    edit = await user.next_message()
    assert (edit.kind, edit.message_id, edit.text) == ("edit", menu.message_id, "Обрано: yes")
    assert edit.raw == "<b>Обрано</b>: yes" and edit.parse_mode == "HTML"
    # editMessageText without reply_markup drops the keyboard, as on Telegram.
    assert edit.buttons == [] and user.last_keyboard_labels() == []
    answer = await fake_api.wait_answered(query_id)
    assert answer["text"] == "Прийнято: yes"
    assert fake_api.unanswered_callbacks == []

    with pytest.raises(AssertionError, match="no bot message with an inline keyboard"):
        await user.press("Так")
    # Forged data on the (now keyboard-less) message still reaches the bot.
    await user.press_data("forged:999", message=menu)
    assert (await user.next_message()).text == "Обрано: forged:999"


async def test_press_reports_available_labels(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    user = fake_api.user(id=1004, first_name="Петро")
    await user.send("/menu")
    await user.expect("Подати звіт?")
    with pytest.raises(AssertionError, match=r"no button 'Може' .*\['Так', 'Ні'\]"):
        await user.press("Може")


async def test_reply_keyboard_tap(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    user = fake_api.user(id=1005, first_name="Оксана")
    await user.send("/keyboard")
    shown = await user.expect("Оберіть програму")
    assert shown.reply_keyboard == [["Програма 1", "Програма 2"]]
    await user.tap("Програма 2")
    await user.expect("Програма 2")
    # one_time_keyboard: hidden after use.
    assert fake_api.reply_keyboard(1005) is None


async def test_bot_sends_document_user_downloads_it(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    user = fake_api.user(id=1006, first_name="Андрій")
    await user.send("/report")
    message = await user.expect("Зведений звіт")
    assert message.document is not None
    filename, data = message.document
    assert (filename, data) == ("звіт.xlsx", REPORT_BYTES)
    assert await user.download(message) == REPORT_BYTES


async def test_user_uploaded_document_is_fetched_by_bot(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    user = fake_api.user(id=1007, first_name="Ірина")
    payload = "програма;сума\nДороги;1 234,50\n".encode()
    await user.send_document("дані.csv", payload, caption="Мій звіт")
    digest = hashlib.sha256(payload).hexdigest()[:12]
    await user.expect(f"Отримано дані.csv: {len(payload)} байт, sha {digest}")
    assert [c.method for c in fake_api.calls if c.method == "getFile"] == ["getFile"]


async def test_media_and_edited_messages_reach_the_bot(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    user = fake_api.user(id=1008, first_name="Тарас")
    await user.send_photo()
    await user.expect("Це фото")
    await user.send_sticker()
    await user.expect("Це стікер")
    await user.send_voice()
    await user.expect("Це голосове")
    original = await user.send("сума 100")
    await user.expect("сума 100")
    await user.edit_message(original["message_id"], "сума 1000")
    await user.expect("Виправлено: сума 1000")


async def test_group_message_arrives_as_group_update_and_is_ignored(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    user = fake_api.user(id=1009, first_name="Галина")
    await user.send_in_group("/start", chat_id=-100123)
    update = await asyncio.wait_for(updates_of(echo_bot).get(), 5)
    assert update.effective_chat is not None
    assert (update.effective_chat.id, update.effective_chat.type) == (-100123, "supergroup")
    assert update.effective_user is not None and update.effective_user.id == 1009
    await fake_api.reader(-100123).no_message(within=0.2)
    await user.no_message(within=0.05)


async def test_idle_long_poll_does_not_spin(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    user = fake_api.user(id=1010, first_name="Олег")
    before = len(fake_api.calls_to("getUpdates"))
    await user.no_message(within=0.3)
    assert len(fake_api.calls_to("getUpdates")) - before <= 1
    await user.send("ще тут?")
    await user.expect("ще тут?")


async def test_retry_after_is_raised_by_plain_bot(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    fake_api.user(id=1011, first_name="Зоя")
    fake_api.fail_next("sendMessage", 429, retry_after=1)
    with pytest.raises(RetryAfter) as caught:
        await echo_bot.bot.send_message(1011, "перша")
    assert caught.value._retry_after.total_seconds() == 1
    assert (await echo_bot.bot.send_message(1011, "друга")).text == "друга"
    assert fake_api.sent_to(1011) == 1


async def test_retry_after_is_retried_by_aio_rate_limiter(fake_api: FakeBotApi) -> None:
    user = fake_api.user(id=1012, first_name="Віра")
    app = build_echo_app(fake_api, rate_limiter=AIORateLimiter(max_retries=1))
    async with running(app):
        fake_api.fail_next("sendMessage", 429, retry_after=1)
        await user.send("повторити")
        await user.expect("повторити", timeout=5)
    statuses = [c.status for c in fake_api.calls_to("sendMessage")]
    assert statuses == [429, 200]


async def test_polling_recovers_from_getupdates_5xx(fake_api: FakeBotApi) -> None:
    user = fake_api.user(id=1013, first_name="Роман")
    # nginx answers a 502 with HTML, Telegram itself a 500 with JSON; PTB must survive both.
    fake_api.fail_next("getUpdates", 502, body="<html><body>502 Bad Gateway</body></html>")
    fake_api.fail_next("getUpdates", 500)
    async with running(build_echo_app(fake_api)):
        await user.send("після збою")
        await user.expect("після збою", timeout=5)
    statuses = [c.status for c in fake_api.calls_to("getUpdates")]
    assert statuses[:3] == [502, 500, 200]


async def test_wrong_token_is_invalid_token(fake_api: FakeBotApi) -> None:
    for token in ("654321:WRONG-token-not-real-abcdefghijklmnop", "not-a-token"):
        bot = Bot(token, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)
        with pytest.raises(InvalidToken):
            await bot.get_me()
        await bot.shutdown()
    assert fake_api.calls == []  # refused before reaching any method


async def test_blocked_user_and_flood_limit(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    fake_api.user(id=1014, first_name="Лев")
    fake_api.user(id=1015, first_name="Ліна")
    fake_api.block(1014)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await echo_bot.bot.send_message(1014, "нагадування")
    fake_api.unblock(1014)
    fake_api.rate_limit(per_second=2)
    await echo_bot.bot.send_message(1014, "1")
    await echo_bot.bot.send_message(1015, "2")
    with pytest.raises(RetryAfter):
        await echo_bot.bot.send_message(1014, "3")
    assert (fake_api.sent_to(1014), fake_api.sent_to(1015)) == (1, 1)


async def test_a_group_that_became_a_supergroup_and_a_group_the_bot_was_kicked_from(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    fake_api.group_chat(-42, "Чергові")
    fake_api.migrate_to_supergroup(-42, -10042)
    with pytest.raises(ChatMigrated) as migrated:
        await echo_bot.bot.send_message(-42, "сповіщення")
    assert migrated.value.new_chat_id == -10042
    await echo_bot.bot.send_message(-10042, "сповіщення")
    fake_api.kick(-10042)
    with pytest.raises(Forbidden, match=r"(?i)bot was kicked from the group chat"):
        await echo_bot.bot.send_message(-10042, "сповіщення")
    assert fake_api.sent_to(-10042) == 1


async def test_telegram_validation_errors(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    user = fake_api.user(id=1016, first_name="Денис")
    bot = echo_bot.bot
    # PTB strips "Bad Request: " and capitalizes the rest of Telegram's description, hence (?i).
    with pytest.raises(BadRequest, match=r'unsupported start tag "" at byte offset 9'):
        await bot.send_message(1016, "сума < 5", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r'expected "</i>", found "</b>"'):
        await bot.send_message(1016, "<b><i>Звіт</b></i>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="ї" * 33)]])
        await bot.send_message(1016, "клавіатура", reply_markup=too_long)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(1016, "я" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(424242, "нікому")
    shown = await bot.send_message(1016, "<b>Звіт</b> &amp; дані", parse_mode=ParseMode.HTML)
    assert shown.text == "Звіт & дані"
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<b>Звіт</b> &amp; дані", 1016, shown.message_id, parse_mode=ParseMode.HTML
        )
    assert (await user.next_message()).text == "Звіт & дані"
    await user.no_message(within=0.05)


async def test_commands_are_stored_per_scope(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    bot = echo_bot.bot
    await bot.set_my_commands([BotCommand("start", "Почати"), BotCommand("report", "Звіт")])
    await bot.set_my_commands([BotCommand("admin", "Адмінка")], scope=BotCommandScopeChat(1017))
    assert [c.command for c in await bot.get_my_commands()] == ["start", "report"]
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(1017))] == ["admin"]
    assert fake_api.commands(1017) == [{"command": "admin", "description": "Адмінка"}]
    await bot.delete_my_commands(scope=BotCommandScopeChat(1017))
    assert fake_api.commands(1017) == []
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Звіт", "кирилиця не можна")])


async def test_seeded_random_failures_repeat(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    fake_api.user(id=1018, first_name="Яна")

    async def outcomes() -> list[bool]:
        fake_api.fail_rate(share=0.5, statuses=(500,), seed=7, methods=["sendMessage"])
        results = []
        for i in range(12):
            try:
                await echo_bot.bot.send_message(1018, f"#{i}")
                results.append(True)
            except Exception:
                results.append(False)
        fake_api.fail_rate(0)
        return results

    first, second = await outcomes(), await outcomes()
    assert first == second and True in first and False in first


_SUBPROCESS_BOT = """
import sys
from telegram.ext import Application, MessageHandler, filters

url, token = sys.argv[1], sys.argv[2]

async def echo(update, context):
    await update.message.reply_text("subprocess: " + update.message.text)

app = Application.builder().token(token).base_url(url + "/bot").base_file_url(url + "/file/bot").build()
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling(poll_interval=0.01)
"""


async def test_bot_in_a_subprocess(fake_api: FakeBotApi) -> None:
    user = fake_api.user(id=1019, first_name="Максим")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _SUBPROCESS_BOT,
        fake_api.url,
        fake_api.token,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await user.send("ping")
        await user.expect("subprocess: ping", timeout=15)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)  # run_polling stops gracefully on SIGTERM
            try:
                _, stderr = await asyncio.wait_for(process.communicate(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
                raise
            assert process.returncode == 0, stderr.decode(errors="replace")


async def test_slow_answers_time_out_with_and_without_delivery(
    fake_api: FakeBotApi,
    echo_bot: Application,
) -> None:
    user = fake_api.user(id=1020, first_name="Ніна")
    fake_api.delay("sendMessage", 0.3, deliver_first=True)
    with pytest.raises(TimedOut):
        await echo_bot.bot.send_message(1020, "можливо дійшло", read_timeout=0.05)
    await user.expect("можливо дійшло")
    fake_api.delay("sendMessage", 0.3)
    with pytest.raises(TimedOut):
        await echo_bot.bot.send_message(1020, "не дійшло", read_timeout=0.05)
    # The client hung up before the fake acted, and the fake cancels handlers of vanished clients.
    await user.no_message(within=0.4)


async def test_unknown_method_and_fault_typos(fake_api: FakeBotApi, echo_bot: Application) -> None:
    with pytest.raises(EndPointNotFound):
        await echo_bot.bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})
    with pytest.raises(ValueError, match="does not implement"):
        fake_api.fail_next("sendMesage")


async def test_raw_http_protocol(fake_api: FakeBotApi) -> None:
    """JSON, urlencoded and query-string requests, and the exact error bodies Telegram sends."""
    fake_api.user(id=1021, first_name="Остап")
    api = f"{fake_api.base_url}{fake_api.token}"
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{api}/sendMessage", json={"chat_id": 1021, "text": "json"}) as response:
            assert response.status == 200
            assert (await response.json())["result"]["text"] == "json"
        async with http.post(f"{api}/sendMessage", data={"chat_id": "1021", "text": "42"}) as response:
            assert (await response.json())["result"]["text"] == "42"
        async with http.get(f"{api}/SENDMESSAGE", params={"chat_id": "1021", "text": "query"}) as response:
            assert (await response.json())["result"]["text"] == "query"
        async with http.post(f"{api}/getChatt") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        async with http.post(f"{fake_api.base_url}111:other-token/getMe") as response:
            assert response.status == 401
            assert await response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        fake_api.fail_next("sendMessage", 429, retry_after=3)
        async with http.post(f"{api}/sendMessage", json={"chat_id": 1021, "text": "x"}) as response:
            assert response.status == 429
            assert await response.json() == {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 3",
                "parameters": {"retry_after": 3},
            }
        fake_api.block(1021)
        async with http.post(f"{api}/sendMessage", json={"chat_id": 1021, "text": "x"}) as response:
            assert (response.status, (await response.json())["description"]) == (
                403,
                "Forbidden: bot was blocked by the user",
            )
    assert [m.text for m in fake_api.messages_to(1021)] == ["json", "42", "query"]


async def test_get_updates_offset_limit_long_poll_and_conflict(fake_api: FakeBotApi) -> None:
    user = fake_api.user(id=1022, first_name="Софія")
    api = f"{fake_api.base_url}{fake_api.token}"
    async with aiohttp.ClientSession() as http:

        async def get_updates(**params: int) -> tuple[int, dict]:
            async with http.post(f"{api}/getUpdates", json=params) as response:
                return response.status, await response.json()

        def polls() -> int:
            return len(fake_api.calls_to("getUpdates"))

        for text in ("1", "2", "3"):
            await user.send(text)
        _, body = await get_updates(limit=2)
        assert [u["message"]["text"] for u in body["result"]] == ["1", "2"]
        offset = body["result"][-1]["update_id"] + 1
        _, body = await get_updates(offset=offset)
        assert [u["message"]["text"] for u in body["result"]] == ["3"]
        offset = body["result"][-1]["update_id"] + 1

        # A long poll waits for the next update instead of returning empty or spinning.
        before = polls()
        poll = asyncio.create_task(get_updates(offset=offset, timeout=30))
        assert await fake_api.wait_until(lambda: polls() == before + 1, 5)
        await user.no_message(within=0.05)
        assert not poll.done()
        await user.send("4")
        _, body = await asyncio.wait_for(poll, 5)
        assert [u["message"]["text"] for u in body["result"]] == ["4"]
        offset = body["result"][-1]["update_id"] + 1

        # A second poller terminates the first one, like two bot instances on one token.
        before = polls()
        first = asyncio.create_task(get_updates(offset=offset, timeout=30))
        assert await fake_api.wait_until(lambda: polls() == before + 1, 5)
        assert await get_updates(offset=offset) == (200, {"ok": True, "result": []})
        status, body = await asyncio.wait_for(first, 5)
        assert status == 409 and "terminated by other getUpdates request" in body["description"]

        # A negative offset keeps only the newest updates.
        await user.send("5")
        await user.send("6")
        _, body = await get_updates(offset=-1)
        assert [u["message"]["text"] for u in body["result"]] == ["6"]


# ------------------------------------------------------------ what Telegram refuses, in its words
#
# The parser follows tdlib's parse_html and the rules follow telegram-bot-api's Client.cpp and tdlib's
# fix_formatted_text (see tests/fakeapi/validation.py); the error texts are theirs, after the Bot API's
# "Bad Request: " prefix and its lowercasing of the first letter.


@pytest.mark.parametrize(
    ("html", "visible"),
    [
        ("<b>Звіт</b> <strong>за</strong> <i>2023</i> <em>рік</em>", "Звіт за 2023 рік"),
        ("<u>u</u><ins>ins</ins> <s>s</s><strike>strike</strike><del>del</del>", "uins sstrikedel"),
        ('<span class="tg-spoiler">x</span> <tg-spoiler>y</tg-spoiler>', "x y"),
        ('<a href="https://rada.gov.ua/?a=1&amp;b=2">рада</a>', "рада"),
        ("<code>a &lt; b</code> <pre>блок</pre>", "a < b блок"),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
        ("<blockquote>цитата</blockquote>", "цитата"),
        ("<blockquote expandable>довга\nцитата</blockquote>", "довга\nцитата"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        # Entities: the four named ones and numeric ones, with or without the ";"; others stay text.
        ("&lt;2025&gt; &amp; &quot;так&quot; &#1028;&#x404; &amp", '<2025> & "так" ЄЄ &'),
        ("&nbsp; &copy; Tom & Jerry > 5 &#0; &#X41;", "&nbsp; &copy; Tom & Jerry > 5 &#0; &#X41;"),
        # Tag names are case-insensitive, and "</>" closes whatever is open, as in tdlib.
        ("<B>x</b> <I>y</>", "x y"),
        ("<a href='https://x.ua' title=link>x</a> <b hidden>y</b>", "x y"),
    ],
)
def test_telegram_html_is_accepted(html: str, visible: str) -> None:
    assert render(html) == visible


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("рядок<br>рядок", 'Unsupported start tag "br" at byte offset 10'),
        ("<p>абзац</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("сума < 5", 'Unsupported start tag "" at byte offset 9'),
        ("<3</a>", 'Unsupported start tag "3</a" at byte offset 0'),
        ("<i>курсив", 'Can\'t find end tag corresponding to start tag "i"'),
        ("<b>x<i>y</i>", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<tg-emoji>👍</tg-emoji>", "Invalid custom emoji identifier specified"),
        ("<a href=https://x.ua>x</a>", "Unexpected end of name token at byte offset 8"),
        ("<b =x>y</b>", 'Empty attribute name in the tag "b" at byte offset 0'),
        ("<b class", 'Unclosed start tag "b" at byte offset 0'),
        ("<b class=", 'Unclosed start tag "b" at byte offset 0'),
        ('<b class="x', "Unclosed start tag at byte offset 0"),
        (
            "&#55357;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
    ],
)
def test_telegram_html_is_refused(html: str, error: str) -> None:
    with pytest.raises(MarkupError) as caught:
        render(html)
    assert str(caught.value) == error


def test_entities_are_telegrams() -> None:
    parsed = parse_html(
        "<blockquote expandable>a</blockquote><blockquote>b</blockquote><strong>c</strong>"
        '<pre><code class="language-python">d</code></pre><code class="language-x">e</code>'
        "<a>https://x.ua</a>"
    )
    assert parsed.text == "abcdehttps://x.ua"
    assert parsed.entities == (
        ("expandable_blockquote", 0, 1, ""),
        ("blockquote", 1, 2, ""),
        ("bold", 2, 3, ""),
        ("pre", 3, 4, "python"),
        ("code", 4, 5, ""),
        ("text_link", 5, 17, "https://x.ua"),
    )


async def _api(fake: FakeBotApi, method: str, **params: object) -> dict:
    """One raw Bot API call, to see Telegram's exact error description (PTB rewrites it)."""
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{fake.base_url}{fake.token}/{method}", json=params) as response,
    ):
        return await response.json()


def _refusal(answer: dict) -> str | None:
    return None if answer["ok"] else answer["description"]


def _one_button(text: str, data: str) -> dict:
    return {"inline_keyboard": [[{"text": text, "callback_data": data}]]}


# 4,051 plain letters, three tag pairs and seven "&amp;": 4,107 characters of HTML, 4,058 visible.
LONG_HTML = f"<b>{'я' * 1000}</b><i>{'я' * 1000}</i><u>{'я' * 2000}</u>{'я' * 51}{'&amp;' * 7}"


@pytest.mark.parametrize(
    ("params", "refusal", "visible"),
    [
        # Length counts the visible text, after the HTML is parsed, not the HTML string.
        ({"text": LONG_HTML, "parse_mode": "HTML"}, None, 4058),
        ({"text": f"<b>{'я' * 4096}</b>", "parse_mode": "HTML"}, None, 4096),
        ({"text": f"<b>{'я' * 4097}</b>", "parse_mode": "HTML"}, "Bad Request: message is too long", None),
        ({"text": "я" * 4097}, "Bad Request: message is too long", None),
        ({"text": f"{'&lt;' * 4096}", "parse_mode": "HTML"}, None, 4096),
        ({"text": f"{'&lt;' * 4097}", "parse_mode": "HTML"}, "Bad Request: message is too long", None),
        # ... in characters, as tdlib counts for bots: an emoji is one, though two UTF-16 code units.
        ({"text": "👍" * 4096}, None, 4096),
        ({"text": "👍" * 4097}, "Bad Request: message is too long", None),
        # ... after Telegram trims trailing spaces and newlines (and leading ones before any entity).
        ({"text": "я" * 4096 + "\n \n"}, None, 4096),
        ({"text": "\n  я", "parse_mode": "HTML"}, None, 1),
        # The HTML string itself may not exceed 32 KiB, whatever it shows.
        ({"text": "<b></b>" * 4682 + "x", "parse_mode": "HTML"}, "Bad Request: text is too long", None),
        ({"text": ""}, "Bad Request: message text is empty", None),
        ({"text": "<b> </b>\n", "parse_mode": "HTML"}, "Bad Request: text must be non-empty", None),
        ({"text": "x", "parse_mode": "Textile"}, "Bad Request: unsupported parse_mode", None),
        (
            {"text": "<i>курсив", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"i\"",
            None,
        ),
        (
            {"text": "<b><i>x</b></i>", "parse_mode": "html"},
            'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 7, expected "</i>", '
            'found "</b>"',
            None,
        ),
        ({"text": "<blockquote expandable>деталі</blockquote>", "parse_mode": "HTML"}, None, 6),
        # Callback data: at most 64 bytes of UTF-8 (32 Cyrillic letters), and an empty one is no action.
        ({"text": "x", "reply_markup": _one_button("Так", "ї" * 32)}, None, 1),
        (
            {"text": "x", "reply_markup": _one_button("Так", "ї" * 32 + "x")},
            "Bad Request: BUTTON_DATA_INVALID",
            None,
        ),
        (
            {"text": "x", "reply_markup": _one_button("Так", "")},
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
            None,
        ),
        # An inline button needs a label.
        ({"text": "x", "reply_markup": _one_button(" ", "yes")}, None, 1),
        (
            {"text": "x", "reply_markup": _one_button("", "yes")},
            "Bad Request: inline keyboard button text must be non-empty",
            None,
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"callback_data": "yes"}]]}},
            "Bad Request: can't parse inline keyboard button: Can't find field \"text\"",
            None,
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [{"text": "Так", "callback_data": "yes"}]}},
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
            None,
        ),
        # Reply markup as the Bot API reads it: JSON, an object, and without a keyboard no markup at all.
        (
            {"text": "x", "reply_markup": "{"},
            "Bad Request: can't parse reply keyboard markup JSON object",
            None,
        ),
        ({"text": "x", "reply_markup": [1]}, "Bad Request: object expected as reply markup", None),
        ({"text": "x", "reply_markup": {}}, None, 1),
        (
            {"text": "x", "reply_markup": {"keyboard": [["Так", {"request_contact": True}]]}},
            "Bad Request: can't parse keyboard button: Can't find field \"text\"",
            None,
        ),
        (
            {"text": "x", "reply_markup": {"keyboard": [[""]]}},
            "Bad Request: keyboard button text must be non-empty",
            None,
        ),
    ],
)
async def test_send_message_rules(
    fake_api: FakeBotApi, params: dict, refusal: str | None, visible: int | None
) -> None:
    fake_api.user(id=1030, first_name="Ліда")
    answer = await _api(fake_api, "sendMessage", chat_id=1030, **params)
    assert _refusal(answer) == refusal
    if visible is not None:
        assert len(answer["result"]["text"]) == visible
    assert fake_api.sent_to(1030) == (0 if refusal else 1)


def test_the_long_html_is_what_the_rule_says() -> None:
    assert (len(LONG_HTML), len(render(LONG_HTML))) == (4107, 4058)


async def test_caption_rules(fake_api: FakeBotApi) -> None:
    fake_api.user(id=1031, first_name="Марко")
    async with Bot(fake_api.token, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url) as bot:
        sent = await bot.send_document(
            1031, b"data", filename="a.xlsx", caption=f"<b>{'я' * 1024}</b>", parse_mode=ParseMode.HTML
        )
        assert sent.caption is not None and len(sent.caption) == 1024
        with pytest.raises(BadRequest, match=r"(?i)^message caption is too long$"):
            await bot.send_document(1031, b"data", filename="b.xlsx", caption="я" * 1025)
        # An empty caption is no caption, not an error.
        assert (await bot.send_document(1031, b"data", filename="c.xlsx", caption=" \n")).caption is None
    assert fake_api.sent_to(1031) == 2


async def test_edit_is_not_modified_when_telegram_sees_the_same_entities(fake_api: FakeBotApi) -> None:
    fake_api.user(id=1032, first_name="Ада")
    sent = await _api(fake_api, "sendMessage", chat_id=1032, text="<b>Звіт</b> ", parse_mode="HTML")
    message = {"chat_id": 1032, "message_id": sent["result"]["message_id"], "parse_mode": "HTML"}
    # <strong> is <b> to Telegram, and the trailing space was trimmed: the same message.
    same = await _api(fake_api, "editMessageText", text="<strong>Звіт</strong>", **message)
    assert _refusal(same) is not None and "message is not modified" in _refusal(same)
    changed = await _api(fake_api, "editMessageText", text="<i>Звіт</i>", **message)
    assert _refusal(changed) is None and changed["result"]["text"] == "Звіт"
    too_long = await _api(fake_api, "editMessageText", text="я" * 4097, **message)
    assert _refusal(too_long) == "Bad Request: message is too long"
    reply_keyboard = {"keyboard": [["Так"]]}
    refused = await _api(fake_api, "editMessageText", text="x", reply_markup=reply_keyboard, **message)
    assert _refusal(refused) == "Bad Request: inline keyboard expected"


async def test_callback_answer_is_at_most_200_characters(fake_api: FakeBotApi) -> None:
    fake_api.user(id=1034, first_name="Ніка")
    sent = await _api(fake_api, "sendMessage", chat_id=1034, text="x", reply_markup=_one_button("Так", "y"))
    user = {"id": 1034, "is_bot": False, "first_name": "Ніка"}
    first = fake_api.new_callback_query(user, 1034, sent["result"]["message_id"], "y")
    second = fake_api.new_callback_query(user, 1034, sent["result"]["message_id"], "y")
    answer = await _api(fake_api, "answerCallbackQuery", callback_query_id=first, text="я" * 201)
    assert _refusal(answer) == "Bad Request: MESSAGE_TOO_LONG"
    assert (
        _refusal(await _api(fake_api, "answerCallbackQuery", callback_query_id=second, text="я" * 200))
        is None
    )


async def test_markdown_is_a_gap_of_the_fake_not_a_pass(fake_api: FakeBotApi) -> None:
    fake_api.user(id=1033, first_name="Яр")
    answer = await _api(fake_api, "sendMessage", chat_id=1033, text="*x*", parse_mode="MarkdownV2")
    assert answer["error_code"] == 500 and "parses only parse_mode HTML" in answer["description"]
    assert len(fake_api.server_errors) == 1
    fake_api.server_errors.clear()  # the fixture would fail this test for it, as it should any other
