"""Button data: short strings, parsed strictly. Parsing proves only the shape; handlers check the rights."""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = re.compile(r"^open:(\d{1,12}):(\d{1,12}):(\d{4})$")
_PAGE = re.compile(r"^page:(\d{1,12}):(\d{1,4})$")
_STEP = re.compile(r"^q:(\d{1,12}):(\d{1,12}):([a-z]{1,10}):([a-z]{1,10}(?::[a-z]{1,10})?)$")
_INVITE = re.compile(r"^inv:(\d{1,12})$")


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


def open_measure(measure_id: int, department_id: int, year: int) -> str:
    return f"open:{measure_id}:{department_id}:{year}"


def page(department_id: int, number: int) -> str:
    return f"page:{department_id}:{number}"


def step(measure_id: int, department_id: int, step_name: str, action: str) -> str:
    return f"q:{measure_id}:{department_id}:{step_name}:{action}"


def invite_for(department_id: int) -> str:
    return f"inv:{department_id}"


def parse(data: str | None) -> OpenMeasure | Page | StepAction | InviteFor | None:
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
    return None
