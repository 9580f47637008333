"""One department, several programs (issue 22): one reminder per person and send slot, grouped by program;
exactly once per key; what a coordinator sees and sends of a department is of their program only.

Through the real Application and the fake Bot API, on the seed and a second program made from it
(tests/twoprograms.py: the culture department УК owes 5 measures of the first and 4 of the second)."""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut

from bot import callbacks
from bot.formatting import MESSAGE_LIMIT, visible_length
from bot.reminders import delivery, rules
from bot.reminders.rendering import render_bundle
from bot.reminders.rules import Kind, Reminder
from bot.reminders.scheduling import run_reminders
from l10n import t
from storage.db import connect
from storage.programs import list_programs
from storage.reminders import (
    DepartmentWork,
    MeasureState,
    PeriodInfo,
    Person,
    Snapshot,
    claim,
    reminder_states,
    set_mute,
)
from tests.botkit import COORDINATOR_ID, World, fake_api_fixture, running  # noqa: F401 - fixtures
from tests.fakeapi import BotMessage, FakeBotApi, FakeUser
from tests.test_reminders_bot import Clock, build, kyiv, reminder_settings, sends_to
from tests.twoprograms import FIRST_LABEL, SECOND_29, SECOND_LABEL, YEAR, measure_ids, prepare_two_programs


@pytest.fixture
def clock() -> Clock:
    return Clock(kyiv(2024, 1, 11))


async def _world(
    fake_api: FakeBotApi, tmp_path: Path, clock: Clock, **deadlines: dt.date
) -> AsyncIterator[World]:
    db_path = tmp_path / "bot.sqlite3"
    await prepare_two_programs(db_path, **deadlines)
    settings = reminder_settings(fake_api, db_path)
    app = build(settings, clock)
    async with running(app):
        yield World(fake_api, db_path, settings, app)


@pytest.fixture
async def world(fake_api: FakeBotApi, tmp_path: Path, clock: Clock) -> AsyncIterator[World]:
    """Both programs' 2023 due by 20.01.2024 (a Saturday: the 7-days slot is Friday the 12th)."""
    async for w in _world(fake_api, tmp_path, clock):
        yield w


async def program_ids(world: World) -> tuple[int, int]:
    async with world.db.locked() as conn:
        programs = await list_programs(conn)
    first = next(p.id for p in programs if FIRST_LABEL in p.name)
    second = next(p.id for p in programs if SECOND_LABEL in p.name)
    return first, second


def parts(message: BotMessage) -> list[list[str]]:
    """The message's blocks (between blank lines), each as its lines."""
    return [block.splitlines() for block in message.text.split("\n\n")]


def listed(lines: list[str]) -> list[str]:
    return [m[1] for line in lines if (m := re.match(r"• (\S+)\. ", line))]


async def expect_one(user: FakeUser, fake: FakeBotApi, substring: str) -> BotMessage:
    message = await user.expect(substring)
    await user.no_message(within=0.1)
    assert sends_to(fake, user.id) == 1
    return message


# --- one message per person and slot --------------------------------------------------------------------


