"""Database helpers shared by the storage, import and command-line tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reports.importer import ImportSummary, import_report, read_file_grid
from reports.report_parser import parse_grid
from storage.db import connect


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every user table's rows, to compare two states of a database file exactly."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        return {
            t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in tables
            if t != "schema_migrations"
        }


async def import_seed(db_path: Path, seed_path: Path) -> ImportSummary:
    db = await connect(db_path)
    try:
        return await import_report(db, parse_grid(read_file_grid(seed_path)), source_name=seed_path.name)
    finally:
        await db.close()
