"""What a reminder says: the members' reminder (scheduled or a coordinator's) and the coordinators' digest."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks, texts
from bot.formatting import MESSAGE_LIMIT, button_label, clip, esc
from bot.reminders.rules import Kind, Reminder
from l10n.times import date
from storage.reminders import Snapshot

MAX_ITEMS = 10  # owed measures listed in one reminder; the rest are counted
MAX_NUMBERS = 25  # measure numbers per department in the digest


def render(reminder: Reminder, snapshot: Snapshot, today: dt.date) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message of a reminder the rules found due."""
    if reminder.kind is Kind.DIGEST:
        return _digest(reminder, snapshot, today), None
    return render_owed(reminder, snapshot.department_names.get(reminder.department_id or 0, ""))


def render_owed(reminder: Reminder, department: str) -> tuple[str, InlineKeyboardMarkup]:
    """A member's reminder of what their department owes, with a button that opens the first measure: the
    one text of the scheduled reminders and of a coordinator's «Нагадати»."""
    quarter = texts.QUARTER_NAMES.get(reminder.quarter or 0, "")
    since = date(dt.date(reminder.year, 3 * (reminder.quarter or 1) - 2, 1))
    header = texts.REMINDER_HEADER_MANUAL if reminder.kind is Kind.MANUAL else texts.REMINDER_HEADER
    if reminder.kind is not Kind.OVERDUE and reminder.deadline is None:
        template = texts.REMINDER_NO_DEADLINE
    elif reminder.kind is not Kind.OVERDUE:
        template = texts.REMINDER_BEFORE_ANNUAL if reminder.quarter is None else texts.REMINDER_BEFORE_QUARTER
    else:
        template = (
            texts.REMINDER_OVERDUE_ANNUAL if reminder.quarter is None else texts.REMINDER_OVERDUE_QUARTER
        )
    items = [
        texts.REMINDER_ITEM.format(number=esc(o.number), text=esc(button_label(o.text, 90)))
        for o in reminder.owed[:MAX_ITEMS]
    ]
    if len(reminder.owed) > MAX_ITEMS:
        items.append(texts.REMINDER_MORE.format(count=len(reminder.owed) - MAX_ITEMS))
    text = template.format(
        header=header,
        year=reminder.year,
        quarter=quarter,
        since=since,
        deadline=date(reminder.deadline) if reminder.deadline else "",
        department=esc(department),
        count=len(reminder.owed),
        items="\n".join(items),
    )
    text = clip(text + texts.REMINDER_FOOTER, MESSAGE_LIMIT)
    first = reminder.owed[0]
    button = InlineKeyboardButton(
        texts.BTN_REMINDER_OPEN.format(number=first.number),
        # The reporting conversation's own button: it opens the measure (and checks the rights).
        callback_data=callbacks.OpenMeasure(
            first.measure_id, reminder.department_id or 0, reminder.year
        ).data(),
    )
    return text, InlineKeyboardMarkup([[button]])


def _digest(reminder: Reminder, snapshot: Snapshot, today: dt.date) -> str:
    program = next((p.program_name for p in snapshot.periods if p.program_id == reminder.program_id), "")
    template = texts.DIGEST_ANNUAL if reminder.quarter is None else texts.DIGEST_QUARTER
    assert reminder.deadline is not None  # a digest is about a deadline that has passed
    text = template.format(
        year=reminder.year,
        quarter=texts.QUARTER_NAMES.get(reminder.quarter or 0, ""),
        deadline=date(reminder.deadline),
    )
    if program:
        text += texts.DIGEST_PROGRAM.format(program=esc(clip(program, 150)))
    names = snapshot.department_names
    if reminder.missing:
        text += texts.DIGEST_MISSING
        for department in sorted(reminder.missing, key=lambda d: names.get(d.department_id, "")):
            numbers = ", ".join(o.number for o in department.owed[:MAX_NUMBERS])
            if len(department.owed) > MAX_NUMBERS:
                numbers += ", …"
            text += texts.DIGEST_LINE.format(
                department=esc(names.get(department.department_id, str(department.department_id))),
                count=len(department.owed),
                planned=department.planned,
                numbers=esc(numbers),
            )
            if department.members == 0:
                text += texts.DIGEST_NO_MEMBERS
    else:
        text += texts.DIGEST_ALL_DONE
    muted = [
        (person, mute)
        for person in sorted(snapshot.members, key=lambda p: (p.full_name, p.user_id))
        for mute in person.mutes
        if mute.until >= today
    ]
    if muted:
        text += texts.DIGEST_MUTED
        for person, mute in muted:
            scope = [mute.department_id] if mute.department_id is not None else sorted(person.department_ids)
            text += texts.DIGEST_MUTED_LINE.format(
                name=esc(person.full_name or str(person.user_id)),
                departments=esc(", ".join(names.get(d, str(d)) for d in scope)),
                until=date(mute.until),
            )
    return clip(text, MESSAGE_LIMIT)