async def test_one_reminder_per_person_for_two_programs_with_the_same_deadline_grouped_by_program(
    world: World, clock: Clock
) -> None:
    olena = await world.member(1001, "Олена", "uk")
    uk = await world.department_id("uk")
    first, second = await program_ids(world)
    clock.set(2024, 1, 12, 10, 0)
    outcomes = dict(await run_reminders(world.app))
    keys = [f"before:annual:P{p}:2023:2024-01-20:L7:D{uk}:U1001" for p in (first, second)]
    assert {k: outcomes[k] for k in keys} == dict.fromkeys(keys, "sent")  # a key per program, as ever

    message = await expect_one(olena, world.fake, "Нагадування")
    heading, *programs, footer = parts(message)
    assert heading == ["⏰ Нагадування"]
    assert programs == [
        [
            f"📂 {FIRST_LABEL}",
            "Строк подання звіту за 2023 рік — 20.01.2024.",
            "УК · заходів без звіту: 5",
            *programs[0][3:],
        ],
        [
            f"📂 {SECOND_LABEL}",
            "Строк подання звіту за 2023 рік — 20.01.2024.",
            "УК · заходів без звіту: 4",
            *programs[1][3:],
        ],
    ]
    assert listed(programs[0]) == ["2.9", "3.7", "3.10", "4.3", "4.4"]  # each program's own, in its order
    assert listed(programs[1]) == ["2.9", "3.7", "4.3", "4.4"]
    assert SECOND_29[:40] in programs[1][3] and SECOND_29[:40] not in programs[0][3]
    assert "/mute" in footer[0]
    # Both keys recorded as the one message.
    async with world.db.locked() as conn:
        rows = await conn.execute_fetchall(
            f"SELECT state, message_id FROM reminders_sent WHERE key IN ({','.join('?' * len(keys))})", keys
        )
    assert (
        len(rows) == 2 and {r[0] for r in rows} == {"sent"} and rows[0][1] == rows[1][1] == message.message_id
    )

    clock.set(2024, 1, 12, 10, 5)
    assert await run_reminders(world.app) == []  # nothing twice
    # The button opens the first measure owed, of the first program; the conversation goes on from there.
    await olena.press("Заповнити 2.9", message=message)
    card = await olena.expect("Захід 1 з 5")
    assert f"📂 {FIRST_LABEL}" in card.text and "Підтримка проєктів ОГС" in card.text


async def test_different_deadlines_in_one_send_slot_make_one_message_each_with_its_deadline(
    fake_api: FakeBotApi, tmp_path: Path, clock: Clock
) -> None:
    # The second program is due on Friday the 19th: its 7-days slot is the 12th, as the first program's
    # (the 13th, a Saturday, moved to Friday); their 3-days slots are on different days.
    async for world in _world(fake_api, tmp_path, clock, second_deadline=dt.date(2024, 1, 19)):
        olena = await world.member(1001, "Олена", "uk")
        clock.set(2024, 1, 12)
        assert sorted(o for _, o in await run_reminders(world.app)) == ["sent", "sent"]
        message = await expect_one(olena, world.fake, "Нагадування")
        _, first, second, _ = parts(message)
        assert first[:2] == [f"📂 {FIRST_LABEL}", "Строк подання звіту за 2023 рік — 20.01.2024."]
        assert second[:2] == [f"📂 {SECOND_LABEL}", "Строк подання звіту за 2023 рік — 19.01.2024."]
        clock.set(2024, 1, 16)  # 19.01 - 3: the second program alone, its message as ever
        [(_, outcome)] = await run_reminders(world.app)
        assert outcome == "sent"
        alone = await olena.expect("Строк подання звіту за 2023 рік — 19.01.2024")
        assert f"📂 {SECOND_LABEL}\nУК · заходів без звіту: 4" in alone.text and FIRST_LABEL not in alone.text
        clock.set(2024, 1, 22)  # the overdue nudges: the first's (Monday after the 20th) and the second's
        kinds = sorted(k.split(":")[0] for k, _ in await run_reminders(world.app))
        assert kinds == ["digest", "digest", "overdue", "overdue"]  # a digest per program, to the coordinator
        nudge = await olena.expect("Строк минув")
        _, first, second, end, _ = parts(nudge)
        assert first[1] == "Звіт за 2023 рік, строк минув 20.01.2024."
        assert second[1] == "Звіт за 2023 рік, строк минув 19.01.2024."
        assert end == ["Будь ласка, заповніть якнайшвидше."]
        await olena.no_message(within=0.1)


