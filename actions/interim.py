"""Which interim reports a program requires, and by when (``storage.deadlines.InterimSchedule``): /interim."""

from __future__ import annotations

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.rules import require_coordinator
from storage.db import Database
from storage.deadlines import InterimSchedule
from storage.interim import set_interim_schedule
from storage.models import Program
from storage.programs import get_program


async def set_interim(db: Database, actor: Actor, program_id: int, schedule: InterimSchedule) -> Program:
    """The program's interim reports are ``schedule`` from now on (reminders, /status and /report follow it);
    the program is returned. Refused: not a coordinator; ``GONE``, no such program (an old button's)."""
    require_coordinator(actor, program_id)
    async with db.transaction() as conn:
        program = await get_program(conn, program_id)
        if program is None:
            raise Refused(Reason.GONE)
        await set_interim_schedule(conn, program.id, schedule, actor.user_id)
    return program
