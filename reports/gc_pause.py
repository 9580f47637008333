"""Cyclic garbage collection held off while a report is built.

Building a report allocates tens of thousands of short-lived containers (rows, cells, tuples) that hold
no reference cycles and are freed by reference counting as soon as the file is written. The collector,
triggered by those allocations, would walk them (and every other object of the process) for nothing:
in a report of 2,000 measures that was a tenth of the time. Collection resumes when the block ends;
the allocations it would have counted are gone by then, so nothing is merely postponed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Hold off cyclic garbage collection in the block (nested blocks are fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