async def test_a_person_in_two_departments_gets_one_message_and_a_departments_mute_still_applies(
    world: World, clock: Clock
) -> None:
    olena = await world.member(1001, "Олена", "uk", "do")
    clock.set(2024, 1, 12)
    assert [o for _, o in await run_reminders(world.app)] == ["sent"] * 4  # 2 programs × 2 departments
    message = await expect_one(olena, world.fake, "Нагадування")
    _, first, second, _ = parts(message)
    for part, label in ((first, FIRST_LABEL), (second, SECOND_LABEL)):
        departments = [line for line in part if " · заходів без звіту" in line]
        assert part[0] == f"📂 {label}" and [d.split(" · ")[0] for d in departments] == ["ДО", "УК"]
    # Muted for the education department only: the culture department's reminders still come, in one message.
    education = await world.department_id("do")
    async with world.db.transaction() as conn:
        await set_mute(conn, 1001, dt.date(2024, 1, 31), education)
    clock.set(2024, 1, 17)
    assert len(await run_reminders(world.app)) == 2
    muted = await olena.expect("Нагадування")
    assert "ДО · " not in muted.text and muted.text.count("УК · заходів без звіту") == 2


# --- exactly once, per key -------------------------------------------------------------------------------


async def test_a_key_claimed_before_is_left_out_of_the_message(world: World, clock: Clock) -> None:
    """A crash between claim and send left one program's key claimed: it is never sent, the other one is."""
    olena = await world.member(1001, "Олена", "uk")
    uk = await world.department_id("uk")
    first, second = await program_ids(world)
    lost = f"before:annual:P{first}:2023:2024-01-20:L7:D{uk}:U1001"
    async with world.db.locked() as conn:
        await claim(conn, lost, 1001, "before", kyiv(2024, 1, 12))
    clock.set(2024, 1, 12)
    assert await run_reminders(world.app) == [
        (f"before:annual:P{second}:2023:2024-01-20:L7:D{uk}:U1001", "sent")
    ]
    message = await olena.expect("Нагадування")
    assert FIRST_LABEL not in message.text and "УК · заходів без звіту: 4" in message.text
    async with world.db.locked() as conn:
        assert (await reminder_states(conn))[lost] == "claimed"


def _reminders(count: int = 2) -> list[Reminder]:
    return [
        Reminder(
            key=f"before:annual:P{p}:2023:2024-01-20:L7:D5:U1001",
            kind=Kind.BEFORE,
            user_id=1001,
            program_id=p,
            year=2023,
            interim=None,
            deadline=dt.date(2024, 1, 20),
            send_at=kyiv(2024, 1, 12),
            department_id=5,
        )
        for p in range(1, count + 1)
    ]


class _Bot:
    def __init__(self, error: Exception | None) -> None:
        self.error = error
        self.sent: list[str] = []

    async def send_message(self, chat_id: int, text: str, **kwargs: object) -> SimpleNamespace:
        if self.error is not None:
            raise self.error
        self.sent.append(text)
        return SimpleNamespace(message_id=7)


@pytest.mark.parametrize(
    ("error", "outcome", "state"),
    [
        (None, "sent", "sent"),
        (Forbidden("Forbidden: bot was blocked by the user"), "blocked", "failed"),
        (BadRequest("Bad Request: chat not found"), "failed", "failed"),
        (TimedOut(), "unknown", "unknown"),  # may have arrived: kept, never repeated
        (NetworkError("Internal Server Error (500)"), "retry", None),  # released: tried again next run
        (RuntimeError("a bug"), "unknown", "unknown"),
    ],
)
async def test_a_message_of_several_claims_its_keys_together_and_records_them_alike(
    tmp_path: Path, error: Exception | None, outcome: str, state: str | None
) -> None:
    db = await connect(tmp_path / "x.sqlite3")
    try:
        reminders = _reminders()
        bot = _Bot(error)
        app = SimpleNamespace(bot=bot, bot_data=SimpleNamespace(blocked=None))
        worded: list[list[str]] = []

        def render(batch: Sequence[Reminder]) -> tuple[str, None]:
            worded.append([r.key for r in batch])
            return f"{len(batch)} reminders", None

        now = kyiv(2024, 1, 12)
        outcomes = await delivery.deliver_bundle(app, db, reminders, render, now)  # type: ignore[arg-type]
        assert outcomes == dict.fromkeys((r.key for r in reminders), outcome)
        assert worded == [[r.key for r in reminders]]  # worded once, for both
        assert bot.sent == ([] if error else ["2 reminders"])
        async with db.locked() as conn:
            states = await reminder_states(conn)
        assert [states.get(r.key) for r in reminders] == [state, state]
        again = await delivery.deliver_bundle(app, db, reminders, render, now)  # type: ignore[arg-type]
        assert set(again.values()) == ({"taken"} if state is not None else {outcome})
    finally:
        await db.close()


