"""Reminders of the annual report count the result indicators a department still owes (issue 25): the pure
rules with a snapshot, the words, and the snapshot's counts read from a real database file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from actions.actor import Actor
from bot.reminders import rules
from bot.reminders.rendering import render_owed
from bot.reminders.rules import ReminderConfig
from storage.db import Database, utcnow
from storage.indicator_work import add_fact_review, owed_indicator_counts
from storage.indicators import add_indicator_fact, add_indicators
from storage.models import IndicatorKind, NewIndicator, PeriodStatus, Source
from storage.periods import set_period
from storage.reminders import load_snapshot
from storage.reviews import ReviewState
from tests.actionkit import db_fixture, only_program  # noqa: F401 - the fixture
from tests.test_reminder_rules import COORDINATORS, MEMBERS, PERIOD_2023, WORK, kyiv

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
        await add_fact_review(conn, fact.id, ReviewState.RETURNED, comment="ні", reviewer_id=500)
        snapshot = await load_snapshot(conn)
    assert snapshot.indicators_owed[(program.id, 2024, responsible)] == 2  # returned: owed again
    assert second.id  # reported by the responsible department: it names none
