"""SIGKILL in the middle of a conversation: nothing confirmed is lost, the database is intact, and the
person carries on at the step they were on (an update the dead process had applied is not applied twice); a
review decision killed at any moment is applied whole or not at all, and its button still answers after the
restart."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path

from bot.reminders.scheduling import IN_FLIGHT
from storage.db import connect
from storage.members import add_membership, touch_user
from storage.models import NewSubmission
from storage.programs import list_departments, list_programs, load_program
from storage.submissions import add_submission
from tests.botkit import add_many_members, prepare_database
from tests.fakeapi import BotMessage, FakeBotApi, FakeUser
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


def bot_env(fake: FakeBotApi, db: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BOT_", "DATABASE_", "COORDINATOR_", "WEBHOOK_"))
    }
    env.update(
        PYTHONPATH=str(ROOT),
        BOT_TOKEN=fake.token,
        DATABASE_PATH=str(db),
        COORDINATOR_IDS="500",
        BOT_API_BASE_URL=fake.base_url,
        BOT_API_FILE_URL=fake.base_file_url,
        BACKUP_KEEP="0",
        **extra,
    )
    return env


@asynccontextmanager
async def bot_process(env: dict[str, str], cwd: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def submissions(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT measure_id, actual, financed, percent, info FROM submissions ORDER BY id"
        ).fetchall()


async def add_member(db_path: Path, user_id: int, code: str) -> None:
    db = await connect(db_path)
    try:
        async with db.transaction() as conn:
            await touch_user(conn, user_id, "Олена", None)
            department = next(d for d in await list_departments(conn) if d.code == code)
            await add_membership(conn, user_id, department.id)
    finally:
        await db.close()


async def test_sigkill_in_the_middle_of_a_conversation(tmp_path: Path, fake_api: FakeBotApi) -> None:
    db = tmp_path / "z.db"
    await prepare_database(db)
    await add_member(db, 1001, "uk")
    env = bot_env(fake_api, db)
    olena = fake_api.user(id=1001, first_name="Олена")
    async with bot_process(env, tmp_path) as first:
        await olena.send("/start")
        await olena.expect("Залишилося", timeout=20)
        await olena.press("3.10.")
        await olena.expect("Фактичний")
        for answer in ("0", "0", "100", "Інформаційні куточки."):
            await olena.send(answer)
            await olena.next_message()
        await olena.press("Підтвердити")
        await olena.expect("4.3.")  # saved, and the next measure opened at once
        await olena.send("8")
        await olena.expect("профінансовано")  # the answer is in the draft; kill before anything else
        first.send_signal(signal.SIGKILL)
        await first.wait()
    assert integrity(db) == "ok"
    saved = submissions(db)
    assert len(saved) == 1 and saved[0][4] == "Інформаційні куточки."

    async with bot_process(env, tmp_path):
        await olena.send("8")  # answers the step it was on: financed
        ask = await olena.expect("Відсоток", timeout=20)
        assert "Це правильно" not in ask.text
        await olena.send("100")
        await olena.expect("Інформація")
        await olena.send("Резолюцію 1325 виконано.")
        review = await olena.expect("Перевірте звіт")
        assert "Факт: 8,0" in review.text and "Профінансовано: 8,0" in review.text
        await olena.press("Підтвердити")
        await olena.expect("Збережено")
    assert integrity(db) == "ok"
    saved = submissions(db)
    assert len(saved) == 2 and saved[0][4] == "Інформаційні куточки."
    assert saved[1][1:] == ("8", "8", "100", "Резолюцію 1325 виконано.")


async def test_sigkill_in_the_middle_of_a_reminder_run_sends_nobody_twice(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    members = 300
    db = tmp_path / "z.db"
    await prepare_database(db)
    await add_many_members(db, members, first_id=20_000, deadline_in_days=1)
    env = bot_env(
        fake_api,
        db,
        REMINDER_LEAD_DAYS="1",
        REMINDER_HOUR="0",
        NON_WORKING_DAYS="",
        QUARTERLY_REMINDERS="false",
        REMINDER_FIRST_RUN_SECONDS="0.2",
        RATE_LIMIT_PER_SECOND="150",
    )
    ids = range(20_000, 20_000 + members)
    for i in ids:  # people who have written to the bot before, so Telegram knows their chats
        fake_api.user(id=i, first_name=f"Працівник {i - 20_000}")

    def delivered() -> int:
        return sum(1 for i in ids if fake_api.sent_to(i))

    async with bot_process(env, tmp_path) as first:
        assert await fake_api.wait_until(lambda: delivered() >= members // 3, 90)
        first.send_signal(signal.SIGKILL)
        await first.wait()
    at_kill = delivered()
    assert at_kill < members  # killed in the middle of the run
    assert integrity(db) == "ok"
    async with bot_process(env, tmp_path):
        # The rest go out when the bot is back; at most those in flight at the kill are lost (the pipeline's
        # width: on a loaded machine more of them are on the wire at once than the one or two usual here).
        assert await fake_api.wait_until(lambda: delivered() >= members - IN_FLIGHT, 90)
        await fake_api.wait_until(lambda: delivered() == members, 2)
    assert all(fake_api.sent_to(i) <= 1 for i in ids), "somebody got a reminder twice"
    with sqlite3.connect(db) as conn:
        states = dict(conn.execute("SELECT state, COUNT(*) FROM reminders_sent GROUP BY state").fetchall())
    # Claimed but not confirmed: the ones in flight at the kill. They stay claimed and are never sent again.
    assert states.get("sent", 0) + states.get("claimed", 0) == members
    assert states.get("claimed", 0) <= IN_FLIGHT


async def test_sigkill_between_a_return_and_its_notice_tells_the_executor_once(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    db = tmp_path / "z.db"
    await prepare_database(db)
    await add_member(db, 1001, "uk")
    # REVIEW_NOTICE_SECONDS is left at its minute: what is untold goes out at the start, not a minute on.
    env = bot_env(fake_api, db)
    olena = fake_api.user(id=1001, first_name="Олена")
    coordinator = fake_api.user(id=500, first_name="Координаторка")

    def returned_notices() -> int:
        return sum(1 for m in fake_api.messages_to(1001) if "повернуто на доопрацювання" in m.text)

    def pending_notice() -> bool:
        return any(
            c.status is None and str(c.params.get("chat_id")) == "1001"
            for c in fake_api.calls_to("sendMessage")
        )

    async with bot_process(env, tmp_path) as first:
        await olena.send("/start")
        await olena.expect("Залишилося", timeout=20)
        await olena.press("3.10.")
        await olena.expect("Фактичний")
        for answer in ("0", "0", "100"):
            await olena.send(answer)
            await olena.next_message()
        await olena.send("Інформаційні куточки.")
        await olena.expect("Перевірте звіт")
        await olena.press("Підтвердити")
        await olena.expect("Збережено")
        olena.drain()
        await coordinator.send("/review 2023")
        await coordinator.expect("1 звіт чекає")
        await coordinator.expect("Захід 3.10")
        await coordinator.press("Повернути з коментарем")
        await coordinator.expect("Напишіть одним повідомленням")
        # Telegram is slow now: the notice is on its way and has not arrived when the process dies.
        fake_api.delay("sendMessage", 30)
        await coordinator.send("Додайте кількість учасників")
        assert await fake_api.wait_until(pending_notice, 10), "the notice was never sent"
        first.send_signal(signal.SIGKILL)
        await first.wait()
        fake_api.delay("sendMessage", 0)
    assert integrity(db) == "ok"
    assert returned_notices() == 0  # killed before the notice arrived
    with sqlite3.connect(db) as conn:
        saved = conn.execute("SELECT state, comment, notified_at FROM reviews").fetchall()
    assert saved == [("returned", "Додайте кількість учасників", None)]

    async with bot_process(env, tmp_path):
        notice = await olena.expect("повернуто на доопрацювання", timeout=15)
        assert (
            "Додайте кількість учасників" in notice.text and "Виправити захід 3.10" in notice.button_labels[0]
        )
        await olena.no_message(within=1.5)
        coordinator.drain()
        await coordinator.send("/review 2023")
        await coordinator.expect("немає звітів, що чекають")
    assert returned_notices() == 1
    with sqlite3.connect(db) as conn:
        [(state, told)] = conn.execute("SELECT state, notified_at FROM reviews").fetchall()
    assert state == "returned" and told is not None


async def add_waiting_reports(db_path: Path, code: str, numbers: list[str]) -> list[int]:
    """Reports of department ``code`` on these measures, confirmed in the bot and waiting for review; their ids."""
    db = await connect(db_path)
    try:
        async with db.transaction() as conn:
            department = next(d for d in await list_departments(conn) if d.code == code)
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
            assert tree is not None
            ids = []
            for number in numbers:
                measure = tree.measure_by_number(number)
                assert measure is not None
                saved = await add_submission(
                    conn,
                    NewSubmission(
                        measure_id=measure.id,
                        department_id=department.id,
                        year=2023,
                        actual=Decimal(1),
                        financed=Decimal(1),
                        percent=Decimal(100),
                        info=f"Звіт {number}",
                        author_id=1001,
                        author_name="Олена",
                    ),
                )
                ids.append(saved.id)
    finally:
        await db.close()
    return ids


async def until(user: FakeUser, substring: str, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
    """The next message to ``user`` with ``substring``, the ones before it passed over."""
    async with asyncio.timeout(timeout):
        while not (message := await user.next_message(timeout)).matches(substring):
            pass
    return message


def reviews(db: Path) -> dict[int, list[str]]:
    """Each revision's reviews (their states, oldest first); and no comment is left being waited for."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM review_comments_pending").fetchone() == (0,)
        found: dict[int, list[str]] = {}
        for submission_id, state in conn.execute("SELECT submission_id, state FROM reviews ORDER BY id"):
            found.setdefault(submission_id, []).append(state)
    return found