async def test_a_message_whose_keys_another_process_claimed_in_part_goes_out_for_the_rest(
    tmp_path: Path,
) -> None:
    db = await connect(tmp_path / "x.sqlite3")
    try:
        reminders = _reminders(3)
        async with (
            db.locked() as conn
        ):  # another scheduler claimed the second between the check and the claim
            await claim(conn, reminders[1].key, 1001, "before")
        bot = _Bot(None)
        app = SimpleNamespace(bot=bot, bot_data=SimpleNamespace(blocked=None))
        worded: list[list[int]] = []

        def render(batch: Sequence[Reminder]) -> tuple[str, None]:
            worded.append([r.program_id for r in batch])
            return ", ".join(str(r.program_id) for r in batch), None

        outcomes = await delivery.deliver_bundle(app, db, reminders, render, kyiv(2024, 1, 12))  # type: ignore[arg-type]
        assert list(outcomes.values()) == ["sent", "taken", "sent"]
        assert worded == [[1, 2, 3], [1, 3]] and bot.sent == ["1, 3"]  # worded again for what it claimed

        # A message that cannot be worded for what it claimed releases its claims.
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM reminders_sent")
            await claim(conn, reminders[0].key, 1001, "before")

        def broken(batch: Sequence[Reminder]) -> tuple[str, None]:
            if len(batch) < 3:
                raise ValueError("no words")
            return "x", None

        with pytest.raises(ValueError):
            await delivery.deliver_bundle(app, db, reminders, broken, kyiv(2024, 1, 12))  # type: ignore[arg-type]
        async with db.locked() as conn:
            assert await reminder_states(conn) == {reminders[0].key: "claimed"}
    finally:
        await db.close()


# --- what a coordinator sees and sends of a department: their program's part ----------------------------


async def test_a_coordinators_details_and_remind_of_a_shared_department_are_of_their_program_only(
    world: World, clock: Clock
) -> None:
    olena = await world.member(1001, "Олена", "uk")
    uk = await world.department_id("uk")
    first, second = await program_ids(world)
    coordinator = world.coordinator()
    await coordinator.send("/status 2023")
    await coordinator.expect("Програми громади")  # the city's administrator: a line per program first
    await coordinator.press(SECOND_LABEL)
    status = await coordinator.expect("Стан звітування за 2023 рік")
    assert "УК</b>: 0 з 4" in status.raw  # type: ignore[operator]
    await coordinator.press_data(callbacks.StatusDetails(second, YEAR, uk).data(), status)
    details = await coordinator.expect("<b>УК</b>")
    assert "звітовано 0 з 4" in details.text and "Не звітовано 4 заходи" in details.text
    assert "3.10" not in details.text  # the first program's measure
    await coordinator.press("🔔 Нагадати: УК", message=details)
    await coordinator.expect("Нагадування надіслано: 1")
    reminder = await olena.expect("Нагадування від координатора")
    assert (
        f"📂 {SECOND_LABEL}\nУК · заходів без звіту: 4" in reminder.text and FIRST_LABEL not in reminder.text
    )
    assert listed(reminder.text.splitlines()) == ["2.9", "3.7", "4.3", "4.4"]
    assert SECOND_29[:40] in reminder.text
    await olena.press("Заповнити 2.9", message=reminder)
    card = await olena.expect("Захід 1 з 4")  # the second program's 2.9
    assert f"📂 {SECOND_LABEL}" in card.text and SECOND_29 in card.text
    # The first program's details list its own five.
    await coordinator.press_data(callbacks.StatusDetails(first, YEAR, uk).data(), status)
    details = await coordinator.expect("<b>УК</b>")
    assert "звітовано 0 з 5" in details.text and "3.10" in details.text
    # The coordinators' digest is a program's own too: one per program, each of its departments.
    clock.set(2024, 1, 22)
    coordinator.drain()
    await run_reminders(world.app)
    digests = [await coordinator.expect("Зведення"), await coordinator.expect("Зведення")]
    by_program = {FIRST_LABEL in d.text: d for d in digests}
    assert "УК — 5 з 5: 2.9, 3.7, 3.10, 4.3, 4.4" in by_program[True].text
    assert "УК — 4 з 4: 2.9, 3.7, 4.3, 4.4" in by_program[False].text
    measures = await measure_ids(world.db, SECOND_LABEL)
    assert "3.10" not in measures


