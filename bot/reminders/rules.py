"""Who is reminded of what, and when: pure functions of a database snapshot and the clock.

No I/O, no Telegram: ``due_messages(snapshot, config, now)`` returns the messages to send now, one per person
and slot; the job (``bot.reminders.scheduling``) renders each one and ``bot.reminders.delivery`` claims its keys
and sends it. ``bundles(due_reminders(...))`` states the same rules reminder by reminder, the plain way: the job
does not call it (half a million reminders made at an oblast's size); the property test of ``due_messages`` and
the benchmarks' "as before" do.

The rules
---------
**Deadlines**, per open reporting period (a program's year with reporting_periods.status 'open'; locked
years are never reminded of):

- *annual*: ``reporting_periods.deadline``, when it is set;
- *interim* (unless switched off): the interim reports the program requires (``PeriodInfo.interim``, set
  with /interim; storage.deadlines.InterimSchedule), each on its deadline: by default the quarters, each
  due at its last day + ``quarter_deadline_days`` (Q1: 31.03 + 10 = 10.04; Q4: 31.12 + 10 = 10.01 of the
  next year), or e.g. H1 by 05.07 and 9M by 05.10. When the year has an annual deadline, a period ending
  in December (Q4) is not reminded separately (the annual report covers it), nor is any interim report
  whose deadline is on or after the annual one.

**What is owed** for a deadline, per department: the department's measures (measure_departments) that
are planned in the year (the year is in the measure's term), and

- annual: have no submission from that department for the year (a draft is not a report);
- interim: have no submission from that department for the year created at or after the report's
  ``since`` (00:00 Kyiv time on the period's first day, or on the day after the previous required
  report's period ended: 9M after H1 counts from 1 July), i.e. were not updated since.

Measures are listed in the program's order. A department that owes nothing: nobody in it is disturbed.

**Send times** ("slots"), all at ``hour:minute`` local wall-clock time (Europe/Kyiv by default), so a DST
change never moves them; a working day is Monday to Friday and not listed in ``non_working_days``:

- *before*, one per lead (e.g. 7, 3, 1 days): the deadline minus the lead, moved back to the previous
  working day when it is not one. Leads that land on the same day make one slot (the smallest lead
  names it). Useful only while now is before the end of the deadline day (local time).
- *overdue*: one nudge on the first working day after the deadline (unless switched off); useful for
  ``overdue_valid_days`` days after its send time, stale (skipped) after that.
- *digest*: to the program's coordinators (the administrators when it has none) at the same time as the
  overdue nudge, with the same freshness window:
  which departments still owe what (sent also when nobody does: good news is news).

**Due now**: the slot's time has come (now >= send time), it is still useful, and its key has not been
claimed. Of one deadline's before-slots only the latest one whose time has come counts: when the bot was
down across several, only that one is sent, once; earlier ones are never sent late.

**Who**: for before/overdue, every member of a department that owes something for the deadline, one
reminder per department, except members who blocked the bot and members whose mute covers the slot's
local date (a mute silences dates up to and including its ``until``, for one department or all). Mutes
are judged at the slot's date, not now, so a mute that runs out does not release old slots at midnight.
Digests go to coordinators who did not block the bot; mutes do not apply to them.

**One message per person and slot** (``bundles``): a department executes several programs, and a person may
be in several departments. The before/overdue reminders of one person due at the same local send time and of
the same kind go out as ONE message, whatever their programs, years, deadlines and departments: grouped by
program (each with its deadline), then by department (``bot.reminders.rendering.render_bundle``). Each stays a
reminder of its own with its own key, so exactly-once and a moved deadline work per key as below: the message
claims all its keys in one transaction before it is sent and records them together after
(``bot.reminders.delivery.deliver_bundle``); a key claimed before is left out of it. Digests (per program, to
coordinators) and a coordinator's «Нагадати» (per program and department) are messages of their own.

**Keys** (the exactly-once identity, unique per what, whom and which slot)::

    before:annual:P1:2023:2024-01-20:L7:D5:U1001
    overdue:Q2:P1:2023:2023-07-10:D5:U1001
    digest:annual:P1:2023:2024-01-20:U500
    manual:P1:2023:D5:U1001:2024-01-12T08:00:00+00:00:M42      (a coordinator's «Нагадати», per message and minute)

The deadline date is part of the key: when a coordinator moves a deadline, the new one gets its own
reminders. So a key's own date says when it stops mattering: once no slot of its deadline can be useful
(``compaction_cutoff``, at least 92 days on), its claim is history, and the nightly job
(``bot.reminders.scheduling.compact_reminders``) forgets it, keeping only each person's last reminder.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

from storage.clock import KYIV
from storage.db import iso
from storage.deadlines import (
    Interim,
    InterimSchedule,
    day_end,
    moment_after,
    shift,
    working_day_after,
    working_day_on_or_before,
)
from storage.reminders import COMPACT_AFTER_DAYS, DepartmentWork, DueWork, PeriodInfo, Person, Snapshot


class Kind(StrEnum):
    BEFORE = "before"
    OVERDUE = "overdue"
    DIGEST = "digest"
    MANUAL = "manual"  # a coordinator's «Нагадати» on /status, not a rule's: delivered and recorded alike


_KIND_ORDER = {Kind.BEFORE: 0, Kind.OVERDUE: 1, Kind.DIGEST: 2, Kind.MANUAL: 3}


@dataclass(frozen=True)
class ReminderConfig:
    tz: ZoneInfo = KYIV
    hour: int = 10
    minute: int = 0
    lead_days: tuple[int, ...] = (7, 3, 1)
    quarterly: bool = True
    quarter_deadline_days: int = 10
    overdue: bool = True
    overdue_valid_days: int = 3
    digest: bool = True
    non_working_days: frozenset[dt.date] = frozenset()

    def __post_init__(self) -> None:
        if not 0 <= self.hour <= 23 or not 0 <= self.minute <= 59:
            raise ValueError("reminder time must be a time of day")
        if any(lead < 0 for lead in self.lead_days):
            raise ValueError("lead days must not be negative")
        if self.quarter_deadline_days < 0 or self.overdue_valid_days < 1:
            raise ValueError("quarter_deadline_days >= 0 and overdue_valid_days >= 1")


@dataclass(frozen=True)
class Deadline:
    program_id: int
    year: int
    interim: Interim | None  # None: the annual report
    date: dt.date
    since: dt.datetime | None  # interim: only submissions at or after this count

    @property
    def what(self) -> str:
        return "annual" if self.interim is None else self.interim.value


@dataclass(frozen=True)
class Slot:
    kind: Kind
    send_at: dt.datetime  # aware, local
    useful_until: dt.datetime  # due only while now < useful_until
    lead_days: int | None = None  # before-slots only

    @property
    def day(self) -> dt.date:
        return self.send_at.date()


@dataclass(frozen=True)
class Owed:
    measure_id: int
    number: str
    text: str


@dataclass(frozen=True)
class DepartmentOwed:
    department_id: int
    owed: tuple[Owed, ...]
    planned: int  # planned measures of the department in the year
    members: int  # people of the department known to the bot


@dataclass(frozen=True)
class Reminder:
    key: str
    kind: Kind
    user_id: int
    program_id: int
    year: int
    interim: Interim | None  # None: the annual report (or a coordinator's reminder)
    deadline: dt.date | None  # None only for a coordinator's reminder in a year without a deadline
    send_at: dt.datetime
    department_id: int | None = None  # before/overdue/manual
    lead_days: int | None = None  # before
    owed: tuple[Owed, ...] = ()  # before/overdue/manual: this department's owed measures, in program order
    missing: tuple[DepartmentOwed, ...] = ()  # digest: every department that still owes something
    since: dt.date | None = None  # interim: the day from which an update counts (local)
    indicators: int = 0  # before/overdue of the annual report: the department's result indicators still owed


# --- send times --------------------------------------------------------------------------------------


def at_hour(day: dt.date, config: ReminderConfig) -> dt.datetime:
    """The configured wall-clock time on ``day``: the same local hour in winter and in summer."""
    return dt.datetime.combine(day, dt.time(config.hour, config.minute), tzinfo=config.tz)


# --- deadlines and slots ---------------------------------------------------------------------------


class UnreadablePeriod(ValueError):
    """A period whose deadline, as stored, is not a date: nothing can be worked out for it."""


def deadlines(period: PeriodInfo, config: ReminderConfig) -> list[Deadline]:
    """The period's deadlines. Raises a ValueError (UnreadablePeriod, storage's OutOfCalendar) for a
    period nothing can be worked out for; the job sets such a period aside and reminds of the others."""
    if not period.open:
        return []
    if period.unreadable is not None:
        raise UnreadablePeriod(f"deadline {period.unreadable!r} of {period.year} is not a date")
    return [
        Deadline(period.program_id, period.year, interim, date, since)
        for interim, date, since in _deadlines_of(period.year, period.deadline, period.interim, config)
    ]


@lru_cache(maxsize=4096)
def _deadlines_of(
    year: int, annual: dt.date | None, schedule: InterimSchedule, config: ReminderConfig
) -> tuple[tuple[Interim | None, dt.date, dt.datetime | None], ...]:
    """``deadlines`` of every period of the same year, annual deadline and schedule (most of an oblast's
    thousands of periods share a few): worked out once per check, not once per period."""
    found: list[tuple[Interim | None, dt.date, dt.datetime | None]] = []
    if config.quarterly:
        # The same deadlines /report 2023 Q3 (or H1) shows the state at.
        for interim in schedule.deadlines(year, config.quarter_deadline_days):
            if annual is not None and (interim.interim.end_month == 12 or interim.date >= annual):
                continue  # the annual report covers it
            since = dt.datetime.combine(interim.since, dt.time(0), tzinfo=config.tz)
            found.append((interim.interim, interim.date, since))
    if annual is not None:
        found.append((None, annual, None))
    return tuple(sorted(found, key=lambda d: d[1]))


def slots(deadline: Deadline, config: ReminderConfig) -> list[Slot]:
    """Every send time of a deadline, before-slots first (earliest first)."""
    return list(_slots_of(deadline.date, config))


@lru_cache(maxsize=4096)
def _slots_of(date: dt.date, config: ReminderConfig) -> tuple[Slot, ...]:
    """``slots`` of every deadline on ``date`` (an oblast's periods share a few dates): once per check."""
    end = day_end(date, config.tz)
    leads_by_day: dict[dt.date, int] = {}
    for lead in sorted(set(config.lead_days)):  # smallest lead first: it names a shared day
        day = working_day_on_or_before(shift(date, -lead), config.non_working_days)
        leads_by_day.setdefault(day, lead)
    result = [
        Slot(Kind.BEFORE, at_hour(day, config), end, lead) for day, lead in sorted(leads_by_day.items())
    ]
    after = at_hour(working_day_after(date, config.non_working_days), config)
    stale = moment_after(after, config.overdue_valid_days)
    if config.overdue:
        result.append(Slot(Kind.OVERDUE, after, stale))
    if config.digest:
        result.append(Slot(Kind.DIGEST, after, stale))
    return tuple(result)


def active_slots(deadline: Deadline, config: ReminderConfig, now: dt.datetime) -> list[Slot]:
    """The slots of a deadline whose time has come and that are still useful: at most one of each kind."""
    _require_aware(now)
    active: list[Slot] = []
    latest_before: Slot | None = None
    for slot in slots(deadline, config):
        if slot.send_at > now:
            continue
        if slot.kind is Kind.BEFORE:
            latest_before = slot  # ascending order: the last one seen is the latest
        elif now < slot.useful_until:
            active.append(slot)
    if latest_before is not None and now < latest_before.useful_until:
        active.insert(0, latest_before)
    return active


def open_deadlines(
    periods: Iterable[PeriodInfo], config: ReminderConfig, now: dt.datetime
) -> list[tuple[Deadline, list[Slot]]]:
    """Deadlines with something that may be due now: a cheap check before loading the rest."""
    found = []
    for period in periods:
        if not period.open:
            continue
        if period.unreadable is not None:
            deadlines(period, config)  # raises UnreadablePeriod
        for interim, date, since, active in _active_of(
            period.year, period.deadline, period.interim, config, now
        ):
            found.append((Deadline(period.program_id, period.year, interim, date, since), list(active)))
    return found


@lru_cache(maxsize=1024)
def _active_of(
    year: int, annual: dt.date | None, schedule: InterimSchedule, config: ReminderConfig, now: dt.datetime
) -> tuple[tuple[Interim | None, dt.date, dt.datetime | None, tuple[Slot, ...]], ...]:
    """``open_deadlines`` of every period of the same year, annual deadline and schedule at ``now`` (an oblast's
    3,000 periods share a few; the check asks three times): the deadlines with their active slots."""
    found = []
    for interim, date, since in _deadlines_of(year, annual, schedule, config):
        active = active_slots(Deadline(0, year, interim, date, since), config, now)
        if active:
            found.append((interim, date, since, tuple(active)))
    return tuple(found)


def compaction_cutoff(config: ReminderConfig, now: dt.datetime) -> dt.date:
    """The day before which a deadline's reminders can never be due again, so their claims may be compacted
    (``storage.reminders.compact_claims``): at least COMPACT_AFTER_DAYS ago, and earlier still while a slot
    of a deadline the day before it is useful at ``now`` (a long OVERDUE_VALID_DAYS, many non-working days).
    Slots' usefulness only grows with the deadline's date, so judging the latest deadline judges them all."""
    _require_aware(now)
    day = now.astimezone(config.tz).date() - dt.timedelta(days=COMPACT_AFTER_DAYS)
    while True:
        latest = Deadline(0, day.year, None, day - dt.timedelta(days=1), None)
        if all(now >= slot.useful_until for slot in slots(latest, config)):
            return day
        day -= dt.timedelta(days=1)


def period_end(periods: Iterable[PeriodInfo], config: ReminderConfig, today: dt.date) -> dt.date | None:
    """Until when "the current reporting period" lasts, for /mute: the day of the overdue nudge of the
    nearest deadline not yet past (so the mute covers that deadline's reminders, nudge included).
    Periods nothing can be worked out for are passed over."""
    upcoming = []
    for period in periods:
        try:
            upcoming += [d.date for d in deadlines(period, config) if d.date >= today]
        except ValueError:
            continue
    for day in sorted(upcoming):
        try:
            return working_day_after(day, config.non_working_days)
        except ValueError:  # the calendar's last days: no working day after it
            continue
    return None


# --- who owes what ---------------------------------------------------------------------------------


def owed_for(work: DepartmentWork, deadline: Deadline) -> tuple[Owed, ...]:
    owed = []
    for m in work.measures:
        if not m.planned:
            continue
        last = m.last_submitted_at
        if last is None or (deadline.since is not None and last < deadline.since):
            owed.append(Owed(m.measure_id, m.number, m.text))
    return tuple(owed)


def is_muted(person: Person, department_id: int, day: dt.date) -> bool:
    return any(
        day <= mute.until and (mute.department_id is None or mute.department_id == department_id)
        for mute in person.mutes
    )


def slot_prefix(kind: Kind, deadline: Deadline, lead_days: int | None = None) -> str:
    """The start of the keys of one slot of a deadline, before the department and the person: every key of
    the slot starts with it, and no other slot's does (``storage.reminders.claimed_under`` reads a slot's
    claims by it, one index range)."""
    parts = [
        kind.value,
        deadline.what,
        f"P{deadline.program_id}",
        str(deadline.year),
        deadline.date.isoformat(),
    ]
    if kind is Kind.BEFORE:
        parts.append(f"L{lead_days}")
    return ":".join(parts) + ":"


def reminder_key(
    kind: Kind,
    deadline: Deadline,
    user_id: int,
    department_id: int | None = None,
    lead_days: int | None = None,
) -> str:
    key = slot_prefix(kind, deadline, lead_days)
    if department_id is not None:
        key += f"D{department_id}:"
    return f"{key}U{user_id}"


def manual_reminder(
    user_id: int,
    program_id: int,
    year: int,
    department_id: int,
    deadline: dt.date | None,
    owed: tuple[Owed, ...],
    now: dt.datetime,
    pressed: int | None = None,
) -> Reminder:
    """A coordinator's «Нагадати» for one member: its key is the pressed message (``pressed``, its id) and the
    press's minute: a coordinator may remind again (from a new /status, or later), while a double tap on one
    button reminds once. It is claimed and recorded like a scheduled one, and /status shows when."""
    _require_aware(now)
    minute = now.astimezone(dt.UTC).replace(second=0, microsecond=0)
    key = f"{Kind.MANUAL.value}:P{program_id}:{year}:D{department_id}:U{user_id}:{minute.isoformat()}"
    if pressed is not None:
        key += f":M{pressed}"
    return Reminder(
        key=key,
        kind=Kind.MANUAL,
        user_id=user_id,
        program_id=program_id,
        year=year,
        interim=None,
        deadline=deadline,
        send_at=now,
        department_id=department_id,
        owed=owed,
    )


def active_periods(
    periods: Iterable[PeriodInfo], config: ReminderConfig, now: dt.datetime
) -> tuple[list[PeriodInfo], list[tuple[PeriodInfo, Exception]], dt.date | None]:
    """The cheap check before loading the rest: the periods with a slot that may be due now, the periods
    nothing can be worked out for (with why: the job sets them aside, reports them and reminds of the
    others), and the earliest slot day judged (mutes matter only from it)."""
    active: list[PeriodInfo] = []
    bad: list[tuple[PeriodInfo, Exception]] = []
    first: dt.date | None = None
    for period in periods:
        try:
            found = open_deadlines([period], config, now)
        except Exception as exc:  # one unreadable period must not hide the others
            bad.append((period, exc))
            continue
        if found:
            active.append(period)
            day = min(slot.day for _, active_slots_ in found for slot in active_slots_)
            first = day if first is None else min(first, day)
    return active, bad, first


@dataclass(frozen=True)
class DueCheck:
    """What the slots due now need of the database (``what_is_due``): read only that."""

    work: dict[tuple[int, int], DueWork]  # (program, year) -> which of its measures the slots need
    prefixes: tuple[str, ...]  # the key prefix of every slot due now (their claims: storage.claimed_under)


def what_is_due(periods: Iterable[PeriodInfo], config: ReminderConfig, now: dt.datetime) -> DueCheck:
    """For the periods with a slot due now (``active_periods``): what the snapshot must hold for them. A
    period with a digest due needs all its departments' planned measures and its reports waiting for review;
    one with only before/overdue slots only the measures that may be owed: not updated since the latest
    interim report's start among its deadlines due (for the annual report: none at all)."""
    work: dict[tuple[int, int], DueWork] = {}
    prefixes: list[str] = []
    for period in periods:
        digest, owed_before = False, ""
        for deadline, active in open_deadlines([period], config, now):
            for slot in active:
                prefixes.append(slot_prefix(slot.kind, deadline, slot.lead_days))
                if slot.kind is Kind.DIGEST:
                    digest = True
                elif deadline.since is not None:
                    owed_before = max(owed_before, iso(deadline.since))
        work[(period.program_id, period.year)] = DueWork(digest, owed_before)
    return DueCheck(work, tuple(prefixes))


def due_reminders(
    snapshot: Snapshot,
    config: ReminderConfig,
    now: dt.datetime,
    failed: list[tuple[PeriodInfo, Exception]] | None = None,
) -> list[Reminder]:
    """The reminders to send at ``now`` (aware), in send-time order; none whose key is in snapshot.sent.

    One pass over the snapshot for all its periods: the work and the members are grouped once, then each
    period reads only its own departments' work. With ``failed`` given, a period nothing can be worked out
    for is added to it (with the exception) and the others' reminders are returned; without, it raises.
    """
    _require_aware(now)
    work_by_period: dict[tuple[int, int], list[DepartmentWork]] = defaultdict(list)
    for work in snapshot.work:
        work_by_period[(work.program_id, work.year)].append(work)
    for works in work_by_period.values():
        works.sort(key=lambda w: w.department_id)
    indicators_owed: dict[tuple[int, int], dict[int, int]] = defaultdict(
        dict
    )  # (program, year) -> department
    for (program_id, year, department_id), count in snapshot.indicators_owed.items():
        if count:
            indicators_owed[(program_id, year)][department_id] = count
    members_by_department: dict[int, list[Person]] = defaultdict(list)
    for person in sorted(snapshot.members, key=lambda p: p.user_id):
        for department_id in person.department_ids:
            members_by_department[department_id].append(person)

    # Each period's reminders sorted on their own (one sort of an oblast's quarter at once, half a million, is C
    # code holding the GIL, and so the event loop, for tens of milliseconds), then put in order without
    # comparing them again: send_order is (send time, kind, program, year, ...); the periods are taken in
    # (program, year) order, so each (send time, kind)'s reminders are in order as they come.
    by_time: dict[tuple[dt.datetime, int], list[Reminder]] = defaultdict(list)
    for period in sorted(snapshot.periods, key=lambda p: (p.program_id, p.year)):
        try:
            found = _due_of_period(
                snapshot, period, config, now, work_by_period, members_by_department, indicators_owed
            )
        except Exception as exc:
            if failed is None:
                raise
            failed.append((period, exc))
            continue
        found.sort(key=send_order)
        for reminder in found:
            by_time[(reminder.send_at, _KIND_ORDER[reminder.kind])].append(reminder)
    return [reminder for at in sorted(by_time) for reminder in by_time[at]]


def _due_of_period(
    snapshot: Snapshot,
    period: PeriodInfo,
    config: ReminderConfig,
    now: dt.datetime,
    work_by_period: dict[tuple[int, int], list[DepartmentWork]],
    members_by_department: dict[int, list[Person]],
    indicators_owed: dict[tuple[int, int], dict[int, int]],
) -> list[Reminder]:
    due: list[Reminder] = []
    for deadline, active in open_deadlines([period], config, now):
        key = (deadline.program_id, deadline.year)
        works = work_by_period.get(key, ())  # by department
        owing = [(w, owed) for w in works if (owed := owed_for(w, deadline))]
        # The annual report owes the result indicators too: a department with every measure reported is
        # reminded of its indicators still owed (the digest lists the measures only).
        # (The check's snapshot holds a department's work only where a measure may be owed: one that owes only
        # indicators is not in ``works``, so they are taken from the counts.)
        indicators = indicators_owed.get(key, {}) if deadline.interim is None else {}
        owing_ids = {w.department_id for w, _ in owing}
        reminded = owing + [
            (DepartmentWork(deadline.program_id, deadline.year, department, ()), ())
            for department in sorted(indicators)
            if department not in owing_ids
        ]
        for slot in active:
            if slot.kind is Kind.DIGEST:
                due.extend(_digests(snapshot, deadline, slot, owing, members_by_department))
                continue
            prefix, day = slot_prefix(slot.kind, deadline, slot.lead_days), slot.day
            for work, owed in reminded:
                department = work.department_id
                # One reminder made per department; its members' differ only in key and person (_for_person).
                made = None
                for person in members_by_department.get(department, ()):
                    if person.blocked or (person.mutes and is_muted(person, department, day)):
                        continue
                    key = f"{prefix}D{department}:U{person.user_id}"  # reminder_key, the slot's part once
                    if key in snapshot.sent:
                        continue
                    if made is None:
                        made = Reminder(
                            key=key,
                            kind=slot.kind,
                            user_id=person.user_id,
                            program_id=deadline.program_id,
                            year=deadline.year,
                            interim=deadline.interim,
                            deadline=deadline.date,
                            send_at=slot.send_at,
                            department_id=department,
                            lead_days=slot.lead_days,
                            owed=owed,
                            since=deadline.since.date() if deadline.since else None,
                            indicators=indicators.get(work.department_id, 0),
                        )
                        due.append(made)
                    else:
                        due.append(_for_person(made, key, person.user_id))
    return due


# A department's reminder of a slot in the messages (``due_messages``): the reminder made for its first member
# (the template), its key up to the person (``...:D<department>:U``), and who of its members had their key
# claimed already (None: nobody).
_Part = tuple[Reminder, str, frozenset[int] | None]


def _part_order(part: _Part) -> tuple[object, ...]:
    """``send_order`` of the part's reminders within one person's message (the same send time and kind)."""
    template = part[0]
    return (template.program_id, template.year, template.deadline, part[1])


class Bundle(Sequence[Reminder]):
    """One message's reminders (``due_messages``): one person's before/overdue reminders of one send time and
    kind, or one digest. Made from what each department's reminder of a slot shares (``Reminder`` templates
    with the key's part before the person, ``...:D<department>:U``), so the check makes one object per message,
    not per reminder; the person's reminders are made when the message is read (worded, claimed, sent), once."""

    __slots__ = ("_made", "_parts", "order", "user_id")

    def __init__(
        self,
        user_id: int,
        order: tuple[object, ...],
        parts: list[_Part] | None = None,
        made: tuple[Reminder, ...] | None = None,
    ) -> None:
        self.user_id = user_id
        self.order = order  # ``send_order`` of its first reminder: the messages go out in it
        self._parts = parts or []
        self._made = made

    @property
    def reminders(self) -> tuple[Reminder, ...]:
        if self._made is None:
            user, suffix = self.user_id, str(self.user_id)
            self._made = tuple(
                _for_person(template, head + suffix, user) for template, head, _ in self._parts
            )
            self._parts = []
        return self._made

    def __len__(self) -> int:
        return len(self._made) if self._made is not None else len(self._parts)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self.reminders[index]

    def __iter__(self) -> Iterator[Reminder]:
        return iter(self.reminders)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Bundle):
            return self.reminders == other.reminders
        if isinstance(other, tuple):
            return self.reminders == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.reminders)

    def __repr__(self) -> str:
        return f"Bundle({self.reminders!r})"


