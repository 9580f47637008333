"""The review loop in the chat: submitted -> returned with a comment -> corrected -> accepted."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import zipfile

import docx
import openpyxl

from bot.review_notices import send_review_notices, tell_return
from storage.clock import KYIV
from storage.models import PeriodStatus
from storage.periods import set_period
from storage.reviews import ReviewState, current_state, unnotified_returns
from tests.botkit import (  # noqa: F401
    YEAR,
    World,
    fake_api_fixture,
    fill_to_review,
    open_measure,
    report_measure,
    world_fixture,
)
from tests.fakeapi import FakeUser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


async def test_return_with_a_comment_correct_and_accept(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Проведено навчання")

    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає на перевірку")
    card = await coordinator.expect("Захід 3.10")
    assert "Проведено навчання" in card.text and "Раніше прийнятої редакції немає" in card.text
    await coordinator.press("Повернути з коментарем")
    await coordinator.expect("Напишіть одним повідомленням")
    await coordinator.send("Додайте кількість учасників")
    notice = await olena.expect("повернуто на доопрацювання")
    assert "Додайте кількість учасників" in notice.text and "Координаторка" in notice.text
    await coordinator.expect("повернуто на доопрацювання з коментарем. Підрозділ повідомлено (1 особу)")
    await coordinator.expect("Усі подані звіти за 2023 рік перевірено")
    measure, department = await world.measure_id("3.10"), await world.department_id("uk")
    async with world.db.locked() as conn:
        assert (await current_state(conn, measure, department, YEAR))[1] is ReviewState.RETURNED

    # Returned, the measure is owed again in the department's list.
    await olena.send("/start")
    listing = await olena.expect("Залишилося: 5 з 5")
    assert any(label.startswith("⏳ 3.10") for label in listing.button_labels), listing.button_labels
    # The executor corrects it from the notice; the coordinators hear of it once, in one batched notice.
    await olena.press("Виправити захід 3.10", message=notice)
    card = await olena.expect("Фактичний річний обсяг")
    # What to correct is on the card, before the question.
    assert card.text.index("Координатор повернув звіт: «Додайте кількість учасників»") < card.text.index(
        "Фактичний"
    )
    # The evidence: a PDF and a photo, attached while the measure is open.
    await olena.send_document("акт виконаних робіт.pdf", PDF, mime_type="application/pdf")
    await olena.expect("«акт виконаних робіт.pdf» додано до заходу 3.10 (1 з 10)")
    await olena.expect("Фактичний річний обсяг")
    await olena.send_photo()
    await olena.expect("додано до заходу 3.10 (2 з 10)")
    await olena.expect("Фактичний річний обсяг")
    review = await fill_to_review(olena, "0", "0", "100", "Проведено навчання для 40 учасників")
    assert "40 учасників" in review.text
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    coordinator.drain()
    assert await send_review_notices(world.app) == 1
    batched = await coordinator.expect("Після повернення знову подано 1 звіт")
    assert "3.10" in batched.text and "/review 2023" in batched.text
    assert await send_review_notices(world.app) == 0  # told once

    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    card = await coordinator.expect("Захід 3.10")
    assert "Виправлення після повернення" in card.text and "Додайте кількість учасників" in card.text
    assert "📎 Файли: акт виконаних робіт.pdf, photo-" in card.text
    await coordinator.press("✅ Прийняти")
    await coordinator.expect("Звіт щодо заходу 3.10")
    await coordinator.expect("перевірено")
    async with world.db.locked() as conn:
        assert (await current_state(conn, measure, department, YEAR))[1] is ReviewState.ACCEPTED

    await coordinator.send("/status 2023")
    status = await coordinator.expect("Стан звітування")
    while "Чекають на перевірку" not in status.text:
        status = await coordinator.next_message()
    assert "Чекають на перевірку: 0, повернуто: 0, прийнято: 1" in status.text

    await coordinator.send("/history 3.10")
    history = await coordinator.expect("Історія заходу 3.10")
    assert "↩️ повернуто: «Додайте кількість учасників» — Координаторка" in history.text
    assert "✅ прийнято — Координаторка" in history.text
    assert (
        history.text.index("повернуто") < history.text.index("40 учасників") < history.text.index("прийнято")
    )
    assert "Файли: акт виконаних робіт.pdf (Олена," in history.text

    await coordinator.send("/files 2023")
    archive = await coordinator.expect("2 файли з 1 заходу")
    assert archive.document is not None and archive.document.filename == "Файли 2023.zip"
    with zipfile.ZipFile(io.BytesIO(await coordinator.download(archive))) as opened:
        names = sorted(opened.namelist())
        assert names[0].startswith("3.10 УК/photo-") and names[0].endswith(".jpg")
        assert names[1] == "3.10 УК/акт виконаних робіт.pdf"
        assert opened.read(names[1]) == PDF
        # Dated when they were added, in Kyiv: a ZIP's times have no zone (this server's is UTC).
        now = dt.datetime.now(KYIV).replace(tzinfo=None)
        for name in names:
            added = dt.datetime(*opened.getinfo(name).date_time)
            assert now - dt.timedelta(minutes=5) <= added <= now, (name, added, now)
    files_folder = world.db_path.parent / "files"
    assert (files_folder / hashlib.sha256(PDF).hexdigest()).read_bytes() == PDF
    # The summary sheet says how many files each measure has.
    await coordinator.send("/report 2023")
    sent = await coordinator.expect("звіт за 2023 рік")
    sheet = openpyxl.load_workbook(io.BytesIO(await coordinator.download(sent)))["Підсумки"]
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["Файли-підтвердження"] in values and ["3.10", 2] in values
    await coordinator.send("/files 2023 4.1")
    await coordinator.expect("до заходу 4.1 файлів-підтверджень немає")


async def test_a_return_told_by_the_job_and_the_handler_at_once_is_told_once(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Перше")
    await _return(coordinator, "3.10", "Уточніть")
    await olena.expect("повернуто на доопрацювання")
    await coordinator.expect("Підрозділ повідомлено (1 особу)")  # told and marked so
    async with world.db.transaction() as conn:  # as if the process had died before telling it
        await conn.execute("UPDATE reviews SET notified_at = NULL")
        await conn.execute("DELETE FROM return_notices")
    [review] = [r async for r in _returns(world)]
    told = await asyncio.gather(send_review_notices(world.app), tell_return(world.app, review))
    assert sum(told) == 1
    await olena.expect("повернуто на доопрацювання")
    await olena.no_message()
    assert await send_review_notices(world.app) == 0


async def test_a_return_half_told_when_the_process_died_tells_the_rest_and_nobody_twice(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    ivan = await world.member(1003, "Іван", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Перше")
    await _return(coordinator, "3.10", "Уточніть")
    await coordinator.expect("Підрозділ повідомлено (2 особи)")
    await olena.expect("повернуто на доопрацювання")
    await ivan.expect("повернуто на доопрацювання")
    # As if the process had died after telling Олена and before telling Іван.
    async with world.db.transaction() as conn:
        await conn.execute("UPDATE reviews SET notified_at = NULL")
        await conn.execute("DELETE FROM return_notices WHERE user_id = ?", (ivan.id,))
    assert await send_review_notices(world.app) == 1
    await ivan.expect("Уточніть")
    await olena.no_message()
    async with world.db.locked() as conn:
        assert await unnotified_returns(conn) == []
    assert await send_review_notices(world.app) == 0


async def test_the_resubmission_notice_opens_the_first_waiting_card(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Перше")
    await _return(coordinator, "3.10", "Уточніть")
    returned = await olena.expect("повернуто на доопрацювання")
    await coordinator.expect("Підрозділ повідомлено")
    await coordinator.expect("перевірено")
    await olena.press("Виправити захід 3.10", message=returned)
    await olena.expect("Фактичний річний обсяг")
    await fill_to_review(olena, "0", "0", "100", "Уточнено")
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    coordinator.drain()
    assert await send_review_notices(world.app) == 1
    notice = await coordinator.expect("Після повернення знову подано 1 звіт")
    assert notice.button_labels == ["🔎 Перевірити звіти"]

    # The same as /review: the counts, then the first waiting card.
    await coordinator.press("Перевірити звіти", message=notice)
    await coordinator.expect("1 звіт чекає на перевірку")
    card = await coordinator.expect("Захід 3.10")
    assert "Виправлення після повернення" in card.text and "«Уточніть»" in card.text
    assert card.button_labels[0] == "✅ Прийняти"

    # An executor's forged press of the same button is refused, like every coordinator-only button.
    [[(_, data)]] = notice.buttons
    assert data is not None
    olena.drain()
    query = await olena.press_data(data, message=olena.history[-1])
    answered = await world.fake.wait_answered(query)
    assert "лише координаторам" in (answered.get("text") or "")
    await olena.no_message()

    await coordinator.press("✅ Прийняти", message=card)
    await coordinator.expect("Звіт щодо заходу 3.10")
    await coordinator.expect("перевірено")
    # Nothing waits any more: the button says so.
    await coordinator.press("Перевірити звіти", message=notice)
    nothing = await coordinator.expect("Перевірка звітів за 2023 рік")
    assert "немає звітів, що чекають на перевірку" in nothing.text
    await coordinator.no_message()


async def _return(coordinator: FakeUser, number: str, comment: str) -> None:
    """The coordinator returns the one report waiting for review with ``comment``."""
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    await coordinator.expect(f"Захід {number}")
    await coordinator.press("Повернути з коментарем")
    await coordinator.expect("Напишіть")
    await coordinator.send(comment)


async def _returns(world: World):  # type: ignore[no-untyped-def]
    async with world.db.locked() as conn:
        for review in await unnotified_returns(conn):
            yield review


async def test_accept_all_of_a_department_and_the_status_button(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Перше")
    await coordinator.send("/status 2023")
    while True:
        status = await coordinator.next_message()
        if status.buttons:
            break
    await coordinator.press("Перевірити звіти (1)", message=status)
    await coordinator.expect("1 звіт чекає")
    await coordinator.expect("Захід 3.10")
    await coordinator.press("Прийняти все від")
    await coordinator.expect("прийнято 1 звіт")
    await coordinator.expect("перевірено")
    # The same card's buttons again: already reviewed.
    await coordinator.send("/review 2023")
    await coordinator.expect("немає звітів, що чекають")
    await coordinator.send("/report 2023 accepted")
    sent = await coordinator.expect("Лише прийняті координатором звіти")
    assert sent.caption and "звіт за 2023 рік" in sent.caption


async def test_accept_all_leaves_a_correction_sent_after_the_card_was_shown(world: World) -> None:
    """The card is shown; the department then sends a correction; «Прийняти все від …» on that card accepts
    nothing unseen: the correction waits for review, said so."""
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Перше")
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    card = await coordinator.expect("Захід 3.10")
    await report_measure(olena, "3.10", "0", "0", "100", "Виправлене, після картки")
    await coordinator.press("Прийняти все від", message=card)
    said = await coordinator.expect("уже після того, як ви відкрили картку")
    assert said.text.startswith("Від УК 1 звіт надійшов уже після") and "його не прийнято" in said.text
    assert "Виправлене, після картки" in (await coordinator.expect("Захід 3.10")).text  # the next card: it


async def test_a_locked_year_cannot_be_returned_and_a_command_drops_the_comment(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Перше")
    await coordinator.send("/review 2023")
    await coordinator.expect("чекає")
    card = await coordinator.expect("Захід 3.10")
    await coordinator.press("Повернути з коментарем", message=card)
    await coordinator.expect("Напишіть")
    await coordinator.send("/help")  # another command: no comment is waited for any more
    coordinator.drain()
    await coordinator.send("Це не коментар")
    reply = await coordinator.next_message()
    assert "повернуто" not in reply.text
    async with world.db.transaction() as conn:
        await set_period(conn, 1, YEAR, PeriodStatus.LOCKED)
    query = await coordinator.press("Повернути з коментарем", message=card)
    answered = await world.fake.wait_answered(query)
    assert "закрито" in (answered.get("text") or "")
    measure, department = await world.measure_id("3.10"), await world.department_id("uk")
    async with world.db.locked() as conn:
        assert (await current_state(conn, measure, department, YEAR))[1] is ReviewState.SUBMITTED


async def test_a_format_button_under_an_accepted_only_report_keeps_it_accepted_only(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Подано, ще не прийнято")

    def text_of(data: bytes) -> str:
        return "\n".join(
            cell.text
            for table in docx.Document(io.BytesIO(data)).tables
            for row in table.rows
            for cell in row.cells
        )

    await coordinator.send("/report 2023 accepted")
    sent = await coordinator.expect("Лише прийняті координатором звіти")
    await coordinator.press("DOCX", message=sent)
    as_docx = await coordinator.expect("Лише прийняті координатором звіти")
    assert as_docx.document is not None and as_docx.document.filename.endswith(".docx")
    assert "Подано, ще не прийнято" not in text_of(await coordinator.download(as_docx))
    # The other format's button under it keeps the flag too.
    await coordinator.press("PDF", message=as_docx)
    as_pdf = await coordinator.expect("Лише прийняті координатором звіти")
    assert as_pdf.document is not None and as_pdf.document.filename.endswith(".pdf")

    # Without «accepted» the same button gives every latest revision, the submitted one included.
    await coordinator.send("/report 2023")
    plain = await coordinator.expect("звіт за 2023 рік")
    assert "Лише прийняті" not in (plain.caption or "")
    await coordinator.press("DOCX", message=plain)
    every = await coordinator.expect("звіт за 2023 рік")
    assert "Лише прийняті" not in (every.caption or "")
    assert "Подано, ще не прийнято" in text_of(await coordinator.download(every))
