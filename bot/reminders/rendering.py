"""What a reminder says: the members' reminder (scheduled or a coordinator's) and the coordinators' digest."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks
from bot.formatting import Fit, button_label
from bot.reminders.rules import Kind, Reminder
from l10n import t
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
    if reminder.kind is Kind.OVERDUE:
        message = "reminder-overdue-annual" if reminder.interim is None else "reminder-overdue-quarter"
    elif reminder.deadline is None:
        message = "reminder-no-deadline"
    else:
        message = "reminder-before-annual" if reminder.interim is None else "reminder-before-quarter"
    fit = Fit()
    items = [
        t("reminder-item", number=fit(o.number, 20), text=fit(button_label(o.text, 90)))
        for o in reminder.owed[:MAX_ITEMS]
    ]
    if len(reminder.owed) > MAX_ITEMS:
        items.append(t("reminder-more", count=len(reminder.owed) - MAX_ITEMS))
    text = t(
        message,
        kind=reminder.kind.value,
        year=reminder.year,
        period=t("interim-name", interim=reminder.interim.name if reminder.interim else "Q4"),
        since=date(reminder.since or dt.date(reminder.year, 1, 1)),
        deadline=date(reminder.deadline) if reminder.deadline else "",
        department=fit(department, 200),
        count=len(reminder.owed),
        items="\n".join(items),
    )
    text = fit.one(text + "\n\n" + t("reminder-footer"))
    first = reminder.owed[0]
    button = InlineKeyboardButton(
        button_label(t("button-reminder-open", number=first.number)),
        # The reporting conversation's own button: it opens the measure (and checks the rights).
        callback_data=callbacks.OpenMeasure(
            first.measure_id, reminder.department_id or 0, reminder.year
        ).data(),
    )
    return text, InlineKeyboardMarkup([[button]])


def _digest(reminder: Reminder, snapshot: Snapshot, today: dt.date) -> str:
    program = next((p.program_name for p in snapshot.periods if p.program_id == reminder.program_id), "")
    assert reminder.deadline is not None  # a digest is about a deadline that has passed
    fit = Fit()
    text = t(
        "digest-annual" if reminder.interim is None else "digest-quarter",
        year=reminder.year,
        period=t("interim-name", interim=reminder.interim.name if reminder.interim else "Q4"),
        deadline=date(reminder.deadline),
    )
    if program:
        text += "\n" + t("digest-program", program=fit(program, 150))
    names = snapshot.department_names
    if reminder.missing:
        text += "\n\n" + t("digest-missing")
        for department in sorted(reminder.missing, key=lambda d: names.get(d.department_id, "")):
            numbers = ", ".join(o.number for o in department.owed[:MAX_NUMBERS])
            if len(department.owed) > MAX_NUMBERS:
                numbers += ", …"
            text += "\n" + t(
                "digest-line",
                department=fit(names.get(department.department_id, str(department.department_id)), 200),
                count=len(department.owed),
                planned=department.planned,
                numbers=fit(numbers),
            )
            if department.members == 0:
                text += " " + t("digest-no-members")
    else:
        text += "\n\n" + t("digest-all-done")
    waiting = snapshot.waiting_reviews.get((reminder.program_id, reminder.year), 0)
    if waiting:
        text += "\n\n" + t("digest-review-waiting", count=waiting, year=reminder.year)
    muted = [
        (person, mute)
        for person in sorted(snapshot.members, key=lambda p: (p.full_name, p.user_id))
        for mute in person.mutes
        if mute.until >= today
    ]
    if muted:
        text += "\n\n" + t("digest-muted")
        for person, mute in muted:
            scope = [mute.department_id] if mute.department_id is not None else sorted(person.department_ids)
            text += "\n" + t(
                "digest-muted-line",
                name=fit(person.full_name or str(person.user_id), 200),
                departments=fit(", ".join(names.get(d, str(d)) for d in scope), 400),
                until=date(mute.until),
            )
    # One message (a reminder is claimed and recorded as one): the names shortened, then lines left out.
    return fit.one(text)
