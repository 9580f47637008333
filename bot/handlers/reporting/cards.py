"""What the reporting conversation shows: a measure's card, each step's question, the review, problems."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot import flow, keyboards
from bot.flow import Answers, Step
from bot.formatting import Fit
from bot.handlers.reporting.access import Scene
from l10n import t
from l10n.numbers import amount, percent


def question(step: Step, answers: Answers, scene: Scene, fit: Fit) -> str:
    """The question of ``step``; what people typed goes in through ``fit`` (see bot.formatting)."""
    current = ""
    if step is Step.ACTUAL:
        text = t("ask-actual", plan=amount(scene.plan))
        current = amount(answers.actual) if answers.actual is not None else ""
    elif step is Step.FINANCED:
        text = t("ask-financed")
        current = amount(answers.financed) if answers.financed is not None else ""
    elif step is Step.PERCENT:
        suggested = flow.suggested_percent(answers, scene.facts)
        text = (
            t("ask-percent-suggested", value=percent(suggested)[:-2])
            if suggested is not None
            else t("ask-percent")
        )
        current = percent(answers.percent) if answers.percent is not None else ""
    elif step is Step.INFO:
        text = t("ask-info")
        if answers.info:
            text += "\n\n" + t("info-current", length=len(answers.info), text=fit(answers.info, 1500))
        return text
    elif step is Step.CONFIRM:
        value = amount(answers.pending_value)
        if answers.pending_warning is flow.Warning_.ACTUAL_OVER_PLAN:
            return t("warn-actual-over-plan", value=value, plan=amount(scene.plan))
        return t("warn-financed-over-actual", value=value, actual=amount(answers.actual))
    else:
        return t(
            "review",
            department=fit(scene.department, 200),
            number=fit(scene.number, 20),
            text=fit(scene.text, 600),
            plan=amount(scene.plan),
            actual=amount(answers.actual),
            financed=amount(answers.financed),
            percent=percent(answers.percent),
            length=len(answers.info),
            info=t("value-not-given") if flow.is_blank(answers.info) else fit(answers.info, 2000),
        )
    if current:
        text += " " + t("current-value", value=current)
    return text


def measure_card(scene: Scene, reported: bool, fit: Fit) -> str:
    card = t(
        "measure-card",
        index=scene.index,
        total=scene.total,
        department=fit(scene.department, 200),
        number=fit(scene.number, 20),
        text=fit(scene.text, 1200),
        term=fit(scene.term, 200),
        year=scene.year,
        plan=amount(scene.plan),
    )
    if not scene.planned:
        card += "\n" + t("measure-not-planned", year=scene.year)
    if scene.last_year_info:
        card += "\n\n" + t("measure-last-year", year=scene.year - 1, text=fit(scene.last_year_info, 1200))
    if reported:
        card += "\n\n" + t("measure-reported")
    if scene.on_behalf:
        card += "\n\n" + t("on-behalf")
    return card


def problem_text(problem: str, step: Step, answers: Answers) -> str:
    message = "percent-problem" if step is Step.PERCENT else "problem"
    return t(message, problem=problem, length=len(answers.info), limit=flow.MAX_INFO_LENGTH)


def screen(
    step: Step, answers: Answers, scene: Scene, prefix: str = "", *, card: bool | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The message that asks ``step``, with its buttons: after the measure's card (``card``: whether it
    was reported already; None: no card) and ``prefix`` (a problem, a hint). One message whatever its
    texts: the long ones are shortened to fit (bot.formatting.Fit), the question is always there."""
    fit = Fit()
    parts = [] if card is None else [measure_card(scene, card, fit)]
    if prefix:
        parts.append(prefix)
    parts.append(question(step, answers, scene, fit))
    text = fit.one("\n\n".join(parts))
    markup = keyboards.step_keyboard(
        step,
        scene.measure_id,
        scene.department_id,
        plan=scene.plan,
        suggested=flow.suggested_percent(answers, scene.facts),
        has_last_year=scene.last_year_info is not None,
        has_info=bool(answers.info),
    )
    return text, markup
