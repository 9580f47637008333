"""/history 4.1: every revision of a measure (/history показник 3: an indicator's, bot/handlers/indicator_plans.py);
/edit 4.1: correct it on a department's behalf."""

from __future__ import annotations

from decimal import Decimal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from actions.refusals import Refused
from bot import callbacks
from bot.arguments import ArgumentError, parse_measure_number
from bot.context import Context
from bot.formatting import Fit, button_label
from bot.handlers import indicator_plans
from bot.handlers.coordinator import argument_error, period_argument, program_command, refused_extra, reply
from bot.refusals import refusal_text
from l10n import t
from l10n.numbers import amount, money, percent
from l10n.times import moment
from storage.evidence import measure_files
from storage.models import Program, Submission
from storage.plans import plan_history
from storage.programs import load_program
from storage.reviews import reviews_of
from storage.submissions import measure_history

FIELDS = ("actual", "financed", "percent", "info")
SPECIAL_FIELDS = ("actual_special", "financed_special")  # shown where the special fund was reported


def _show(field: str, value: object, fit: Fit, units: bool = False) -> str:
    if value is None or value == "":
        return t("value-not-given")
    if field == "percent":
        return percent(value)  # type: ignore[arg-type]
    if field == "info":
        return f"«{fit(value, 80)}»"
    return money(value) if units else amount(value)  # type: ignore[arg-type]


def _plan(value: Decimal | None) -> str:
    return t("plan-not-set") if value is None else amount(value)


def describe_changes(
    previous: Submission | None, current: Submission, fit: Fit, *, units: bool = False
) -> list[str]:
    """Pure: what a revision changed against the department's previous one (texts through ``fit``; amounts
    with «тис. грн» when ``units``)."""
    special = [f for f in SPECIAL_FIELDS if getattr(current, f) is not None]
    if previous is None:
        shown = [
            t("history-field", field=f, value=_show(f, getattr(current, f), fit, units))
            for f in (*FIELDS, *special)
        ]
        return [t("history-first", fields="; ".join(shown))]
    changes = [
        t(
            "history-change",
            field=f,
            old=_show(f, getattr(previous, f), fit, units),
            new=_show(f, getattr(current, f), fit, units),
        )
        for f in (*FIELDS, *SPECIAL_FIELDS)
        if getattr(previous, f) != getattr(current, f)
    ]
    return changes or [t("history-same")]


async def _measure_and_year(
    update: Update, context: Context, program: Program, args: list[str], command: str
) -> tuple[int, str, int, list[int]] | None:
    if not args:
        await reply(update, t("argument-error", reason="bad_measure", value="", command=command))
        return None
    try:
        number = parse_measure_number(args[0])
    except ArgumentError as error:
        await argument_error(update, error, command)
        return None
    period = await period_argument(update, context, program, args[1:2], command)
    if period is None or period.year is None:
        return None
    year = period.year
    async with context.db.locked() as conn:
        tree = await load_program(conn, program.id)
    measure = tree.measure_by_number(number) if tree else None
    if measure is None or measure.id is None:
        fit = Fit()
        await reply(update, fit.one(t("history-unknown-measure", number=fit(number))))
        return None
    return measure.id, number, year, measure.department_ids()


@program_command("history", takes=3, reads=True)
async def history(update: Update, context: Context, program: Program, args: list[str]) -> None:
    if args and indicator_plans.is_indicator_word(args[0]):  # /history показник 3 2024
        try:
            await indicator_plans.history(update, context, program, args)
        except Refused as refused:
            await reply(update, refusal_text(refused, context.settings.tz))
        return
    if await refused_extra(update, args, 2, "history"):  # a measure's: its number and the year
        return
    found = await _measure_and_year(update, context, program, args, "history")
    if found is None:
        return
    measure_id, number, year, _ = found
    async with context.db.locked() as conn:
        revisions = await measure_history(conn, measure_id, year)
        plan_changes = await plan_history(conn, measure_id, year)
        tree = await load_program(conn, program.id)
        reviews = await reviews_of(conn, [r.id for r in revisions])
        files = await measure_files(conn, measure_id, year)
    assert tree is not None
    fit = Fit()
    if not revisions and not plan_changes:
        await reply(update, fit.one(t("history-empty", year=year, number=fit(number))))
        return
    lines = [t("history-header", number=fit(number), year=year)]
    if plan_changes:
        lines.append(t("history-plans-header"))
    for change in plan_changes:
        lines.append(
            t(
                "history-plan-entry",
                when=moment(change.created_at, context.settings.tz),
                author=fit(
                    change.author_name or str(change.author_id or "") or t("history-plan-imported"), 200
                ),
                fund=change.fund.value,
                old=_plan(change.old),
                new=_plan(change.new),
            )
        )
    if plan_changes and revisions:
        lines.append(t("history-reports-header"))
    previous: dict[int, Submission] = {}
    for n, revision in enumerate(revisions, 1):
        department = tree.departments.get(revision.department_id)
        lines.append(
            t(
                "history-entry",
                n=n,
                when=moment(revision.created_at, context.settings.tz) if revision.created_at else "",
                author=fit(revision.author_name or str(revision.author_id or ""), 200),
                department=fit(department.short_name if department else "?", 200),
                source=revision.source.value,
            )
        )
        lines.extend(describe_changes(previous.get(revision.department_id), revision, fit))
        lines.extend(
            t(
                "history-review",
                state=r.state.value,
                comment=fit(r.comment, 500),
                reviewer=fit(r.reviewer_name or str(r.reviewer_id or ""), 200),
                when=moment(r.created_at, context.settings.tz),
            )
            for r in reviews.get(revision.id, [])
        )
        previous[revision.department_id] = revision
    if files:
        lines.append(
            t(
                "history-files",
                names=fit(
                    ", ".join(
                        f"{f.name} ({f.author_name or f.author_id}, {moment(f.created_at, context.settings.tz)})"
                        for f in files
                    )
                ),
            )
        )
    # Every revision is listed: a long history comes in several messages, cut between lines.
    for page in fit.pages("\n".join(lines)):
        await reply(update, page)


@program_command("edit", takes=2)
async def edit(update: Update, context: Context, program: Program, args: list[str]) -> None:
    found = await _measure_and_year(update, context, program, args, "edit")
    if found is None:
        return
    measure_id, number, year, department_ids = found
    if not department_ids:
        fit = Fit()
        await reply(update, fit.one(t("edit-no-departments", number=fit(number))))
        return
    async with context.db.locked() as conn:
        tree = await load_program(conn, program.id)
    assert tree is not None
    rows = [
        [
            InlineKeyboardButton(
                button_label(tree.departments[d].short_name),
                callback_data=callbacks.OpenMeasure(measure_id, d, year).data(),
            )
        ]
        for d in department_ids
    ]
    fit = Fit()
    text = fit.one(t("edit-choose-department", number=fit(number)))
    await reply(update, text, reply_markup=InlineKeyboardMarkup(rows))
