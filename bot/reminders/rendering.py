"""What a reminder says: the members' reminder (scheduled or a coordinator's; one person's reminders of one send
slot in one message, across programs and departments) and the coordinators' digest."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks, keyboards
from bot.formatting import MESSAGE_LIMIT, Fit, button_label, short_program_name, visible_length
from bot.reminders.rules import Kind, Reminder
from l10n import t
from l10n.times import date
from storage.reminders import Snapshot

MAX_ITEMS = 10  # owed measures listed in one reminder; the rest are counted
MAX_NUMBERS = 25  # measure numbers per department in the digest


def render(reminder: Reminder, snapshot: Snapshot, today: dt.date) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message of a reminder the rules found due, alone in its message."""
    return render_bundle((reminder,), snapshot, today)


def render_bundle(
    reminders: Sequence[Reminder], snapshot: Snapshot, today: dt.date
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message of reminders the rules found due, one person's (``bot.reminders.rules.bundles``): a digest,
    a member's reminder alone as ever, or several in one message grouped by program and deadline, then by
    department. Where the database holds several programs, a member's reminder names each program."""
    first = reminders[0]
    if first.kind is Kind.DIGEST:
        assert len(reminders) == 1, "a digest is a message of its own"
        return _digest(first, snapshot, today), None
    several = len(snapshot.program_names) > 1
    if len(reminders) == 1:
        program = snapshot.program_names.get(first.program_id, "") if several else ""
        return render_owed(first, snapshot.department_names.get(first.department_id or 0, ""), program)
    return _combined(reminders, snapshot, several), _open_first(first)


def render_owed(reminder: Reminder, department: str, program: str = "") -> tuple[str, InlineKeyboardMarkup]:
    """A member's reminder of what their department owes, with a button that opens the first measure: the
    one text of the scheduled reminders and of a coordinator's «Нагадати». ``program``: the program's name,
    said where the database holds several ("": not said)."""
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
    if reminder.indicators:
        items.append(t("reminder-indicators", count=reminder.indicators))
    text = t(
        message,
        kind=reminder.kind.value,
        year=reminder.year,
        period=t("interim-name", interim=reminder.interim.name if reminder.interim else "Q4"),
        since=date(reminder.since or dt.date(reminder.year, 1, 1)),
        deadline=date(reminder.deadline) if reminder.deadline else "",
        program=_program_line(program, fit) + "\n" if program else "",
        department=fit(department, 200),
        count=len(reminder.owed),
        items="\n".join(items),
    )
    text = fit.one(text + "\n\n" + t("reminder-footer", opens=_opens(reminder)))
    return text, _open_first(reminder)


def _opens(reminder: Reminder) -> str:
    """What the reminder's button opens (``_open_first``): the first owed measure, or the list."""
    return "measure" if reminder.owed else "list"


def _open_first(reminder: Reminder) -> InlineKeyboardMarkup:
    if not reminder.owed:  # only result indicators owed: the department's list, where they are
        return InlineKeyboardMarkup([[keyboards.list_button(reminder.department_id or 0)]])
    first = reminder.owed[0]
    button = InlineKeyboardButton(
        button_label(t("button-reminder-open", number=first.number)),
        # The reporting conversation's own button: it opens the measure (and checks the rights).
        callback_data=callbacks.OpenMeasure(
            first.measure_id, reminder.department_id or 0, reminder.year
        ).data(),
    )
    return InlineKeyboardMarkup([[button]])


def _program_line(name: str, fit: Fit) -> str:
    return t("reminder-program", program=fit(short_program_name(name), 100))


# How many owed measures each department of a message of several lists: the most that fits one message.
COMBINED_ITEMS = (MAX_ITEMS, 5, 3, 1, 0)


def _combined(reminders: Sequence[Reminder], snapshot: Snapshot, several: bool) -> str:
    """Several reminders of one send slot in one message: a part per program's deadline (the program named
    where the database holds several), in it a department's count and what it owes. As many measures listed
    per department as fit one message (the rest counted: «і ще N»); with very many programs, the parts that
    do not fit are counted in one line."""
    parts: dict[tuple[object, ...], list[Reminder]] = {}
    for reminder in reminders:  # in send order: by program, year, deadline
        parts.setdefault(
            (reminder.program_id, reminder.year, reminder.interim, reminder.deadline), []
        ).append(reminder)
    groups = list(parts.values())
    for cap in COMBINED_ITEMS:
        fit = Fit()
        text = _compose(groups, [], cap, snapshot, several, fit)
        if visible_length(fit.one(text, sys.maxsize)) <= MESSAGE_LIMIT:
            return fit.one(text)
    for kept in range(len(groups) - 1, 0, -1):  # even the counts alone are too long: the last parts counted
        fit = Fit()
        text = _compose(groups[:kept], groups[kept:], 0, snapshot, several, fit)
        if visible_length(fit.one(text, sys.maxsize)) <= MESSAGE_LIMIT:
            break
    return fit.one(text)


def _compose(
    groups: list[list[Reminder]],
    left_out: list[list[Reminder]],
    cap: int,
    snapshot: Snapshot,
    several: bool,
    fit: Fit,
) -> str:
    kind = groups[0][0].kind
    names = snapshot.department_names
    parts = [t("reminder-combined-heading", kind=kind.value)]
    for group in groups:
        first = group[0]
        lines = []
        if several:
            lines.append(_program_line(snapshot.program_names.get(first.program_id, ""), fit))
        lines.append(
            t(
                "reminder-deadline",
                kind=kind.value,
                what="annual" if first.interim is None else "interim",
                year=first.year,
                period=t("interim-name", interim=first.interim.name if first.interim else "Q4"),
                deadline=date(first.deadline) if first.deadline else "",
            )
        )
        for reminder in sorted(group, key=lambda r: (names.get(r.department_id or 0, ""), r.department_id)):
            lines.append(
                t(
                    "reminder-department",
                    department=fit(names.get(reminder.department_id or 0, ""), 200),
                    since="none"
                    if reminder.interim is None
                    else date(reminder.since or dt.date(reminder.year, 1, 1)),
                    count=len(reminder.owed),
                )
            )
            lines += [
                t("reminder-item", number=fit(o.number, 20), text=fit(button_label(o.text, 90)))
                for o in reminder.owed[:cap]
            ]
            if 0 < cap < len(reminder.owed):
                lines.append(t("reminder-more", count=len(reminder.owed) - cap))
            if reminder.indicators:
                lines.append(t("reminder-indicators", count=reminder.indicators))
        parts.append("\n".join(lines))
    if left_out:
        parts.append(t("reminder-more-elsewhere", count=sum(len(r.owed) for g in left_out for r in g)))
    if kind is Kind.OVERDUE:
        parts.append(t("reminder-combined-overdue"))
    parts.append(t("reminder-footer", opens=_opens(groups[0][0])))
    return "\n\n".join(parts)


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
    facts = snapshot.waiting_facts.get((reminder.program_id, reminder.year), 0)
    if facts:  # the result indicators' facts too
        text += "\n" * (1 if waiting else 2) + t("digest-facts-waiting", count=facts, year=reminder.year)
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
    # Nothing reaches those who blocked the bot: the coordinator asks them another way.
    owing = {d.department_id for d in reminder.missing}
    blocked = [
        person
        for person in sorted(snapshot.members, key=lambda p: (p.full_name, p.user_id))
        if person.blocked and person.department_ids & owing
    ]
    if blocked:
        text += "\n\n" + t("digest-blocked")
        for person in blocked:
            text += "\n" + t(
                "digest-blocked-line",
                name=fit(person.full_name or str(person.user_id), 200),
                departments=fit(
                    ", ".join(names.get(d, str(d)) for d in sorted(person.department_ids & owing)), 400
                ),
            )
    # One message (a reminder is claimed and recorded as one): the names shortened, then lines left out.
    return fit.one(text)