def due_messages(
    snapshot: Snapshot,
    config: ReminderConfig,
    now: dt.datetime,
    failed: list[tuple[PeriodInfo, Exception]] | None = None,
) -> list[Bundle]:
    """``bundles(due_reminders(snapshot, config, now, failed))``, the same messages with the same reminders in
    the same order, at the cost of what is due: a slot's department reminder is made once (as in
    ``due_reminders``), and each of its members gets a reference to it in their message, not a reminder of their
    own (made when the message is read: ``Bundle``). An oblast's quarter end is 12,000 messages of 45 reminders
    each: half a million reminders made and sorted twice in ``due_reminders`` and ``bundles``, here 27,000
    templates and 12,000 messages sorted once.

    The order: ``bundles`` keeps the reminders' ``send_order`` (send time, kind, program, year, deadline, key)
    and puts each message where its first reminder is. Here the periods are taken in (program, year) order, each
    period's deadlines by date, each slot's departments in the order of their keys' part (``D<id>:``), so a
    person's message gets its reminders in that order as they come; the messages are then sorted by their first
    reminder's ``send_order``.
    """
    _require_aware(now)
    work_by_period: dict[tuple[int, int], list[DepartmentWork]] = defaultdict(list)
    for work in snapshot.work:
        work_by_period[(work.program_id, work.year)].append(work)
    for works in work_by_period.values():
        works.sort(key=lambda w: w.department_id)
    indicators_owed: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for (program_id, year, department_id), count in snapshot.indicators_owed.items():
        if count:
            indicators_owed[(program_id, year)][department_id] = count
    members_by_department: dict[int, list[Person]] = defaultdict(list)
    for person in sorted(snapshot.members, key=lambda p: p.user_id):
        for department_id in person.department_ids:
            members_by_department[department_id].append(person)
    # The claimed (slot, department)s: a department none of whose members' keys is claimed needs no look-up each.
    sent = snapshot.sent
    claimed_heads = {key[: key.rfind(":U") + 2] for key in sent}
    # Who of a department may be reminded on a slot's day (not blocked, not muted then): once per (department, day).
    reachable: dict[tuple[int, dt.date], list[int]] = {}

    def reachable_on(department: int, day: dt.date) -> list[int]:
        found = reachable.get((department, day))
        if found is None:
            found = [
                p.user_id
                for p in members_by_department.get(department, ())
                if not p.blocked and not (p.mutes and is_muted(p, department, day))
            ]
            reachable[(department, day)] = found
        return found

    # (send time, kind) -> (its day, department -> its reminders' parts in the keys' order): a part is a
    # department's reminder of a slot, (template, key head, who of its members had the key claimed already or None)
    grouped: dict[tuple[dt.datetime, Kind], tuple[dt.date, dict[int, list[_Part]]]] = {}
    digests: list[Bundle] = []
    for period in sorted(snapshot.periods, key=lambda p: (p.program_id, p.year)):
        try:
            found = open_deadlines([period], config, now)
        except Exception as exc:
            if failed is None:
                raise
            failed.append((period, exc))
            continue
        for deadline, active in found:
            key = (deadline.program_id, deadline.year)
            works = work_by_period.get(key, ())
            owing = [(w, owed) for w in works if (owed := owed_for(w, deadline))]
            indicators = indicators_owed.get(key, {}) if deadline.interim is None else {}
            owing_ids = {w.department_id for w, _ in owing}
            reminded = owing + [
                (DepartmentWork(deadline.program_id, deadline.year, department, ()), ())
                for department in sorted(indicators)
                if department not in owing_ids
            ]
            reminded.sort(key=lambda pair: f"D{pair[0].department_id}:")  # the keys' order
            for slot in active:
                if slot.kind is Kind.DIGEST:
                    digests += [
                        Bundle(r.user_id, send_order(r), made=(r,))
                        for r in _digests(snapshot, deadline, slot, owing, members_by_department)
                    ]
                    continue
                group = grouped.get((slot.send_at, slot.kind))
                if group is None:
                    group = grouped[(slot.send_at, slot.kind)] = (slot.day, {})
                prefix, day, by_department = (
                    slot_prefix(slot.kind, deadline, slot.lead_days),
                    slot.day,
                    group[1],
                )
                since = deadline.since.date() if deadline.since else None
                for work, owed in reminded:
                    department = work.department_id
                    head = f"{prefix}D{department}:U"
                    users = reachable_on(department, day)
                    claimed = None
                    if head in claimed_heads:
                        claimed = frozenset(u for u in users if f"{head}{u}" in sent)
                        users = [u for u in users if u not in claimed]
                    if not users:
                        continue
                    template = Reminder(
                        key=f"{head}{users[0]}",
                        kind=slot.kind,
                        user_id=users[0],
                        program_id=deadline.program_id,
                        year=deadline.year,
                        interim=deadline.interim,
                        deadline=deadline.date,
                        send_at=slot.send_at,
                        department_id=department,
                        lead_days=slot.lead_days,
                        owed=owed,
                        since=since,
                        indicators=indicators.get(department, 0),
                    )
                    by_department.setdefault(department, []).append((template, head, claimed))
    # Each person's message of a (send time, kind): their department's parts as they are (most people are in one
    # department: its list, shared), merged in the keys' order for a person in several; without the parts whose
    # key of theirs was claimed.
    messages = digests
    kind_order = _KIND_ORDER
    for (send_at, kind), (day, by_department) in grouped.items():
        claims = {d for d, parts in by_department.items() if any(part[2] for part in parts)}
        departments_of: dict[int, list[int]] = {}
        for department in by_department:
            for user in reachable_on(department, day):
                mine = departments_of.get(user)
                if mine is None:
                    departments_of[user] = [department]
                else:
                    mine.append(department)
        for user, departments in departments_of.items():
            if len(departments) == 1:
                parts = by_department[departments[0]]
            else:
                parts = sorted((p for d in departments for p in by_department[d]), key=_part_order)
            if claims and not claims.isdisjoint(departments):
                parts = [part for part in parts if not part[2] or user not in part[2]]
                if not parts:
                    continue
            first, head, _ = parts[0]
            order = (send_at, kind_order[kind], first.program_id, first.year, first.deadline, f"{head}{user}")
            messages.append(Bundle(user, order, parts))
    messages.sort(key=lambda m: m.order)
    return messages


