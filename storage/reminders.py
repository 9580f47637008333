"""Reminders: what the reminder rules read (one snapshot, a few queries) and what they write.

Exactly once: every reminder has an idempotency key (see ``bot.reminders.rules``). Before sending, the
sender claims the key with ``INSERT ... ON CONFLICT DO NOTHING`` in its own transaction; only the one
whose insert made a row sends. A claimed key is never sent again by anyone (another job run, a second
scheduler, a restarted process): a row stays ``claimed`` if the process dies between claim and send, so
such a reminder is lost rather than duplicated (at most once). A key is released (its row deleted) only
when Telegram did not take the message; see ``bot.reminders.delivery``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

import aiosqlite

from storage.clock import KYIV
from storage.db import from_iso, iso, utcnow
from storage.deadlines import DEFAULT_SCHEDULE, InterimSchedule
from storage.indicator_work import owed_indicator_counts, waiting_fact_counts
from storage.interim import interim_schedules
from storage.measure_terms import in_force_sql, parse_term
from storage.migrations import CLOSED_CLAIM
from storage.roles import administrator_ids as recorded_administrators
from storage.roles import program_coordinators

# --- the snapshot the pure rules read --------------------------------------------------------------


@dataclass(frozen=True)
class PeriodInfo:
    """A program's reporting year. Only ``open`` ones are reminded of."""

    program_id: int
    year: int
    deadline: dt.date | None  # the annual report's deadline (reporting_periods.deadline)
    open: bool = True
    program_name: str = ""
    interim: InterimSchedule = DEFAULT_SCHEDULE  # the interim reports the program requires (/interim)
    unreadable: str | None = None  # the row's deadline as stored when it is not a date: no reminders


@dataclass(frozen=True)
class MeasureState:
    """One measure as one of its departments stands with it in a year."""

    measure_id: int
    number: str
    text: str
    planned: bool  # the year is in the measure's term
    last_submitted_at: dt.datetime | None  # this department's newest submission for the year (UTC)


@dataclass(frozen=True)
class DepartmentWork:
    """A department's measures in one program's year, in the order of the program."""

    program_id: int
    year: int
    department_id: int
    measures: tuple[MeasureState, ...]


@dataclass(frozen=True)
class MuteSpan:
    department_id: int | None  # None: all the person's departments
    until: dt.date  # inclusive, a local (Kyiv) date


