"""A returned sheet that cannot be applied: each problem named by its cell, the whole said in one message.

Shared by the sheets the bot hands out and reads back (plans, the directory); each error says which sheet was
refused (``refused``, a catalog message)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from l10n import t


@dataclass(frozen=True, slots=True)
class CellProblem:
    """One cell the sheet cannot be applied with."""

    cell: str  # "F12"
    message: str  # Ukrainian, from the catalog


class SheetError(ValueError):
    """Nothing was changed; ``render`` lists the first problems and counts the rest."""

    refused: ClassVar[str]  # the catalog message that opens the list

    def __init__(self, problems: list[CellProblem]) -> None:
        super().__init__("; ".join(f"{p.cell}: {p.message}" for p in problems))
        self.problems = problems

    def render(self, limit: int = 10) -> str:
        lines = [t("plan-sheet-cell-problem", cell=p.cell, message=p.message) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(t("plan-sheet-more-problems", count=len(self.problems) - limit))
        return "\n".join([t(self.refused), *lines])
