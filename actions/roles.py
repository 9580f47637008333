"""Who coordinates and observes what, managed in the chat by the city's administrators.

An administrator makes a role link («координатор програми …» for one program, or «спостерігач»); whoever opens
it (``/start role-…``) takes the role, recorded with who made the link. An administrator revokes a role (the row
is kept, marked); one the bot's settings name (ADMIN_IDS, COORDINATOR_IDS) is an administrator there and only
there. Also here: which programs a person may use for a command, and the settings' administrators recorded at
the start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import aiosqlite

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.rules import require_administrator, require_coordinator, require_reader, require_some_program
from storage.db import Database
from storage.departments import drop_pending_rename
from storage.indicator_work import indicator_program, pending_fact_comment
from storage.members import touch_user
from storage.models import Program
from storage.programs import get_program, list_programs
from storage.reviews import drop_pending_comment, get_submission, measure_program, pending_comment
from storage.roles import (
    Grant,
    RoleKind,
    RoleLink,
    TakeResult,
    active_role_links,
    create_role_link,
    get_grant,
    get_role_link,
    grants_in_force,
    record_settings_administrators,
    redeem_role_link,
    revoke_grant,
    revoke_role_link,
    user_roles,
)

# A role link's deep-link payload: this prefix and the code. An invite's code is 24 characters without it, so
# the two never mix (``is_role_code``).
ROLE_CODE_PREFIX: Final = "role-"
_CODE_LENGTH: Final = 24  # storage.roles.create_role_link's codes


def is_role_code(payload: str) -> bool:
    """Whether a /start payload is a role link's (else it is a department invite's)."""
    return payload.startswith(ROLE_CODE_PREFIX) and len(payload) == len(ROLE_CODE_PREFIX) + _CODE_LENGTH


# --- programs a person may use ------------------------------------------------------------------------------


async def programs_for(db: Database, actor: Actor, *, changes: bool) -> list[Program]:
    """The programs the actor may change (``changes``: coordinates them) or read (observes, or coordinates)."""
    async with db.locked() as conn:
        programs = await list_programs(conn)
    return [p for p in programs if (actor.coordinates(p.id) if changes else actor.reads(p.id))]


async def program_for(db: Database, actor: Actor, program_id: int, *, changes: bool) -> Program:
    """The program, once the actor may change it (``changes``) or read it. Refused: ``GONE``, no such program;
    ``READ_ONLY`` or ``NOT_COORDINATOR`` (actions.rules)."""
    async with db.locked() as conn:
        program = await get_program(conn, program_id)
    if program is None:
        raise Refused(Reason.GONE)
    if changes:
        require_coordinator(actor, program_id)
    else:
        require_reader(actor, program_id)
    return program


# --- role links ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleLinkMade:
    link: RoleLink
    code: str  # the deep link's payload (prefix and code); only the code's hash is kept
    program: Program | None  # a coordinator's program


async def appointable_programs(db: Database, actor: Actor) -> list[Program]:
    """The programs an administrator may make a coordinator's link for. Refused: not an administrator."""
    require_administrator(actor)
    async with db.locked() as conn:
        return await list_programs(conn)


async def role_link(
    db: Database,
    actor: Actor,
    kind: RoleKind,
    program_id: int | None = None,
    *,
    ttl: dt.timedelta,
    username: str | None = None,
) -> RoleLinkMade:
    """A fresh link that makes whoever opens it a coordinator of the program (``kind`` COORDINATOR) or an
    observer (OBSERVER), valid for ``ttl``; its creator is recorded. Refused: ``NOT_ADMINISTRATOR``; ``GONE``, no
    such program."""
    require_administrator(actor)
    if kind is RoleKind.ADMINISTRATOR or (kind is RoleKind.COORDINATOR) != (program_id is not None):
        raise ValueError(f"no role link of {kind} with program {program_id}")
    assert actor.user_id is not None  # a link is made by a person in the chat
    async with db.transaction() as conn:
        program = await get_program(conn, program_id) if program_id is not None else None
        if program_id is not None and program is None:
            raise Refused(Reason.GONE)
        await touch_user(conn, actor.user_id, actor.name, username)
        code, link = await create_role_link(conn, kind, program_id, actor.user_id, ttl)
    return RoleLinkMade(link, ROLE_CODE_PREFIX + code, program)


@dataclass(frozen=True, slots=True)
class Taken:
    kind: RoleKind
    program: Program | None  # a coordinator's program
    new: bool  # False: held already (the link's uses not counted again)


_REFUSED: Final = {
    TakeResult.UNKNOWN: Reason.ROLE_LINK_UNKNOWN,
    TakeResult.REVOKED: Reason.ROLE_LINK_REVOKED,
    TakeResult.EXPIRED: Reason.ROLE_LINK_EXPIRED,
}


async def take_role(db: Database, actor: Actor, code: str, *, username: str | None = None) -> Taken:
    """The actor takes the role of the link with ``code`` (a /start payload; anyone may: the link is the
    right), recorded as granted by the link's creator. Refused: ``ROLE_LINK_UNKNOWN``, ``ROLE_LINK_REVOKED``,
    ``ROLE_LINK_EXPIRED`` (nothing recorded)."""
    assert actor.user_id is not None  # a person in the chat
    if not is_role_code(code):
        raise Refused(Reason.ROLE_LINK_UNKNOWN)
    async with db.transaction() as conn:
        await touch_user(conn, actor.user_id, actor.name, username)
        result, link, _ = await redeem_role_link(conn, code.removeprefix(ROLE_CODE_PREFIX), actor.user_id)
        if result in _REFUSED:
            raise Refused(_REFUSED[result])
        assert link is not None
        program = await get_program(conn, link.program_id) if link.program_id is not None else None
    return Taken(link.kind, program, result is TakeResult.TAKEN)


