"""Who may report for which department: a coordinator's invite link for a department (shared by its colleagues
until it expires or is revoked), joining by its code, a member removed, a link revoked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.rules import require_department_coordinator, require_some_program
from storage.db import Database
from storage.members import (
    Invite,
    InviteResult,
    Member,
    create_invite,
    department_invites,
    department_members,
    get_invite,
    redeem_invite,
    remove_membership,
    revoke_invite,
    touch_user,
)
from storage.models import Department
from storage.programs import get_department, list_departments, list_programs, programs_departments

MAX_CODE: Final = 64  # a deep link's payload is at most 64 characters: the rest of a longer text is no code


@dataclass(frozen=True, slots=True)
class Invitation:
    department: Department
    code: str  # for the link; only its hash is kept
    expires_at: dt.datetime
    invite_id: int


async def invite(
    db: Database, actor: Actor, department_id: int, *, ttl: dt.timedelta, username: str | None = None
) -> Invitation:
    """A fresh link for the department's colleagues, valid for ``ttl``; its creator (the actor, ``username``
    their Telegram handle) is recorded to be named in /members. Refused: not a coordinator; ``GONE``, no such
    department."""
    require_some_program(actor)
    assert actor.user_id is not None  # a link is made by a person in the chat
    async with db.transaction() as conn:
        department = await get_department(conn, department_id)
        if department is None:
            raise Refused(Reason.GONE)
        await require_department_coordinator(conn, actor, department_id)
        await touch_user(conn, actor.user_id, actor.name, username)
        code, expires, invite_id = await create_invite(conn, department_id, actor.user_id, ttl)
    return Invitation(department, code, expires, invite_id)


@dataclass(frozen=True, slots=True)
class Joined:
    department: Department
    new: bool  # False: a member already (not counted again)


_REFUSED: Final = {
    InviteResult.UNKNOWN: Reason.INVITE_UNKNOWN,
    InviteResult.REVOKED: Reason.INVITE_REVOKED,
    InviteResult.EXPIRED: Reason.INVITE_EXPIRED,
}


async def join(db: Database, actor: Actor, code: str, *, username: str | None = None) -> Joined:
    """The actor joins the department of the invite link with ``code`` (anyone may: the link is the right),
    recorded with their name; the link's uses count each person once. Refused: ``INVITE_UNKNOWN``,
    ``INVITE_REVOKED``, ``INVITE_EXPIRED`` (nothing recorded)."""
    assert actor.user_id is not None  # a person in the chat
    async with db.transaction() as conn:
        await touch_user(conn, actor.user_id, actor.name, username)
        result, department_id = await redeem_invite(conn, code[:MAX_CODE], actor.user_id)
        if result in _REFUSED:
            raise Refused(_REFUSED[result])
        assert department_id is not None
        department = await get_department(conn, department_id)
    assert department is not None  # the link's department (departments are never deleted)
    return Joined(department, result is InviteResult.JOINED)


@dataclass(frozen=True, slots=True)
class Removed:
    department: Department
    member: Member | None  # who was removed, as the bot knew them (None: not known by name)


async def remove_member(db: Database, actor: Actor, department_id: int, user_id: int) -> Removed:
    """``user_id`` no longer reports for the department. Refused: not a coordinator; ``NOT_A_MEMBER``."""
    require_some_program(actor)
    async with db.transaction() as conn:
        department = await get_department(conn, department_id)
        if department is not None:
            await require_department_coordinator(conn, actor, department_id)
        people = {p.telegram_id: p for p in await department_members(conn, department_id)}
        removed = await remove_membership(conn, user_id, department_id)
        if not removed or department is None:
            raise Refused(Reason.NOT_A_MEMBER)
    return Removed(department, people.get(user_id))


@dataclass(frozen=True, slots=True)
class Revoked:
    invite: Invite
    department: Department


async def revoke(db: Database, actor: Actor, invite_id: int) -> Revoked:
    """Nobody joins through the link any more (those who did stay). Refused: not a coordinator; ``GONE``, no
    such link; ``INVITE_ALREADY_REVOKED``."""
    require_some_program(actor)
    assert actor.user_id is not None  # the history names who revoked it
    async with db.transaction() as conn:
        found = await get_invite(conn, invite_id)
        department = await get_department(conn, found.department_id) if found is not None else None
        if found is None or department is None:
            raise Refused(Reason.GONE)
        await require_department_coordinator(conn, actor, department.id)
        revoked = await revoke_invite(conn, invite_id, actor.user_id)
        found = await get_invite(conn, invite_id) or found  # as revoked now
        if not revoked:
            raise Refused(Reason.INVITE_ALREADY_REVOKED)
    return Revoked(found, department)


@dataclass(frozen=True, slots=True)
class Departments:
    """The departments whose people a coordinator manages (/invite, /members)."""

    departments: list[Department]  # by name
    own: frozenset[int]  # the responsible departments of the programs they coordinate (shown first)


async def departments_for(db: Database, actor: Actor) -> Departments:
    """An administrator: every department; a program's coordinator: the departments working in their programs.
    Refused: not a coordinator."""
    require_some_program(actor)
    async with db.locked() as conn:
        departments = await list_departments(conn)
        programs = [p for p in await list_programs(conn) if actor.coordinates(p.id)]
        if not actor.administrator:
            working = await programs_departments(conn, actor.programs)
            departments = [d for d in departments if d.id in working]
    own = frozenset(p.responsible_department_id for p in programs if p.responsible_department_id)
    return Departments(departments, own)


@dataclass(frozen=True, slots=True)
class People:
    department: Department
    members: list[Member]  # by name
    invites: list[Invite]  # newest first


async def department_people(db: Database, actor: Actor, department_id: int) -> People:
    """Who is in the bot for the department, and its invite links. Refused: not a coordinator of a program the
    department works in; ``GONE``, no such department."""
    require_some_program(actor)
    async with db.locked() as conn:
        department = await get_department(conn, department_id)
        if department is None:
            raise Refused(Reason.GONE)
        await require_department_coordinator(conn, actor, department_id)
        members = await department_members(conn, department_id)
        invites = await department_invites(conn, department_id)
    return People(department, members, invites)
