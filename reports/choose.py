"""Picking one program out of several by id or by part of its name (for the command lines)."""

from __future__ import annotations

from enum import StrEnum

from l10n import t
from storage.models import Program


class ChoiceProblem(StrEnum):
    """Why no single program was picked; the value is the message id in l10n/uk/cli.ftl."""

    NO_PROGRAM = "cli-no-program"
    AMBIGUOUS = "cli-ambiguous-program"
    UNKNOWN = "cli-unknown-program"  # query


class ProgramChoiceError(LookupError):
    """``str()`` says why, and lists the programs there are to choose from."""

    def __init__(self, problem: ChoiceProblem, programs: list[Program], query: str | None = None) -> None:
        super().__init__(problem.value, query)
        self.problem = problem
        self.programs = programs
        self.query = query

    def __str__(self) -> str:
        choices = "\n".join(t("cli-program-choice", id=p.id, name=p.name) for p in self.programs)
        return t(self.problem, query=self.query or "", choices=choices)


def choose_program(programs: list[Program], query: str | None) -> Program:
    if not programs:
        raise ProgramChoiceError(ChoiceProblem.NO_PROGRAM, programs)
    if query is None:
        if len(programs) == 1:
            return programs[0]
        raise ProgramChoiceError(ChoiceProblem.AMBIGUOUS, programs)
    query = query.strip()
    if query.isdigit():
        found = [p for p in programs if p.id == int(query)]
    else:
        found = [p for p in programs if query.casefold() in p.name.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ProgramChoiceError(ChoiceProblem.UNKNOWN, programs, query)
    raise ProgramChoiceError(ChoiceProblem.AMBIGUOUS, programs)
