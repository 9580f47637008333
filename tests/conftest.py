from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from l10n import catalog

if TYPE_CHECKING:
    from reports.model import Report

# Time is measured in `python -m benchmarks`, never in tests: a property test's per-example deadline only fails
# on a loaded machine (parallel workers, CI), so it is off everywhere.
settings.register_profile("zvitbot", deadline=None)
settings.load_profile("zvitbot")

# Tests run with a strict catalog: a missing message id or an unformattable message fails the test.
catalog.configure(strict=True)

# A copy of ../shared/seed/000_514902ff57b02021.txt (the published 2023 report), so a fresh clone tests alone.
SEED = Path(__file__).parent / "data" / "seed_2023.txt"


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def seed_grid() -> list[list[str]]:
    return [line.split("\t") for line in SEED.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The seed imported into a database of its own and its 2023 report built from it (read only: shared)."""
    # Imported here: the catalog is configured above before any module of ours is loaded.
    from reports.build import build_report
    from reports.importer import import_report, read_file_grid
    from reports.report_parser import parse_grid
    from storage.db import connect
    from storage.programs import list_programs

    async def build() -> Report:
        db = await connect(tmp_path_factory.mktemp("seed_report") / "seed.db")
        try:
            await import_report(db, parse_grid(read_file_grid(SEED)), source_name=SEED.name)
            async with db.locked() as conn:
                [program] = await list_programs(conn)
            return await build_report(db, program.id, 2023)
        finally:
            await db.close()

    return asyncio.run(build())
