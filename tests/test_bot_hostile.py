"""Random sequences of hostile user actions against the real conversation (hypothesis).

Invariants: no exception reaches the error handler, every action gets an answer, nothing invalid is
stored, and what was stored before is never changed (revisions are append-only).
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import build_application
from storage.db import connect
from storage.submissions import program_submissions
from tests.botkit import World, prepare_database, running, settings_for
from tests.fakeapi import FakeBotApi

NASTY = [
    "\u200f",
    "\u202e",
    "\u200b",
    "\ufeff",
    "<b>",
    "</i>",
    "&amp;",
    "&",
    "<",
    ">",
    "*_[`",
    "🇺🇦",
    "👩‍👩‍👧",
    "\u0301",
    "\x00",
    "'; DROP TABLE submissions; --",
    "=SUM(A1)",
    "1,5",
    "-0",
    "1e3",
    " 1 234,5 ",
]
COMMANDS = [
    "/start",
    "/help",
    "/cancel",
    "/report 2023",
    "/status",
    "/invite",
    "/history 4.1",
    "/edit 4.4",
    "/lock 2023",
    "/mute",
    "/nonsense",
    "/start garbage",
    "/start",
]
FORGED = [
    "open:1:1:2023",
    "open:99999:5:2023",
    "q:35:5:actual:zero",
    "q:35:5:review:confirm",
    "page:5:999",
    "page:1:0",
    "inv:5",
    "rmm:5:1001",
    "imp:apply:AAAAAAAAAAAA",
    "prog:1",
    "rem:1:2023:5",
    "x" * 64,
    "",
]

texts = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=6).map("".join),
    st.sampled_from(["0", "12,5", "100", "як у плані", "Готово"]),
    st.integers(min_value=100, max_value=10_000).map(lambda n: "я" * n),
)
actions = st.lists(
    st.one_of(
        st.tuples(st.just("text"), texts),
        st.tuples(st.just("press"), st.integers(min_value=0, max_value=20)),
        st.tuples(st.just("forged"), st.sampled_from(FORGED) | st.text(max_size=64)),
        st.tuples(st.just("command"), st.sampled_from(COMMANDS)),
        st.tuples(st.just("media"), st.sampled_from(["photo", "sticker", "voice", "document", "edit"])),
    ),
    min_size=1,
    max_size=14,
)

_TEMPLATE: dict[str, Path] = {}


def _template(tmp: Path) -> Path:
    if "db" not in _TEMPLATE:
        path = tmp / "template.sqlite3"
        asyncio.run(prepare_database(path))
        _TEMPLATE["db"] = path
    return _TEMPLATE["db"]


def _rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT * FROM submissions ORDER BY id").fetchall()


async def _scenario(db_path: Path, steps: list[tuple[str, object]]) -> None:
    async with FakeBotApi() as fake:
        settings = settings_for(fake, db_path)
        app = build_application(settings)
        errors: list[BaseException] = []

        async def record(update: object, context: object) -> None:
            errors.append(context.error)  # type: ignore[attr-defined]

        app.add_error_handler(record)
        async with running(app):
            world = World(fake, db_path, settings, app)
            user = await world.member(1001, "Олена", "uk")
            await user.send("/start")
            await user.next_message()
            before = _rows(db_path)
            for kind, value in steps:
                answered_before = len(fake.answered_callbacks)
                sent_before = len(user.history)
                if kind == "text":
                    await user.send(str(value))
                elif kind == "command":
                    await user.send(str(value))
                elif kind == "media":
                    if value == "photo":
                        await user.send_photo()
                    elif value == "sticker":
                        await user.send_sticker()
                    elif value == "voice":
                        await user.send_voice()
                    elif value == "document":
                        await user.send_document("x.txt", b"\x00\x01")
                    else:
                        sent = await user.send("1")
                        await user.next_message()
                        await user.edit_message(sent["message_id"], "2")
                        sent_before = len(user.history)
                elif kind == "press":
                    keyboard = fake.latest_with_inline_keyboard(user.id)
                    buttons = [
                        data for row in (keyboard.buttons if keyboard else []) for _, data in row if data
                    ]
                    if not buttons:
                        continue
                    await user.press_data(buttons[int(value) % len(buttons)], message=keyboard)  # type: ignore[arg-type]
                else:
                    await user.press_data(str(value), message=user.history[-1] if user.history else None)
                # The bot always answers: a message, or an answer to the button.
                got = await fake.wait_until(
                    lambda s=sent_before, a=answered_before: (
                        len(user.history) > s or len(fake.answered_callbacks) > a or bool(errors)
                    ),
                    5,
                )
                assert got, f"no answer to {kind} {str(value)[:80]!r}"
                user.drain()
            await fake.wait_until(lambda: not fake.unanswered_callbacks, 5)
            assert not errors, errors
            assert not fake.server_errors
            after = _rows(db_path)
            assert after[: len(before)] == before  # nothing stored is changed
            db = await connect(db_path)
            try:
                for submission in await program_submissions(db.conn, 1, 2023):  # validates every stored row
                    assert len(submission.info) <= 30_000
            finally:
                await db.close()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=actions)
def test_random_hostile_sequences(tmp_path_factory, steps: list[tuple[str, object]]) -> None:
    template = _template(tmp_path_factory.mktemp("template"))
    work = tmp_path_factory.mktemp("run") / "bot.sqlite3"
    shutil.copy(template, work)
    asyncio.run(_scenario(work, steps))
