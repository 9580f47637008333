"""The executor's result indicators on the phone: after the department's last measure of the year its indicators
come one card at a time (the name, unit and plan; the fact; the reason where the fact misses the plan by more
than a tenth), a review card, «Підтвердити». Each handler parses, calls one action of actions.indicators (the
draft row is the conversation's state) and renders; a bad value is said from l10n/uk/indicators.ftl, nothing
is saved."""

from __future__ import annotations

from babel.numbers import format_decimal
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from actions import indicators
from actions.indicators import (
    IndicatorAnswered,
    IndicatorAnswers,
    IndicatorCancelled,
    IndicatorOpened,
    IndicatorPress,
    IndicatorScene,
    IndicatorStep,
    IndicatorSubmitted,
)
from actions.refusals import Refused
from bot import callbacks, keyboards
from bot.answers import answer, pressed
from bot.context import Context
from bot.formatting import Fit, button_label, clip, esc
from bot.refusals import actor_of
from l10n import t
from l10n.numbers import BABEL_LOCALE
from storage.indicators import deviation, is_percent_unit

MAX_LIST_BUTTONS = (
    60  # under the list's page of measures (at most 8 and the page buttons): within Telegram's 100
)

# Imported by the measures' handlers (bot.handlers.reporting.handlers) lazily: they hand over to this module.


def value_text(value: object, unit: str = "") -> str:
    """A value in the indicator's unit as a reader expects it: «1 234,5», «97,5 %»; «—» when not given."""
    if value is None:
        return t("value-not-given")
    text = format_decimal(value, format="#,##0.###", locale=BABEL_LOCALE)
    return f"{text} %" if unit and is_percent_unit(unit) else text


def _deviation(plan: object, value: object, unit: str) -> str:
    found = deviation(plan, value)  # type: ignore[arg-type]
    if found is None:
        return t("value-not-given")
    sign = "+" if found > 0 else "−" if found < 0 else ""
    return sign + value_text(abs(found), unit)


def _card(scene: IndicatorScene, fit: Fit, *, reported: bool) -> str:
    text = t(
        "indicator-card",
        index=scene.index,
        total=scene.total,
        department=fit(scene.department, 200),
        number=scene.number,
        name=fit(scene.name, 600),
        kind=t("indicator-kind", kind=scene.kind.value),
        unit=fit(scene.unit, 60),
        year=scene.year,
        plan="none" if scene.plan is None else value_text(scene.plan, scene.unit),
    )
    if reported:
        text += "\n" + t("indicator-reported")
    if scene.on_behalf:
        text += "\n" + t("indicator-on-behalf")
    return text


def _question(step: IndicatorStep, answers: IndicatorAnswers, scene: IndicatorScene, fit: Fit) -> str:
    unit = scene.unit
    if step is IndicatorStep.VALUE:
        current = "none" if answers.value is None else value_text(answers.value, unit)
        return t("indicator-ask-value", year=scene.year, unit=fit(unit, 60), current=current)
    if step is IndicatorStep.REASON:
        text = t(
            "indicator-ask-reason",
            value=value_text(answers.value, unit),
            plan=value_text(scene.plan, unit),
            deviation=_deviation(scene.plan, answers.value, unit),
        )
        if answers.reason:
            text += "\n" + t("indicator-reason-before", reason=fit(answers.reason, 1000))
        return text
    return t(
        "indicator-review",
        number=scene.number,
        name=fit(scene.name, 600),
        plan=value_text(scene.plan, unit),
        value=value_text(answers.value, unit),
        deviation=_deviation(scene.plan, answers.value, unit),
        reason=fit(answers.reason, 1000) if answers.reason else t("value-not-given"),
    )


def _keyboard(
    step: IndicatorStep, answers: IndicatorAnswers, scene: IndicatorScene
) -> InlineKeyboardMarkup | None:
    def b(label: str, action: str) -> InlineKeyboardButton:
        data = callbacks.IndicatorStepAction(scene.indicator_id, scene.year, step.value, action).data()
        return InlineKeyboardButton(label, callback_data=data)

    to_list = [] if scene.on_behalf else [[keyboards.list_button(scene.department_id)]]
    if step is IndicatorStep.REVIEW:
        return InlineKeyboardMarkup(
            [
                [b(t("indicator-button-confirm"), "confirm")],
                [b(t("indicator-button-value"), "value"), b(t("indicator-button-cancel"), "cancel")],
            ]
        )
    if step is IndicatorStep.REASON and answers.reason:
        return InlineKeyboardMarkup([[b(t("indicator-button-keep-reason"), "keep")], *to_list])
    return InlineKeyboardMarkup(to_list) if to_list else None


