"""Pure consolidation: several departments on one measure, revisions, moments, totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reports.consolidate import consolidate
from storage.models import Department, Fund, Measure, MeasureDepartment, Program, Submission, Task

T0 = dt.datetime(2024, 1, 10, 9, tzinfo=dt.UTC)
DEPS = {
    1: Department(id=1, code="ussms", name="Управління у справах сім'ї", short_name="УССМС"),
    2: Department(id=2, code="do", name="Департамент освіти", short_name="ДО"),
    3: Department(id=3, code="uk", name="Управління культури", short_name="УК"),
}
PROGRAM = Program(
    id=1,
    name="Програма",
    decision_number="1",
    decision_date=dt.date(2019, 12, 18),
    start_year=2020,
    end_year=2025,
    responsible_department="Управління",
)
TASKS = [Task(id=1, program_id=1, number="1", text="Завдання", position=0)]
# Education is printed first but the lead is culture: texts follow the lead-first order, not the id order.
MEASURES = [
    Measure(
        id=10,
        program_id=1,
        task_id=1,
        number="1.1",
        text="Захід",
        term="2020-2025",
        executors_text="…",
        position=0,
        departments=(
            MeasureDepartment(department_id=3, is_lead=True),
            MeasureDepartment(department_id=2, is_lead=False),
            MeasureDepartment(department_id=1, is_lead=False),
        ),
    ),
    Measure(
        id=11,
        program_id=1,
        task_id=1,
        number="1.2",
        text="Інший",
        term="2021, 2023",
        executors_text="…",
        position=1,
        departments=(MeasureDepartment(department_id=1, is_lead=True),),
    ),
]
PLANS = {
    (10, Fund.GENERAL): Decimal("10.0"),
    (11, Fund.GENERAL): Decimal("5.5"),
    (11, Fund.SPECIAL): Decimal("2"),
}


def sub(id_: int, measure: int, dep: int, minutes: int, **kw: object) -> Submission:
    return Submission(
        id=id_,
        measure_id=measure,
        department_id=dep,
        year=2023,
        created_at=T0 + dt.timedelta(minutes=minutes),
        **kw,
    )  # type: ignore[arg-type]


SUBS = [
    sub(
        1, 10, 2, 0, actual=Decimal("2.5"), financed=Decimal(2), percent=Decimal(80), info="Освіта: семінари."
    ),
    sub(2, 10, 3, 1, actual=Decimal(4), financed=Decimal(3), percent=Decimal(50), info="Культура: виставка."),
    sub(
        3,
        10,
        3,
        5,
        actual=Decimal(5),
        financed=Decimal(4),
        percent=Decimal(55),
        info="Культура: дві виставки.",
    ),
    sub(
        4,
        11,
        1,
        2,
        actual=Decimal(1),
        financed=Decimal(1),
        percent=Decimal(100),
        info="=1+1",
        actual_special=Decimal("0.5"),
        financed_special=Decimal("0.25"),
    ),
]


def test_several_departments_are_summed_and_joined_lead_first() -> None:
    report = consolidate(PROGRAM, TASKS, MEASURES, DEPS, PLANS, SUBS, 2023)
    row = report.rows[0]
    assert (row.actual, row.financed) == (Decimal("7.5"), Decimal(6))
    assert row.percent == Decimal("67.5")  # the mean of 55 and 80
    assert row.info == "УК: Культура: дві виставки.\nДО: Освіта: семінари."
    assert row.reported_by == ("УК", "ДО") and row.missing == ("УССМС",)


def test_one_department_text_is_plain_and_special_fund_counts_apart() -> None:
    report = consolidate(PROGRAM, TASKS, MEASURES, DEPS, PLANS, SUBS, 2023)
    row = report.rows[1]
    assert (row.plan, row.actual, row.financed, row.info) == (
        Decimal("7.5"),
        Decimal("1.5"),
        Decimal("1.25"),
        "=1+1",
    )
    assert (report.general.plan, report.general.actual, report.general.financed) == (
        Decimal("15.5"),
        Decimal("8.5"),
        Decimal(7),
    )
    assert report.general.percent == Decimal("45.2")  # 7 / 15,5
    assert (report.special.plan, report.special.actual, report.special.financed) == (
        Decimal(2),
        Decimal("0.5"),
        Decimal("0.25"),
    )
    assert report.special.percent == Decimal("12.5")


def test_state_at_a_moment() -> None:
    before_rewrite = consolidate(
        PROGRAM, TASKS, MEASURES, DEPS, PLANS, SUBS, 2023, at=T0 + dt.timedelta(minutes=3)
    )
    assert before_rewrite.rows[0].info == "УК: Культура: виставка.\nДО: Освіта: семінари."
    nothing = consolidate(PROGRAM, TASKS, MEASURES, DEPS, PLANS, SUBS, 2023, at=T0 - dt.timedelta(seconds=1))
    assert all(r.actual is None and r.info == "" for r in nothing.rows)
    assert nothing.general.actual == 0 and nothing.general.percent == Decimal("0.0")


def test_planned_flag_and_other_years_ignored() -> None:
    report = consolidate(PROGRAM, TASKS, MEASURES, DEPS, PLANS, SUBS, 2022)
    assert [r.planned for r in report.rows] == [True, False]
    assert all(r.actual is None for r in report.rows)


def test_a_text_of_invisible_characters_is_no_text() -> None:
    """Zero-width characters, fillers or a braille blank (an old revision, an import) are not a department's
    text: left out of the joined one, and a single one is empty."""
    invisible = "\u200b\u3164\u2800\u00ad"
    subs = [
        sub(1, 10, 2, 0, actual=Decimal(1), info=invisible),
        sub(2, 10, 3, 1, actual=Decimal(1), info=f"{invisible}Культура: виставка.{invisible}"),
        sub(3, 11, 1, 2, actual=Decimal(1), info=invisible),
    ]
    rows = consolidate(PROGRAM, TASKS, MEASURES, DEPS, PLANS, subs, 2023).rows
    assert rows[0].info == "УК: Культура: виставка."
    assert rows[1].info == ""
