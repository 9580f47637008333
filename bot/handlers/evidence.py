"""Evidence: an executor attaches documents and photos to the measure they are reporting (a coordinator
too, to the measure open in their conversation, e.g. under /edit); /files 2023 [4.1] sends the
coordinator a ZIP of them, a folder per measure."""

from __future__ import annotations

import asyncio
import io
import logging
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.error import TelegramError

from actions.evidence import attach_evidence, file_name
from actions.refusals import Refused
from bot.arguments import ArgumentError, parse_measure_number
from bot.context import Context
from bot.formatting import Fit
from bot.handlers.coordinator import argument_error, period_argument, program_command, reply
from bot.handlers.reporting import handlers as reporting
from bot.refusals import actor_of, refusal_text
from l10n import t
from l10n.times import archive_time
from storage.evidence import EvidenceFile, files_dir, program_files
from storage.models import Program
from storage.programs import load_program

log = logging.getLogger("zvitbot.evidence")

MAX_ZIP_BYTES = 50 * 2**20  # what a bot may upload
# The files' own bytes in one ZIP: the archive adds its headers and, for files that do not compress (photos, PDFs),
# a few bytes per 16 KB deflated; 45 MB of files stays well within MAX_ZIP_BYTES. A file is at most 20 MB
# (storage.evidence.MAX_FILE_BYTES), so each fits a part.
PART_BYTES = 45 * 2**20


def zip_parts(
    entries: list[tuple[str, EvidenceFile]], budget: int = PART_BYTES
) -> list[list[tuple[str, EvidenceFile]]]:
    """The files in as few ZIPs as Telegram takes, in their order (a measure's files together where they fit):
    a new part starts when the next file would take the part over ``budget`` bytes."""
    parts: list[list[tuple[str, EvidenceFile]]] = []
    size = 0
    for entry in entries:
        if not parts or (parts[-1] and size + entry[1].size > budget):
            parts.append([])
            size = 0
        parts[-1].append(entry)
        size += entry[1].size
    return parts


async def on_file(update: Update, context: Context) -> None:
    """A document or a photo sent while a measure is open: kept as that measure's evidence
    (actions.evidence)."""
    message = update.effective_message
    assert message is not None and context.role is not None
    if message.document is not None:
        file_id, size = message.document.file_id, message.document.file_size or 0
        name, mime = message.document.file_name or "", message.document.mime_type or ""
    else:
        photo = message.photo[-1]
        file_id, size = photo.file_id, photo.file_size or 0
        name, mime = f"photo-{photo.file_unique_id}.jpg", "image/jpeg"

    async def download() -> bytes:
        file = await context.bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())

    fit = Fit()
    try:
        attached = await attach_evidence(context.db, actor_of(update, context), name, size, mime, download)
    except Refused as refused:
        await message.reply_text(refusal_text(refused, context.settings.tz))
        return
    except TelegramError as exc:  # too big for the Bot API, gone, or the network
        log.warning("evidence %r not downloaded: %s", name, exc)
        await message.reply_text(fit.one(t("evidence-not-downloaded", name=fit(file_name(name), 200))))
        return
    added = t(
        "evidence-added",
        name=fit(attached.name, 200),
        number=fit(attached.number),
        count=attached.count,
        limit=attached.limit,
    )
    if context.role.coordinator and message.document is not None:
        added += "\n" + t("evidence-added-not-imported")
    await message.reply_text(fit.one(added))
    await reporting.resend_question(update, context)


def zip_files(folder: Path, entries: list[tuple[str, EvidenceFile]], zone: ZoneInfo) -> bytes:
    """A ZIP with each file under its measure's folder (``entries``: folder name, file), dated when it was
    added, in ``zone`` (a ZIP's times have no zone: an archive program shows them as they are)."""
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for directory, file in entries:
            base = PurePosixPath(file.name.replace("/", "_").replace("\\", "_") or "file")
            path, n = f"{directory}/{base}", 1
            while path in used:
                n += 1
                path = f"{directory}/{base.stem} ({n}){base.suffix}"
            used.add(path)
            entry = zipfile.ZipInfo(path, archive_time(file.created_at, zone))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            with (folder / file.sha256).open("rb") as source, archive.open(entry, "w") as target:
                shutil.copyfileobj(source, target)
    return buffer.getvalue()


@program_command("files", takes=2, reads=True)
async def files(update: Update, context: Context, program: Program, args: list[str]) -> None:
    period = await period_argument(update, context, program, args[:1], "files")
    if period is None or period.year is None:
        return
    year = period.year
    number = None
    if len(args) > 1:
        try:
            number = parse_measure_number(args[1])
        except ArgumentError as error:
            await argument_error(update, error, "files")
            return
    async with context.db.locked() as conn:
        tree = await load_program(conn, program.id, year)
        found = await program_files(conn, program.id, year)
    assert tree is not None
    measures = {m.id: m for m in tree.measures}
    fit = Fit()
    if number is not None:
        measure = tree.measure_by_number(number)
        if measure is None:
            await reply(update, fit.one(t("history-unknown-measure", number=fit(number))))
            return
        found = [f for f in found if f.measure_id == measure.id]
    if not found:
        await reply(update, fit.one(t("evidence-none", year=year, number=fit(number) if number else "none")))
        return
    entries = []
    for file in found:
        department = tree.departments.get(file.department_id)
        measure_number = measures[file.measure_id].number if file.measure_id in measures else "?"
        entries.append((f"{measure_number} {department.short_name if department else ''}".strip(), file))
    chat = update.effective_chat
    assert chat is not None
    # Over Telegram's 50 MB upload, in several ZIPs, each made (and held in memory) only when it is sent.
    parts = zip_parts(entries)
    for n, part in enumerate(parts, 1):
        data = await asyncio.to_thread(zip_files, files_dir(context.db.path), part, context.settings.tz)
        # not for files as they are stored; said rather than refused by Telegram
        if len(data) > MAX_ZIP_BYTES:
            await reply(update, t("evidence-zip-too-big", limit=MAX_ZIP_BYTES // 2**20))
            return
        files_in = [file for _, file in part]
        caption = t(
            "evidence-zip-caption", count=len(files_in), measures=len({f.measure_id for f in files_in})
        )
        if len(parts) > 1:
            caption += " " + t("evidence-zip-part", part=n, parts=len(parts))
        await context.bot.send_document(
            chat.id,
            io.BytesIO(data),
            filename=t(
                "evidence-zip-name",
                year=year,
                number=number or "none",
                part=n if len(parts) > 1 else 0,
                parts=len(parts),
            ),
            caption=fit.one(caption),
        )
