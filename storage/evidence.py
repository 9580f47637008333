"""Evidence files an executor attaches to a measure: kept beside the database, named by their content.

The bytes live in ``files/<sha256>`` next to the database file (one copy however often they are sent);
SQLite keeps which measure, department and year a file belongs to, its original name, size, type, who
sent it and when.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from storage.db import from_iso, iso, utcnow
from storage.texts import clean_text

MAX_FILES_PER_MEASURE = 10
MAX_FILE_BYTES = 20 * 2**20  # what the Bot API lets a bot download


@dataclass(frozen=True)
class EvidenceFile:
    id: int
    measure_id: int
    department_id: int
    year: int
    sha256: str
    name: str
    size: int
    mime_type: str
    author_id: int | None
    author_name: str
    created_at: dt.datetime


_COLUMNS = (
    "id, measure_id, department_id, year, sha256, name, size, mime_type, author_id, author_name, created_at"
)


def _file(r: aiosqlite.Row) -> EvidenceFile:
    return EvidenceFile(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], from_iso(r[10]))


def files_dir(database_path: Path) -> Path:
    """The folder of evidence files beside the database (``data/files`` for ``data/zvitbot.sqlite3``)."""
    return Path(database_path).parent / "files"


def store_bytes(folder: Path, data: bytes) -> str:
    """Write ``data`` under its sha256 (atomically, once); returns the hash."""
    digest = hashlib.sha256(data).hexdigest()
    target = folder / digest
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{digest}.partial"
        with open(partial, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(target)
    return digest


async def add_file(
    conn: aiosqlite.Connection,
    measure_id: int,
    department_id: int,
    year: int,
    sha256: str,
    name: str,
    size: int,
    mime_type: str,
    author_id: int | None,
    author_name: str,
) -> EvidenceFile:
    fetched = await conn.execute_fetchall(
        f"""INSERT INTO evidence_files (measure_id, department_id, year, sha256, name, size, mime_type,
                                        author_id, author_name, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}""",
        (
            measure_id,
            department_id,
            year,
            sha256,
            name,
            size,
            mime_type,
            author_id,
            clean_text(author_name),
            iso(utcnow()),
        ),
    )
    return _file(next(iter(fetched)))


async def measure_files(
    conn: aiosqlite.Connection, measure_id: int, year: int, department_id: int | None = None
) -> list[EvidenceFile]:
    query = f"SELECT {_COLUMNS} FROM evidence_files WHERE measure_id = ? AND year = ?"
    params: list[object] = [measure_id, year]
    if department_id is not None:
        query += " AND department_id = ?"
        params.append(department_id)
    return [_file(r) for r in await conn.execute_fetchall(query + " ORDER BY id", params)]


async def program_files(conn: aiosqlite.Connection, program_id: int, year: int) -> list[EvidenceFile]:
    fetched = await conn.execute_fetchall(
        f"""SELECT {", ".join("f." + c.strip() for c in _COLUMNS.split(","))} FROM evidence_files f
            JOIN measures m ON m.id = f.measure_id WHERE m.program_id = ? AND f.year = ?
            ORDER BY m.position, f.id""",
        (program_id, year),
    )
    return [_file(r) for r in fetched]


async def file_counts(conn: aiosqlite.Connection, program_id: int, year: int) -> dict[int, int]:
    """measure id -> how many evidence files it has for the year."""
    fetched = await conn.execute_fetchall(
        """SELECT f.measure_id, COUNT(*) FROM evidence_files f JOIN measures m ON m.id = f.measure_id
           WHERE m.program_id = ? AND f.year = ? GROUP BY f.measure_id""",
        (program_id, year),
    )
    return {r[0]: r[1] for r in fetched}


async def get_file(conn: aiosqlite.Connection, file_id: int) -> EvidenceFile | None:
    fetched = await conn.execute_fetchall(f"SELECT {_COLUMNS} FROM evidence_files WHERE id = ?", (file_id,))
    return next((_file(r) for r in fetched), None)
