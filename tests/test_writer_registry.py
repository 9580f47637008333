"""The report's formats come from one registry (``reports.writers.WRITERS``): a writer registered there is
offered by /report's buttons (a year's and the term report's), accepted by REPORT_FORMATS and written by
``python -m cli 2023 --out x.<ext>``."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import BinaryIO

import pytest

from bot.settings import Settings
from cli.__main__ import _parser as report_parser
from cli.__main__ import main as reports_main
from reports import writers
from reports.model import Report
from reports.term_report import TermReport
from tests.botkit import World, fake_api_fixture, prepare_database, world_fixture  # noqa: F401 - fixtures
from tests.test_settings import TOKEN, _env_file


class DummyWriter:
    extension = ".odt"
    media_type = "application/vnd.oasis.opendocument.text"

    @staticmethod
    def _put(data: bytes, target: str | os.PathLike[str] | BinaryIO) -> None:
        if isinstance(target, str | os.PathLike):
            Path(target).write_bytes(data)
        else:
            target.write(data)

    def write(self, report: Report, target: str | os.PathLike[str] | BinaryIO) -> None:
        self._put(f"ODT {report.year}: {len(report.rows)} rows".encode(), target)

    def write_term(self, term: TermReport, target: str | os.PathLike[str] | BinaryIO) -> None:
        self._put(f"ODT {term.first_year}-{term.last_year}".encode(), target)


@pytest.fixture
def odt(monkeypatch: pytest.MonkeyPatch) -> DummyWriter:
    writer = DummyWriter()
    monkeypatch.setitem(writers.WRITERS, ".odt", writer)
    return writer


def test_report_formats_accepts_a_registered_writer(tmp_path: Path, odt: DummyWriter) -> None:
    settings = Settings(_env_file=_env_file(tmp_path, BOT_TOKEN=TOKEN, REPORT_FORMATS="xlsx, .ODT"))  # type: ignore[call-arg]
    assert settings.report_formats == ("xlsx", "odt")
    assert writers.format_names() == ("xlsx", "docx", "pdf", "odt")


def test_the_command_line_writes_with_a_registered_writer(tmp_path: Path, odt: DummyWriter, capsys) -> None:
    db = tmp_path / "z.db"
    asyncio.run(prepare_database(db))
    out = tmp_path / "x.odt"
    assert reports_main(["2023", "--db", str(db), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"ODT 2023: ") and "Звіт записано" in capsys.readouterr().out
    assert ".odt" in report_parser().format_help()  # --out's help names it
    term = tmp_path / "t.odt"
    assert reports_main(["2020-2025", "--db", str(db), "--out", str(term)]) == 0
    assert term.read_bytes() == b"ODT 2020-2025"


async def test_report_offers_a_registered_writer_on_a_button(world: World, odt: DummyWriter) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/report 2023")  # REPORT_FORMATS in these tests: xlsx
    xlsx = await coordinator.next_message(timeout=10)
    assert xlsx.document is not None and xlsx.document.filename.endswith(".xlsx")
    assert xlsx.button_labels == ["📄 DOCX", "📄 PDF", "📄 ODT"]
    await coordinator.press("📄 ODT", xlsx)
    as_odt = await coordinator.next_message(timeout=10)
    assert as_odt.document is not None and as_odt.document.filename.endswith(".odt")
    assert as_odt.document.data.startswith(b"ODT 2023: ") and as_odt.button_labels == ["📄 DOCX", "📄 PDF"]
    # The term report offers it too.
    await coordinator.send("/report 2020-2025")
    term = await coordinator.next_message(timeout=20)
    assert term.button_labels == ["📄 DOCX", "📄 PDF", "📄 ODT"]
    await coordinator.press("📄 ODT", term)
    term_odt = await coordinator.next_message(timeout=20)
    assert term_odt.document is not None and term_odt.document.data == b"ODT 2020-2025"


async def test_a_button_of_a_format_no_writer_has_is_stale(world: World) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/help")
    await coordinator.next_message()
    query = await coordinator.press_data("rf:1:odt:2023:")  # well-formed, but no writer is registered for it
    answered = await world.fake.wait_answered(query)
    assert answered.get("text") == "Ця кнопка вже не діє."
