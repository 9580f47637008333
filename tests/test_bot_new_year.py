"""A new year, the coordinator's way: plans from the plan sheet (or one by one with /plan), the year opened,
executors reporting against the real plan, the report holding the plans; a year without plans says so."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from l10n.numbers import amount
from reports import texts
from reports.plan_sheet import COL_PLAN, HEADER_ROW, PlanChange, PlanDiff, render_diff
from storage.models import Fund, Source
from storage.plans import plan_history, program_plans
from storage.programs import list_programs
from tests.botkit import World, fake_api_fixture, open_measure, world_fixture  # noqa: F401
from tests.fakeapi import FakeUser

PLAN_2024_SPECIAL_44 = Decimal(5)


def _general_plan(index: int) -> Decimal:
    return Decimal(index) + Decimal("0.5")  # 1,5; 2,5; ... all different, all exact


async def _plans(world: World, year: int) -> dict[tuple[int, Fund], Decimal]:
    async with world.db.locked() as conn:
        [program] = await list_programs(conn)
        plans = await program_plans(conn, program.id)
    return {(k.measure_id, k.fund): v for k, v in plans.items() if k.year == year}


async def _fill_sheet(coordinator: FakeUser) -> tuple[bytes, dict[str, Decimal]]:
    """/plan 2024, the sheet downloaded and filled: every measure's general plan, 4.4's special plan too."""
    await coordinator.send("/plan 2024")
    sheet = await coordinator.expect("План на 2024 рік: заповніть")
    assert sheet.document is not None and sheet.document.filename == "План 2024.xlsx"
    assert "за планом 2023 року" in (sheet.caption or "")
    wb = load_workbook(io.BytesIO(await coordinator.download(sheet)))
    ws = wb.active
    assert ws is not None
    general: dict[str, Decimal] = {}
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        number = ws.cell(row, 2).value
        if not number:
            continue
        general[str(number)] = _general_plan(len(general) + 1)
        ws.cell(row, COL_PLAN[Fund.GENERAL], float(general[str(number)]))
        ws.cell(row, COL_PLAN[Fund.SPECIAL], float(PLAN_2024_SPECIAL_44) if number == "4.4" else None)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), general


async def test_a_whole_new_year(world: World) -> None:
    coordinator = world.coordinator()
    data, general = await _fill_sheet(coordinator)
    await coordinator.send_document("План 2024.xlsx", data)
    await coordinator.expect("Отримав файл")
    preview = await coordinator.expect("Аркуш плану")
    total = sum(general.values(), Decimal(0))
    assert f"зміниться {len(general) + 1} план" in preview.text
    assert "• 4.4 (спец.): не встановлено → 5,0" in preview.text
    assert (
        "Разом, загальний фонд: 0,0 → " in preview.text
        and "Разом, спеціальний фонд та інші джерела: 0,0 → 5,0" in preview.text
    )
    assert await _plans(world, 2024) == {}, "nothing is applied before «Застосувати»"
    await coordinator.press("Застосувати", preview)
    await coordinator.expect("План на 2024 рік застосовано")
    plans = await _plans(world, 2024)
    m44 = await world.measure_id("4.4")
    assert plans[(m44, Fund.GENERAL)] == general["4.4"] and plans[(m44, Fund.SPECIAL)] == PLAN_2024_SPECIAL_44
    assert sum(v for (_, f), v in plans.items() if f is Fund.GENERAL) == total
    async with world.db.locked() as conn:
        revisions = await plan_history(conn, m44, 2024)
    assert [(r.fund, r.author_id, r.source, r.old) for r in revisions] == [
        (Fund.GENERAL, 500, Source.COORDINATOR, None),
        (Fund.SPECIAL, 500, Source.COORDINATOR, None),
    ]

    await coordinator.send("/lock 2023")
    await coordinator.expect("закрито")
    await coordinator.send("/open 2024 20.01.2025")
    opened = await coordinator.expect("Термін: 20.01.2025")
    assert "не встановлено" not in opened.text and "/plan" not in opened.text
    # today (the bot's clock) is after it: opened all the same, and what that means said
    assert "⚠️ Термін 20.01.2025 уже минув: нагадувань про цей рік не буде" in opened.text
    assert opened.text.split("\n")[-1].startswith("Далі: /invite")  # the next step

    olena = await world.member(1001, "Олена", "uk")
    card = await open_measure(olena, "4.4")
    plan_44 = general["4.4"] + PLAN_2024_SPECIAL_44
    assert f"План на 2024 рік: <b>{plan_44:.1f}".replace(".", ",") in (card.raw or "")
    assert "спеціальний фонд та інші джерела — 5,0" in card.text
    assert "із загального фонду" in card.text
    assert any(label.startswith("як у плані") for label in olena.last_keyboard_labels())
    await olena.send(str(general["4.4"]).replace(".", ","))
    await olena.expect("зі спеціального фонду та інших джерел, тис. грн? (план — 5,0 тис. грн)")
    await olena.send("5")
    await olena.expect("профінансовано у звітному періоді із загального фонду")
    await olena.send("6")
    await olena.expect("профінансовано у звітному періоді зі спеціального фонду")
    await olena.send("2,5")
    suggested = percent_of_text(Decimal("8.5"), plan_44)
    await olena.expect(f"виходить {suggested} %")
    await olena.press(f"{suggested} %")
    await olena.expect("Інформація")
    await olena.send("Проведено акцію.")
    review = await olena.expect("Перевірте звіт")
    assert "спецфонд: 5,0" in review.text and "спецфонд: 2,5" in review.text
    await olena.press("Підтвердити")
    await olena.expect("Збережено")

    await coordinator.send("/history 4.4 2024")
    history = await coordinator.expect("Історія заходу 4.4")
    assert "спеціальний фонд: не встановлено → 5,0" in history.text
    assert "факт (спецфонд) 5,0" in history.text and "профінансовано (спецфонд) 2,5" in history.text
    await coordinator.send("/report 2024")
    report = await coordinator.next_message()
    assert report.document is not None
    ws = load_workbook(io.BytesIO(await coordinator.download(report))).worksheets[0]
    measure_row = next(r for r in ws.iter_rows() if str(r[2].value or "").startswith("4.4."))
    assert Decimal(str(measure_row[5].value)) == plan_44
    assert Decimal(str(measure_row[6].value)) == general["4.4"] + 5  # both funds in the measure's row
    totals = {
        label: next(r for r in ws.iter_rows() if any(str(c.value or "").startswith(label) for c in r))
        for label in (texts.total_general(), texts.total_special_start())
    }
    assert Decimal(str(totals[texts.total_general()][5].value)) == total
    assert Decimal(str(totals[texts.total_special_start()][5].value)) == PLAN_2024_SPECIAL_44
    assert Decimal(str(totals[texts.total_special_start()][6].value)) == 5  # the special fund's actual
    assert Decimal(str(totals[texts.total_special_start()][7].value)) == Decimal("2.5")


def percent_of_text(financed: Decimal, plan: Decimal) -> str:
    from l10n.numbers import percent
    from storage.numbers import percent_of

    value = percent_of(financed, plan)
    assert value is not None
    return percent(value).removesuffix(" %")


async def test_a_bad_cell_is_named_and_nothing_applied(world: World) -> None:
    coordinator = world.coordinator()
    data, _ = await _fill_sheet(coordinator)
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws is not None
    ws.cell(HEADER_ROW + 2, COL_PLAN[Fund.GENERAL], "багато")
    out = io.BytesIO()
    wb.save(out)
    await coordinator.send_document("План 2024.xlsx", out.getvalue())
    await coordinator.expect("Отримав файл")
    refused = await coordinator.expect("Файл плану не застосовано")
    assert f"F{HEADER_ROW + 2}: «багато»: це не число" in refused.text
    assert not refused.button_labels
    assert await _plans(world, 2024) == {}


async def test_a_sheet_cancelled_or_for_a_locked_year_changes_nothing(world: World) -> None:
    coordinator = world.coordinator()
    data, _ = await _fill_sheet(coordinator)
    await coordinator.send_document("План 2024.xlsx", data)
    await coordinator.expect("Отримав файл")
    preview = await coordinator.expect("Аркуш плану")
    await coordinator.press("Скасувати", preview)
    await coordinator.expect("скасовано, нічого не змінено")
    query = await coordinator.press("Застосувати", preview)  # decided once
    assert "не актуальний" in (await world.fake.wait_answered(query))["text"]
    assert await _plans(world, 2024) == {}
    await coordinator.send("/open 2024")
    await coordinator.expect("відкрито")
    await coordinator.send("/lock 2024")
    await coordinator.expect("закрито")
    await coordinator.send_document("План 2024.xlsx", data)
    await coordinator.expect("Отримав файл")
    await coordinator.expect("2024 рік закрито — нічого не змінено. Щоб змінити, спершу /unlock 2024.")
    assert await _plans(world, 2024) == {}


# --- one plan in the chat --------------------------------------------------------------------------


async def test_plan_one_value(world: World) -> None:
    coordinator = world.coordinator()
    m12 = await world.measure_id("1.2")
    await coordinator.send("/plan 2024 1.2 12,5")
    reply = await coordinator.expect(
        "План заходу 1.2 на 2024 рік, загальний фонд: не встановлено → <b>12,5</b>"
    )
    assert "/history 1.2" in reply.text
    await coordinator.send("/plan 2024 1.2 13")
    await coordinator.expect("загальний фонд: 12,5 → <b>13,0</b>")
    await coordinator.send("/plan 2024 1.2 3,25 спец")
    await coordinator.expect("спеціальний фонд: не встановлено → <b>3,25</b>")
    assert await _plans(world, 2024) == {
        (m12, Fund.GENERAL): Decimal(13),
        (m12, Fund.SPECIAL): Decimal("3.25"),
    }
    await coordinator.send("/history 1.2 2024")
    history = await coordinator.expect("Історія заходу 1.2")
    assert "Координаторка · загальний фонд: не встановлено → 12,5" in history.text
    assert "загальний фонд: 12,5 → 13,0" in history.text
    assert "спеціальний фонд: не встановлено → 3,25" in history.text


async def test_plan_one_value_refusals_change_nothing(world: World) -> None:
    coordinator = world.coordinator()
    before = await _plans(world, 2023)
    await coordinator.send("/plan 2024 1.2 -3")
    await coordinator.expect("План не змінено: «-3» — від'ємне число")
    await coordinator.send("/plan 2024 1.2 дванадцять")
    await coordinator.expect("План не змінено: «дванадцять» — це не число")
    await coordinator.send("/plan 2024 9.99 12")
    await coordinator.expect("Заходу 9.99 немає в програмі. Нічого не змінено.")
    await coordinator.send("/plan 2024 1.2 12 фонд")
    await coordinator.expect("«фонд» — не фонд")
    await coordinator.send("/plan 2024 1.2")
    await coordinator.expect("Як задати план")
    await coordinator.send("/lock 2023")
    await coordinator.expect("закрито")
    await coordinator.send("/plan 2023 1.2 12")
    await coordinator.expect("2023 рік закрито — нічого не змінено")
    assert await _plans(world, 2024) == {}
    assert await _plans(world, 2023) == before


# --- a year without plans --------------------------------------------------------------------------


async def test_a_year_without_plans_says_so(world: World) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/lock 2023")
    await coordinator.expect("закрито")
    await coordinator.send("/open 2024 20.01.2025")
    opened = await coordinator.expect("Термін: 20.01.2025")
    assert "На 2024 рік ще не встановлено жодного плану" in opened.text and "/plan 2024" in opened.text
    assert opened.text.split("\n")[-1].startswith("Далі: /invite")  # after the plans, the invitations
    olena = await world.member(1001, "Олена", "uk")
    card = await open_measure(olena, "4.4")
    assert "План на 2024 рік не встановлено" in card.text and "0,0" not in card.text
    assert "(план на рік не встановлено)" in card.text
    assert not any(label.startswith("як у плані") for label in olena.last_keyboard_labels())
    await olena.send("1000")  # no plan: nothing to be "far above"
    await olena.expect("Скільки фактично профінансовано")
    assert not any(label.startswith("як у плані") for label in olena.last_keyboard_labels())
    await olena.send("10")
    asked = await olena.expect("Відсоток виконання")
    assert "виходить" not in asked.text
    assert olena.last_keyboard_labels()[0] == "100 %"  # no suggested percent first
    await coordinator.send("/status 2024")
    await coordinator.expect("План на 2024 рік не встановлено. Завантажте плани: /plan 2024.")


# --- years without a word --------------------------------------------------------------------------


async def test_bare_report_and_status_say_which_year(world: World) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/report")
    report = await coordinator.next_message()
    assert report.document is not None and report.document.filename.startswith("Звіт 2023")
    assert "Рік не вказано — показую 2023: відкритий звітний рік." in (report.caption or "")
    await coordinator.send("/status")
    status = await coordinator.expect("Рік не вказано — показую 2023: відкритий звітний рік.")
    assert "Стан звітування за 2023 рік" in status.text
    await coordinator.send("/status 2023")
    assert "Рік не вказано" not in (await coordinator.expect("Стан звітування за 2023 рік")).text


async def test_bare_report_right_after_the_import_takes_the_year_with_data(world: World) -> None:
    async with world.db.transaction() as conn:
        await conn.execute("DELETE FROM reporting_periods")  # as right after `python -m cli import`
    coordinator = world.coordinator()
    await coordinator.send("/report")
    report = await coordinator.next_message()
    assert report.document is not None, report.text
    assert "показую 2023: останній рік, за який є плани або звіти" in (report.caption or "")
    await coordinator.send("/plan 2024 1.2 1")  # now 2024 has data too
    await coordinator.expect("План заходу 1.2")
    await coordinator.send("/status")
    await coordinator.expect("показую 2024: останній рік, за який є плани або звіти")


# --- the preview's text, capped ----------------------------------------------------------------------


def test_the_preview_is_capped_with_and_more() -> None:
    changes = tuple(PlanChange(f"1.{n}", Fund.GENERAL, None, Decimal(n)) for n in range(1, 301))
    diff = PlanDiff(
        2024,
        changes,
        {Fund.GENERAL: Decimal(0), Fund.SPECIAL: Decimal(0)},
        {Fund.GENERAL: Decimal(45150), Fund.SPECIAL: Decimal(0)},
    )
    text = render_diff(diff, limit=1000)
    assert len(text) < 1300 and "• 1.1 (заг.): не встановлено → 1,0" in text
    shown = text.count("• ")
    assert 0 < shown < 300 and f"…і ще {300 - shown}" in text
    assert "Разом, загальний фонд: 0,0 → 45 150,0 тис. грн" in text.replace("\xa0", " ")


# --- what the person did to the sheet, first ------------------------------------------------------------


async def _sheet_as_sent(coordinator: FakeUser, year: int = 2024):  # type: ignore[no-untyped-def]
    await coordinator.send(f"/plan {year}")
    sheet = await coordinator.expect(f"План на {year} рік: заповніть")
    wb = load_workbook(io.BytesIO(await coordinator.download(sheet)))
    ws = wb.active
    assert ws is not None
    return wb, ws


def _row(ws, number: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 2).value == number)


def _saved(wb) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


async def test_the_preview_of_a_prefilled_sheet_leads_with_what_the_person_changed(world: World) -> None:
    coordinator = world.coordinator()
    plans_2023 = await _plans(world, 2023)
    planned = sum(1 for value in plans_2023.values() if value is not None)
    wb, ws = await _sheet_as_sent(coordinator)
    # As a coordinator does it: one plan typed over, one cleared (1.5 came prefilled, left empty)
    m12, m15 = await world.measure_id("1.2"), await world.measure_id("1.5")
    assert plans_2023[(m15, Fund.GENERAL)] is not None
    ws.cell(_row(ws, "1.2"), COL_PLAN[Fund.GENERAL], 7.5)
    ws.cell(_row(ws, "1.5"), COL_PLAN[Fund.GENERAL]).value = None
    await coordinator.send_document("План 2024.xlsx", _saved(wb))
    await coordinator.expect("Отримав файл")
    preview = await coordinator.expect("Аркуш плану на 2024 рік")
    lines = preview.text.splitlines()
    program = "територія рівних можливостей"
    assert program in lines[1] and "зміниться" in lines[1]
    old_12 = plans_2023[(m12, Fund.GENERAL)]
    old_15 = plans_2023[(m15, Fund.GENERAL)]
    assert lines[2] == "Ви змінили в аркуші 2 плани:"
    assert lines[3] == f"• 1.2 (заг.): {amount(old_12)} → 7,5"
    assert lines[4] == f"• 1.5 (заг.): {amount(old_15)} → не встановлено (очищено)"
    rest = planned - 2  # every other prefilled plan, set as it came
    assert lines[5].startswith(f"ще {rest} план") and lines[5].endswith("як у плані 2023 року.")
    assert lines[6].startswith("Разом, загальний фонд: 0,0 → ")
    assert preview.text.count("• ") == 2, "the plans set as prefilled are one line, not a list"

    await coordinator.press("Застосувати", preview)
    applied = await coordinator.expect("План на 2024 рік застосовано")
    assert f"змінено {rest + 1} план" in applied.text and program in applied.text
    assert "• " not in applied.text and "Разом, загальний фонд: " in applied.text
    plans = await _plans(world, 2024)
    assert plans[(m12, Fund.GENERAL)] == Decimal("7.5") and (m15, Fund.GENERAL) not in plans


async def test_a_sheet_of_another_program_year_or_database_is_refused(world: World) -> None:
    coordinator = world.coordinator()
    wb, ws = await _sheet_as_sent(coordinator)
    ws.cell(_row(ws, "1.2"), COL_PLAN[Fund.GENERAL], 7.5)
    key = str(ws.cell(4, 1).value)
    database = key.split("zvitbot-plan:1:")[1].split(":")[0]
    other = "0123456789abcdef" if database != "0123456789abcdef" else "fedcba9876543210"
    cases = [
        # the program line changed to another program's name, as the attack did
        (
            2,
            "Програма «Безпечна громада» на 2021-2025 роки",
            "A2: у рядку 2 — програма «Програма «Безпечна громада»",
        ),
        (
            1,
            "План фінансування заходів на 2025 рік, тис. грн",
            "A1: у заголовку — 2025 рік, а аркуш складено на 2024 рік",
        ),
        (4, key.replace(database, other), "A4: аркуш складено іншим ботом (іншою базою даних)"),
        (4, "", "A4: у рядку 4 немає ключа аркуша"),
    ]
    for row, value, refusal in cases:
        original = ws.cell(row, 1).value
        ws.cell(row, 1).value = value or None
        coordinator.drain()
        await coordinator.send_document("План 2024.xlsx", _saved(wb))
        await coordinator.expect("Отримав файл")
        refused = await coordinator.expect("Файл плану не застосовано")
        assert refusal in refused.text, refused.text
        assert not refused.button_labels
        ws.cell(row, 1).value = original
    assert await _plans(world, 2024) == {}
