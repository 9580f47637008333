"""Files a person sends, in one table: how each kind is recognised, previewed and applied.

A file that comes while a measure is open in the sender's conversation is that measure's evidence
(``actions.evidence``), kept at once. Any other file is read once as a grid and goes to the first kind that
recognises it: a plan sheet or the directory sheet (by its title), else a program's published report (a new program, or an amendment
of one already loaded). Both are previewed and kept as the person's one pending upload until they decide;
applying one marks it applied in the same transaction that applies it, so a process killed at any moment has
either applied all of it or left it waiting, and «Застосувати» still works after the restart.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import aiosqlite

from actions.actor import Actor
from actions.directory import (
    DirectoryApplied,
    DirectoryPreview,
    apply_directory_sheet_in,
    preview_directory_sheet,
)
from actions.plans import SheetApplied, SheetPreview, apply_plan_sheet_in, preview_plan_sheet
from actions.programs import import_program_in, preview_program
from actions.refusals import Reason, Refused
from actions.rules import require_some_program
from reports.directory_sheet import is_directory_sheet
from reports.importer import ImportSummary, read_file_grid
from reports.plan_sheet import is_plan_sheet
from reports.report_parser import has_head, parse_grid
from storage.db import Database, utcnow
from storage.drafts import active_draft
from storage.evidence import MAX_FILE_BYTES
from storage.pending_imports import (
    PendingImport,
    UploadKind,
    claim_pending_import,
    discard_pending_import,
    find_pending_import,
    forget_expired_imports,
    save_pending_import,
)

Grid = list[list[str]]


class FileKind(StrEnum):
    EVIDENCE = "evidence"  # kept at once, to the measure open
    PLANS = UploadKind.PLANS.value  # previewed, then applied or discarded
    DIRECTORY = UploadKind.DIRECTORY.value
    PROGRAM = UploadKind.PROGRAM.value


MAX_FILE_TO_IMPORT: Final = 10 * 2**20  # a program's report or a sheet; a published report is far smaller


Preview = SheetPreview | DirectoryPreview | ImportSummary
Applied = SheetApplied | DirectoryApplied | ImportSummary


@dataclass(frozen=True, slots=True)
class Upload:
    """One kind of file a person may send."""

    kind: FileKind
    max_bytes: int
    recognise: Callable[[Grid], bool] | None  # None: recognised by the conversation (a measure open)
    preview: Callable[[Database, Actor, str, Grid], Awaitable[Preview]] | None = None
    # Applies the file in the caller's transaction; its last argument: when the preview read the database.
    apply_in: Callable[[aiosqlite.Connection, Actor, str, Grid, dt.datetime], Awaitable[Applied]] | None = (
        None
    )


async def _preview_program(db: Database, actor: Actor, name: str, grid: Grid) -> ImportSummary:
    parsed = await asyncio.to_thread(parse_grid, grid)
    return await preview_program(db, actor, parsed, source_name=name)


async def _apply_program_in(
    conn: aiosqlite.Connection, actor: Actor, name: str, grid: Grid, previewed_at: dt.datetime
) -> ImportSummary:
    return await import_program_in(conn, actor, parse_grid(grid), source_name=name)


async def _preview_plans(db: Database, actor: Actor, name: str, grid: Grid) -> SheetPreview:
    return await preview_plan_sheet(db, actor, grid)


async def _apply_plans_in(
    conn: aiosqlite.Connection, actor: Actor, name: str, grid: Grid, previewed_at: dt.datetime
) -> SheetApplied:
    return await apply_plan_sheet_in(conn, actor, grid, previewed_at=previewed_at)


async def _preview_directory(db: Database, actor: Actor, name: str, grid: Grid) -> DirectoryPreview:
    return await preview_directory_sheet(db, actor, grid)


async def _apply_directory_in(
    conn: aiosqlite.Connection, actor: Actor, name: str, grid: Grid, previewed_at: dt.datetime
) -> DirectoryApplied:
    return await apply_directory_sheet_in(conn, actor, grid)


UPLOADS: Final[tuple[Upload, ...]] = (
    Upload(FileKind.EVIDENCE, MAX_FILE_BYTES, None),
    Upload(FileKind.PLANS, MAX_FILE_TO_IMPORT, is_plan_sheet, _preview_plans, _apply_plans_in),
    Upload(
        FileKind.DIRECTORY, MAX_FILE_TO_IMPORT, is_directory_sheet, _preview_directory, _apply_directory_in
    ),
    Upload(FileKind.PROGRAM, MAX_FILE_TO_IMPORT, lambda grid: True, _preview_program, _apply_program_in),
)
_BY_KIND: Final = {upload.kind: upload for upload in UPLOADS}


def upload_for(measure_open: bool) -> Upload:
    """The kind a file is before it is read: evidence while a measure is open; otherwise the first kind to
    read (its size limit holds for every kind read as a grid)."""
    return _BY_KIND[FileKind.EVIDENCE] if measure_open else _BY_KIND[FileKind.PLANS]


async def upload_for_actor(db: Database, actor: Actor) -> Upload:
    """What a file the actor sends now is, before it is read (``upload_for``): evidence while a measure is open
    in their conversation. Refused: not a coordinator (a member's file goes to their conversation)."""
    require_some_program(actor)
    assert actor.user_id is not None  # a conversation is a person's in the chat
    async with db.locked() as conn:
        measure_open = await active_draft(conn, actor.user_id) is not None
    return upload_for(measure_open)


def upload_of(grid: Grid) -> Upload:
    """The first kind that recognises a file's grid."""
    return next(u for u in UPLOADS if u.recognise is not None and u.recognise(grid))


def read(name: str, data: bytes) -> Grid:
    """A file as a grid of texts (CPU work: call it in a worker thread): of a workbook, the first visible sheet a
    kind recognises (a plan sheet after a clerk's own sheet of notes) or with a report's head, else its first.
    Raises ``ImportFileError``."""
    return read_file_grid(io.BytesIO(data), name, prefer=_sheet_of_ours)


def _sheet_of_ours(grid: Grid) -> bool:
    return is_plan_sheet(grid) or is_directory_sheet(grid) or has_head(grid)


@dataclass(frozen=True, slots=True)
class Previewed:
    kind: FileKind
    token: str  # what the decision's buttons carry
    outcome: Preview


async def preview_upload(
    db: Database, actor: Actor, name: str, data: bytes, max_age: dt.timedelta
) -> Previewed:
    """What a file would change, kept as the person's one pending upload (an earlier one's buttons no longer
    apply anything). Raises ``ImportFileError``, ``PlanSheetError``, ``DirectorySheetError`` or ``Refused``;
    nothing is changed."""
    require_some_program(actor)
    grid = await asyncio.to_thread(read, name, data)
    upload = upload_of(grid)
    assert upload.preview is not None
    read_at = utcnow()  # before the preview reads: a change after it, the preview may not show
    outcome = await upload.preview(db, actor, name, grid)
    assert actor.user_id is not None  # a pending upload waits for a person in the chat
    async with db.transaction() as conn:
        await forget_expired_imports(conn, max_age)
        token = await save_pending_import(
            conn, actor.user_id, name, data, now=read_at, kind=UploadKind(upload.kind.value)
        )
    return Previewed(upload.kind, token, outcome)


@dataclass(frozen=True, slots=True)
class Decided:
    kind: FileKind
    outcome: Applied | None  # None: discarded


async def waiting_upload(db: Database, actor: Actor, token: str, max_age: dt.timedelta) -> PendingImport:
    """The actor's upload whose preview carried ``token``, still waiting for a decision. Refused:
    ``UPLOAD_APPLIED``; ``UPLOAD_GONE`` (replaced by a newer file, cancelled, too old, not the actor's)."""
    require_some_program(actor)
    assert actor.user_id is not None
    async with db.locked() as conn:
        pending = await find_pending_import(conn, actor.user_id, token)
    if pending is not None and pending.applied_at is not None:
        raise Refused(Reason.UPLOAD_APPLIED, at=pending.applied_at)
    if pending is None or pending.expired(max_age):
        raise Refused(Reason.UPLOAD_GONE)
    return pending


async def decide_upload(
    db: Database, actor: Actor, token: str, *, apply: bool, max_age: dt.timedelta
) -> Decided:
    """«Застосувати» or «Скасувати» under a preview (refused as ``waiting_upload`` is). Applying reads the file
    again against the database as it is now and applies it in the transaction that marks it applied; whatever
    the kind's own rules refuse now (a year locked since the preview) leaves the upload waiting."""
    pending = await waiting_upload(db, actor, token, max_age)
    assert actor.user_id is not None
    if not apply:
        async with db.locked() as conn:
            if not await discard_pending_import(conn, actor.user_id, token):
                raise Refused(Reason.UPLOAD_GONE)
        return Decided(FileKind(pending.kind.value), None)
    upload = _BY_KIND[FileKind(pending.kind.value)]
    assert upload.apply_in is not None
    grid = await asyncio.to_thread(read, pending.file_name, pending.content)
    async with db.transaction() as conn:
        if not await claim_pending_import(conn, actor.user_id, token, max_age):
            raise Refused(Reason.UPLOAD_GONE)  # another press applied it meanwhile, or a newer file came
        outcome = await upload.apply_in(conn, actor, pending.file_name, grid, pending.created_at)
    return Decided(upload.kind, outcome)
