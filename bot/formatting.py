"""User text in a Telegram message: escaped for HTML, clipped for display; button and program labels.

Numbers, dates and times are shown through l10n (l10n.numbers, l10n.times), their one home.
"""

from __future__ import annotations

import html
import re

from storage.models import Program

MESSAGE_LIMIT = 4096  # Telegram's limit on one message's text


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def clip(text: str, limit: int) -> str:
    """Shorten for display only; what is stored is never clipped."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def button_label(text: str, limit: int = 60) -> str:
    return clip(" ".join(text.split()), limit)


def program_label(program: Program, limit: int = 60) -> str:
    """A program as people call it: the name inside «» when there is one (several start alike)."""
    quoted = re.search(r"«([^»]+)»", program.name)
    name = quoted.group(1) if quoted else program.name
    # "Житомирська міська ОТГ – територія рівних можливостей": the part after the dash tells them apart.
    tail = re.split(r"\s[–—-]\s", name)[-1].strip()
    return button_label(tail or name, limit)
