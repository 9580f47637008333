"""The pure reminder rules at many dates: quarter ends, weekends, holidays, the year boundary, DST."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.reminders import rules
from bot.reminders.rules import Kind, ReminderConfig
from storage import clock, deadlines
from storage.deadlines import Interim, InterimSchedule
from storage.reminders import DepartmentWork, MeasureState, MuteSpan, PeriodInfo, Person, Snapshot

KYIV = clock.KYIV
UTC = dt.UTC
CONFIG = ReminderConfig()
D = dt.date


def kyiv(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=KYIV)


def measure(mid: int, number: str, *, planned: bool = True, last: dt.datetime | None = None) -> MeasureState:
    return MeasureState(mid, number, f"Захід {number}", planned, last)


def work(department: int, *measures: MeasureState, year: int = 2023, program: int = 1) -> DepartmentWork:
    return DepartmentWork(program, year, department, tuple(measures))


def person(uid: int, *departments: int, blocked: bool = False, mutes: tuple[MuteSpan, ...] = ()) -> Person:
    return Person(uid, f"U{uid}", frozenset(departments), blocked, mutes)


PERIOD_2023 = PeriodInfo(1, 2023, D(2024, 1, 20))
# Department 5 owes 2.9 and 4.4 (3.7 reported); department 2 owes 3.11; department 10 reported everything;
# department 9's only measure is not planned this year.
WORK = (
    work(
        5,
        measure(16, "2.9"),
        measure(26, "3.7", last=dt.datetime(2023, 12, 1, tzinfo=UTC)),
        measure(35, "4.4"),
    ),
    work(2, measure(30, "3.11")),
    work(10, measure(25, "3.6", last=dt.datetime(2023, 11, 1, tzinfo=UTC))),
    work(9, measure(15, "2.8", planned=False)),
)
MEMBERS = (person(1001, 5), person(1002, 2), person(1003, 10), person(1004, 9))
COORDINATORS = (Person(500, "Координаторка"),)


def snapshot(
    *,
    periods: tuple[PeriodInfo, ...] = (PERIOD_2023,),
    work_: tuple[DepartmentWork, ...] = WORK,
    members: tuple[Person, ...] = MEMBERS,
    sent: frozenset[str] | set[str] = frozenset(),
) -> Snapshot:
    return Snapshot(periods, work_, members, COORDINATORS, frozenset(sent), {})


def due(now: dt.datetime, config: ReminderConfig = CONFIG, **kwargs: object) -> list[rules.Reminder]:
    return rules.due_reminders(snapshot(**kwargs), config, now)  # type: ignore[arg-type]


def keys(reminders: list[rules.Reminder]) -> list[str]:
    return [r.key for r in reminders]


# --- deadlines -------------------------------------------------------------------------------------


def test_quarter_deadlines_and_q4_left_to_the_annual_report() -> None:
    found = [(d.what, d.date) for d in rules.deadlines(PERIOD_2023, CONFIG)]
    assert found == [
        ("Q1", D(2023, 4, 10)),
        ("Q2", D(2023, 7, 10)),
        ("Q3", D(2023, 10, 10)),
        ("annual", D(2024, 1, 20)),
    ]
    no_annual = PeriodInfo(1, 2024, None)
    assert [(d.what, d.date) for d in rules.deadlines(no_annual, CONFIG)][-1] == ("Q4", D(2025, 1, 10))
    fifteen = ReminderConfig(quarter_deadline_days=15)
    assert [d.date for d in rules.deadlines(no_annual, fifteen)] == [
        D(2024, 4, 15),
        D(2024, 7, 15),
        D(2024, 10, 15),
        D(2025, 1, 15),
    ]
    # A quarter due on or after an (early) annual deadline is covered by the annual report.
    early = PeriodInfo(1, 2023, D(2023, 7, 10))
    assert [d.what for d in rules.deadlines(early, CONFIG)] == ["Q1", "annual"]
    assert [d.what for d in rules.deadlines(PERIOD_2023, ReminderConfig(quarterly=False))] == ["annual"]
    assert rules.deadlines(PeriodInfo(1, 2023, D(2024, 1, 20), open=False), CONFIG) == []


def test_quarter_starts_at_local_midnight() -> None:
    [q1, q2, *_] = rules.deadlines(PERIOD_2023, CONFIG)
    assert q1.since == kyiv(2023, 1, 1, 0)
    assert q2.since is not None and q2.since.astimezone(UTC) == dt.datetime(2023, 3, 31, 21, tzinfo=UTC)


def _slot_days(deadline: dt.date, config: ReminderConfig = CONFIG) -> list[tuple[str, int | None, dt.date]]:
    target = rules.Deadline(1, deadline.year, None, deadline, None)
    return [(s.kind.value, s.lead_days, s.day) for s in rules.slots(target, config)]


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize(
    ("deadline", "holidays", "expected_before", "expected_after"),
    [
        # Saturday deadline: 7 days before is a Saturday too -> Friday; the nudge comes on Monday.
        (D(2024, 1, 20), (), [(7, D(2024, 1, 12)), (3, D(2024, 1, 17)), (1, D(2024, 1, 19))], D(2024, 1, 22)),
        # Monday deadline: 1 day before is Sunday -> Friday, the day of 3-days-before: one slot, "L1".
        (D(2023, 4, 10), (), [(7, D(2023, 4, 3)), (1, D(2023, 4, 7))], D(2023, 4, 11)),
        # A listed non-working Wednesday moves the 3-days-before to Tuesday.
        (D(2024, 1, 20), (D(2024, 1, 17),), [(7, D(2024, 1, 12)), (3, D(2024, 1, 16)), (1, D(2024, 1, 19))], D(2024, 1, 22)),
        # Across the year boundary: listed 1-3 January push slots back into December.
        (D(2025, 1, 6), (D(2025, 1, 1), D(2025, 1, 2), D(2025, 1, 3)), [(7, D(2024, 12, 30)), (1, D(2024, 12, 31))], D(2025, 1, 7)),
        # Friday deadline, listed Monday holiday: the nudge comes on Tuesday.
        (D(2024, 5, 3), (D(2024, 5, 6),), [(7, D(2024, 4, 26)), (3, D(2024, 4, 30)), (1, D(2024, 5, 2))], D(2024, 5, 7)),
    ],
)  # fmt: skip
def test_slot_days(
    deadline: dt.date,
    holidays: tuple[dt.date, ...],
    expected_before: list[tuple[int, dt.date]],
    expected_after: dt.date,
) -> None:
    config = ReminderConfig(non_working_days=frozenset(holidays))
    days = _slot_days(deadline, config)
    assert [(lead, day) for kind, lead, day in days if kind == "before"] == expected_before
    assert [(kind, day) for kind, _, day in days if kind != "before"] == [
        ("overdue", expected_after),
        ("digest", expected_after),
    ]
    for _, _, day in days:
        assert deadlines.is_working_day(day, config.non_working_days)
    slots = rules.slots(rules.Deadline(1, deadline.year, None, deadline, None), config)
    assert all(s.send_at.astimezone(KYIV).time() == dt.time(10) for s in slots)


def test_year_boundary_slots_in_the_old_year() -> None:
    config = ReminderConfig(non_working_days=frozenset({D(2025, 1, 1), D(2025, 1, 2), D(2025, 1, 3)}))
    # 6 Jan 2025 (Mon): -7 = 30 Dec (Mon); -3 = 3 Jan (listed) -> 31 Dec; -1 = 5 Jan (Sun) -> 31 Dec too.
    assert [(lead, day) for kind, lead, day in _slot_days(D(2025, 1, 6), config) if kind == "before"] == [
        (7, D(2024, 12, 30)),
        (1, D(2024, 12, 31)),
    ]


def test_q4_reminded_in_january_when_the_year_has_no_annual_deadline() -> None:
    period = PeriodInfo(1, 2024, None)
    autumn = dt.datetime(2024, 10, 2, tzinfo=UTC)  # updated in Q4: not owed for Q4
    summer = dt.datetime(2024, 8, 1, tzinfo=UTC)  # not updated since Q4 began: owed
    work_ = (work(5, measure(1, "1.1", last=autumn), measure(2, "1.2", last=summer), year=2024),)
    [reminder] = due(kyiv(2025, 1, 3), periods=(period,), work_=work_)
    assert reminder.key == "before:Q4:P1:2024:2025-01-10:L7:D5:U1001"
    assert [o.number for o in reminder.owed] == ["1.2"]


# --- DST -------------------------------------------------------------------------------------------


def test_send_times_keep_the_local_hour_across_dst() -> None:
    # Spring: clocks go forward on Sunday 31 March 2024.
    spring = rules.slots(rules.Deadline(1, 2023, None, D(2024, 4, 1), None), CONFIG)
    assert [s.send_at.astimezone(KYIV).hour for s in spring] == [10] * len(spring)
    utc_hours = {s.day: s.send_at.astimezone(UTC).hour for s in spring}
    assert utc_hours == {D(2024, 3, 25): 8, D(2024, 3, 29): 8, D(2024, 4, 2): 7}
    # Autumn: clocks go back on Sunday 27 October 2024.
    autumn = rules.slots(rules.Deadline(1, 2024, None, D(2024, 10, 28), None), CONFIG)
    utc_hours = {s.day: s.send_at.astimezone(UTC).hour for s in autumn}
    assert utc_hours == {D(2024, 10, 21): 7, D(2024, 10, 25): 7, D(2024, 10, 29): 8}


@pytest.mark.parametrize(
    ("deadline", "before_utc", "at_utc"),
    [
        (D(2024, 4, 1), dt.datetime(2024, 4, 2, 6, 59, tzinfo=UTC), dt.datetime(2024, 4, 2, 7, tzinfo=UTC)),
        (
            D(2024, 10, 28),
            dt.datetime(2024, 10, 29, 7, 59, tzinfo=UTC),
            dt.datetime(2024, 10, 29, 8, tzinfo=UTC),
        ),
    ],
)
def test_overdue_due_exactly_at_the_local_hour_after_dst(
    deadline: dt.date, before_utc: dt.datetime, at_utc: dt.datetime
) -> None:
    period = PeriodInfo(1, 2023, deadline)
    quiet = ReminderConfig(quarterly=False)
    assert due(before_utc, quiet, periods=(period,)) == []
    assert {r.kind for r in due(at_utc, quiet, periods=(period,))} == {Kind.OVERDUE, Kind.DIGEST}


# --- who gets what, when ---------------------------------------------------------------------------


def test_the_right_reminder_on_the_right_day() -> None:
    assert due(kyiv(2024, 1, 12, 9, 59)) == []
    reminders = due(kyiv(2024, 1, 12))
    assert keys(reminders) == [
        "before:annual:P1:2023:2024-01-20:L7:D2:U1002",
        "before:annual:P1:2023:2024-01-20:L7:D5:U1001",
    ]
    olena = reminders[1]
    assert (olena.kind, olena.user_id, olena.department_id, olena.program_id, olena.year) == (
        Kind.BEFORE,
        1001,
        5,
        1,
        2023,
    )
    assert (olena.interim, olena.deadline, olena.lead_days) == (None, D(2024, 1, 20), 7)
    assert [(o.measure_id, o.number) for o in olena.owed] == [(16, "2.9"), (35, "4.4")]  # program order
    # Not a second time once sent, whoever asks and whenever within the slot.
    assert due(kyiv(2024, 1, 12, 15), sent=set(keys(reminders))) == []


def test_nobody_who_owes_nothing_is_disturbed() -> None:
    everyone = {r.user_id for now in (kyiv(2024, 1, 12), kyiv(2024, 1, 22)) for r in due(now)}
    assert 1003 not in everyone  # department 10 reported everything
    assert 1004 not in everyone  # department 9's measure is not planned in 2023
    assert {1001, 1002, 500} <= everyone


def test_down_across_two_slots_sends_only_the_latest_once() -> None:
    [olena] = [r for r in due(kyiv(2024, 1, 18, 12)) if r.user_id == 1001]
    assert olena.lead_days == 3
    sent = {olena.key}
    assert [r for r in due(kyiv(2024, 1, 18, 12, 5), sent=sent) if r.user_id == 1001] == []
    # The 7-days one is never sent late, even though it was never sent.
    assert all(r.lead_days != 7 for r in due(kyiv(2024, 1, 18, 13), sent=sent))


def test_down_past_the_deadline_sends_nothing_before() -> None:
    assert [r.lead_days for r in due(kyiv(2024, 1, 20, 23, 59)) if r.user_id == 1001] == [1]  # the day itself
    assert due(kyiv(2024, 1, 21, 0, 0)) == []  # Sunday: too late for "before", too early for the nudge
    assert {r.kind for r in due(kyiv(2024, 1, 22))} == {Kind.OVERDUE, Kind.DIGEST}


def test_overdue_nudge_goes_stale() -> None:
    assert {r.kind for r in due(kyiv(2024, 1, 25, 9, 59))} == {Kind.OVERDUE, Kind.DIGEST}
    assert due(kyiv(2024, 1, 25, 10)) == []
    assert due(kyiv(2024, 1, 23), ReminderConfig(overdue_valid_days=1)) == []
    assert {r.kind for r in due(kyiv(2024, 1, 22), ReminderConfig(overdue=False))} == {Kind.DIGEST}


def test_blocked_and_muted_members_are_skipped() -> None:
    blocked = (person(1001, 5, blocked=True), person(1002, 2))
    assert {r.user_id for r in due(kyiv(2024, 1, 12), members=blocked)} == {1002}
    # A mute covers slot dates up to and including its end.
    muted = (person(1001, 5, mutes=(MuteSpan(None, D(2024, 1, 12)),)),)
    assert due(kyiv(2024, 1, 12), members=muted) == []
    # It is judged at the slot's date: when it runs out, the muted slot is not released late.
    assert due(kyiv(2024, 1, 13), members=muted) == []
    assert [r.lead_days for r in due(kyiv(2024, 1, 17), members=muted)] == [3]
    ended = (person(1001, 5, mutes=(MuteSpan(None, D(2024, 1, 11)),)),)
    assert [r.lead_days for r in due(kyiv(2024, 1, 12), members=ended)] == [7]
    # A mute of one department leaves the person's other departments' reminders.
    two = (person(1001, 5, 2, mutes=(MuteSpan(5, D(2024, 2, 1)),)),)
    assert [r.department_id for r in due(kyiv(2024, 1, 12), members=two)] == [2]


def test_one_reminder_per_department_of_a_member() -> None:
    both = (person(1001, 5, 2),)
    assert [r.department_id for r in due(kyiv(2024, 1, 12), members=both)] == [2, 5]


def test_locked_period_is_never_reminded() -> None:
    locked = PeriodInfo(1, 2023, D(2024, 1, 20), open=False)
    for now in (kyiv(2024, 1, 12), kyiv(2024, 1, 22), kyiv(2023, 4, 3)):
        assert due(now, periods=(locked,)) == []


def test_quarter_owes_what_was_not_updated_since_the_quarter_began() -> None:
    q2_start = dt.datetime(2023, 3, 31, 21, tzinfo=UTC)  # 1 April 00:00 Kyiv
    work_ = (
        work(
            5,
            measure(1, "1.1", last=q2_start),
            measure(2, "1.2", last=q2_start - dt.timedelta(seconds=1)),
            measure(3, "1.3"),
        ),
    )
    [reminder] = due(kyiv(2023, 7, 3), work_=work_)
    assert reminder.key == "before:Q2:P1:2023:2023-07-10:L7:D5:U1001"
    assert [o.number for o in reminder.owed] == ["1.2", "1.3"]
    assert reminder.interim is Interim.Q2 and reminder.since == D(2023, 4, 1)


def test_digest_content() -> None:
    [digest] = [r for r in due(kyiv(2024, 1, 22)) if r.kind is Kind.DIGEST]
    assert digest.key == "digest:annual:P1:2023:2024-01-20:U500"
    assert digest.user_id == 500 and digest.department_id is None
    missing = {d.department_id: d for d in digest.missing}
    assert set(missing) == {5, 2}
    assert [o.number for o in missing[5].owed] == ["2.9", "4.4"]
    assert (missing[5].planned, missing[5].members) == (3, 1)
    # Good news is news too: when nobody is missing the digest still goes, empty.
    done = (work(5, measure(16, "2.9", last=dt.datetime(2024, 1, 2, tzinfo=UTC))),)
    [digest] = due(kyiv(2024, 1, 22), work_=done)
    assert digest.kind is Kind.DIGEST and digest.missing == ()
    # A coordinator who blocked the bot gets none.
    snap = Snapshot((PERIOD_2023,), WORK, MEMBERS, (Person(500, blocked=True),), frozenset(), {})
    assert [r for r in rules.due_reminders(snap, CONFIG, kyiv(2024, 1, 22)) if r.kind is Kind.DIGEST] == []


def test_a_moved_deadline_gets_its_own_reminders() -> None:
    sent = {r.key for r in due(kyiv(2024, 1, 12))}
    moved = PeriodInfo(1, 2023, D(2024, 1, 30))
    assert due(kyiv(2024, 1, 19), periods=(moved,), sent=sent) == []  # no slot of the new deadline yet
    assert {r.lead_days for r in due(kyiv(2024, 1, 23), periods=(moved,), sent=sent)} == {7}


def test_period_end_for_mute() -> None:
    periods = (PERIOD_2023,)
    assert rules.period_end(periods, CONFIG, D(2024, 1, 15)) == D(2024, 1, 22)
    assert rules.period_end(periods, CONFIG, D(2023, 5, 2)) == D(2023, 7, 11)
    assert rules.period_end(periods, CONFIG, D(2024, 1, 21)) is None


def test_naive_now_and_bad_config_are_refused() -> None:
    with pytest.raises(ValueError):
        due(dt.datetime(2024, 1, 12, 10))
    with pytest.raises(ValueError):
        ReminderConfig(hour=24)
    with pytest.raises(ValueError):
        ReminderConfig(lead_days=(-1,))


# --- properties ------------------------------------------------------------------------------------

START = dt.datetime(2023, 1, 1, tzinfo=UTC)
MINUTES_IN_RANGE = int((dt.datetime(2024, 3, 1, tzinfo=UTC) - START).total_seconds() // 60)
PROPERTY_MEMBERS = (
    *MEMBERS,
    person(1005, 5, 2),
    person(1006, 2, blocked=True),
    person(1007, 5, mutes=(MuteSpan(None, D(2023, 7, 5)),)),
)


@settings(max_examples=60, deadline=None)
@given(
    minutes=st.lists(st.integers(0, MINUTES_IN_RANGE), min_size=1, max_size=40),
    leads=st.sets(st.integers(0, 20), max_size=4),
    holidays=st.sets(st.dates(D(2023, 1, 1), D(2024, 3, 1)), max_size=10),
)
def test_no_key_twice_and_only_to_those_who_owe(
    minutes: list[int], leads: set[int], holidays: set[dt.date]
) -> None:
    config = ReminderConfig(lead_days=tuple(leads), non_working_days=frozenset(holidays))
    people = {p.user_id: p for p in PROPERTY_MEMBERS}
    works = {(w.program_id, w.year, w.department_id): w for w in WORK}
    sent: set[str] = set()
    for n in sorted(minutes):
        now = START + dt.timedelta(minutes=n)
        reminders = rules.due_reminders(snapshot(members=PROPERTY_MEMBERS, sent=sent), config, now)
        batch = keys(reminders)
        assert len(batch) == len(set(batch))
        assert not set(batch) & sent
        for r in reminders:
            assert r.send_at <= now
            if r.kind is Kind.DIGEST:
                assert r.user_id == 500
                continue
            member = people[r.user_id]
            assert r.department_id in member.department_ids and not member.blocked
            assert r.owed and r.owed == rules.owed_for(
                works[(r.program_id, r.year, r.department_id)], _deadline(r)
            )
            assert not rules.is_muted(member, r.department_id or 0, r.send_at.date())
            if r.kind is Kind.BEFORE:
                assert now < deadlines.day_end(r.deadline, KYIV)
            else:
                assert now < r.send_at + dt.timedelta(days=config.overdue_valid_days)
            assert deadlines.is_working_day(r.send_at.date(), config.non_working_days)
        sent |= set(batch)
        # Fed back, the same moment owes nothing more.
        assert rules.due_reminders(snapshot(members=PROPERTY_MEMBERS, sent=sent), config, now) == []


def _deadline(r: rules.Reminder) -> rules.Deadline:
    since = dt.datetime.combine(r.since, dt.time(0), tzinfo=KYIV) if r.since else None
    return rules.Deadline(r.program_id, r.year, r.interim, r.deadline, since)


@settings(max_examples=40, deadline=None)
@given(minute=st.integers(0, MINUTES_IN_RANGE))
def test_at_most_one_before_slot_per_deadline_and_person(minute: int) -> None:
    now = START + dt.timedelta(minutes=minute)
    seen: set[tuple[str, int, int | None]] = set()
    for r in due(now, members=PROPERTY_MEMBERS):
        if r.kind is Kind.BEFORE:
            ident = (f"{r.interim}:{r.deadline}", r.user_id, r.department_id)
            assert ident not in seen
            seen.add(ident)


# --- a program's own interim reports (/interim) -----------------------------------------------------

HALF_YEARLY = InterimSchedule.from_spec("H1=05.07 9M=05.10")


def test_a_programs_interim_reports_replace_the_quarters() -> None:
    period = PeriodInfo(1, 2024, D(2025, 1, 20), interim=HALF_YEARLY)
    found = [(d.what, d.date, d.since) for d in rules.deadlines(period, CONFIG)]
    assert found == [
        ("H1", D(2024, 7, 5), kyiv(2024, 1, 1, 0)),
        ("9M", D(2024, 10, 5), kyiv(2024, 7, 1, 0)),  # 9M after H1: what was updated since July
        ("annual", D(2025, 1, 20), None),
    ]
    # No interim reports at all: only the annual one.
    none = PeriodInfo(1, 2024, D(2025, 1, 20), interim=InterimSchedule(()))
    assert [d.what for d in rules.deadlines(none, CONFIG)] == ["annual"]
    # Q4 by 05.01 of the next year, when the year has no annual deadline; the other quarters by default.
    mixed = PeriodInfo(1, 2024, None, interim=InterimSchedule.from_spec("Q2 Q4=05.01"))
    assert [(d.what, d.date) for d in rules.deadlines(mixed, CONFIG)] == [
        ("Q2", D(2024, 7, 10)),
        ("Q4", D(2025, 1, 5)),
    ]
    # The default setting is today's behaviour: the four quarters, QUARTER_DEADLINE_DAYS after their ends.
    assert rules.deadlines(PeriodInfo(1, 2024, None), CONFIG) == rules.deadlines(
        PeriodInfo(1, 2024, None, interim=InterimSchedule.from_spec("Q1 Q2 Q3 Q4")), CONFIG
    )


def test_reminders_follow_the_programs_interim_setting() -> None:
    period = PeriodInfo(1, 2024, D(2025, 1, 20), interim=HALF_YEARLY)
    july = dt.datetime(2024, 7, 1, tzinfo=KYIV).astimezone(UTC)
    work_ = (
        work(
            5,
            measure(1, "1.1", last=july),
            measure(2, "1.2", last=july - dt.timedelta(seconds=1)),
            measure(3, "1.3"),
            year=2024,
        ),
    )
    # 28.06.2024 (Friday) is 7 days before H1's 05.07.
    [h1] = due(kyiv(2024, 6, 28), periods=(period,), work_=work_)
    assert h1.key == "before:H1:P1:2024:2024-07-05:L7:D5:U1001"
    assert h1.interim is Interim.H1 and h1.since == D(2024, 1, 1)
    assert [o.number for o in h1.owed] == ["1.3"]  # any update since January counts for H1
    assert keys(due(kyiv(2024, 7, 3), periods=(period,), work_=work_, sent={h1.key})) == [
        "before:H1:P1:2024:2024-07-05:L3:D5:U1001"  # H1's 3-day reminder; no quarter's
    ]
    # 9M counts only what was updated since 1 July: 1.2 (updated on 30 June) is owed again, 1.1 is not.
    [m9] = due(kyiv(2024, 9, 27), periods=(period,), work_=work_)
    assert m9.key == "before:9M:P1:2024:2024-10-05:L7:D5:U1001"
    assert [o.number for o in m9.owed] == ["1.2", "1.3"] and m9.since == D(2024, 7, 1)
    # With the default setting the same moment belongs to Q3's reminder instead.
    [q3] = due(kyiv(2024, 10, 3), periods=(PeriodInfo(1, 2024, D(2025, 1, 20)),), work_=work_)
    assert q3.key.startswith("before:Q3:P1:2024:2024-10-10")


def test_a_programs_digest_goes_to_its_coordinators_else_the_administrators() -> None:
    """Program 1 has a coordinator of its own (storage.roles): its digest is theirs; program 2 has none: the
    administrators get its digest."""
    period_2 = PeriodInfo(2, 2023, D(2024, 1, 20))
    snap = Snapshot(
        (PERIOD_2023, period_2),
        (*WORK, work(5, measure(90, "1.1"), program=2)),
        MEMBERS,
        COORDINATORS,
        frozenset(),
        {},
        program_coordinators={1: (Person(600, "Координатор програми 1"),)},
    )
    digests = [r for r in rules.due_reminders(snap, CONFIG, kyiv(2024, 1, 22)) if r.kind is Kind.DIGEST]
    assert sorted((r.program_id, r.user_id) for r in digests) == [(1, 600), (2, 500)]
