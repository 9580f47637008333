"""What an amended program changes against the database: measures added, dropped, renumbered, and texts,
terms or executors changed. Pure: the coordinator sees this before anything is applied.

A measure is the same measure when its number is the same (its text may have been reworded), or, when its
number is new, when its text is exactly that of a measure whose number is no longer in the file
(renumbered). A measure missing from the file is retired from the file's year on, never deleted: its
history stays. A measure retired by the file's year that is in the file again is restored; one already
retired by then and still missing is no change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from reports.indicators_section import ParsedIndicator
from reports.report_parser import ParsedMeasure, ParsedReport
from storage.models import Indicator, Measure
from storage.programs import ProgramTree


class Kind(StrEnum):
    ADDED = "added"
    RETIRED = "retired"
    RENUMBERED = "renumbered"
    TEXT = "text"
    TERM = "term"
    EXECUTORS = "executors"
    TASK_TEXT = "task_text"
    TASK_ADDED = "task_added"
    RESTORED = "restored"
    # Section 2's result indicators (``indicator_changes``), compared as the measures are, by number and name
    INDICATOR_ADDED = "indicator_added"
    INDICATOR_RETIRED = "indicator_retired"
    INDICATOR_RENUMBERED = "indicator_renumbered"
    INDICATOR_NAME = "indicator_name"
    INDICATOR_UNIT = "indicator_unit"
    INDICATOR_KIND = "indicator_kind"
    INDICATOR_RESTORED = "indicator_restored"


@dataclass(frozen=True, slots=True)
class Change:
    kind: Kind
    number: str  # the measure's (or task's) number in the file; for RETIRED, in the database
    old: str = ""
    new: str = ""


@dataclass(frozen=True, slots=True)
class Amendment:
    year: int
    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of(self, kind: Kind) -> list[Change]:
        return [c for c in self.changes if c.kind is kind]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".").casefold()


def amendment(tree: ProgramTree, parsed: ParsedReport) -> Amendment:
    changes: list[Change] = []
    known_tasks = {t.number: t for t in tree.tasks}
    for task in parsed.tasks:
        old = known_tasks.get(task.number)
        if old is None:
            changes.append(Change(Kind.TASK_ADDED, task.number, new=task.text))
        elif _norm(old.text) != _norm(task.text):
            changes.append(Change(Kind.TASK_TEXT, task.number, old.text, task.text))
    by_number = {m.number: m for m in tree.measures}
    in_file = {m.number for m in parsed.measures}
    retired = {m.number for m in tree.measures if not m.in_force(parsed.year)}
    gone = {m.number: m for m in tree.measures if m.number not in in_file and m.number not in retired}
    gone_by_text = {_norm(m.text): m for m in gone.values()}
    for pm in parsed.measures:
        old_measure = by_number.get(pm.number)
        if old_measure is None:
            moved = gone_by_text.pop(_norm(pm.text), None)
            if moved is None:
                changes.append(Change(Kind.ADDED, pm.number, new=pm.text))
                continue
            del gone[moved.number]
            changes.append(Change(Kind.RENUMBERED, pm.number, old=moved.number, new=pm.number))
            old_measure = moved
        elif pm.number in retired:
            changes.append(Change(Kind.RESTORED, pm.number, new=pm.text))
        changes.extend(_field_changes(old_measure, pm))
    changes.extend(Change(Kind.RETIRED, number, old=m.text) for number, m in gone.items())
    return Amendment(parsed.year, tuple(changes))


def _field_changes(old: Measure, new: ParsedMeasure) -> list[Change]:
    out = []
    if _norm(old.text) != _norm(new.text):
        out.append(Change(Kind.TEXT, new.number, old.text, new.text))
    if _norm(old.term) != _norm(new.term):
        out.append(Change(Kind.TERM, new.number, old.term, new.term))
    if _norm(old.executors_text) != _norm(new.executors):
        out.append(Change(Kind.EXECUTORS, new.number, old.executors_text, new.executors))
    return out


@dataclass(frozen=True, slots=True)
class IndicatorMatch:
    """A parsed indicator and the stored one it is (None: new)."""

    parsed: ParsedIndicator
    stored: Indicator | None


def indicator_changes(
    stored: list[Indicator], parsed: tuple[ParsedIndicator, ...], year: int
) -> tuple[list[Change], list[IndicatorMatch], list[Indicator]]:
    """Section 2 against the stored indicators, as ``amendment`` compares measures: the same number is the same
    indicator (its name may be reworded); a new number whose name is exactly a missing one's is that one
    renumbered; a stored one missing from the file is retired from its year. Returns the changes, each parsed
    indicator with its stored one, and the stored ones to retire."""
    changes: list[Change] = []
    by_number = {i.number: i for i in stored if i.retired_from is None or i.in_force(year)}
    for i in stored:
        by_number.setdefault(i.number, i)
    in_file = {p.number for p in parsed}
    gone = {n: i for n, i in by_number.items() if n not in in_file and i.in_force(year)}
    gone_by_name = {_norm(i.name): i for i in gone.values()}
    matches: list[IndicatorMatch] = []
    for p in parsed:
        old = by_number.get(p.number)
        number = str(p.number)
        if old is None or (not old.in_force(year) and _norm(p.name) in gone_by_name):
            moved = gone_by_name.pop(_norm(p.name), None)
            if moved is None:
                changes.append(Change(Kind.INDICATOR_ADDED, number, new=p.name))
                matches.append(IndicatorMatch(p, None))
                continue
            gone.pop(moved.number, None)
            changes.append(Change(Kind.INDICATOR_RENUMBERED, number, old=str(moved.number), new=number))
            old = moved
        elif not old.in_force(year):
            changes.append(Change(Kind.INDICATOR_RESTORED, number, new=p.name))
        if _norm(old.name) != _norm(p.name):
            changes.append(Change(Kind.INDICATOR_NAME, number, old.name, p.name))
        if _norm(old.unit) != _norm(p.unit):
            changes.append(Change(Kind.INDICATOR_UNIT, number, old.unit, p.unit))
        if old.kind.value != p.kind:
            changes.append(Change(Kind.INDICATOR_KIND, number, old.kind.value, p.kind))
        matches.append(IndicatorMatch(p, old))
    changes.extend(Change(Kind.INDICATOR_RETIRED, str(n), old=i.name) for n, i in gone.items())
    return changes, matches, list(gone.values())
