"""The directory of departments edited: what each one has, a rename, its aliases, two merged into one, and the
new short name being typed in the chat.

A merge moves everything that names the department that goes to the one that stays, in the caller's
transaction: every column that references ``departments`` (``DEPARTMENT_REFERENCES``; a test checks the schema
has no other) and the two places that hold a department's id in text (``measure_versions.departments``, JSON;
the reminders' idempotency keys, ``...:D<id>:...``). Then the department is deleted.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

import aiosqlite

from storage.db import iso, utcnow
from storage.models import Department
from storage.programs import list_departments
from storage.texts import clean_text

# A department's names: the short one everybody sees in the bot, the full one as the documents write it.
MAX_SHORT_NAME: Final = 40
MAX_NAME: Final = 300


def name_text(text: str) -> str:
    """A name as it is kept: cleaned as every typed text is, on one line, single spaces."""
    return " ".join(clean_text(text).split())


def same_name(a: str, b: str) -> bool:
    """Two names are one when they differ only in spaces or case: no two departments share one."""
    return name_text(a).casefold() == name_text(b).casefold()


# Every (table, column) that references a department's id. tests/test_actions_directory.py compares it with the
# schema: a table added later with such a column fails the test until the merge moves it too.
DEPARTMENT_REFERENCES: Final = (
    ("department_aliases", "department_id"),
    ("department_renames_pending", "department_id"),
    ("drafts", "department_id"),
    ("evidence_files", "department_id"),
    ("indicators", "department_id"),
    ("invites", "department_id"),
    ("measure_departments", "department_id"),
    ("memberships", "department_id"),
    ("mutes", "department_id"),
    ("programs", "responsible_department_id"),
    ("report_heads", "department_id"),  # moved with the submissions by their triggers (migration 22)
    ("submissions", "department_id"),
)


@dataclass(frozen=True)
class DepartmentFacts:
    """One department of the directory with what it has."""

    department: Department  # with its aliases
    measures: dict[int, int] = field(default_factory=dict)  # program id -> measures it is an executor of
    members: int = 0  # people in the bot
    submissions: int = 0  # revisions of reports, of every year


async def directory_facts(conn: aiosqlite.Connection) -> list[DepartmentFacts]:
    """Every department (by full name) with its measures per program, members and revisions."""
    measures: dict[int, dict[int, int]] = defaultdict(dict)
    fetched = await conn.execute_fetchall(
        """SELECT md.department_id, m.program_id, COUNT(*) FROM measure_departments md
           JOIN measures m ON m.id = md.measure_id GROUP BY md.department_id, m.program_id"""
    )
    for department_id, program_id, count in fetched:
        measures[department_id][program_id] = count
    members = dict(
        await conn.execute_fetchall("SELECT department_id, COUNT(*) FROM memberships GROUP BY department_id")
    )
    submissions = dict(
        await conn.execute_fetchall("SELECT department_id, COUNT(*) FROM submissions GROUP BY department_id")
    )
    return [
        DepartmentFacts(d, measures.get(d.id, {}), members.get(d.id, 0), submissions.get(d.id, 0))
        for d in await list_departments(conn)
    ]


async def department_with_aliases(conn: aiosqlite.Connection, department_id: int) -> Department | None:
    return next((d for d in await list_departments(conn) if d.id == department_id), None)


async def rename(conn: aiosqlite.Connection, department_id: int, short_name: str, name: str) -> None:
    await conn.execute(
        "UPDATE departments SET short_name = ?, name = ? WHERE id = ?", (short_name, name, department_id)
    )


async def add_aliases(conn: aiosqlite.Connection, department_id: int, aliases: Iterable[str]) -> int:
    """The aliases the department does not have yet added; how many were."""
    added = 0
    for alias in dict.fromkeys(aliases):
        cursor = await conn.execute(
            "INSERT INTO department_aliases (department_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (department_id, alias),
        )
        added += cursor.rowcount
    return added


async def set_aliases(conn: aiosqlite.Connection, department_id: int, aliases: Iterable[str]) -> None:
    await conn.execute("DELETE FROM department_aliases WHERE department_id = ?", (department_id,))
    await add_aliases(conn, department_id, aliases)


# --- a merge --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeCounts:
    """What merging ``gone`` into ``keep`` moves (counted before it does)."""

    measures: int  # measures ``gone`` is an executor of
    shared: int  # ... of which ``keep`` is one too (one link stays)
    submissions: int  # revisions of ``gone``'s reports
    members: int  # members of ``gone`` (those already in ``keep`` stay once)
    drafts: int
    evidence: int
    invites: int  # invite links (they let people into ``keep`` from now on)
    # (measure number, year) that both reported: their revisions are one department's history from now on, and
    # its newest one (the one written last) is the one that counts
    both_reported: tuple[tuple[str, int], ...] = ()


async def merge_counts(conn: aiosqlite.Connection, keep: int, gone: int) -> MergeCounts:
    async def count(sql: str) -> int:
        fetched = await conn.execute_fetchall(sql, {"keep": keep, "gone": gone})
        return int(fetched[0][0])

    both = await conn.execute_fetchall(
        """SELECT DISTINCT m.number, g.year, m.program_id, m.task_id, m.position FROM submissions g
           JOIN measures m ON m.id = g.measure_id
           WHERE g.department_id = :gone AND EXISTS (
               SELECT 1 FROM submissions k
               WHERE k.measure_id = g.measure_id AND k.year = g.year AND k.department_id = :keep)
           ORDER BY g.year, m.program_id, m.task_id, m.position""",
        {"keep": keep, "gone": gone},
    )
    return MergeCounts(
        measures=await count("SELECT COUNT(*) FROM measure_departments WHERE department_id = :gone"),
        shared=await count(
            """SELECT COUNT(*) FROM measure_departments g WHERE g.department_id = :gone AND EXISTS (
                   SELECT 1 FROM measure_departments k WHERE k.measure_id = g.measure_id AND k.department_id = :keep)"""
        ),
        submissions=await count("SELECT COUNT(*) FROM submissions WHERE department_id = :gone"),
        members=await count("SELECT COUNT(*) FROM memberships WHERE department_id = :gone"),
        drafts=await count("SELECT COUNT(*) FROM drafts WHERE department_id = :gone"),
        evidence=await count("SELECT COUNT(*) FROM evidence_files WHERE department_id = :gone"),
        invites=await count("SELECT COUNT(*) FROM invites WHERE department_id = :gone"),
        both_reported=tuple((str(r[0]), int(r[1])) for r in both),
    )


async def merge(
    conn: aiosqlite.Connection, keep: int, gone: int, aliases: Iterable[str] = ()
) -> tuple[int, ...]:
    """Everything of ``gone`` becomes ``keep``'s, ``aliases`` (and ``gone``'s own) are added to ``keep``'s, and
    ``gone`` is deleted. Returns the members of ``gone`` (whose departments changed). In the caller's
    transaction.

    - measure links: ``keep`` takes ``gone``'s place; where both were executors, one link stays, the lead if
      either was, at the earlier place; the same in the executors of earlier wordings (``measure_versions``);
    - revisions of reports, with their reviews, and evidence files: ``keep``'s. Where both reported a measure
      for a year, both histories are kept as one, and the newest revision of the two (written last) is the one
      that counts, as for any department's revisions;
    - drafts: where a person has one of each for the same measure and year, the newer one stays;
    - members (each once), invite links, mutes, reminders already sent (not sent again), programs'
      responsible department.
    """
    names = {"keep": keep, "gone": gone}
    moved = tuple(
        int(r[0])
        for r in await conn.execute_fetchall(
            "SELECT user_id FROM memberships WHERE department_id = :gone ORDER BY user_id", names
        )
    )
    # measure links
    await conn.execute(
        """UPDATE measure_departments SET
               is_lead = MAX(is_lead, (SELECT g.is_lead FROM measure_departments g
                                       WHERE g.measure_id = measure_departments.measure_id
                                             AND g.department_id = :gone)),
               position = MIN(position, (SELECT g.position FROM measure_departments g
                                         WHERE g.measure_id = measure_departments.measure_id
                                               AND g.department_id = :gone))
           WHERE department_id = :keep AND measure_id IN (
               SELECT measure_id FROM measure_departments WHERE department_id = :gone)""",
        names,
    )
    await conn.execute(
        """DELETE FROM measure_departments WHERE department_id = :gone AND measure_id IN (
               SELECT measure_id FROM measure_departments WHERE department_id = :keep)""",
        names,
    )
    await conn.execute(
        "UPDATE measure_departments SET department_id = :keep WHERE department_id = :gone", names
    )
    await _merge_versions(conn, keep, gone)
    # reports, files, drafts
    await conn.execute("UPDATE submissions SET department_id = :keep WHERE department_id = :gone", names)
    await conn.execute("UPDATE evidence_files SET department_id = :keep WHERE department_id = :gone", names)
    await conn.execute("UPDATE indicators SET department_id = :keep WHERE department_id = :gone", names)
    await conn.execute(
        """DELETE FROM drafts WHERE department_id = :gone AND EXISTS (
               SELECT 1 FROM drafts k WHERE k.user_id = drafts.user_id AND k.measure_id = drafts.measure_id
                   AND k.year = drafts.year AND k.department_id = :keep AND k.updated_at >= drafts.updated_at)""",
        names,
    )
    await conn.execute(
        """DELETE FROM drafts WHERE department_id = :keep AND EXISTS (
               SELECT 1 FROM drafts g WHERE g.user_id = drafts.user_id AND g.measure_id = drafts.measure_id
                   AND g.year = drafts.year AND g.department_id = :gone)""",
        names,
    )
    await conn.execute("UPDATE drafts SET department_id = :keep WHERE department_id = :gone", names)
    # people
    await conn.execute(
        "UPDATE OR IGNORE memberships SET department_id = :keep WHERE department_id = :gone", names
    )
    await conn.execute("DELETE FROM memberships WHERE department_id = :gone", names)
    await conn.execute("UPDATE invites SET department_id = :keep WHERE department_id = :gone", names)
    await conn.execute("UPDATE mutes SET department_id = :keep WHERE department_id = :gone", names)
    await _rekey_reminders(conn, keep, gone)
    await conn.execute("DELETE FROM department_renames_pending WHERE department_id = :gone", names)
    # the directory
    await conn.execute(
        "UPDATE programs SET responsible_department_id = :keep WHERE responsible_department_id = :gone", names
    )
    await conn.execute(
        "UPDATE OR IGNORE department_aliases SET department_id = :keep WHERE department_id = :gone", names
    )
    await conn.execute("DELETE FROM department_aliases WHERE department_id = :gone", names)
    await add_aliases(conn, keep, aliases)
    await conn.execute("DELETE FROM departments WHERE id = :gone", names)
    return moved


async def _merge_versions(conn: aiosqlite.Connection, keep: int, gone: int) -> None:
    """The executors of earlier wordings (JSON ``[[department_id, is_lead], ...]``): ``gone`` becomes ``keep``,
    once, the lead if either was, at the earlier place."""
    fetched = await conn.execute_fetchall("SELECT measure_id, until_year, departments FROM measure_versions")
    for measure_id, until_year, text in fetched:
        links: list[list[int | bool]] = json.loads(text)
        if not any(d == gone for d, _ in links):
            continue
        lead = any(bool(is_lead) for d, is_lead in links if d in (keep, gone))
        merged: list[list[int | bool]] = []
        for d, is_lead in links:
            d = keep if d == gone else d
            if d == keep:
                if any(m[0] == keep for m in merged):
                    continue
                is_lead = lead
            merged.append([d, is_lead])
        await conn.execute(
            "UPDATE measure_versions SET departments = ? WHERE measure_id = ? AND until_year = ?",
            (json.dumps(merged), measure_id, until_year),
        )


async def _rekey_reminders(conn: aiosqlite.Connection, keep: int, gone: int) -> None:
    """A reminder's key names its department (``...:D<id>:...``, bot.reminders.rules.reminder_key): those sent
    to ``gone``'s members are ``keep``'s now, so that the same reminder is not sent again; where one of
    ``keep``'s was sent already under that key, the one of ``gone`` is dropped."""
    old, new = f":D{gone}:", f":D{keep}:"
    await conn.execute(
        "UPDATE OR IGNORE reminders_sent SET key = replace(key, ?, ?) WHERE instr(key, ?) > 0",
        (old, new, old),
    )
    await conn.execute("DELETE FROM reminders_sent WHERE instr(key, ?) > 0", (old,))