@dataclass(frozen=True, slots=True)
class LinkRevoked:
    link: RoleLink  # as revoked now
    program: Program | None  # a coordinator's link's program


async def revoke_link(db: Database, actor: Actor, link_id: int) -> LinkRevoked:
    """Nobody takes a role through the link any more (who did keeps it). Refused: ``NOT_ADMINISTRATOR``;
    ``GONE``, no such link; ``ROLE_LINK_ALREADY_REVOKED``."""
    require_administrator(actor)
    assert actor.user_id is not None
    async with db.transaction() as conn:
        if await get_role_link(conn, link_id) is None:
            raise Refused(Reason.GONE)
        if not await revoke_role_link(conn, link_id, actor.user_id):
            raise Refused(Reason.ROLE_LINK_ALREADY_REVOKED)
        link = await get_role_link(conn, link_id)
        assert link is not None
        program = await get_program(conn, link.program_id) if link.program_id is not None else None
    return LinkRevoked(link, program)


# --- roles held ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleRevoked:
    grant: Grant  # as revoked now
    program: Program | None  # a coordinator's program


async def revoke_role(db: Database, actor: Actor, role_id: int) -> RoleRevoked:
    """The person loses the role at once (the row is kept, marked revoked by the actor). Refused:
    ``NOT_ADMINISTRATOR``; ``GONE``, no such role; ``ROLE_FROM_SETTINGS``, an administrator the settings name;
    ``ROLE_ALREADY_REVOKED``."""
    require_administrator(actor)
    assert actor.user_id is not None  # the history names who revoked it
    async with db.transaction() as conn:
        grant = await get_grant(conn, role_id)
        if grant is None:
            raise Refused(Reason.GONE)
        if grant.from_settings and grant.revoked_at is None:
            raise Refused(Reason.ROLE_FROM_SETTINGS)
        if not await revoke_grant(conn, role_id, actor.user_id):
            raise Refused(Reason.ROLE_ALREADY_REVOKED)
        grant = await get_grant(conn, role_id) or grant
        program = await get_program(conn, grant.program_id) if grant.program_id is not None else None
        await _end_what_the_role_began(conn, grant.user_id)
    return RoleRevoked(grant, program)


async def _end_what_the_role_began(conn: aiosqlite.Connection, user_id: int) -> None:
    """What the person's next message was to be, as the role revoked (a return's comment on a program they no
    longer coordinate, a department's new name once no administrator), ends with it: else it would wait for a
    reappointment and take the first text typed then, days later, for a return's comment."""
    held = await user_roles(conn, user_id)
    if held.administrator:
        return
    await drop_pending_rename(conn, user_id)
    program_id = None
    submission_id = await pending_comment(conn, user_id)
    if submission_id is not None:
        revision = await get_submission(conn, submission_id)
        program_id = await measure_program(conn, revision.measure_id) if revision is not None else None
    else:
        fact_id = await pending_fact_comment(conn, user_id)
        found = await indicator_program(conn, fact_id) if fact_id is not None else None
        program_id = found[1] if found is not None else None
    if program_id not in held.programs:  # (None: nothing awaited, or what it was on is gone)
        await drop_pending_comment(conn, user_id)


@dataclass(frozen=True, slots=True)
class Roles:
    """Who holds which role now, for /members."""

    administrators: list[Grant]
    coordinators: list[tuple[Program, list[Grant]]]  # each program shown with its coordinators (maybe none)
    observers: list[Grant]
    links: list[RoleLink]  # the role links in force (an administrator's view only)
    programs: dict[int, Program]  # the links' programs
    may_change: bool  # the viewer makes links and revokes roles: an administrator


async def roles(db: Database, actor: Actor) -> Roles:
    """The roles held now. An administrator sees every one and the role links in force; a coordinator the
    administrators and their own programs' coordinators. Refused: neither (``NOT_COORDINATOR``, ``READ_ONLY``)."""
    require_some_program(actor)
    async with db.locked() as conn:
        grants = await grants_in_force(conn)
        programs = await list_programs(conn)
        links = await active_role_links(conn) if actor.administrator else []
    shown = [p for p in programs if actor.administrator or p.id in actor.programs]
    by_program: dict[int, list[Grant]] = {p.id: [] for p in shown}
    for grant in grants:
        if grant.kind is RoleKind.COORDINATOR and grant.program_id in by_program:
            by_program[grant.program_id].append(grant)
    return Roles(
        administrators=[g for g in grants if g.kind is RoleKind.ADMINISTRATOR],
        coordinators=[(p, by_program[p.id]) for p in shown],
        observers=[g for g in grants if g.kind is RoleKind.OBSERVER] if actor.administrator else [],
        links=links,
        programs={p.id: p for p in programs},
        may_change=actor.administrator,
    )


async def settings_administrators(db: Database, ids: Iterable[int]) -> tuple[list[int], list[int]]:
    """At the start: the administrators the settings name are recorded (granted by the settings, once), and one
    the settings granted but name no more is revoked by them. Who was added, who revoked."""
    async with db.transaction() as conn:
        added, revoked = await record_settings_administrators(conn, ids)
        for user_id in revoked:
            await _end_what_the_role_began(conn, user_id)
        return added, revoked
