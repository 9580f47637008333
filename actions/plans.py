"""A year's plans: the sheet to fill, a filled sheet previewed and applied, one plan set in the chat."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import aiosqlite

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.rules import require_coordinator, require_in_term, require_not_locked, require_some_program
from reports.plan_sheet import PlanDiff, SheetToSend, sheet_diff, sheet_to_send
from storage.db import Database, utcnow
from storage.indicators import set_indicator_plans
from storage.models import Fund, Program, Source
from storage.plans import PlanKey, apply_plans, plans_changed_since, program_plans
from storage.programs import ProgramTree, load_program

Grid = list[list[str]]


async def plan_sheet(db: Database, actor: Actor, program: Program, year: int) -> SheetToSend:
    """What the program's plan sheet of ``year`` holds (``reports.plan_sheet.write_plan_sheet`` writes it)."""
    require_coordinator(actor, program.id)
    require_in_term(program, year)
    async with db.locked() as conn:
        return await sheet_to_send(conn, program.id, year)


@dataclass(frozen=True, slots=True)
class SheetPreview:
    tree: ProgramTree
    diff: PlanDiff


async def preview_plan_sheet(
    db: Database, actor: Actor, grid: Grid, *, year: int | None = None
) -> SheetPreview:
    """What a returned sheet would change, against the plans as they are now. Refused: not a coordinator's, a
    sheet of another program, year or database (``PlanSheetError``, its cells named), ``year`` given and the
    sheet of another, a locked year, no change at all."""
    require_some_program(actor)
    async with db.locked() as conn:
        preview = await _checked(conn, actor, grid, year)
    if not preview.diff.changes and not preview.diff.indicators:
        raise Refused(Reason.PLAN_UNCHANGED, year=preview.diff.year)
    return preview


@dataclass(frozen=True, slots=True)
class SheetApplied:
    diff: PlanDiff
    changed: int  # plans that changed (each with its revision in the history)
    indicators_changed: int = 0  # the indicators' plans that changed (the sheet's block), each in the history


async def apply_plan_sheet_in(
    conn: aiosqlite.Connection,
    actor: Actor,
    grid: Grid,
    *,
    year: int | None = None,
    previewed: str | None = None,
    previewed_at: dt.datetime | None = None,
) -> SheetApplied:
    """Apply a returned sheet within the caller's transaction (the one that also marks its upload applied):
    read again against the plans as they are now, every rule of ``preview_plan_sheet`` checked again.
    ``previewed``: the preview's ``PlanDiff.fingerprint`` the person saw; refused (``PLAN_PREVIEW_STALE``) when
    what it would apply now differs (the plans changed meanwhile, or the same apply came again).
    ``previewed_at``: when the preview read the plans (the chat's upload); refused the same way when a plan of
    the year changed since: the sheet holds every plan, and would put another's change back unseen."""
    require_some_program(actor)
    preview = await _checked(conn, actor, grid, year)
    if previewed is not None and preview.diff.fingerprint() != previewed:
        raise Refused(Reason.PLAN_PREVIEW_STALE, year=preview.diff.year)
    if previewed_at is not None and await plans_changed_since(
        conn, preview.tree.program.id, preview.diff.year, previewed_at
    ):
        raise Refused(Reason.PLAN_PREVIEW_STALE, year=preview.diff.year)
    revisions = await apply_plans(
        conn, preview.diff.to_apply(preview.tree), author_id=actor.user_id, author_name=actor.name
    )
    indicators = await set_indicator_plans(
        conn,
        preview.tree.program.id,
        {(change.indicator_id, preview.diff.year): change.new for change in preview.diff.indicators},
        user_id=actor.user_id,
        source=Source.COORDINATOR,
        at=utcnow(),
        author_name=actor.name,
    )
    return SheetApplied(preview.diff, len(revisions), indicators)


async def apply_plan_sheet(
    db: Database, actor: Actor, grid: Grid, *, year: int | None = None, previewed: str | None = None
) -> SheetApplied:
    """Apply a returned sheet (the command line's and the Mini App's way: no upload waiting), in one
    transaction."""
    async with db.transaction() as conn:
        return await apply_plan_sheet_in(conn, actor, grid, year=year, previewed=previewed)


async def _checked(conn: aiosqlite.Connection, actor: Actor, grid: Grid, year: int | None) -> SheetPreview:
    tree, diff = await sheet_diff(conn, grid)
    require_coordinator(actor, tree.program.id)  # the sheet's key names its program
    if year is not None and diff.year != year:
        raise Refused(Reason.SHEET_OTHER_YEAR, year=year, sheet=diff.year)
    await require_not_locked(conn, tree.program.id, diff.year)
    return SheetPreview(tree, diff)


@dataclass(frozen=True, slots=True)
class PlanSet:
    number: str
    year: int
    fund: Fund
    old: Decimal | None  # None: it was not set
    new: Decimal

    @property
    def changed(self) -> bool:
        return self.old != self.new


async def set_plan(
    db: Database, actor: Actor, program: Program, year: int, number: str, value: Decimal, fund: Fund
) -> PlanSet:
    """One plan of one measure (``/plan 2024 1.2 12,5 спец``), kept in the history with its author."""
    require_coordinator(actor, program.id)
    require_in_term(program, year)
    async with db.transaction() as conn:
        tree = await load_program(conn, program.id)
        measure = tree.measure_by_number(number) if tree else None
        if measure is None:
            raise Refused(Reason.UNKNOWN_MEASURE, number=number)
        await require_not_locked(conn, program.id, year)
        key = PlanKey(measure.id, year, fund)
        old = (await program_plans(conn, program.id)).get(key)
        await apply_plans(conn, {key: value}, author_id=actor.user_id, author_name=actor.name)
    return PlanSet(number, year, fund, old, value)
