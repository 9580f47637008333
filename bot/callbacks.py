"""Button data: short strings, parsed strictly. Parsing proves only the shape; handlers check the rights."""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = re.compile(r"^open:(\d{1,12}):(\d{1,12}):(\d{4})$")
_PAGE = re.compile(r"^page:(\d{1,12}):(\d{1,4})$")
_STEP = re.compile(r"^q:(\d{1,12}):(\d{1,12}):([a-z]{1,10}):([a-z]{1,10}(?::[a-z]{1,10})?)$")
_INVITE = re.compile(r"^inv:(\d{1,12})$")
_PROGRAM = re.compile(r"^prog:(\d{1,12})$")
_REMIND = re.compile(r"^rem:(\d{1,12}):(\d{4}):(\d{1,12})$")
_MEMBERS = re.compile(r"^mem:(\d{1,12})$")
_REMOVE = re.compile(r"^rmm:(\d{1,12}):(\d{1,15})$")
_IMPORT = re.compile(r"^imp:(apply|cancel):([A-Za-z0-9_-]{8,32})$")


@dataclass(frozen=True)
class OpenMeasure:
    measure_id: int
    department_id: int
    year: int


@dataclass(frozen=True)
class Page:
    department_id: int
    page: int


@dataclass(frozen=True)
class StepAction:
    """A button of one step's question: stale once the draft has moved on to another step."""

    measure_id: int
    department_id: int
    step: str
    action: str


@dataclass(frozen=True)
class InviteFor:
    department_id: int


@dataclass(frozen=True)
class ChooseProgram:
    program_id: int


@dataclass(frozen=True)
class RemindDepartment:
    program_id: int
    year: int
    department_id: int


@dataclass(frozen=True)
class ListMembers:
    department_id: int


@dataclass(frozen=True)
class RemoveMember:
    department_id: int
    user_id: int


@dataclass(frozen=True)
class ImportDecision:
    apply: bool
    token: str


Parsed = (
    OpenMeasure | Page | StepAction | InviteFor | ChooseProgram | RemindDepartment | ListMembers | RemoveMember
    | ImportDecision
)  # fmt: skip


def open_measure(measure_id: int, department_id: int, year: int) -> str:
    return f"open:{measure_id}:{department_id}:{year}"


def page(department_id: int, number: int) -> str:
    return f"page:{department_id}:{number}"


def step(measure_id: int, department_id: int, step_name: str, action: str) -> str:
    return f"q:{measure_id}:{department_id}:{step_name}:{action}"


def invite_for(department_id: int) -> str:
    return f"inv:{department_id}"


def choose_program(program_id: int) -> str:
    return f"prog:{program_id}"


def remind(program_id: int, year: int, department_id: int) -> str:
    return f"rem:{program_id}:{year}:{department_id}"


def members(department_id: int) -> str:
    return f"mem:{department_id}"


def remove_member(department_id: int, user_id: int) -> str:
    return f"rmm:{department_id}:{user_id}"


def import_decision(apply: bool, token: str) -> str:
    return f"imp:{'apply' if apply else 'cancel'}:{token}"


def parse(data: str | None) -> Parsed | None:
    if not data or len(data) > 64:
        return None
    if m := _OPEN.match(data):
        return OpenMeasure(int(m[1]), int(m[2]), int(m[3]))
    if m := _PAGE.match(data):
        return Page(int(m[1]), int(m[2]))
    if m := _STEP.match(data):
        return StepAction(int(m[1]), int(m[2]), m[3], m[4])
    if m := _INVITE.match(data):
        return InviteFor(int(m[1]))
    if m := _PROGRAM.match(data):
        return ChooseProgram(int(m[1]))
    if m := _REMIND.match(data):
        return RemindDepartment(int(m[1]), int(m[2]), int(m[3]))
    if m := _MEMBERS.match(data):
        return ListMembers(int(m[1]))
    if m := _REMOVE.match(data):
        return RemoveMember(int(m[1]), int(m[2]))
    if m := _IMPORT.match(data):
        return ImportDecision(m[1] == "apply", m[2])
    return None
