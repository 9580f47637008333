"""Inline keyboards. Labels come from the message catalogs; data from callbacks."""

from __future__ import annotations

from decimal import Decimal

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup

from actions.flow import AMOUNT_STEPS, Step
from bot import callbacks
from bot.formatting import button_label, short_program_name
from l10n import t
from l10n.numbers import amount, percent
from storage.workload import WorkItem

PAGE_SIZE = 8


def page_count(items: list[WorkItem]) -> int:
    return max(1, -(-len(items) // PAGE_SIZE))


def page_items(items: list[WorkItem], page: int) -> list[WorkItem]:
    """The measures one page of the list shows (a page out of range: the nearest one)."""
    page = min(max(page, 0), page_count(items) - 1)
    return items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]


def grouped(items: list[WorkItem]) -> bool:
    """The list is grouped by program: the department executes measures of several programs."""
    return len({i.program_id for i in items}) > 1


def program_pages(items: list[WorkItem]) -> dict[int, int]:
    """The page where each program's measures begin."""
    pages: dict[int, int] = {}
    for n, item in enumerate(items):
        pages.setdefault(item.program_id, n // PAGE_SIZE)
    return pages


def measure_list(items: list[WorkItem], department_id: int, page: int) -> Markup:
    """A page of the list: a button per measure, in the list's order; where the department executes several
    programs, the measures of each program under a button with its short name (above the first of them on
    the page; it leads to the page where the program begins). At most PAGE_SIZE measures, as many program
    buttons and the page buttons: well under Telegram's 100 buttons whatever the number of programs."""
    pages = page_count(items)
    page = min(max(page, 0), pages - 1)
    starts = program_pages(items) if grouped(items) else {}
    rows = []
    heading: int | None = None
    for item in page_items(items, page):
        if starts and item.program_id != heading:
            heading = item.program_id
            label = button_label(t("button-list-program", program=short_program_name(item.program_name)))
            rows.append([Button(label, callback_data=callbacks.Page(department_id, starts[heading]).data())])
        rows.append(
            [
                Button(
                    button_label(f"{t('status-mark', status=item.status.value)} {item.number}. {item.text}"),
                    callback_data=callbacks.OpenMeasure(
                        item.measure_id, item.department_id, item.year
                    ).data(),
                )
            ]
        )
    nav = []
    if page > 0:
        nav.append(Button(t("page-previous"), callback_data=callbacks.Page(department_id, page - 1).data()))
    if pages > 1:
        nav.append(Button(f"{page + 1}/{pages}", callback_data=callbacks.Page(department_id, page).data()))
    if page < pages - 1:
        nav.append(Button(t("page-next"), callback_data=callbacks.Page(department_id, page + 1).data()))
    if nav:
        rows.append(nav)
    return Markup(rows)


def step_keyboard(
    step: Step,
    measure_id: int,
    department_id: int,
    *,
    plan: Decimal | None,
    editable: tuple[Step, ...] = (Step.ACTUAL, Step.FINANCED, Step.PERCENT, Step.INFO),
    suggested: Decimal | None = None,
    has_last_year: bool = False,
    has_info: bool = False,
    actual: Decimal | None = None,
    appending: bool = False,
    to_list: bool = False,
) -> Markup:
    """The buttons of one step's question. ``actual``: the actual amount of a financed step's fund, offered
    as «як факт»; ``to_list``: a way back to the department's list (under a measure's card)."""

    def b(label: str, action: str) -> Button:
        return Button(
            label, callback_data=callbacks.StepAction(measure_id, department_id, step.value, action).data()
        )

    rows: list[list[Button]]
    if step in AMOUNT_STEPS:
        # «як у плані» only where the plan is set: a plan not entered yet is not 0,0.
        as_plan = [b(t("button-as-plan", plan=amount(plan)), "plan")] if plan is not None else []
        financed = step in (Step.FINANCED, Step.FINANCED_SPECIAL)
        as_actual = (
            [b(t("button-as-actual", actual=amount(actual)), "asactual")]
            if financed and actual is not None
            else []
        )
        if as_actual and plan is not None and plan != actual:
            rows = [[b(t("button-zero"), "zero"), *as_actual], [*as_plan, b(t("button-skip"), "skip")]]
        else:
            rows = [[b(t("button-zero"), "zero"), *(as_actual or as_plan)], [b(t("button-skip"), "skip")]]
    elif step is Step.PERCENT:
        first = (
            [b(t("button-suggested", value=percent(suggested).removesuffix(" %")), "calc")]
            if suggested is not None
            else []
        )
        rows = [
            [*first, b(t("button-full"), "full"), b(t("button-zero"), "zero")],
            [b(t("button-skip"), "skip")],
        ]
    elif step is Step.INFO:
        rows = []
        if has_last_year:
            rows.append([b(t("button-last-year"), "lastyear")])
        if has_info and not appending:
            rows.append([b(t("button-append"), "append")])
        rows.append([b(t("button-skip"), "skip")])
    elif step is Step.CONFIRM:
        rows = [[b(t("button-yes"), "yes"), b(t("button-no"), "no")]]
    else:
        edits = [b(t("button-edit", field=s.value), f"edit:{s.value}") for s in editable]
        return Markup(
            [
                [b(t("button-confirm"), "confirm")],
                [b(t("button-more-text"), "more")],
                *(edits[i : i + 2] for i in range(0, len(edits), 2)),
                [b(t("button-cancel"), "cancel")],
            ]
        )
    if to_list:
        rows.append([list_button(department_id)])
    return Markup(rows)


def list_button(department_id: int) -> Button:
    return Button(t("button-list"), callback_data=callbacks.Page(department_id, 0).data())


def after_save(next_item: WorkItem | None, department_id: int) -> Markup:
    rows = []
    if next_item is not None:
        rows.append(
            [
                Button(
                    t("button-next", number=next_item.number),
                    callback_data=callbacks.OpenMeasure(
                        next_item.measure_id, department_id, next_item.year
                    ).data(),
                )
            ]
        )
    rows.append([list_button(department_id)])
    return Markup(rows)


def upload_decision(token: str) -> Markup:
    """«Застосувати» / «Скасувати» under the preview of an uploaded file (a program or a plan sheet)."""
    return Markup(
        [
            [
                Button(t("button-apply"), callback_data=callbacks.ImportDecision(True, token).data()),
                Button(t("button-discard"), callback_data=callbacks.ImportDecision(False, token).data()),
            ]
        ]
    )


def indicator_plan_decision(
    program_id: int, year: int, number: int, old: Decimal | None, new: Decimal
) -> Markup:
    """«Застосувати» / «Скасувати» under ``/plan 2024 показник 3 150``'s preview."""
    decision = callbacks.IndicatorPlanDecision
    return Markup(
        [
            [
                Button(
                    t("button-apply"), callback_data=decision(True, program_id, year, number, old, new).data()
                ),
                Button(
                    t("button-discard"),
                    callback_data=decision(False, program_id, year, number, old, new).data(),
                ),
            ]
        ]
    )
