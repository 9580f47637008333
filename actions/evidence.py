"""Evidence: a document or a photo attached to the measure open in the sender's conversation (an executor's,
or a coordinator's, e.g. under /edit), kept beside the database (``storage.evidence``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.reporting import active_measure
from actions.rules import require_reader
from storage.db import Database
from storage.evidence import (
    MAX_FILE_BYTES,
    MAX_FILES_PER_MEASURE,
    EvidenceFile,
    add_file,
    files_dir,
    get_file,
    measure_files,
    program_files,
    store_bytes,
)
from storage.reviews import measure_program
from storage.texts import clean_text


def file_name(sent: str) -> str:
    """The name a file is kept under: the name it was sent with, without any folder; an invisible one is none."""
    return clean_text(PurePath(sent).name) or "file"


@dataclass(frozen=True, slots=True)
class Attached:
    name: str  # as kept
    number: str  # the measure's
    count: int  # the measure's files now, this one counted
    limit: int  # as many as a measure may have


async def attach_evidence(
    db: Database, actor: Actor, name: str, size: int, mime: str, fetch: Callable[[], Awaitable[bytes]]
) -> Attached:
    """Keep a file as evidence of the measure open in the actor's conversation. ``size``: the size the file
    is announced with (0: not known); ``fetch``: gets its bytes, called only once every rule that can be
    checked before holds (the front end's errors pass through, nothing kept).

    Refused: ``NO_MEASURE_OPEN``; the measure no longer the actor's to report (as
    ``actions.reporting.active_measure``: the conversation ends); ``FILE_TOO_BIG``, announced or fetched;
    ``TOO_MANY_FILES``, checked again in the transaction that keeps it."""
    name = file_name(name)
    limit_mb = MAX_FILE_BYTES // 2**20
    active = await active_measure(db, actor)
    if active is None:
        raise Refused(Reason.NO_MEASURE_OPEN)
    draft, number = active.draft, active.scene.number
    if size > MAX_FILE_BYTES:  # not fetched at all
        raise Refused(Reason.FILE_TOO_BIG, name=name, limit=limit_mb)
    async with db.locked() as conn:
        count = len(await measure_files(conn, draft.measure_id, draft.year, draft.department_id))
    if count >= MAX_FILES_PER_MEASURE:
        raise Refused(Reason.TOO_MANY_FILES, number=number, limit=MAX_FILES_PER_MEASURE)
    data = await fetch()
    if len(data) > MAX_FILE_BYTES:
        raise Refused(Reason.FILE_TOO_BIG, name=name, limit=limit_mb)
    digest = await asyncio.to_thread(store_bytes, files_dir(db.path), data)
    async with db.transaction() as conn:
        count = len(await measure_files(conn, draft.measure_id, draft.year, draft.department_id))
        if count >= MAX_FILES_PER_MEASURE:  # others came while this one was fetched
            raise Refused(Reason.TOO_MANY_FILES, number=number, limit=MAX_FILES_PER_MEASURE)
        await add_file(
            conn,
            draft.measure_id,
            draft.department_id,
            draft.year,
            digest,
            name,
            len(data),
            mime,
            actor.user_id,
            actor.name,
        )
    return Attached(name, number, count + 1, MAX_FILES_PER_MEASURE)


# --- reading them (the Mini App's «Файли») ---------------------------------------------------------


async def program_evidence(db: Database, actor: Actor, program_id: int, year: int) -> list[EvidenceFile]:
    """The program's evidence files of the year, in the program's order. Refused: not one who reads it."""
    require_reader(actor, program_id)
    async with db.locked() as conn:
        return await program_files(conn, program_id, year)


async def evidence_file(db: Database, actor: Actor, file_id: int) -> tuple[EvidenceFile, Path]:
    """One evidence file and where its bytes are. Refused: ``GONE`` (no such file, or its bytes are missing),
    not one who reads its program."""
    async with db.locked() as conn:
        found = await get_file(conn, file_id)
        program_id = await measure_program(conn, found.measure_id) if found is not None else None
    if found is None or program_id is None:
        raise Refused(Reason.GONE)
    require_reader(actor, program_id)
    path = files_dir(db.path) / found.sha256
    if not path.is_file():
        raise Refused(Reason.GONE)
    return found, path