async def references_to(conn: aiosqlite.Connection, department_id: int) -> dict[str, int]:
    """The rows that still name ``department_id``, per table (none after it was merged away)."""
    counts: dict[str, int] = {}
    for table, column in DEPARTMENT_REFERENCES:
        fetched = await conn.execute_fetchall(
            f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (department_id,)
        )
        if fetched[0][0]:
            counts[f"{table}.{column}"] = int(fetched[0][0])
    fetched = await conn.execute_fetchall("SELECT departments FROM measure_versions")
    in_versions = sum(1 for (text,) in fetched if any(d == department_id for d, _ in json.loads(text)))
    if in_versions:
        counts["measure_versions.departments"] = in_versions
    fetched = await conn.execute_fetchall(
        "SELECT COUNT(*) FROM reminders_sent WHERE instr(key, ?) > 0", (f":D{department_id}:",)
    )
    if fetched[0][0]:
        counts["reminders_sent.key"] = int(fetched[0][0])
    return counts


async def referencing_columns(conn: aiosqlite.Connection) -> set[tuple[str, str]]:
    """Every (table, column) of the schema that references ``departments`` or is named like a department's id."""
    found: set[tuple[str, str]] = set()
    tables = [
        r[0] for r in await conn.execute_fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    for table in tables:
        for fk in await conn.execute_fetchall(f"PRAGMA foreign_key_list({table})"):
            if fk[2] == "departments":
                found.add((table, fk[3]))
        for column in await conn.execute_fetchall(f"PRAGMA table_info({table})"):
            if str(column[1]).endswith("department_id"):
                found.add((table, column[1]))
    return found


async def written_elsewhere(conn: aiosqlite.Connection) -> int:
    """SQLite's ``data_version`` of this connection: it changes when another connection (the command line, while
    the bot runs) commits a change to the database file, never for this connection's own."""
    fetched = await conn.execute_fetchall("PRAGMA data_version")
    return int(fetched[0][0])


# --- the new short name being typed ----------------------------------------------------------------------


async def await_rename(
    conn: aiosqlite.Connection, user_id: int, department_id: int, now: dt.datetime | None = None
) -> None:
    await conn.execute(
        """INSERT INTO department_renames_pending (user_id, department_id, created_at) VALUES (?, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET department_id = excluded.department_id,
                                               created_at = excluded.created_at""",
        (user_id, department_id, iso(now or utcnow())),
    )


async def pending_rename(conn: aiosqlite.Connection, user_id: int) -> int | None:
    """The department whose new short name this user's next message is, if any."""
    fetched = await conn.execute_fetchall(
        "SELECT department_id FROM department_renames_pending WHERE user_id = ?", (user_id,)
    )
    return int(fetched[0][0]) if fetched else None


async def drop_pending_rename(conn: aiosqlite.Connection, user_id: int) -> bool:
    cursor = await conn.execute("DELETE FROM department_renames_pending WHERE user_id = ?", (user_id,))
    return cursor.rowcount > 0