# --- the rules and the wording, without a bot ------------------------------------------------------------


def _period(program: int, deadline: dt.date = dt.date(2024, 1, 20)) -> PeriodInfo:
    return PeriodInfo(program, 2023, deadline, program_name=f"Програма «Місто – програма {program}»")


def _work(program: int, department: int, *numbers: str) -> DepartmentWork:
    measures = tuple(
        MeasureState(program * 100 + n, number, f"Захід {number}", True, None)
        for n, number in enumerate(numbers)
    )
    return DepartmentWork(program, 2023, department, measures)


def test_a_persons_reminders_of_one_slot_make_one_message_whatever_the_programs_and_departments() -> None:
    snapshot = Snapshot(
        periods=(_period(1), _period(2), _period(3, dt.date(2024, 1, 26))),
        work=(_work(1, 5, "1.1", "1.2"), _work(2, 5, "1.1"), _work(2, 6, "2.1"), _work(3, 5, "3.1")),
        members=(Person(1001, "Олена", frozenset({5, 6})), Person(1002, "Петро", frozenset({6}))),
        coordinators=(Person(500, "Координаторка"),),
    )
    due = rules.due_reminders(snapshot, rules.ReminderConfig(), kyiv(2024, 1, 12))
    assert len(due) == 4  # a key per program, department and person, as ever: 3 of hers and his
    messages = rules.bundles(due)
    assert [[(r.user_id, r.program_id, r.department_id) for r in m] for m in messages] == [
        [(1001, 1, 5), (1001, 2, 5), (1001, 2, 6)],  # by program, then department
        [(1002, 2, 6)],
    ]
    # The third program's 7-days slot is on another day (the 19th): a message of its own then.
    later = rules.due_reminders(snapshot, rules.ReminderConfig(), kyiv(2024, 1, 19))
    assert [
        [(r.program_id, r.lead_days) for r in m] for m in rules.bundles(later) if m[0].user_id == 1001
    ] == [
        [(1, 1), (2, 1), (2, 1), (3, 7)]  # 20.01 - 1 and 26.01 - 7 fall on the same morning: together
    ]
    # After the deadline: the overdue nudges together, the digests one per program and coordinator.
    after = rules.bundles(rules.due_reminders(snapshot, rules.ReminderConfig(), kyiv(2024, 1, 22)))
    assert [(m[0].kind, m[0].user_id, len(m)) for m in after] == [
        (Kind.BEFORE, 1001, 1),  # the third program's 7-days slot of the 19th, still useful (a slot earlier)
        (Kind.OVERDUE, 1001, 3),
        (Kind.OVERDUE, 1002, 1),
        (Kind.DIGEST, 500, 1),
        (Kind.DIGEST, 500, 1),
    ]


def _many(programs: int, measures: int) -> tuple[list[Reminder], Snapshot]:
    text = (
        "Проведення заходів з дуже довгою назвою, яку в нагадуванні доведеться скоротити до дев'яноста знаків"
    )
    reminders = [
        Reminder(
            key=f"before:annual:P{p}:2023:2024-01-20:L7:D5:U1001",
            kind=Kind.BEFORE,
            user_id=1001,
            program_id=p,
            year=2023,
            interim=None,
            deadline=dt.date(2024, 1, 20),
            send_at=kyiv(2024, 1, 12),
            department_id=5,
            lead_days=7,
            owed=tuple(rules.Owed(p * 100 + n, f"{n // 10 + 1}.{n % 10 + 1}", text) for n in range(measures)),
        )
        for p in range(1, programs + 1)
    ]
    names = {
        p: f"цільова програма «Житомирська громада – напрям номер {p} розвитку міста»" for p in range(1, 61)
    }
    return reminders, Snapshot(department_names={5: "ДО"}, program_names=names)


