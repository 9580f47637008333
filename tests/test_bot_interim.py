"""Interim reports: /interim sets which ones a program requires; /report 2023 H1 and 9M are the state at their
deadlines; /status shows the setting; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from storage.interim import interim_schedule
from storage.models import Fund, NewSubmission
from storage.plans import PlanKey, apply_plans
from storage.programs import list_programs
from storage.submissions import add_submission
from tests.botkit import YEAR, World, fake_api_fixture, world_fixture  # noqa: F401 - fixtures
from tests.test_bot_coordinator import measure_rows


async def stored_spec(world: World) -> str:
    async with world.db.locked() as conn:
        [program] = await list_programs(conn)
        return (await interim_schedule(conn, program.id)).spec()


async def test_half_year_and_nine_month_reports_are_the_state_at_the_programs_deadlines(world: World) -> None:
    measure, department = await world.measure_id("3.10"), await world.department_id("uk")
    kyiv = world.settings.tz
    async with world.db.transaction() as conn:
        for moment, info in (
            (dt.datetime(2023, 7, 5, 23, 0, tzinfo=kyiv), "до терміну H1"),
            (dt.datetime(2023, 7, 6, 9, 0, tzinfo=kyiv), "після терміну H1"),
            (dt.datetime(2023, 10, 6, 9, 0, tzinfo=kyiv), "після терміну 9M"),
        ):
            await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure,
                    department_id=department,
                    year=YEAR,
                    percent=Decimal(50),
                    info=info,
                    created_at=moment,
                ),
            )
    coordinator = world.coordinator()
    # Without a setting H1 is due like a quarter: 30.06 + QUARTER_DEADLINE_DAYS = 10.07.
    await coordinator.send("/report 2023 H1")
    default = await coordinator.next_message(timeout=10)
    assert "I півріччя 2023: звіти станом на 10.07.2023, плани — на 01.07.2023" in default.caption
    # The seed's plans were imported today: on H1's date the year had none yet, and the caption says so.
    assert "Станом на 01.07.2023 планів на 2023 рік ще не було" in default.caption
    assert measure_rows(default.document.data)["3.10"][9] == "після терміну H1"
    await coordinator.send("/interim H1 05.07 9M 05.10")
    saved = await coordinator.expect("Збережено")
    assert "I півріччя — до 05.07" in saved.text and "9 місяців — до 05.10" in saved.text
    await coordinator.send("/report 2023 H1")
    h1 = await coordinator.next_message(timeout=10)
    assert "05.07.2023" in h1.caption and h1.document.filename.startswith("Звіт 2023 H1")
    assert measure_rows(h1.document.data)["3.10"][9] == "до терміну H1"
    await coordinator.send("/report 2023 9M")
    m9 = await coordinator.next_message(timeout=10)
    assert (
        "05.10.2023" in m9.caption
        and "9 місяців" in m9.caption
        and m9.document.filename.startswith("Звіт 2023 9M")
    )
    assert measure_rows(m9.document.data)["3.10"][9] == "після терміну H1"
    await coordinator.send("/report 2023")
    whole = await coordinator.next_message(timeout=10)
    assert measure_rows(whole.document.data)["3.10"][9] == "після терміну 9M"


async def test_an_interim_report_reads_the_plans_of_its_date(world: World) -> None:
    """2024's plans set in March, changed on 05.07 and in August: the H1 report (its figures as of 01.07, due
    10.07) shows March's plan, and no plan where none was set by then; the annual report shows today's. Its
    title says what it is (issue 24)."""
    first, second = await world.measure_id("3.10"), await world.measure_id("4.4")
    kyiv = world.settings.tz
    async with world.db.transaction() as conn:
        for moment, changes in (
            (dt.datetime(2024, 3, 1, 10, 0, tzinfo=kyiv), {first: Decimal("10")}),
            (dt.datetime(2024, 7, 5, 10, 0, tzinfo=kyiv), {first: Decimal("12")}),  # after 01.07
            (dt.datetime(2024, 8, 1, 10, 0, tzinfo=kyiv), {first: Decimal("25"), second: Decimal("7.5")}),
        ):
            await apply_plans(
                conn,
                {PlanKey(m, 2024, Fund.GENERAL): v for m, v in changes.items()},
                author_id=None,
                now=moment,
            )
    coordinator = world.coordinator()
    await coordinator.send("/report 2024 H1")
    h1 = await coordinator.next_message(timeout=10)
    assert "I півріччя 2024: звіти станом на 10.07.2024, плани — на 01.07.2024" in h1.caption
    assert "планів на 2024 рік ще не було" not in h1.caption
    rows = measure_rows(h1.document.data)
    assert (rows["3.10"][5], rows["4.4"][5]) == (10, None)
    titles = [
        c
        for (c,) in load_workbook(io.BytesIO(h1.document.data))
        .worksheets[0]
        .iter_rows(max_col=1, max_row=8, values_only=True)
    ]
    assert "за І півріччя 2024 року" in titles and "станом на 01.07.2024" in titles
    await coordinator.send("/report 2024")
    whole = await coordinator.next_message(timeout=10)
    rows = measure_rows(whole.document.data)
    assert (rows["3.10"][5], rows["4.4"][5]) == (25, 7.5)


async def test_the_setting_is_shown_with_buttons_and_followed_by_status(world: World) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/interim")
    current = await coordinator.expect("Проміжні звіти")
    for line in (
        "I квартал — до 10.04",
        "II квартал — до 10.07",
        "III квартал — до 10.10",
        "IV квартал — до 10.01",
    ):
        assert line in current.text
    await coordinator.press("Півріччя (до 05.07) і 9 місяців (до 05.10)")
    await coordinator.expect("Збережено")
    assert await stored_spec(world) == "H1=05.07 9M=05.10"
    await coordinator.send("/status 2023")
    status = await coordinator.expect("Стан звітування")
    assert "I півріччя — до 05.07.2023" in status.text and "квартал" not in status.text
    await coordinator.send("/interim")
    await coordinator.expect("Проміжні звіти")
    await coordinator.press("Лише річний звіт")
    await coordinator.expect("Проміжних звітів немає")
    assert await stored_spec(world) == ""
    await coordinator.send("/interim quarters")
    await coordinator.expect("Збережено")
    assert await stored_spec(world) == "Q1 Q2 Q3 Q4"


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize(
    ("command", "answer"),
    [("/interim H5", "«H5» — не період"), ("/interim H1 31.06", "«31.06» — не день і місяць"),
     ("/interim Q2 H1", "закінчуються одним місяцем"), ("/interim H1 05.05", "більш ніж за три місяці"),
     ("/interim H1 05.07 дев'ять", "не період")],
)  # fmt: skip
async def test_bad_interim_settings_get_a_clear_answer_and_change_nothing(
    world: World, command: str, answer: str
) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/interim H1 05.07 9M 05.10")
    await coordinator.expect("Збережено")
    await coordinator.send(command)
    refused = await coordinator.expect(answer)
    assert "Налаштування не змінено" in refused.text
    assert await stored_spec(world) == "H1=05.07 9M=05.10"


async def test_executors_cannot_set_interim_reports(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/interim off")
    await olena.expect("лише координаторам")
    assert await stored_spec(world) == "Q1 Q2 Q3 Q4"


async def test_report_h1_all_is_every_programs_interim_report_as_of_its_own_deadline(world: World) -> None:
    """``/report 2023 H1 all``: the council's package of interim reports, each program's as of its own
    deadline for H1 (here /interim's 05.07), titled «за І півріччя 2023 року», the city's sheet too."""
    measure, department = await world.measure_id("3.10"), await world.department_id("uk")
    kyiv = world.settings.tz
    async with world.db.transaction() as conn:
        for moment, info in (
            (dt.datetime(2023, 7, 5, 23, 0, tzinfo=kyiv), "до терміну H1"),
            (dt.datetime(2023, 7, 6, 9, 0, tzinfo=kyiv), "після терміну H1"),
        ):
            await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure,
                    department_id=department,
                    year=YEAR,
                    percent=Decimal(50),
                    info=info,
                    created_at=moment,
                ),
            )
    coordinator = world.coordinator()
    await coordinator.send("/interim H1 05.07 9M 05.10")
    await coordinator.expect("Збережено")
    await coordinator.send("/report 2023 H1 all")
    await coordinator.expect("Збираю звіти всіх програм за І півріччя 2023 року")
    archive = await coordinator.next_message(timeout=30)
    assert archive.document is not None
    assert archive.document.filename == "Звіти програм за І півріччя 2023 року.zip"
    assert "Звіти програм громади за І півріччя 2023 року" in archive.content
    with zipfile.ZipFile(io.BytesIO(archive.document.data)) as package:
        names = package.namelist()
        assert names[0] == "Зведена таблиця програм за І півріччя 2023 року.xlsx", names
        sheet = load_workbook(io.BytesIO(package.read(names[0]))).worksheets[0]
        assert sheet["A1"].value == "Виконання цільових програм громади за І півріччя 2023 року"
        [report] = [name for name in names[1:] if name.endswith(".xlsx")]
        data = package.read(report)
    form = load_workbook(io.BytesIO(data)).worksheets[0]
    title = [str(c) for (c,) in form.iter_rows(max_col=1, max_row=14, values_only=True) if c]
    assert "за І півріччя 2023 року" in title and "станом на 01.07.2023" in title, title
    assert measure_rows(data)["3.10"][9] == "до терміну H1"  # the program's own deadline, 05.07
    await coordinator.send("/report 2024 Q1 all")  # nothing then
    await coordinator.expect("Жодна програма не має ні планів, ні звітів за І квартал 2024 року")
