"""A program loaded from its published report: a new one, or an amendment of one already loaded (what the
import finds and changes: ``reports.importer``). Previewed (the same work, rolled back) or applied, from the
chat (a file sent, through ``actions.uploads``) or the command line (``python -m cli import``)."""

from __future__ import annotations

import aiosqlite

from actions.actor import Actor
from actions.rules import require_administrator, require_coordinator, require_some_program
from reports.directory import Directory
from reports.importer import ImportSummary, import_report, load_into
from reports.report_parser import ParsedReport
from storage.db import Database
from storage.programs import find_program


async def require_may_import(conn: aiosqlite.Connection, actor: Actor, parsed: ParsedReport) -> None:
    """An amendment of a program loaded already: its coordinator (or an administrator); a new program: an
    administrator (who then appoints its coordinators)."""
    known = await find_program(conn, parsed.program_name, parsed.decision_number)
    if known is None:
        require_administrator(actor)
    else:
        require_coordinator(actor, known)


async def preview_program(
    db: Database, actor: Actor, parsed: ParsedReport, *, source_name: str, directory: Directory | None = None
) -> ImportSummary:
    """What importing ``parsed`` would do, computed as the import does it; nothing is changed."""
    require_some_program(actor)
    async with db.locked() as conn:
        await require_may_import(conn, actor, parsed)
    return await import_report(db, parsed, source_name=source_name, directory=directory, apply=False)


async def import_program_in(
    conn: aiosqlite.Connection,
    actor: Actor,
    parsed: ParsedReport,
    *,
    source_name: str,
    directory: Directory | None = None,
) -> ImportSummary:
    """Import ``parsed`` within the caller's transaction (the one that also marks its upload applied)."""
    require_some_program(actor)
    await require_may_import(conn, actor, parsed)
    return await load_into(conn, parsed, source_name=source_name, directory=directory)


async def import_program(
    db: Database, actor: Actor, parsed: ParsedReport, *, source_name: str, directory: Directory | None = None
) -> ImportSummary:
    """Import ``parsed`` in one transaction (the command line's way: no upload waiting)."""
    async with db.transaction() as conn:
        return await import_program_in(conn, actor, parsed, source_name=source_name, directory=directory)