@pytest.mark.parametrize(
    ("programs", "measures", "each"),
    [
        (3, 15, 10),  # a long list per program: ten listed, «і ще 5»
        (30, 3, None),  # thirty programs: as many listed as fit, every program named with its count
        (60, 4, None),  # sixty: the programs that do not fit counted in one line
    ],
)
def test_a_message_of_many_programs_keeps_to_telegrams_limit(
    programs: int, measures: int, each: int | None
) -> None:
    reminders, snapshot = _many(programs, measures)
    text, markup = render_bundle(reminders, snapshot, dt.date(2024, 1, 12))
    assert visible_length(text) <= MESSAGE_LIMIT
    assert markup is not None and len(markup.inline_keyboard) == 1
    assert len(markup.inline_keyboard[0][0].callback_data.encode()) <= 64  # type: ignore[union-attr]
    shown = html.unescape(re.sub(r"<[^>]+>", "", text))
    named = [p for p in range(1, programs + 1) if f"📂 напрям номер {p} розвитку міста\n" in shown]
    counts = shown.count(f"ДО · заходів без звіту: {measures}")
    if programs <= 30:
        assert named == list(range(1, programs + 1)) and counts == programs
    else:
        assert (
            named == list(range(1, len(named) + 1)) and 30 <= len(named) < programs and counts == len(named)
        )
        left = (programs - len(named)) * measures
        assert (
            shown.splitlines()[-3]
            == t("reminder-more-elsewhere", count=left)
            == f"… і ще {left} заходи — усі у списку: /start"
        )
    if each is not None:
        assert (
            shown.count("• ") == programs * each
            and shown.count(f"… і ще {measures - each} заходів") == programs
        )
    assert shown.endswith("/mute — вимкнути нагадування на час.")


# --- the check costs what is due, not what exists (issue 23) ----------------------------------------------


class _CountingWork(tuple):  # type: ignore[type-arg]
    """The snapshot's work, counting the passes made over it."""

    passes = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        type(self).passes += 1
        return super().__iter__()


async def test_the_check_over_many_open_periods_makes_one_pass_off_the_event_loop(
    world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.reminders import scheduling
    from storage.periods import PeriodStatus, set_period

    olena = await world.member(1001, "Олена", "uk")
    first, second = await program_ids(world)
    async with world.db.transaction() as conn:  # 2 x 12 more open years, all due by the same day
        for program in (first, second):
            for year in range(2011, YEAR):
                await set_period(conn, program, year, PeriodStatus.OPEN, dt.date(2024, 1, 20))
    loaded = scheduling.load_snapshot
    periods_loaded: list[int] = []

    async def counting_snapshot(*args, **kwargs):  # type: ignore[no-untyped-def]
        snapshot = await loaded(*args, **kwargs)
        periods_loaded.append(len(snapshot.periods))
        _CountingWork.passes = 0
        return replace(snapshot, work=_CountingWork(snapshot.work))

    threads: list[str] = []
    due = rules.due_messages

    def where(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return due(*args, **kwargs)

    monkeypatch.setattr(scheduling, "load_snapshot", counting_snapshot)
    monkeypatch.setattr(rules, "due_messages", where)
    clock.set(2024, 1, 12, 10, 0)
    outcomes = dict(await run_reminders(world.app))
    assert periods_loaded == [2 * (YEAR - 2011 + 1)]  # every open period is due: one snapshot of them all
    assert _CountingWork.passes == 1  # not one regrouping of the whole snapshot per period
    assert len(threads) == 1 and threads[0] != threading.main_thread().name  # the rules off the event loop
    assert outcomes and set(outcomes.values()) == {"sent"}
    await olena.expect("Нагадування")
    assert sends_to(world.fake, olena.id) == 1  # still one message per person and slot
