"""This database's own key: made once by its migration, never changed.

Files the bot hands out to be filled and sent back (the plan sheet) carry it, so that a file made by another
database (another city's bot, a copy for testing) is recognised and refused rather than applied here.
"""

from __future__ import annotations

import aiosqlite


async def instance_key(conn: aiosqlite.Connection) -> str:
    fetched = await conn.execute_fetchall("SELECT key FROM instance WHERE id = 1")
    return str(fetched[0][0])
