"""The city at a glance in the chat (/status with several programs, /city, /report 2023 all) on a city of 32
programs (tests/citykit.py), through the fake Bot API: within Telegram's limits, a button into each program's
/status, every program's report in one archive with the city's sheet, administrators only for now (the bot knows
no observers yet: the action lets them in, tests/test_actions_city.py)."""

from __future__ import annotations

import asyncio
import io
import threading
import zipfile
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest
import pytest_asyncio

from actions.actor import Actor
from actions.reports import year_report
from bot.app import build_application
from bot.formatting import MESSAGE_LIMIT
from bot.handlers import report as report_module
from reports import city_package, texts
from storage.programs import list_programs
from tests.botkit import World, running, settings_for
from tests.citykit import ELSEWHERE, PROGRAMS, YEAR, copy_city, label, make_city, waiting
from tests.fakeapi import BotMessage, FakeBotApi, FakeUser
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401 - the fake_api fixture

ADMIN = Actor(500, "Координаторка", administrator=True)


@pytest.fixture(scope="module")
def city_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("city") / "city.sqlite3"
    asyncio.run(make_city(path))
    return path


@pytest_asyncio.fixture(name="world")
async def world_fixture(city_file: Path, tmp_path: Path, fake_api: FakeBotApi) -> AsyncIterator[World]:
    db_path = copy_city(city_file, tmp_path / "bot.sqlite3")
    settings = settings_for(fake_api, db_path, report_formats=("xlsx", "pdf"))  # the shipped default
    app = build_application(settings)
    async with running(app):
        yield World(fake_api, db_path, settings, app)


def within_limits(message: BotMessage) -> None:
    assert len(message.content) <= MESSAGE_LIMIT
    buttons = [data for row in message.buttons for _, data in row]
    assert len(buttons) <= 100
    assert all(data is not None and len(data.encode()) <= 64 for data in buttons)


async def pages(user: FakeUser, first: BotMessage) -> list[BotMessage]:
    """Every page of the city, pressing ▶️ from the first one (the message edited in place)."""
    shown = [first]
    while "▶️" in shown[-1].button_labels:
        await user.press("▶️", shown[-1])
        shown.append(await user.next_message())
        assert shown[-1].kind == "edit" and shown[-1].message_id == first.message_id
    return shown


async def test_status_with_several_programs_is_the_city_in_pages_with_a_button_into_each(
    world: World,
) -> None:
    admin = world.coordinator()
    await admin.send("/status")
    first = await admin.expect("Програми громади")
    seen = await pages(admin, first)
    assert len(seen) == 3  # 32 programs, 12 a page
    text = "\n".join(m.content for m in seen)
    for n in range(1, PROGRAMS + 1):
        assert text.count(label(n)) == 1, label(n)  # once in the lines (a button's label is no text)
    for message in seen:
        within_limits(message)
    assert "Сторінка 3 з 3" in seen[-1].content
    # Each program in the year of its own: 2023 open, or 2022 for those imported as 2022's report.
    line = next(line for line in text.split("\n") if label(ELSEWHERE[0]) in line)
    assert "2022 (не відкривався)" in line and "звітовано 36 з 36" in line
    line = next(line for line in text.split("\n") if label(3) in line)
    assert "2023 (строк 20.01.2024)" in line and "на перевірці 1" in line and waiting(3)
    # A program's button: its /status of that year, department by department.
    await admin.press("◀️", seen[-1])
    page = await admin.next_message()
    await admin.press(f"✅ {label(14)}", page)
    status = await admin.expect("Стан звітування за 2023 рік")
    assert label(14) in status.content
    # A forged program button, and a page out of range: stale, and the last page.
    answer = await world.fake.wait_answered(await admin.press_data("ctp:999999:2023", page))
    assert "не діє" in answer.get("text", "")
    await admin.press_data("cty:0:99", page)
    assert "Сторінка 3 з 3" in (await admin.next_message()).content
    # The page shown pressed again: answered, nothing changes, nothing else is said.
    await world.fake.wait_answered(await admin.press("3/3", page))
    await admin.no_message()


async def test_city_of_a_year_and_who_may_see_it(world: World) -> None:
    admin = world.coordinator()
    await admin.send("/city 2022")
    message = await admin.expect("2022 рік")
    within_limits(message)
    assert message.content.count("2022 (не відкривався)") == 12  # a page's programs, each in 2022
    await admin.send("/city 2019")
    assert "поза терміном програми" in (await admin.expect("2019 рік")).content
    await admin.send("/city вчора")
    await admin.expect("не рік")
    member = await world.member(1001, "Олена", "uk")
    await member.send("/city")
    await member.expect("лише координаторам")
    await member.send("/status")  # a member has no /status, city or not
    await member.expect("лише координаторам")
    stranger = world.user(3001, "Незнайомець")
    await stranger.send("/city")
    await stranger.expect("потрібне запрошення")