async def any_review_beyond(db: Path, these: set[int]) -> None:
    """Back the moment the database shows a review of a revision not in ``these`` (polled: a database tells no
    event; each turn lets the fake Bot API, on this loop, serve the bot)."""
    async with asyncio.timeout(10):
        while set(reviews(db)) <= these:  # noqa: ASYNC110
            await asyncio.sleep(0)


async def first_card(coordinator: FakeUser) -> BotMessage:
    """/review's first card (what the coordinator's earlier presses still send is passed over)."""
    coordinator.drain()
    await coordinator.send("/review 2023")
    await until(coordinator, "Перевірка звітів за 2023 рік")
    return await coordinator.expect("Захід ")  # a user's updates are handled one at a time: the card is next


def accepts(card: BotMessage) -> int:
    """The revision whose «Прийняти» is on the card."""
    [submission_id] = [
        int(d.split(":")[2]) for row in card.buttons for _, d in row if d and d.startswith("rv:acc:")
    ]
    return submission_id


async def test_sigkill_at_any_moment_of_a_review_decision_leaves_it_applied_once_or_not_at_all(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    db = tmp_path / "z.db"
    await prepare_database(db)
    numbers = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "2.1", "2.2", "2.3", "2.4", "2.5"]
    waiting = await add_waiting_reports(db, "ussms", numbers)
    env = bot_env(fake_api, db)
    coordinator = fake_api.user(id=500, first_name="Координаторка")
    decided: list[int] = []  # the revisions accepted so far
    # «Прийняти» killed at once, near its commit and 120 ms on (its messages on their way); then «Прийняти все
    # від …» on the rest (each of them accepted, or none), killed the moment the database shows any of it.
    rounds = [
        ("✅ Прийняти", "at once"),
        ("✅ Прийняти", "near the commit"),
        ("✅ Прийняти", "120 ms on"),
        ("Прийняти все від", "first seen"),
    ]
    took = 0.0
    applied_at_kill: list[bool] = []
    previous: tuple[str, BotMessage] | None = None
    for step in [*rounds, None]:
        async with bot_process(env, tmp_path) as bot:
            await coordinator.send("/help")
            await until(coordinator, "/review", timeout=20)  # up (a press the dead one left may come first)
            if not decided:
                # How long a press takes to be decided here, to its answer (sent after the commit), measured
                # twice (the second one warm, as the presses after a restart are).
                for _ in range(2):
                    card = await first_card(coordinator)
                    started = time.monotonic()
                    answered = await fake_api.wait_answered(
                        await coordinator.press("✅ Прийняти", message=card)
                    )
                    took = time.monotonic() - started
                    assert not answered.get("text")
                    decided.append(accepts(card))
                assert reviews(db) == {i: ["accepted"] for i in decided}
            if previous is not None:
                # The button pressed when the process died works after the restart, or says it is decided.
                answered = await fake_api.wait_answered(await coordinator.press(*previous), timeout=10)
                text = answered.get("text") or ""
                # (or, the press the dead process applied, pressed again: «Ви вже прийняли цей звіт / все від …»)
                assert text in (
                    "",
                    "Цей звіт уже перевірено або змінено — показую наступний.",
                ) or text.startswith("Ви вже прийняли "), text
                assert reviews(db) == {i: ["accepted"] for i in decided}  # each once
            if step is None:
                break
            label, moment = step
            card = await first_card(coordinator)
            now = [accepts(card)] if label == "✅ Прийняти" else [i for i in waiting if i not in decided]
            await coordinator.press(label, message=card)
            # The moment of the kill is what this test is about.
            if moment == "near the commit":
                await asyncio.sleep(took * 0.9)
            elif moment == "120 ms on":
                await asyncio.sleep(0.12)
            elif moment == "first seen":
                await any_review_beyond(db, set(decided))
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
        assert integrity(db) == "ok"
        found = reviews(db)
        assert set(found) - set(decided) in (set(), set(now)), (label, moment, found)  # all of it or nothing
        assert all(states == ["accepted"] for states in found.values()), found
        applied_at_kill.append(bool(set(found) - set(decided)))
        decided += now
        previous = (label, card)
    assert set(reviews(db)) == set(waiting)
    print(
        f"decided {took * 1000:.1f} ms after the press; applied before the kill, by round: {applied_at_kill}"
    )
