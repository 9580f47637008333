"""The formats a report is sent in, all from the writers' registry (``reports.writers``): REPORT_FORMATS at
once, each other format a writer is registered for on a button under the last file (``callbacks.ReportFile``)."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks
from l10n import t
from reports.writers import format_names


def other_formats(
    program_id: int, year: int, period: str, accepted_only: bool, sent: Iterable[str]
) -> InlineKeyboardMarkup | None:
    """A button for each format not ``sent``; ``year`` and ``period`` as ``callbacks.ReportFile`` has them."""
    sent = set(sent)
    others = [f for f in format_names() if f not in sent]
    if not others:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("report-button-format", format=f.upper()),
                    callback_data=callbacks.ReportFile(program_id, f, year, period, accepted_only).data(),
                )
                for f in others
            ]
        ]
    )
