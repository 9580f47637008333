"""Evidence files refused, each with a clear message in Ukrainian and nothing saved: too big for a bot to
download (judged from the size Telegram reports, the bytes are never fetched), over the per-measure limit,
or sent with no measure open. (No file type is refused: any document or photo is kept.)"""

from __future__ import annotations

from pathlib import Path

from storage.evidence import MAX_FILE_BYTES, MAX_FILES_PER_MEASURE
from tests.botkit import World, fake_api_fixture, open_measure, world_fixture  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


async def saved_files(world: World) -> int:
    async with world.db.locked() as conn:
        [(count,)] = await conn.execute_fetchall("SELECT COUNT(*) FROM evidence_files")
    return int(count)


def stored_blobs(world: World) -> list[Path]:
    folder = world.db_path.parent / "files"
    return sorted(folder.iterdir()) if folder.exists() else []


async def test_a_file_with_no_measure_open_is_refused(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await olena.send_document("акт.pdf", PDF, mime_type="application/pdf")
    refused = await olena.expect("Щоб додати файл, спершу відкрийте захід")
    assert "/start" in refused.text
    assert await saved_files(world) == 0 and stored_blobs(world) == []
    # Someone who is in no department at all is not asked to open a measure, nothing is kept either.
    stranger = world.user(1002, "Незнайомець")
    await stranger.send_document("акт.pdf", PDF, mime_type="application/pdf")
    reply = await stranger.next_message()
    assert "додано" not in reply.text
    assert await saved_files(world) == 0 and stored_blobs(world) == []


async def test_a_file_over_the_bot_download_limit_is_refused_without_downloading(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.10")
    # Telegram says the file is 20 MB and one byte; the fake holds a few bytes only.
    await olena.send_document("відеозвіт.mp4", b"tiny", mime_type="video/mp4", file_size=MAX_FILE_BYTES + 1)
    refused = await olena.expect("Файл «відеозвіт.mp4» завеликий: бот може отримати файли до 20 МБ")
    assert "Зменште його або розділіть на частини" in refused.text
    assert not [c for c in world.fake.calls if c.method == "getFile"], "a file over the limit was fetched"
    assert await saved_files(world) == 0 and stored_blobs(world) == []
    # Exactly at the limit is still taken: the limit is Telegram's, not one byte less.
    await olena.send_document("акт.pdf", PDF, mime_type="application/pdf", file_size=MAX_FILE_BYTES)
    await olena.expect("«акт.pdf» додано до заходу 3.10 (1 з 10)")
    assert await saved_files(world) == 1


async def test_a_file_over_the_per_measure_limit_is_refused(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.10")
    for n in range(1, MAX_FILES_PER_MEASURE + 1):
        await olena.send_document(f"фото {n}.pdf", PDF + str(n).encode(), mime_type="application/pdf")
        await olena.expect(f"«фото {n}.pdf» додано до заходу 3.10 ({n} з {MAX_FILES_PER_MEASURE})")
        await olena.expect("Фактичний річний обсяг")  # the question the measure is on, again
    assert await saved_files(world) == MAX_FILES_PER_MEASURE
    blobs = stored_blobs(world)
    assert len(blobs) == MAX_FILES_PER_MEASURE

    await olena.send_document("зайвий.pdf", PDF + b"extra", mime_type="application/pdf")
    refused = await olena.expect("До заходу 3.10 уже додано 10 файлів — це найбільше")
    assert "координатору" in refused.text
    await olena.send_photo()
    await olena.expect("До заходу 3.10 уже додано 10 файлів")
    assert await saved_files(world) == MAX_FILES_PER_MEASURE
    assert stored_blobs(world) == blobs


async def test_a_coordinator_attaches_a_file_under_edit_and_imports_once_it_is_closed(world: World) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/edit 3.10")
    reply = await coordinator.next_message()
    if "Від імені якого підрозділу" in reply.text:
        await coordinator.press("УК")
        reply = await coordinator.next_message()
    assert "як координатор" in reply.text
    coordinator.drain()
    await coordinator.send_document("протокол.pdf", PDF, mime_type="application/pdf")
    added = await coordinator.expect("«протокол.pdf» додано до заходу 3.10 (1 з 10)")
    assert "після /cancel" in added.text  # not taken for a program to import
    assert await saved_files(world) == 1
    async with world.db.locked() as conn:
        [(author, department)] = await conn.execute_fetchall(
            "SELECT author_id, department_id FROM evidence_files"
        )
    assert author == 500 and department == await world.department_id("uk")
    await coordinator.send("/cancel")
    coordinator.drain()
    # With no measure open, a coordinator's document is a file to import again.
    await coordinator.send_document("протокол.pdf", PDF, mime_type="application/pdf")
    reply = await coordinator.next_message()
    assert "додано до заходу" not in reply.text
    assert await saved_files(world) == 1