def xlsx_totals(data: bytes) -> tuple[str, list[list[object]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return str(sheet.title), [list(row) for row in sheet.iter_rows(values_only=True)]


async def test_report_all_is_every_programs_report_and_the_city_sheet_in_one_archive(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The archive is written in a worker thread: held there until the bot has answered someone else.
    release = threading.Event()
    write = city_package.write_city_package  # taken by the handler when it writes (a lazy import)

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)  # on the event loop, this would hold every reply up for 10 s
        return write(*args, **kwargs)

    monkeypatch.setattr(city_package, "write_city_package", held)
    admin = world.coordinator()
    member = await world.member(1001, "Олена", "uk")
    await admin.send(f"/report {YEAR} all")
    await admin.expect("Збираю звіти всіх програм")
    await member.send("/start")
    await member.expect("Залишилося", timeout=5)
    release.set()
    archive = await admin.next_message(timeout=60)
    assert archive.document is not None and archive.document.filename == f"Звіти програм за {YEAR} рік.zip"
    caption = archive.content
    assert f"{PROGRAMS - len(ELSEWHERE)} програм (XLSX, PDF)" in caption
    assert all(label(n) in caption for n in ELSEWHERE)  # named, not dropped
    assert f"Без планів і звітів за {YEAR} рік, тому не включено (2)" in caption
    names, files = await unpacked(admin, archive)
    with_data = [n for n in range(1, PROGRAMS + 1) if n not in ELSEWHERE]
    assert names[0] == f"Зведена таблиця програм за {YEAR} рік.xlsx"
    assert names[1:] == [
        f"{i:02d} {label(n)}.{extension}"
        for i, n in enumerate(with_data, start=1)
        for extension in ("xlsx", "pdf")
    ]
    # Every program's report: the XLSX opens and is that program's, the PDF too.
    for i, n in enumerate(with_data, start=1):
        title, rows = xlsx_totals(files[f"{i:02d} {label(n)}.xlsx"])
        assert title == texts.sheet_title()  # the official form
        assert any(label(n) in str(cell) for row in rows[:8] for cell in row if cell), n
        pdf = pypdf.PdfReader(io.BytesIO(files[f"{i:02d} {label(n)}.pdf"]))
        assert label(n) in pdf.pages[0].extract_text().replace("\n", " ")
    # The city's sheet: a row per program with its report's totals; the totals row their sums.
    _, rows = xlsx_totals(files[names[0]])
    header = next(i for i, row in enumerate(rows) if row[0] == "№ з/п")
    body = rows[header + 1 : header + 1 + len(with_data)]
    total = rows[header + 1 + len(with_data)]
    async with world.db.locked() as conn:
        programs = [p for p in await list_programs(conn) if not any(label(n) in p.name for n in ELSEWHERE)]
    sums = [Decimal(0)] * 3
    for row, program in zip(body, programs, strict=True):
        report = (await year_report(world.db, ADMIN, program, YEAR)).report
        own = [
            report.general.plan + report.special.plan,
            report.general.actual + report.special.actual,
            report.general.financed + report.special.financed,
        ]
        assert row[1] == report.program_name and decimals(row[3:6]) == own
        sums = [a + b for a, b in zip(sums, own, strict=True)]
    assert total[1] == "Усього" and decimals(total[3:6]) == sums and sums[0] > 0
    assert total[7] == sum(row[7] for row in body) and total[8] == sum(row[8] for row in body)
    listed = [row[1] for row in rows[header + 3 + len(with_data) :] if row[1]]
    assert [label(n) in name for n, name in zip(ELSEWHERE, listed, strict=True)] == [True, True]


def decimals(values: list[object]) -> list[Decimal]:
    """Amounts as a spreadsheet reads them back (floats), exactly as written."""
    return [Decimal(str(v)) for v in values]


async def unpacked(user: FakeUser, message: BotMessage) -> tuple[list[str], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(await user.download(message))) as archive:
        names = archive.namelist()
        return names, {name: archive.read(name) for name in names}


async def test_an_archive_over_the_upload_limit_is_refused_in_words(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_module, "MAX_PACKAGE_BYTES", 100_000)
    admin = world.coordinator()
    await admin.send(f"/report {YEAR} all")
    await admin.expect("Збираю звіти")
    refused = await admin.next_message(timeout=60)
    assert (
        "завеликий для Telegram" in refused.content and "python -m cli report 2023 --all" in refused.content
    )
    assert refused.document is None
    await admin.send("/report all")
    await admin.expect("Вкажіть рік")
    await admin.send("/report 2021 all")  # no program has data in 2021
    await admin.expect("Жодна програма не має ні планів, ні звітів за 2021 рік")
    await admin.send("/report 2023 H1 all")  # every program's interim report (the seed's are imported today)
    await admin.expect("Жодна програма не має ні планів, ні звітів за І півріччя 2023 року")