def _for_person(reminder: Reminder, key: str, user_id: int) -> Reminder:
    """``reminder`` for another member of its department: ``dataclasses.replace`` without its cost. A frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``: at an oblast's quarter
    end (half a million reminders) that was most of the check. Fields copied, not re-validated: the same
    reminder with another key and person."""
    made = object.__new__(Reminder)
    fields = made.__dict__
    fields.update(reminder.__dict__)
    fields["key"] = key
    fields["user_id"] = user_id
    return made


def bundles(reminders: Iterable[Reminder]) -> list[tuple[Reminder, ...]]:
    """The messages ``reminders`` go out in: a person's before/overdue reminders of the same send time and
    kind together (whatever their programs, years, deadlines and departments), every other reminder alone.
    In send order, and each message's reminders too (by program, year, deadline, then department)."""
    grouped: dict[tuple[object, ...], list[Reminder]] = {}
    ordered = list(reminders)
    keys = [send_order(r) for r in ordered]
    # Sorted only when they are not (due_reminders' are): checked pair by pair, which never
    # holds the GIL long, unlike a C sort of half a million.
    if any(later < earlier for earlier, later in pairwise(keys)):
        ordered.sort(key=send_order)
    while keys:  # freed a slice at a time (all at once holds the GIL for tens of ms at an oblast's size)
        del keys[-500:]
    for reminder in ordered:
        if reminder.kind in (Kind.BEFORE, Kind.OVERDUE):
            together: tuple[object, ...] = (reminder.user_id, reminder.kind, reminder.send_at)
        else:
            together = (reminder.key,)
        grouped.setdefault(together, []).append(reminder)
    return [tuple(group) for group in grouped.values()]


