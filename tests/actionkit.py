"""What the actions' tests share: the seed loaded by the command line's import action, the one program, who acts,
and a refusal awaited."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from pathlib import Path

import pytest

from actions.actor import Actor
from actions.programs import import_program
from actions.refusals import Reason, Refused
from reports.importer import read_file_grid
from reports.report_parser import parse_grid
from storage.db import Database, connect
from storage.models import Program
from storage.programs import list_programs
from tests.conftest import SEED

COORDINATOR = Actor(500, "Координаторка", administrator=True)
MEMBER = Actor(2001, "Іван")
CLI = Actor.command_line("командний рядок (test)")


@pytest.fixture(name="db")
async def db_fixture(tmp_path: Path) -> AsyncIterator[Database]:
    """A database file with the seed imported by the command line's import action."""
    database = await connect(tmp_path / "z.db")
    await import_program(database, CLI, parse_grid(read_file_grid(SEED)), source_name=SEED.name)
    try:
        yield database
    finally:
        await database.close()


async def only_program(db: Database) -> Program:
    async with db.locked() as conn:
        [program] = await list_programs(conn)
    return program


async def refusal_of(reason: Reason, action: Awaitable[object]) -> Refused:
    """The refusal ``action`` ends in, which must be for ``reason``."""
    with pytest.raises(Refused) as info:
        await action
    assert info.value.reason is reason
    return info.value
