"""Domain models shared by storage, reports and the bot.

Money is thousand UAH as ``Decimal``; percent is a ``Decimal`` 0-100. Neither is ever a float.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from storage.measure_terms import parse_term


class Fund(StrEnum):
    GENERAL = "general"
    SPECIAL = "special"


class Source(StrEnum):
    BOT = "bot"
    IMPORT = "import"
    COORDINATOR = "coordinator"


class PeriodStatus(StrEnum):
    OPEN = "open"
    LOCKED = "locked"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


# Each table has two shapes: ``NewX``, what is written (no id yet), and ``X``, a row read back, whose ids are
# required. A loaded ``X`` is also a ``NewX``, so it can be written again as it is.


class NewDepartment(_Model):
    code: str  # stable slug from the directory file, e.g. "ussms"
    name: str
    short_name: str
    aliases: tuple[str, ...] = ()


class Department(NewDepartment):
    id: int


class NewProgram(_Model):
    name: str  # as printed in the title block
    decision_number: str
    decision_date: dt.date
    start_year: int
    end_year: int
    responsible_department: str  # as printed in the title block
    responsible_department_id: int | None = None
    signatory_title: str = ""
    signatory_name: str = ""


class Program(NewProgram):
    id: int


class NewTask(_Model):
    number: str  # "1", "2", ...
    text: str
    position: int


class Task(NewTask):
    id: int
    program_id: int


class MeasureDepartment(_Model):
    department_id: int
    is_lead: bool


class NewMeasure(_Model):
    number: str  # as printed without trailing dot: "1.1", "2.10"
    text: str
    term: str  # as printed: "2020-2025", "2021, 2023"
    executors_text: str  # as printed; the report shows it unchanged
    position: int
    departments: tuple[MeasureDepartment, ...] = ()

    def term_years(self) -> frozenset[int]:
        return parse_term(self.term)

    def planned_in(self, year: int) -> bool:
        return year in self.term_years()

    def department_ids(self) -> list[int]:
        """Lead first, then the others in their printed order."""
        lead = [d.department_id for d in self.departments if d.is_lead]
        return lead + [d.department_id for d in self.departments if not d.is_lead]


class Measure(NewMeasure):
    id: int
    program_id: int
    task_id: int
    retired_from: int | None = None  # dropped by an amendment from this year on; None: in force
    added_from: int | None = None  # added by an amendment in this year; None: from the program's start

    def in_force(self, year: int) -> bool:
        """The measure is part of the program in ``year``: added by then, not retired yet. The same rule
        as ``storage.measure_terms.in_force_sql``."""
        return (self.added_from is None or self.added_from <= year) and (
            self.retired_from is None or year < self.retired_from
        )


class Plan(_Model):
    measure_id: int
    year: int
    fund: Fund = Fund.GENERAL
    amount: Decimal


class NewSubmission(_Model):
    """One department's report on one measure for one year: an append-only revision, before it is added."""

    measure_id: int
    department_id: int
    year: int
    actual: Decimal | None = Field(default=None, ge=0)  # actual annual funding, thousand UAH
    financed: Decimal | None = Field(default=None, ge=0)  # financed in the reporting period
    percent: Decimal | None = Field(default=None, ge=0, le=100)
    info: str = ""
    # The special fund (and other sources) is reported apart only where a special-fund plan exists.
    actual_special: Decimal | None = Field(default=None, ge=0)
    financed_special: Decimal | None = Field(default=None, ge=0)
    author_id: int | None = None  # Telegram user id; None for imports
    author_name: str = ""
    created_at: dt.datetime | None = None  # UTC, aware; None: the moment it is added
    source: Source = Source.BOT
    base_revision_id: int | None = None  # the revision the author was looking at


class Submission(NewSubmission):
    """A revision as stored: its id orders the revisions of one measure, department and year."""

    id: int


class ReportingPeriod(_Model):
    program_id: int
    year: int
    status: PeriodStatus
    deadline: dt.date | None = None


class IndicatorKind(StrEnum):
    """The program-target method's four kinds of result indicators; the report's section 2 groups them in
    this order."""

    COST = "cost"  # «Показники затрат»
    PRODUCT = "product"  # «Показники продукту»
    EFFICIENCY = "efficiency"  # «Показники ефективності»
    QUALITY = "quality"  # «Показники якості»


class NewIndicator(_Model):
    program_id: int
    number: int  # its № in the section, 1.. through the section
    kind: IndicatorKind
    name: str
    unit: str  # as written: «од.», «тис. грн», «%», «днів» …
    task_id: int | None = None
    measure_id: int | None = None
    department_id: int | None = None  # None: the program's responsible department reports it
    retired_from: int | None = None  # dropped by an amendment from this year on; None: in force
    added_from: int | None = None  # added by an amendment in this year; None: from the program's start

    def in_force(self, year: int) -> bool:
        """Part of the program in ``year`` (the same rule as ``Measure.in_force``)."""
        return (self.added_from is None or self.added_from <= year) and (
            self.retired_from is None or year < self.retired_from
        )


class Indicator(NewIndicator):
    id: int


class IndicatorFact(_Model):
    """One revision (append-only) of an indicator's fact for a year, like a measure's submission."""

    id: int
    indicator_id: int
    year: int
    value: Decimal | None  # None: not reported
    reason: str | None  # why the fact misses the plan (required when |fact - plan| > plan / 10)
    user_id: int | None
    source: Source
    created_at: dt.datetime  # UTC
    author_name: str = ""