def send_order(reminder: Reminder) -> tuple[object, ...]:
    """The order reminders go out in: by send time, then kind, program, year, deadline."""
    return (
        reminder.send_at,
        _KIND_ORDER[reminder.kind],
        reminder.program_id,
        reminder.year,
        reminder.deadline,
        reminder.key,
    )


def _digests(
    snapshot: Snapshot,
    deadline: Deadline,
    slot: Slot,
    owing: list[tuple[DepartmentWork, tuple[Owed, ...]]],
    members_by_department: dict[int, list[Person]],
) -> list[Reminder]:
    missing = tuple(
        DepartmentOwed(
            department_id=work.department_id,
            owed=owed,
            planned=sum(1 for m in work.measures if m.planned),
            members=len(members_by_department.get(work.department_id, ())),
        )
        for work, owed in owing
    )
    result = []
    for coordinator in snapshot.digest_recipients(deadline.program_id):
        key = reminder_key(Kind.DIGEST, deadline, coordinator.user_id)
        if coordinator.blocked or key in snapshot.sent:
            continue
        result.append(
            Reminder(
                key=key,
                kind=Kind.DIGEST,
                user_id=coordinator.user_id,
                program_id=deadline.program_id,
                year=deadline.year,
                interim=deadline.interim,
                deadline=deadline.date,
                send_at=slot.send_at,
                missing=missing,
            )
        )
    return result


def _require_aware(now: dt.datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
