"""Reminders of the annual report count the result indicators a department still owes (issue 25): the pure
rules with a snapshot, the words, and the snapshot's counts read from a real database file."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from actions.actor import Actor
from bot.reminders import rules
from bot.reminders.rendering import render_bundle, render_owed
from bot.reminders.rules import ReminderConfig
from bot.reminders.scheduling import run_reminders
from l10n import t
from storage.db import Database, utcnow
from storage.directory import add_department
from storage.indicator_work import add_fact_review, owed_indicator_counts
from storage.indicators import add_indicator_fact, add_indicators
from storage.models import IndicatorKind, NewDepartment, NewIndicator, PeriodStatus, Source
from storage.periods import set_period
from storage.programs import list_programs
from storage.reminders import load_snapshot
from storage.reviews import ReviewState
from tests.actionkit import db_fixture, only_program  # noqa: F401 - the fixture
from tests.botkit import World, fake_api_fixture, prepare_database, running  # noqa: F401 - the fixture
from tests.fakeapi import FakeBotApi
from tests.test_reminder_rules import COORDINATORS, MEMBERS, PERIOD_2023, WORK, kyiv
from tests.test_reminders_bot import Clock, build, reminder_settings
from tests.test_reminders_bot import kyiv as rb_kyiv

CONFIG = ReminderConfig()
COORDINATOR = Actor(500, "Координаторка", administrator=True)


def _due(indicators: dict[tuple[int, int, int], int], now: dt.datetime) -> list[rules.Reminder]:
    snapshot = rules.Snapshot(
        (PERIOD_2023,), WORK, MEMBERS, COORDINATORS, frozenset(), {}, indicators_owed=indicators
    )
    return rules.due_reminders(snapshot, CONFIG, now)


def test_a_department_owing_only_indicators_is_reminded_of_them() -> None:
    # Department 10 reported every measure but owes 2 indicators; department 5 owes measures and 1 indicator.
    owed = {(1, 2023, 10): 2, (1, 2023, 5): 1}
    reminders = {r.user_id: r for r in _due(owed, kyiv(2024, 1, 12))}
    assert (reminders[1003].owed, reminders[1003].indicators) == ((), 2)
    assert (len(reminders[1001].owed), reminders[1001].indicators) == (2, 1)
    assert reminders[1002].indicators == 0
    text, markup = render_owed(reminders[1003], "УК")
    assert "2 результативні показники без факту" in text
    assert markup.inline_keyboard[0][0].callback_data.startswith("page:10:")  # the list, where they are
    text, _ = render_owed(reminders[1001], "УОЗ")
    assert "1 результативний показник без факту" in text and "2.9" in text
    # Without indicators owed, nobody who reported every measure is disturbed (as before).
    assert 1003 not in {r.user_id for r in _due({}, kyiv(2024, 1, 12))}
    # The quarters' reminders are about measures only.
    assert all(r.indicators == 0 for r in _due(owed, kyiv(2023, 10, 2)) if r.interim is not None)


async def test_the_snapshot_counts_what_each_department_owes(db: Database) -> None:
    program = await only_program(db)
    responsible = program.responsible_department_id
    assert responsible is not None
    async with db.transaction() as conn:
        first, second, _retired = await add_indicators(
            conn,
            [
                NewIndicator(
                    program_id=program.id, number=1, kind=IndicatorKind.COST, name="Видатки", unit="тис. грн"
                ),
                NewIndicator(
                    program_id=program.id, number=2, kind=IndicatorKind.PRODUCT, name="Заходи", unit="од."
                ),
                NewIndicator(
                    program_id=program.id,
                    number=3,
                    kind=IndicatorKind.PRODUCT,
                    name="Старий",
                    unit="од.",
                    retired_from=2023,
                ),
            ],
        )
        await set_period(conn, program.id, 2024, PeriodStatus.OPEN)
        assert await owed_indicator_counts(conn, [(program.id, 2024)]) == {(program.id, 2024, responsible): 2}
        fact = await add_indicator_fact(
            conn, first.id, 2024, Decimal(1), None, user_id=7, source=Source.BOT, at=utcnow()
        )
        assert await owed_indicator_counts(conn, [(program.id, 2024)]) == {(program.id, 2024, responsible): 1}
        assert (await load_snapshot(conn)).waiting_facts == {(program.id, 2024): 1}  # for the digest
        await add_fact_review(conn, fact.id, ReviewState.RETURNED, comment="ні", reviewer_id=500)
        snapshot = await load_snapshot(conn)
    assert snapshot.indicators_owed[(program.id, 2024, responsible)] == 2  # returned: owed again
    assert snapshot.waiting_facts == {}  # reviewed: none waits
    assert second.id  # reported by the responsible department: it names none


# --- through the real Application ---------------------------------------------------------------------------


async def test_a_department_with_indicators_and_no_measures_is_reminded(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    """A department that reports indicators of the program but executes none of its measures gets its reminder,
    one message per person and slot (bundled with the reminder of another department they are in)."""
    db_path = tmp_path / "bot.sqlite3"
    await prepare_database(db_path)
    clock = Clock(rb_kyiv(2024, 1, 12))
    app = build(reminder_settings(fake_api, db_path), clock)
    async with running(app):
        world = World(fake_api, db_path, app.bot_data.settings, app)
        async with world.db.transaction() as conn:
            [program] = await list_programs(conn)
            sport = await add_department(
                conn, NewDepartment(code="sport", name="Управління спорту", short_name="УС")
            )
            await add_indicators(
                conn,
                [
                    NewIndicator(
                        program_id=program.id,
                        number=n,
                        kind=IndicatorKind.PRODUCT,
                        name=f"Змагання {n}",
                        unit="од.",
                        department_id=sport,
                    )
                    for n in (1, 2)
                ],
            )
        await world.member(2001, "Спортсменка", "sport")
        await world.member(2002, "Двоє", "sport", "uoz")
        outcomes = dict(await run_reminders(app))
        assert outcomes and set(outcomes.values()) == {"sent"}
        assert {k for k in outcomes if f":D{sport}:U2001" in k}  # its own key, as any department's
        [alone] = [c for c in fake_api.calls_to("sendMessage") if int(c.params["chat_id"]) == 2001]
        assert "2 результативні показники без факту" in alone.params["text"]
        # No «заходів без звіту: 0» for a department that executes no measure; the button opens its list.
        assert "заходів без звіту" not in alone.params["text"]
        assert "відкриває список підрозділу" in alone.params["text"]
        # In two departments: one message, both departments in it.
        [both] = [c for c in fake_api.calls_to("sendMessage") if int(c.params["chat_id"]) == 2002]
        assert "УС" in both.params["text"] and "УОЗ" in both.params["text"]
        assert "2 результативні показники без факту" in both.params["text"]
        clock.set(2024, 1, 12, 10, 5)
        assert await run_reminders(app) == []  # nothing twice
        # Its button opens the department's list, where the indicators are.
        user = world.user(2001, "Спортсменка")
        user.drain()
        await user.press(t("button-list"))
        shown = await user.expect("Результативні показники: залишилося 2 з 2")
        assert [label for row in shown.buttons for label, _ in row] == [
            "⏳ 📊 1. Змагання 1",
            "⏳ 📊 2. Змагання 2",
        ]
        await user.press("1. Змагання 1")
        assert "Показник 1 з 2" in (await user.next_message()).text
        await user.send("/start")  # the same list on /start
        await user.expect("Результативні показники: залишилося 2 з 2")


def test_the_digest_counts_the_facts_waiting_for_review() -> None:
    snapshot = rules.Snapshot(
        (PERIOD_2023,), WORK, MEMBERS, COORDINATORS, frozenset(), {}, waiting_facts={(1, 2023): 3}
    )
    [digest] = [
        r for r in rules.due_reminders(snapshot, CONFIG, kyiv(2024, 1, 22)) if r.kind is rules.Kind.DIGEST
    ][:1]
    text, _ = render_bundle((digest,), snapshot, dt.date(2024, 1, 22))
    assert "3 факти результативних показників. /review 2023" in text
    assert (
        "факт" not in render_bundle((digest,), replace(snapshot, waiting_facts={}), dt.date(2024, 1, 22))[0]
    )
