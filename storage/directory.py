"""The council's directory in the database as an import grows it: departments added with their aliases (read with
``storage.programs.list_departments``; renamed, given aliases and merged by ``storage.departments``), the
council's name, and the phrases of the executors column that never report (vague ones, partners). An import
adds what it discovers here; nothing is ever deleted by it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import aiosqlite

from storage.departments import add_aliases
from storage.models import NewDepartment

PhraseKind = Literal["vague", "partner"]


async def has_departments(conn: aiosqlite.Connection) -> bool:
    fetched = await conn.execute_fetchall("SELECT EXISTS (SELECT 1 FROM departments)")
    return bool(fetched[0][0])


async def add_department(conn: aiosqlite.Connection, department: NewDepartment) -> int:
    """A new department with its aliases; its code must be free (an ``IntegrityError`` otherwise)."""
    fetched = await conn.execute_fetchall(
        "INSERT INTO departments (code, name, short_name) VALUES (?, ?, ?) RETURNING id",
        (department.code, department.name, department.short_name),
    )
    department_id = int(fetched[0][0])
    await add_aliases(conn, department_id, department.aliases)
    return department_id


async def put_department(conn: aiosqlite.Connection, department: NewDepartment) -> int:
    """A department from a directory file, by its code: added, or its name and short name set; its aliases
    are added to those it has (the ones learned meanwhile stay)."""
    fetched = await conn.execute_fetchall(
        """INSERT INTO departments (code, name, short_name) VALUES (?, ?, ?)
           ON CONFLICT (code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name
           RETURNING id""",
        (department.code, department.name, department.short_name),
    )
    department_id = int(fetched[0][0])
    await add_aliases(conn, department_id, department.aliases)
    return department_id


async def council_name(conn: aiosqlite.Connection) -> str:
    """The council's name; "" until an import or a directory file names it."""
    fetched = await conn.execute_fetchall("SELECT name FROM council WHERE id = 1")
    return str(fetched[0][0]) if fetched else ""


async def set_council_name(conn: aiosqlite.Connection, name: str) -> None:
    await conn.execute(
        "INSERT INTO council (id, name) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
        (name,),
    )


async def not_reporting_phrases(conn: aiosqlite.Connection) -> dict[PhraseKind, tuple[str, ...]]:
    """The database's own vague and partner phrases."""
    fetched = await conn.execute_fetchall(
        "SELECT kind, phrase FROM not_reporting_phrases ORDER BY kind, phrase"
    )
    found: dict[PhraseKind, list[str]] = {"vague": [], "partner": []}
    for kind, phrase in fetched:
        found[kind].append(phrase)
    return {kind: tuple(phrases) for kind, phrases in found.items()}


async def add_not_reporting_phrases(
    conn: aiosqlite.Connection, kind: PhraseKind, phrases: Iterable[str]
) -> None:
    await conn.executemany(
        "INSERT OR IGNORE INTO not_reporting_phrases (kind, phrase) VALUES (?, ?)",
        [(kind, phrase) for phrase in dict.fromkeys(phrases) if phrase],
    )
