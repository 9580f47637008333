"""Picking one program out of several by id or by part of its name (for the command lines)."""

from __future__ import annotations

from storage import texts
from storage.models import Program


class ProgramChoiceError(LookupError):
    pass


def choose_program(programs: list[Program], query: str | None) -> Program:
    if not programs:
        raise ProgramChoiceError(texts.CLI_NO_PROGRAM)
    choices = "\n".join(f"  {p.id}: {p.name}" for p in programs)
    if query is None:
        if len(programs) == 1:
            return programs[0]
        raise ProgramChoiceError(texts.CLI_AMBIGUOUS_PROGRAM.format(choices=choices))
    query = query.strip()
    if query.isdigit():
        found = [p for p in programs if p.id == int(query)]
    else:
        found = [p for p in programs if query.casefold() in p.name.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ProgramChoiceError(texts.CLI_UNKNOWN_PROGRAM.format(query=query, choices=choices))
    raise ProgramChoiceError(texts.CLI_AMBIGUOUS_PROGRAM.format(choices=choices))
