"""The check's messages (``rules.due_messages``, issue 23 point 2) are exactly the rules' reminders put in messages
(``rules.bundles(rules.due_reminders(...))``): the same messages, the same reminders in each, in the same order,
at any moment, whatever is claimed, muted or blocked, for people in several departments of several programs."""

from __future__ import annotations

import datetime as dt
from datetime import UTC

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.reminders import rules
from bot.reminders.rules import Kind, ReminderConfig
from storage.clock import KYIV
from storage.deadlines import Interim, InterimRule, InterimSchedule
from storage.reminders import DepartmentWork, MeasureState, MuteSpan, PeriodInfo, Person, Snapshot

D = dt.date
START = dt.datetime(2023, 1, 1, tzinfo=UTC)
MINUTES = int((dt.datetime(2024, 3, 1, tzinfo=UTC) - START).total_seconds() // 60)
DEPARTMENTS = (2, 5, 10, 21)  # "D10:" sorts before "D2:" in the keys: the messages must follow the keys
HALVES = InterimSchedule((InterimRule(Interim.H1, (5, 7)), InterimRule(Interim.M9)))
PERIODS = (
    PeriodInfo(1, 2023, D(2024, 1, 20)),
    PeriodInfo(2, 2023, None),  # quarterly only
    PeriodInfo(3, 2023, D(2024, 1, 15), interim=HALVES),
    PeriodInfo(1, 2022, D(2023, 1, 20)),
    PeriodInfo(4, 2023, D(2024, 1, 20)),
)


def _work() -> tuple[DepartmentWork, ...]:
    works = []
    for period in PERIODS:
        for n, department in enumerate(DEPARTMENTS):
            measures = tuple(
                MeasureState(
                    100 * period.program_id + 10 * n + k,
                    f"{n + 1}.{k + 1}",
                    f"Захід {k}",
                    (k + department) % 4 != 0,
                    None if (k + period.program_id) % 3 else dt.datetime(2023, 1 + k * 3, 5, tzinfo=UTC),
                )
                for k in range(4)
            )
            works.append(DepartmentWork(period.program_id, period.year, department, measures))
    return tuple(works)


WORK = _work()
MEMBERS = (
    Person(1001, "А", frozenset({2, 10})),
    Person(1002, "Б", frozenset({5})),
    Person(1003, "В", frozenset({10, 21, 2, 5})),
    Person(1004, "Г", frozenset({21}), blocked=True),
    Person(1005, "Ґ", frozenset({2, 5}), mutes=(MuteSpan(None, D(2023, 7, 5)), MuteSpan(10, D(2024, 2, 1)))),
    Person(1006, "Д", frozenset({10}), mutes=(MuteSpan(10, D(2023, 10, 12)),)),
    Person(1007, "Е", frozenset({5, 21})),
)
COORDINATORS = (Person(500, "Координаторка"),)
# Program 4's department 21 owes its result indicators only (every measure reported); 5 both.
INDICATORS = {(4, 2023, 21): 2, (4, 2023, 5): 1, (1, 2023, 10): 3}


def snapshot(sent: set[str]) -> Snapshot:
    work = tuple(
        DepartmentWork(w.program_id, w.year, w.department_id, ())
        if (w.program_id, w.department_id) == (4, 21)
        else w
        for w in WORK
    )
    return Snapshot(
        PERIODS,
        work,
        MEMBERS,
        COORDINATORS,
        frozenset(sent),
        {},
        indicators_owed=INDICATORS,
        program_coordinators={3: (Person(501, "Інша"),)},
    )


@settings(max_examples=60, deadline=None)
@given(
    minutes=st.lists(st.integers(0, MINUTES), min_size=1, max_size=30),
    leads=st.sets(st.integers(0, 20), max_size=4),
    claimed_every=st.integers(2, 7),
)
def test_the_checks_messages_are_the_rules_reminders_in_messages(
    minutes: list[int], leads: set[int], claimed_every: int
) -> None:
    config = ReminderConfig(lead_days=tuple(leads))
    sent: set[str] = set()
    for n in sorted(minutes):
        now = START + dt.timedelta(minutes=n)
        snap = snapshot(sent)
        expected = rules.bundles(rules.due_reminders(snap, config, now))
        messages = rules.due_messages(snap, config, now)
        assert [tuple(m) for m in messages] == expected
        assert [m.user_id for m in messages] == [b[0].user_id for b in expected]
        # some of what was due is claimed by the next moment (a run that went part of the way)
        sent |= {r.key for b in expected for r in b[::claimed_every]}


def test_a_person_in_several_departments_gets_one_message_in_the_keys_order() -> None:
    now = dt.datetime(2024, 1, 19, 10, 30, tzinfo=KYIV)  # the day before the 20.01 deadlines: 1-day slot
    config = ReminderConfig()
    messages = rules.due_messages(snapshot(set()), config, now)
    expected = rules.bundles(rules.due_reminders(snapshot(set()), config, now))
    assert messages == expected and len(messages) > 3
    [mine] = [m for m in messages if m.user_id == 1003 and m[0].kind is Kind.BEFORE]
    keys = [r.key for r in mine]
    assert keys == sorted(keys, key=lambda k: rules.send_order(next(r for r in mine if r.key == k)))
    departments = [r.department_id for r in mine if r.program_id == 1]
    assert departments == [10, 21, 2, 5]  # the keys' order ("D10:" < "D21:" < "D2:"), as bundles has it
    # Program 4's department 21 owes only its indicators: reminded all the same
    assert [r.indicators for r in mine if r.program_id == 4 and r.department_id == 21] == [2]
    # half claimed: only the rest, in the same messages
    claimed = {r.key for m in expected for r in m[::2]}
    assert rules.due_messages(snapshot(claimed), config, now) == rules.bundles(
        rules.due_reminders(snapshot(claimed), config, now)
    )
