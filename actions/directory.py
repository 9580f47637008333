"""The directory of departments, edited by the city's administrator: what each department has, a rename, two merged
into one.

Departments come into the database with the programs' imports (full names as written, proposed short names);
a person confirms them here: renames one (its short name, which everybody sees in the bot, and its full name),
or merges two that are one body written two ways. Every edit applies at once, in one transaction.

The rules: the city's administrators only (the directory serves every program: ``require_administrator``); a
name is never blank nor longer than ``MAX_SHORT_NAME`` / ``MAX_NAME`` characters, and no two departments share
a short name or a full name (compared regardless of case); a department is merged into another, never into
itself. A department renamed keeps its old full name among its
aliases, and one merged away leaves its full name and aliases to the one it joined: a later import of a file
that writes the old names still finds the department.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import aiosqlite

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.rules import require_administrator
from reports.directory import normalize
from reports.directory_sheet import (
    DirectoryDiff,
    DirectorySheetToSend,
    directory_diff,
    directory_sheet_to_send,
)
from storage.db import Database
from storage.departments import (
    MAX_NAME,
    MAX_SHORT_NAME,
    DepartmentFacts,
    MergeCounts,
    add_aliases,
    await_rename,
    department_with_aliases,
    directory_facts,
    drop_pending_rename,
    merge,
    merge_counts,
    name_text,
    pending_rename,
    rename,
    same_name,
    set_aliases,
)
from storage.models import Department, Program
from storage.programs import list_departments, list_programs
from storage.reviews import drop_pending_comment
from storage.texts import is_blank


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    department: Department  # with its aliases
    measures: tuple[
        tuple[Program, int], ...
    ]  # per program that has any: how many measures it is an executor of
    members: int  # people in the bot
    submissions: int  # revisions of its reports, every year

    @property
    def has_reports(self) -> bool:
        return self.submissions > 0


@dataclass(frozen=True, slots=True)
class Directory:
    entries: tuple[DirectoryEntry, ...]  # by full name

    def entry(self, department_id: int) -> DirectoryEntry | None:
        return next((e for e in self.entries if e.department.id == department_id), None)


def _entries(facts: list[DepartmentFacts], programs: list[Program]) -> tuple[DirectoryEntry, ...]:
    return tuple(
        DirectoryEntry(
            f.department,
            tuple((p, f.measures[p.id]) for p in programs if f.measures.get(p.id)),
            f.members,
            f.submissions,
        )
        for f in facts
    )


async def directory(db: Database, actor: Actor) -> Directory:
    """Every department: its names and aliases, its measures per program, members, whether it has reports."""
    require_administrator(actor)
    async with db.locked() as conn:
        return Directory(_entries(await directory_facts(conn), await list_programs(conn)))


async def department_entry(db: Database, actor: Actor, department_id: int) -> DirectoryEntry:
    """One department of the directory (its card). Refused: ``DEPARTMENT_GONE``."""
    entry = (await directory(db, actor)).entry(department_id)
    if entry is None:
        raise Refused(Reason.DEPARTMENT_GONE, id=department_id)
    return entry


# --- names ----------------------------------------------------------------------------------------------


def checked_names(
    departments: list[Department], department: Department, short_name: str | None, name: str | None
) -> tuple[str, str]:
    """The short and full name ``department`` is to have (None: as it is), as kept; refused when blank, too
    long, or another of ``departments`` (the directory as it will be) has it."""
    short = department.short_name if short_name is None else name_text(short_name)
    full = department.name if name is None else name_text(name)
    for field, value, limit in (("short", short, MAX_SHORT_NAME), ("full", full, MAX_NAME)):
        if is_blank(value):
            raise Refused(Reason.DEPARTMENT_NAME_BLANK, field=field)
        if len(value) > limit:
            raise Refused(Reason.DEPARTMENT_NAME_TOO_LONG, field=field, limit=limit)
    # Only a name that changes is compared: two names alike from an import are merged, not a reason to refuse
    # the other name's change.
    new = [v for v, old in ((short, department.short_name), (full, department.name)) if v != old]
    for other in departments:
        if other.id == department.id:
            continue
        for value in new:
            if same_name(value, other.short_name) or same_name(value, other.name):
                raise Refused(Reason.DEPARTMENT_NAME_TAKEN, name=value, department=other.short_name)
    return short, full


@dataclass(frozen=True, slots=True)
class Renamed:
    before: Department
    after: Department

    @property
    def changed(self) -> bool:
        return (self.before.short_name, self.before.name) != (self.after.short_name, self.after.name)


async def rename_in(
    conn: aiosqlite.Connection,
    department_id: int,
    *,
    short_name: str | None = None,
    name: str | None = None,
    departments: list[Department] | None = None,
) -> Renamed:
    """``rename_department`` within the caller's transaction; ``departments``: the directory to check the names
    against (default: as it is)."""
    before = await department_with_aliases(conn, department_id)
    if before is None:
        raise Refused(Reason.DEPARTMENT_GONE, id=department_id)
    if departments is None:
        departments = await list_departments(conn)
    short, full = checked_names(departments, before, short_name, name)
    await rename(conn, department_id, short, full)
    if not same_name(full, before.name):
        await add_aliases(conn, department_id, [normalize(before.name)])
    after = await department_with_aliases(conn, department_id)
    assert after is not None
    return Renamed(before, after)


async def rename_department(
    db: Database, actor: Actor, department_id: int, *, short_name: str | None = None, name: str | None = None
) -> Renamed:
    """A new short name, full name, or both (None: unchanged). The old full name stays among the aliases.
    Refused: ``NOT_COORDINATOR``, ``DEPARTMENT_GONE``, ``DEPARTMENT_NAME_BLANK``, ``DEPARTMENT_NAME_TOO_LONG``,
    ``DEPARTMENT_NAME_TAKEN`` (naming the department that has it); nothing is changed then."""
    require_administrator(actor)
    async with db.transaction() as conn:
        return await rename_in(conn, department_id, short_name=short_name, name=name)


# --- the new short name typed in the chat ------------------------------------------------------------------


async def start_rename(db: Database, actor: Actor, department_id: int) -> Department:
    """«Перейменувати»: the actor's next message is the department's new short name (kept in the database, so a
    restart in between loses nothing; any command drops it, and so does a return's comment asked for later).
    A comment asked for earlier is dropped: one message is waited for at a time. Refused: ``DEPARTMENT_GONE``."""
    require_administrator(actor)
    assert actor.user_id is not None  # the name is a person's next message in the chat
    async with db.transaction() as conn:
        department = await department_with_aliases(conn, department_id)
        if department is None:
            raise Refused(Reason.DEPARTMENT_GONE, id=department_id)
        await drop_pending_comment(conn, actor.user_id)
        await await_rename(conn, actor.user_id, department_id)
    return department


async def rename_awaited(db: Database, actor: Actor) -> int | None:
    """The department whose new short name the actor's next message is, if any (``start_rename``)."""
    if not actor.administrator or actor.user_id is None:
        return None
    async with db.locked() as conn:
        return await pending_rename(conn, actor.user_id)


async def cancel_rename(db: Database, actor: Actor) -> bool:
    """The new short name is no longer waited for (a return's comment was asked for since)."""
    if actor.user_id is None:
        return False
    async with db.locked() as conn:
        return await drop_pending_rename(conn, actor.user_id)


async def finish_rename(db: Database, actor: Actor, text: str) -> Renamed | None:
    """The message typed after «Перейменувати»: the department's new short name (None: no name is waited for).
    Refused as ``rename_department`` is, and then the next message is still the name (nothing changed), except
    for ``DEPARTMENT_GONE`` (merged away meanwhile: no name is waited for any more)."""
    require_administrator(actor)
    assert actor.user_id is not None
    refused: Refused | None = None
    async with db.transaction() as conn:
        department_id = await pending_rename(conn, actor.user_id)
        if department_id is None:
            return None
        try:
            renamed = await rename_in(conn, department_id, short_name=text)
        except Refused as exc:
            if exc.reason is not Reason.DEPARTMENT_GONE:
                raise  # rolled back: the name is still waited for
            refused = exc
        else:
            await drop_pending_rename(conn, actor.user_id)
            return renamed
        await drop_pending_rename(conn, actor.user_id)  # committed, then refused
    assert refused is not None
    raise refused


# --- a merge -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What merging ``gone`` into ``keep`` does (``merge_departments``), before it does it."""

    keep: Department
    gone: Department
    counts: MergeCounts
    aliases: tuple[str, ...]  # what ``keep`` gains: ``gone``'s full name and aliases it has not got yet


async def _plan(conn: aiosqlite.Connection, keep_id: int, gone_id: int) -> MergePlan:
    keep = await department_with_aliases(conn, keep_id)
    gone = await department_with_aliases(conn, gone_id)
    for department_id, department in ((gone_id, gone), (keep_id, keep)):
        if department is None:
            raise Refused(Reason.DEPARTMENT_GONE, id=department_id)
    assert keep is not None and gone is not None
    if keep_id == gone_id:
        raise Refused(Reason.MERGE_SAME, department=keep.short_name)
    aliases = tuple(a for a in dict.fromkeys([normalize(gone.name), *gone.aliases]) if a not in keep.aliases)
    return MergePlan(keep, gone, await merge_counts(conn, keep_id, gone_id), aliases)


async def merge_plan(db: Database, actor: Actor, keep_id: int, gone_id: int) -> MergePlan:
    """What ``merge_departments`` would move, for the person to confirm. Refused as it is."""
    require_administrator(actor)
    async with db.locked() as conn:
        return await _plan(conn, keep_id, gone_id)


@dataclass(frozen=True, slots=True)
class Merged:
    plan: MergePlan
    keep: Department  # as it is after the merge, with its new aliases
    members: tuple[int, ...]  # the people of ``gone``: their departments changed


async def merge_in(conn: aiosqlite.Connection, keep_id: int, gone_id: int) -> Merged:
    """``merge_departments`` within the caller's transaction."""
    plan = await _plan(conn, keep_id, gone_id)
    members = await merge(conn, keep_id, gone_id, plan.aliases)
    keep = await department_with_aliases(conn, keep_id)
    assert keep is not None
    return Merged(plan, keep, members)


async def merge_departments(db: Database, actor: Actor, keep_id: int, gone_id: int) -> Merged:
    """``gone`` merged into ``keep``: everything of it becomes ``keep``'s (its measures, with ``keep`` the lead
    where ``gone`` was; its reports' revisions with their reviews; drafts, evidence files, members, invite
    links, mutes, reminders already sent; a program it was responsible for), its full name and aliases become
    ``keep``'s aliases, and it is deleted (``storage.departments.merge`` says how each is moved).

    Where both reported on the same measure for the same year, both histories are kept, as one department's:
    the newest revision of the two, the one written last, is the one that counts from now on (a report of the
    year shows it alone, where it summed the two before); the other stays in the history.

    Refused: ``NOT_COORDINATOR``; ``MERGE_SAME``; ``DEPARTMENT_GONE`` (either of them): nothing is changed."""
    require_administrator(actor)
    async with db.transaction() as conn:
        return await merge_in(conn, keep_id, gone_id)


# --- the directory sheet -------------------------------------------------------------------------------------

Grid = list[list[str]]


async def directory_sheet(db: Database, actor: Actor) -> DirectorySheetToSend:
    """What the directory sheet holds (``reports.directory_sheet.write_directory_sheet`` writes it)."""
    require_administrator(actor)
    async with db.locked() as conn:
        return await directory_sheet_to_send(conn)


@dataclass(frozen=True, slots=True)
class DirectoryPreview:
    diff: DirectoryDiff  # with what each merge moves


async def _checked_sheet(conn: aiosqlite.Connection, grid: Grid) -> DirectoryDiff:
    diff = await directory_diff(conn, grid)
    if not diff.changes:
        raise Refused(Reason.DIRECTORY_UNCHANGED)
    counts = {m.gone.id: await merge_counts(conn, m.keep.id, m.gone.id) for m in diff.merges}
    return replace(diff, counts=counts)


async def preview_directory_sheet(db: Database, actor: Actor, grid: Grid) -> DirectoryPreview:
    """What a returned directory sheet would change (``reports.directory_sheet.directory_diff``). Refused: not a
    administrator's; ``DirectorySheetError`` (its cells named: a sheet of another database, a department gone, a
    name blank, too long or another's, ...); ``DIRECTORY_UNCHANGED``."""
    require_administrator(actor)
    async with db.locked() as conn:
        return DirectoryPreview(await _checked_sheet(conn, grid))


@dataclass(frozen=True, slots=True)
class DirectoryApplied:
    diff: DirectoryDiff
    members: tuple[int, ...]  # people whose departments changed (merged)


async def apply_directory_sheet_in(conn: aiosqlite.Connection, actor: Actor, grid: Grid) -> DirectoryApplied:
    """Apply a returned sheet within the caller's transaction (the one that marks its upload applied), read
    again against the directory as it is now, every rule of ``preview_directory_sheet`` checked again: the
    renames and aliases first (a renamed full name kept as an alias, as in ``rename_department``), then the
    merges (as ``merge_departments``)."""
    require_administrator(actor)
    diff = await _checked_sheet(conn, grid)
    for edit in diff.edits:
        d = edit.department
        if edit.short_name is not None or edit.name is not None:
            await rename(conn, d.id, edit.short_name or d.short_name, edit.name or d.name)
        if edit.aliases is not None:
            await set_aliases(conn, d.id, edit.aliases)
        if edit.old_name_alias:
            await add_aliases(conn, d.id, [edit.old_name_alias])
    members: list[int] = []
    for m in diff.merges:
        members += await merge(conn, m.keep.id, m.gone.id, [normalize(m.gone.name)])
    return DirectoryApplied(diff, tuple(sorted(set(members))))


async def apply_directory_sheet(db: Database, actor: Actor, grid: Grid) -> DirectoryApplied:
    """Apply a returned sheet (the command line's way: no upload waiting), in one transaction."""
    async with db.transaction() as conn:
        return await apply_directory_sheet_in(conn, actor, grid)