@dataclass(frozen=True)
class Person:
    user_id: int
    full_name: str = ""
    department_ids: frozenset[int] = frozenset()
    blocked: bool = False  # Telegram answered 403: the person blocked the bot
    mutes: tuple[MuteSpan, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    periods: tuple[PeriodInfo, ...] = ()
    work: tuple[DepartmentWork, ...] = ()
    members: tuple[Person, ...] = ()
    coordinators: tuple[
        Person, ...
    ] = ()  # the administrators: a program's digest when it has no coordinators
    sent: frozenset[str] = frozenset()  # every key ever claimed, whatever became of it
    department_names: dict[int, str] = field(default_factory=dict)  # short names, for the messages
    # (program, year) -> reports waiting for the coordinator's review (storage.reviews), for the digest
    waiting_reviews: dict[tuple[int, int], int] = field(default_factory=dict)
    # every program's name as printed, for the messages (several: a member's reminder names its programs)
    program_names: dict[int, str] = field(default_factory=dict)
    # program -> its coordinators (storage.roles), who get its digest; a program without any is absent
    program_coordinators: dict[int, tuple[Person, ...]] = field(default_factory=dict)
    # (program, year, department) -> result indicators it still owes (storage.indicator_work); absent: none
    indicators_owed: dict[tuple[int, int, int], int] = field(default_factory=dict)
    # (program, year) -> facts of result indicators waiting for review, for the digest (as waiting_reviews)
    waiting_facts: dict[tuple[int, int], int] = field(default_factory=dict)

    def digest_recipients(self, program_id: int) -> tuple[Person, ...]:
        """Who hears of the program: its coordinators, else the administrators; the administrators too when every
        coordinator blocked the bot (or deleted the account): a program is never left unheard."""
        reachable = tuple(p for p in self.program_coordinators.get(program_id, ()) if not p.blocked)
        return reachable or self.coordinators


async def load_periods(conn: aiosqlite.Connection) -> tuple[PeriodInfo, ...]:
    """The open periods. A row whose deadline cannot be read is one too, marked ``unreadable``: one bad
    row must not hide the others (the reminder job reports it)."""
    fetched = await conn.execute_fetchall(
        """SELECT rp.program_id, rp.year, rp.deadline, p.name FROM reporting_periods rp
           JOIN programs p ON p.id = rp.program_id WHERE rp.status = 'open'
           ORDER BY rp.program_id, rp.year"""
    )
    schedules = await interim_schedules(conn)
    # Rows into periods in a worker thread: an oblast's 3,000 held the event loop for 10-20 ms on a busy machine.
    return await asyncio.to_thread(_periods_of, fetched, schedules)


def _periods_of(
    fetched: Iterable[aiosqlite.Row], schedules: dict[int, InterimSchedule]
) -> tuple[PeriodInfo, ...]:
    periods = []
    for program_id, year, deadline, name in fetched:
        schedule = schedules.get(program_id, DEFAULT_SCHEDULE)
        try:
            day = dt.date.fromisoformat(deadline) if deadline else None
        except (TypeError, ValueError):
            periods.append(PeriodInfo(program_id, year, None, True, name, schedule, unreadable=str(deadline)))
            continue
        periods.append(PeriodInfo(program_id, year, day, True, name, schedule))
    return tuple(periods)


async def load_snapshot(
    conn: aiosqlite.Connection,
    administrator_ids: frozenset[int] | set[int] = frozenset(),
    periods: tuple[PeriodInfo, ...] | None = None,
    mutes_from: dt.date | None = None,
    *,
    due: dict[tuple[int, int], DueWork] | None = None,
) -> Snapshot:
    """Everything the rules need but the claims, in a few queries whatever the length of the history.

    Mutes are read only when they last until ``mutes_from`` or later (the earliest slot day the rules
    judge; None: all). ``sent`` stays empty: the caller reads the claims of the slots due now
    (``claimed_under``) or of the candidates (``claimed_keys``), never all of them.

    ``due`` (the reminder check): what each period's slots due now need, so that the snapshot costs what
    is due: a period's measures only as far as they may be owed (``DueWork.owed_before``), the reports
    waiting for review only for the periods whose digest is due. None: everything of ``periods`` (every
    open one when None too).

    "Owed" follows ``storage.workload.worklist``: a measure is the department's when it is linked to it
    (measure_departments), planned when the year is in its term, reported when the department has any
    submission for the year; drafts are not reports.
    """
    if periods is None:
        periods = await load_periods(conn)
    if due is None:
        due = {(p.program_id, p.year): DueWork(digest=True) for p in periods}
    chosen = [p for p in periods if (p.program_id, p.year) in due]
    work = await _load_work(conn, chosen, due)
    members = await _load_members(conn, mutes_from)
    coordinators, program_people = await _load_coordinators(conn, administrator_ids)
    fetched = await conn.execute_fetchall("SELECT id, short_name FROM departments")
    names = {r[0]: r[1] for r in fetched}
    waiting = await _load_waiting(conn, [p for p in chosen if due[(p.program_id, p.year)].digest])
    fetched = await conn.execute_fetchall("SELECT id, name FROM programs")
    programs = {r[0]: r[1] for r in fetched}
    # Result indicators still owed (storage.indicator_work), for the annual report's reminders.
    indicators = await owed_indicator_counts(conn, [(p.program_id, p.year) for p in chosen])
    return Snapshot(
        periods,
        work,
        members,
        coordinators,
        frozenset(),
        names,
        waiting,
        programs,
        program_people,
        indicators,
        await waiting_fact_counts(
            conn, [(p.program_id, p.year) for p in chosen if due[(p.program_id, p.year)].digest]
        ),
    )


@dataclass(frozen=True)
class DueWork:
    """What the slots due now in a period need of its measures (``load_snapshot``'s ``due``)."""

    digest: bool = False  # a digest is due: every department's planned measures, and the reviews waiting
    # Before/overdue only: a measure can be owed only when its department's newest counting submission is
    # older than this (UTC, as stored; "": only when there is none, the annual report). Ignored with a digest.
    owed_before: str = ""


async def _load_work(
    conn: aiosqlite.Connection, periods: list[PeriodInfo], due: dict[tuple[int, int], DueWork]
) -> tuple[DepartmentWork, ...]:
    """The periods' measures, by department: the newest submission that counts per (measure, department, year)
    (``storage.submissions.newest_counting``) read from the heads the triggers keep (report_heads,
    import_heads: migration 22), one seek each, never the revisions; none when the department's newest revision
    was returned by the coordinator (``report_heads.returned``): it is owed again. A period without a digest due gets only the measures that may be owed
    (``DueWork.owed_before``): the departments that owe nothing for it are not in the snapshot."""
    rows: list[object] = []
    # CROSS JOIN: each period once, then its measures by program (left to SQLite, it sought the period per measure).
    for chosen, params in _chosen_periods(periods, due):
        rows += await conn.execute_fetchall(
            f"""WITH {chosen}
               SELECT rp.program_id, rp.year, md.department_id, m.id, m.number, m.text, m.term,
                      CASE WHEN h.returned THEN NULL
                      ELSE NULLIF(MAX(COALESCE(h.newest_at, ''), COALESCE(ih.newest_at, '')), '') END AS newest
               FROM chosen ch
               CROSS JOIN reporting_periods rp ON rp.program_id = ch.program_id AND rp.year = ch.year
               CROSS JOIN measures m ON m.program_id = rp.program_id
               JOIN tasks t ON t.id = m.task_id
               JOIN measure_departments md ON md.measure_id = m.id
               LEFT JOIN report_heads h ON h.measure_id = m.id AND h.year = rp.year
                                           AND h.department_id = md.department_id
               LEFT JOIN import_heads ih ON ih.measure_id = m.id AND ih.year = rp.year
               WHERE rp.status = 'open' AND {in_force_sql("rp.year")}
                     AND (ch.owed_before IS NULL OR newest IS NULL OR newest < ch.owed_before)
               ORDER BY rp.program_id, rp.year, md.department_id, t.position, m.position""",
            params,
        )
    # Rows into the rules' shapes in a worker thread: an oblast's quarter is hundreds of thousands of them.
    return await asyncio.to_thread(_work_of, rows)


async def _load_members(conn: aiosqlite.Connection, mutes_from: dt.date | None) -> tuple[Person, ...]:
    """Every member of a department, with their mutes lasting until ``mutes_from`` or later. The rows become
    people in a worker thread: an oblast's 12,000 held the event loop for tens of ms."""
    mutes = await conn.execute_fetchall(
        "SELECT user_id, department_id, until_date FROM mutes WHERE until_date >= ?",
        ((mutes_from or dt.date.min).isoformat(),),
    )
    members = await conn.execute_fetchall(
        """SELECT u.telegram_id, u.full_name, u.blocked_at, m.department_id FROM memberships m
           JOIN users u ON u.telegram_id = m.user_id ORDER BY u.telegram_id, m.department_id"""
    )
    return await asyncio.to_thread(_people_of, mutes, members)


def _people_of(
    mute_rows: Iterable[aiosqlite.Row], member_rows: Iterable[aiosqlite.Row]
) -> tuple[Person, ...]:
    mutes: dict[int, list[MuteSpan]] = defaultdict(list)
    for user_id, department_id, until in mute_rows:
        mutes[user_id].append(MuteSpan(department_id, dt.date.fromisoformat(until)))
    people: dict[int, tuple[str, bool, list[int]]] = {}
    for user_id, full_name, blocked_at, department_id in member_rows:
        people.setdefault(user_id, (full_name, blocked_at is not None, []))[2].append(department_id)
    return tuple(
        Person(user_id, name, frozenset(departments), blocked, tuple(mutes.get(user_id, ())))
        for user_id, (name, blocked, departments) in people.items()
    )


async def _load_coordinators(
    conn: aiosqlite.Connection, administrator_ids: frozenset[int] | set[int]
) -> tuple[tuple[Person, ...], dict[int, tuple[Person, ...]]]:
    """The administrators (the settings' ``administrator_ids`` and those recorded) and each program's
    coordinators."""
    administrators = set(administrator_ids) | await recorded_administrators(conn)
    by_program = await program_coordinators(conn)
    people_by_id = {
        p.user_id: p for p in await _coordinators(conn, administrators.union(*by_program.values()))
    }
    coordinators = tuple(people_by_id[i] for i in sorted(administrators))
    program_people = {
        program_id: tuple(people_by_id[i] for i in sorted(ids)) for program_id, ids in by_program.items()
    }
    return coordinators, program_people


async def _load_waiting(conn: aiosqlite.Connection, periods: list[PeriodInfo]) -> dict[tuple[int, int], int]:
    """Reports waiting for review in each of the periods: each (measure, department)'s newest revision, sent
    in the bot, not reviewed (through the periods' measures and their heads, report_heads: never the history).
    Only the digest shows them: the check asks for the periods whose digest is due."""
    waiting: dict[tuple[int, int], int] = {}
    for chosen, params in _chosen_periods(periods):
        fetched = await conn.execute_fetchall(
            f"""WITH {chosen}
               SELECT rp.program_id, rp.year, COUNT(*) FROM chosen ch
               CROSS JOIN reporting_periods rp ON rp.program_id = ch.program_id AND rp.year = ch.year
               CROSS JOIN measures m ON m.program_id = rp.program_id
               CROSS JOIN measure_departments md ON md.measure_id = m.id
               CROSS JOIN report_heads h ON h.measure_id = m.id AND h.year = rp.year
                                            AND h.department_id = md.department_id
               JOIN submissions s ON s.id = h.newest_id
               WHERE rp.status = 'open' AND s.source = 'bot'
                     AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.submission_id = s.id)
               GROUP BY rp.program_id, rp.year""",
            params,
        )
        waiting.update({(r[0], r[1]): r[2] for r in fetched})
    return waiting


def _chosen_periods(
    periods: Iterable[PeriodInfo], due: dict[tuple[int, int], DueWork] | None = None
) -> list[tuple[str, list[object]]]:
    """SQL common tables ``chosen(program_id, year, owed_before)`` of the periods, CHUNK at a time, with their
    parameters; ``owed_before`` NULL (every measure) unless ``due`` says only the owed ones are needed."""
    pairs = sorted({(p.program_id, p.year) for p in periods})
    chunks = []
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        values = ", ".join("(?, ?, ?)" for _ in chunk)
        params: list[object] = []
        for pair in chunk:
            wanted = due.get(pair) if due is not None else None
            params += [*pair, None if wanted is None or wanted.digest else wanted.owed_before]
        chunks.append((f"chosen(program_id, year, owed_before) AS (VALUES {values})", params))
    return chunks


def _work_of(rows: list[object]) -> tuple[DepartmentWork, ...]:
    """The rows as the rules' shapes. Empties ``rows`` a slice at a time: freeing a few hundred thousand rows at
    once (when the caller drops them) is C code holding the GIL, and so the event loop, for tens of ms."""
    grouped: dict[tuple[int, int, int], list[MeasureState]] = defaultdict(list)
    for program_id, year, department_id, measure_id, number, text, term, last in rows:  # type: ignore[misc]
        grouped[(program_id, year, department_id)].append(
            MeasureState(
                measure_id,
                number,
                text,
                year in parse_term(term),
                dt.datetime.fromisoformat(last) if last else None,
            )
        )
    while rows:
        del rows[-CHUNK:]
    return tuple(DepartmentWork(p, y, d, tuple(measures)) for (p, y, d), measures in grouped.items())


CHUNK = 500  # keys or ids per IN (...): well under SQLite's limit of bound parameters


async def claimed_keys(conn: aiosqlite.Connection, keys: Iterable[str]) -> frozenset[str]:
    """Which of ``keys`` were ever claimed (whatever became of them): one primary-key seek each. The keys are
    read CHUNK at a time, so a quarter's end of an oblast (hundreds of thousands) never holds the event loop."""
    found: set[str] = set()
    rest = iter(keys)
    while chunk := list(dict.fromkeys(islice(rest, CHUNK))):
        fetched = await conn.execute_fetchall(
            f"SELECT key FROM reminders_sent WHERE key IN ({','.join('?' * len(chunk))})", chunk
        )
        found.update(r[0] for r in fetched)
    return frozenset(found)


async def claimed_under(conn: aiosqlite.Connection, prefixes: Iterable[str]) -> frozenset[str]:
    """The keys ever claimed that start with one of ``prefixes`` (each ending in ":", as
    ``bot.reminders.rules.slot_prefix`` makes them): one index range of the key per prefix, so the claims of the
    slots due now cost what was claimed in them, never the history. CHUNK // 2 prefixes a statement."""
    found: set[str] = set()
    wanted = sorted(set(prefixes))
    step = CHUNK // 2
    for start in range(0, len(wanted), step):
        chunk = wanted[start : start + step]
        values = ", ".join("(?, ?)" for _ in chunk)
        # ";" follows ":": [prefix, prefix with ";" for its ":") holds exactly the keys starting with prefix.
        params = [bound for prefix in chunk for bound in (prefix, prefix[:-1] + ";")]
        fetched = await conn.execute_fetchall(
            f"""WITH slots(low, high) AS (VALUES {values})
                SELECT r.key FROM slots CROSS JOIN reminders_sent r ON r.key >= slots.low AND r.key < slots.high""",
            params,
        )
        found.update(r[0] for r in fetched)
    return frozenset(found)


async def _coordinators(conn: aiosqlite.Connection, ids: frozenset[int] | set[int]) -> tuple[Person, ...]:
    if not ids:
        return ()
    ordered = sorted(ids)
    marks = ",".join("?" * len(ordered))
    fetched = await conn.execute_fetchall(
        f"SELECT telegram_id, full_name, blocked_at FROM users WHERE telegram_id IN ({marks})", ordered
    )
    known = {r[0]: (r[1], r[2] is not None) for r in fetched}
    # A coordinator who never wrote to the bot has no users row: tried anyway (Telegram decides).
    people = []
    for user_id in ordered:
        full_name, blocked = known.get(user_id, ("", False))
        people.append(Person(user_id, full_name, frozenset(), blocked))
    return tuple(people)


# --- exactly once ----------------------------------------------------------------------------------


async def claim(
    conn: aiosqlite.Connection, key: str, user_id: int, kind: str, now: dt.datetime | None = None
) -> bool:
    """True when this call made the claim; False when the key was claimed before (by anyone)."""
    fetched = await conn.execute_fetchall(
        """INSERT INTO reminders_sent (key, user_id, kind, state, claimed_at) VALUES (?, ?, ?, 'claimed', ?)
           ON CONFLICT (key) DO NOTHING RETURNING key""",
        (key, user_id, kind, iso(now or utcnow())),
    )
    return (fetched[0] if fetched else None) is not None


async def claim_all(
    conn: aiosqlite.Connection, claims: Iterable[tuple[str, int, str]], now: dt.datetime | None = None
) -> list[str]:
    """Claim the keys of one message, given as (key, user_id, kind): the ones this call claimed, in their
    order (those claimed before, by anyone, are left out). Run it in one transaction: the message's keys are
    claimed together or not at all."""
    claimed = []
    for key, user_id, kind in claims:
        if await claim(conn, key, user_id, kind, now):
            claimed.append(key)
    return claimed


async def confirm_sent(
    conn: aiosqlite.Connection, key: str, message_id: int | None, now: dt.datetime | None = None
) -> None:
    await conn.execute(
        "UPDATE reminders_sent SET state = 'sent', sent_at = ?, message_id = ?, error = NULL WHERE key = ?",
        (iso(now or utcnow()), message_id, key),
    )


async def record_failure(conn: aiosqlite.Connection, key: str, state: str, error: str) -> None:
    """Keep the claim (never retried) with what went wrong: ``unknown`` or ``failed``."""
    if state not in ("unknown", "failed"):
        raise ValueError(state)
    await conn.execute(
        "UPDATE reminders_sent SET state = ?, error = ? WHERE key = ?", (state, error[:500], key)
    )


async def claim_error(conn: aiosqlite.Connection, key: str) -> str | None:
    """What went wrong with a kept claim (``record_failure``), None when nothing did or there is no claim."""
    fetched = await conn.execute_fetchall("SELECT error FROM reminders_sent WHERE key = ?", (key,))
    return fetched[0][0] if fetched else None


async def release(conn: aiosqlite.Connection, key: str) -> None:
    """Undo a claim: Telegram did not take the message, so a later run may try again."""
    await conn.execute("DELETE FROM reminders_sent WHERE key = ? AND state = 'claimed'", (key,))


async def reminder_states(conn: aiosqlite.Connection) -> dict[str, str]:
    fetched = await conn.execute_fetchall("SELECT key, state FROM reminders_sent")
    return {r[0]: r[1] for r in fetched}


async def last_reminded(conn: aiosqlite.Connection, user_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """When each of these people last got a reminder or digest (UTC), for the coordinator's status view.

    The later of their newest sent claim (one seek: reminders_sent_by_user) and what the compacted claims
    left of them (last_reminders, one seek): the same answer before and after ``compact_claims``.
    """
    wanted = sorted(set(user_ids))
    result: dict[int, dt.datetime] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        values = ",".join(["(?)"] * len(chunk))
        fetched = await conn.execute_fetchall(
            f"""WITH people(id) AS (VALUES {values})
                SELECT id, (SELECT MAX(r.sent_at) FROM reminders_sent r WHERE r.user_id = people.id
                            AND r.state = 'sent'),
                       (SELECT l.at FROM last_reminders l WHERE l.user_id = people.id) FROM people""",
            chunk,
        )
        for user_id, kept, compacted in fetched:
            # ISO-8601 UTC strings of one format: the greater string is the later moment
            newest = max(filter(None, (kept, compacted)), default=None)
            if newest:
                result[user_id] = from_iso(newest)
    return result


# Days after a deadline after which none of its slots can be due (None of a deadline's reminders is useful past
# the first working day after it + OVERDUE_VALID_DAYS <= 30): the claims of such a deadline are history only.
COMPACT_AFTER_DAYS = 92


async def compact_claims(conn: aiosqlite.Connection, before: dt.date) -> int:
    """Forget the claims of closed periods, keeping what /status shows of them. Returns the claims removed.

    A claim goes when the deadline its key names (``bot.reminders.rules.reminder_key``: the date after the
    year) is before ``before``, or for a coordinator's reminder (a "manual" key, never derived again) when it was
    claimed before that day. The caller picks ``before`` so that no slot of such a deadline can still be
    useful (``bot.reminders.rules.compaction_cutoff``): a key that could still be due is never forgotten, so
    exactly once holds. A locked year's claims go with its deadlines: a year can be unlocked, and its keys
    are due again only while their slots are. Each person's newest sent one is kept in last_reminders.
    Run it in one transaction.
    """
    closed = CLOSED_CLAIM.format(cutoff="?")
    day = before.isoformat()
    await conn.execute(
        f"""INSERT INTO last_reminders (user_id, at)
            SELECT user_id, MAX(sent_at) FROM reminders_sent
            WHERE state = 'sent' AND sent_at IS NOT NULL AND {closed}
            GROUP BY user_id
            ON CONFLICT (user_id) DO UPDATE SET at = CASE WHEN excluded.at > at THEN excluded.at ELSE at END""",
        (day, day),
    )
    cursor = await conn.execute(f"DELETE FROM reminders_sent WHERE {closed}", (day, day))
    removed = cursor.rowcount
    await cursor.close()
    return removed


async def blocked_ids(conn: aiosqlite.Connection) -> set[int]:
    fetched = await conn.execute_fetchall("SELECT telegram_id FROM users WHERE blocked_at IS NOT NULL")
    return {r[0] for r in fetched}


async def unmark_blocked(conn: aiosqlite.Connection, telegram_id: int) -> None:
    """The person wrote to the bot again, so they no longer block it."""
    await conn.execute(
        "UPDATE users SET blocked_at = NULL WHERE telegram_id = ? AND blocked_at IS NOT NULL", (telegram_id,)
    )


# --- mutes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MutedMember:
    user_id: int
    full_name: str
    department_id: int | None  # None: all their departments
    until: dt.date  # inclusive
    department_ids: tuple[int, ...]  # the departments they are a member of


async def set_mute(
    conn: aiosqlite.Connection,
    user_id: int,
    until: dt.date,
    department_id: int | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Silence the person's reminders up to and including ``until`` (replaces a mute of the same scope)."""
    if department_id is None:
        await conn.execute("DELETE FROM mutes WHERE user_id = ? AND department_id IS NULL", (user_id,))
    else:
        await conn.execute(
            "DELETE FROM mutes WHERE user_id = ? AND department_id = ?", (user_id, department_id)
        )
    await conn.execute(
        "INSERT INTO mutes (user_id, department_id, until_date, created_at) VALUES (?, ?, ?, ?)",
        (user_id, department_id, until.isoformat(), iso(now or utcnow())),
    )


async def clear_mutes(conn: aiosqlite.Connection, user_id: int) -> bool:
    """Reminders on again. True when there was a mute."""
    fetched = await conn.execute_fetchall("DELETE FROM mutes WHERE user_id = ? RETURNING id", (user_id,))
    return bool(fetched)


async def mute_until(conn: aiosqlite.Connection, user_id: int, today: dt.date) -> dt.date | None:
    """The end of the person's mute of all their departments, when one is in force on ``today``."""
    fetched = await conn.execute_fetchall(
        "SELECT MAX(until_date) FROM mutes WHERE user_id = ? AND department_id IS NULL AND until_date >= ?",
        (user_id, today.isoformat()),
    )
    row = fetched[0] if fetched else None
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


async def muted_members(conn: aiosqlite.Connection, today: dt.date | None = None) -> list[MutedMember]:
    """Who has reminders muted on ``today`` (default: today in Kyiv), for the coordinator's views."""
    today = today or dt.datetime.now(KYIV).date()
    fetched = await conn.execute_fetchall(
        """SELECT mu.user_id, u.full_name, mu.department_id, mu.until_date
           FROM mutes mu JOIN users u ON u.telegram_id = mu.user_id
           WHERE mu.until_date >= ? ORDER BY u.full_name, mu.user_id, mu.until_date""",
        (today.isoformat(),),
    )
    rows = fetched
    if not rows:
        return []
    users = sorted({r[0] for r in rows})
    marks = ",".join("?" * len(users))
    fetched = await conn.execute_fetchall(
        f"SELECT user_id, department_id FROM memberships WHERE user_id IN ({marks}) ORDER BY department_id",
        users,
    )
    departments: dict[int, list[int]] = defaultdict(list)
    for user_id, department_id in fetched:
        departments[user_id].append(department_id)
    return [
        MutedMember(r[0], r[1], r[2], dt.date.fromisoformat(r[3]), tuple(departments.get(r[0], ())))
        for r in rows
    ]