def screen(
    step: IndicatorStep,
    answers: IndicatorAnswers,
    scene: IndicatorScene,
    *,
    prefix: str = "",
    card: bool | None = None,
    lead: str = "",
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message asking ``step`` (after the indicator's card when ``card`` is not None: whether it was
    reported already), with its buttons. ``lead`` (HTML, escaped already) comes first."""
    fit = Fit()
    parts = [p for p in (lead, _card(scene, fit, reported=card) if card is not None else "", prefix) if p]
    parts.append(_question(step, answers, scene, fit))
    return fit.one("\n\n".join(parts)), _keyboard(step, answers, scene)


async def show(context: Context, chat_id: int, opened: IndicatorOpened, *, lead: str = "") -> None:
    """The indicator just opened: its card and the question it is at."""
    prefix = t("indicator-returned", comment=esc(clip(opened.returned, 500))) if opened.returned else ""
    text, markup = screen(
        opened.step, opened.answers, opened.scene, prefix=prefix, card=opened.reported, lead=lead
    )
    await context.bot.send_message(chat_id, text, reply_markup=markup)


async def open_first(
    update: Update, context: Context, department_id: int, year: int | None, *, lead: str = ""
) -> bool:
    """The department's first indicator still owed (of ``year``; None: any open year) opened at once, under
    ``lead``; False when none is owed (a department with no indicators sees none)."""
    from bot.handlers.reporting.handlers import received

    assert update.effective_chat is not None
    opened = await indicators.open_first_indicator(
        context.db, actor_of(update, context), received(update), department_id, year
    )
    if opened is None:
        return False
    begin = (
        t("indicators-begin", year=opened.scene.year)
        if opened.scene.index == 1 and not opened.reported
        else ""
    )
    await show(context, update.effective_chat.id, opened, lead="\n\n".join(p for p in (lead, begin) if p))
    return True


async def on_open(update: Update, context: Context) -> None:
    """An indicator's button (a return's notice, the list)."""
    from bot.handlers.reporting.handlers import received, refuse

    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.OpenIndicator)
    if parsed is None:
        return
    try:
        opened = await indicators.open_indicator(
            context.db, actor_of(update, context), received(update), parsed.indicator_id, parsed.year
        )
    except Refused as refused:
        await refuse(update, context, refused)
        return
    await answer(query)
    await show(context, update.effective_chat.id, opened)


async def _answered(context: Context, chat_id: int, answered: IndicatorAnswered) -> None:
    if answered.step is None:  # delivered again, applied already
        return
    prefix = ""
    if answered.problem is not None:
        prefix = t(
            "indicator-value-problem",
            problem=answered.problem.value,
            unit=esc(answered.scene.unit),
            limit=indicators.MAX_REASON_LENGTH,
        )
    text, markup = screen(answered.step, answered.answers, answered.scene, prefix=prefix)
    await context.bot.send_message(chat_id, text, reply_markup=markup)


async def on_text(update: Update, context: Context) -> bool:
    """A typed answer, when an indicator is open in the conversation (True: it was; answered here)."""
    from bot.handlers.reporting.handlers import received, refuse

    message = update.effective_message
    assert message is not None and message.text is not None and update.effective_chat is not None
    try:
        answered = await indicators.answer_indicator_text(
            context.db, actor_of(update, context), received(update), message.text
        )
    except Refused as refused:
        await refuse(update, context, refused)
        return True
    if answered is None:
        return False
    await _answered(context, update.effective_chat.id, answered)
    return True


async def on_button(update: Update, context: Context) -> None:
    from bot.handlers.reporting.handlers import received, refuse

    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    parsed = await pressed(query, callbacks.IndicatorStepAction)
    if parsed is None:
        return
    press = IndicatorPress(parsed.indicator_id, parsed.year, parsed.step, parsed.action)
    try:
        done = await indicators.press_indicator(
            context.db, actor_of(update, context), received(update), press
        )
    except Refused as refused:
        await refuse(update, context, refused)
        return
    await answer(query)
    chat_id = update.effective_chat.id
    fit = Fit()
    if isinstance(done, IndicatorSubmitted):
        scene = done.scene
        text = t(
            "indicator-saved",
            number=scene.number,
            name=fit(clip(scene.name, 200)),
            value=value_text(done.saved.value, scene.unit),
        )
        if done.following is not None:
            await show(context, chat_id, done.following, lead=fit.one(text))
            return
        text += "\n" + t("indicator-all-done")
        markup = (
            None if scene.on_behalf else InlineKeyboardMarkup([[keyboards.list_button(scene.department_id)]])
        )
        await context.bot.send_message(chat_id, fit.one(text), reply_markup=markup)
    elif isinstance(done, IndicatorCancelled):
        markup = InlineKeyboardMarkup([[keyboards.list_button(done.scene.department_id)]])
        await context.bot.send_message(
            chat_id, t("indicator-cancelled", number=done.scene.number), reply_markup=markup
        )
    else:
        await _answered(context, chat_id, done)


async def with_indicators(
    update: Update, context: Context, department_id: int, text: str, markup: InlineKeyboardMarkup
) -> tuple[str, InlineKeyboardMarkup]:
    """The department's list with its indicators after the measures: a line of what is left and a button per
    indicator (on the list's last page). A department with no indicators: the list as it was."""
    items = await _list_items(update, context, department_id)
    if not items:
        return text, markup
    left = sum(1 for i in items if i.owed)
    text = Fit().one(text + "\n\n" + t("indicator-list", left=left, total=len(items)))
    return text, InlineKeyboardMarkup([*markup.inline_keyboard, *_list_rows(items)])


async def indicators_alone(
    update: Update, context: Context, department_id: int, department: str
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The list of a department that reports indicators but executes no measure in its open years: its
    indicators alone, a button each. None: it has none either."""
    items = await _list_items(update, context, department_id)
    if not items:
        return None
    fit = Fit()
    text = t(
        "indicator-list-alone",
        department=fit(department, 300),
        years=", ".join(str(y) for y in sorted({i.year for i in items})),
        left=sum(1 for i in items if i.owed),
        total=len(items),
    )
    return fit.one(text), InlineKeyboardMarkup(_list_rows(items))


async def _list_items(update: Update, context: Context, department_id: int) -> list[indicators.IndicatorItem]:
    try:
        return await indicators.department_indicator_list(
            context.db, actor_of(update, context), department_id
        )
    except Refused:
        return []


def _list_rows(items: list[indicators.IndicatorItem]) -> list[list[InlineKeyboardButton]]:
    return [
        [
            InlineKeyboardButton(
                button_label(
                    f"{t('indicator-list-mark', status=i.status.value)} {i.indicator.number}. {i.indicator.name}"
                ),
                callback_data=callbacks.OpenIndicator(i.indicator.id, i.year).data(),
            )
        ]
        for i in items[:MAX_LIST_BUTTONS]
    ]


async def on_other_input(update: Update, context: Context) -> bool:
    """A photo, a sticker, an edited message while an indicator is open: say what is wanted and ask the same
    again (True: an indicator was open)."""
    chat = update.effective_chat
    assert chat is not None
    try:
        active = await indicators.active_indicator(context.db, actor_of(update, context))
    except Refused:
        return False
    if active is None:
        return False
    text, markup = screen(active.step, active.answers, active.scene, prefix=t("indicator-not-text"))
    await context.bot.send_message(chat.id, text, reply_markup=markup)
    return True


async def resend_question(update: Update, context: Context) -> None:
    """/help while an indicator is open: after the help, its question again."""
    chat = update.effective_chat
    try:
        active = await indicators.active_indicator(context.db, actor_of(update, context))
    except Refused:
        return
    if active is None or chat is None:
        return
    text, markup = screen(active.step, active.answers, active.scene)
    await context.bot.send_message(chat.id, text, reply_markup=markup)
