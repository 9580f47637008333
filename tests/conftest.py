from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from l10n import catalog

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
