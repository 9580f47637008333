"""What the reporting conversation shows: a measure's card, each step's question, the review, problems."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot import flow, keyboards
from bot.flow import Answers, Step
from bot.formatting import MESSAGE_LIMIT, clip, esc
from bot.handlers.reporting.access import Scene
from l10n import t
from l10n.numbers import amount, percent


def question(step: Step, answers: Answers, scene: Scene) -> str:
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
            text += "\n\n" + t("info-current", length=len(answers.info), text=esc(clip(answers.info, 1500)))
        return text
    elif step is Step.CONFIRM:
        value = amount(answers.pending_value)
        if answers.pending_warning is flow.Warning_.ACTUAL_OVER_PLAN:
            return t("warn-actual-over-plan", value=value, plan=amount(scene.plan))
        return t("warn-financed-over-actual", value=value, actual=amount(answers.actual))
    else:
        return t(
            "review",
            department=esc(scene.department),
            number=esc(scene.number),
            text=esc(clip(scene.text, 600)),
            plan=amount(scene.plan),
            actual=amount(answers.actual),
            financed=amount(answers.financed),
            percent=percent(answers.percent),
            length=len(answers.info),
            info=esc(clip(answers.info, 2000)) or t("value-not-given"),
        )
    if current:
        text += " " + t("current-value", value=current)
    return text


def measure_card(scene: Scene, reported: bool) -> str:
    card = t(
        "measure-card",
        index=scene.index,
        total=scene.total,
        department=esc(scene.department),
        number=esc(scene.number),
        text=esc(clip(scene.text, 1200)),
        term=esc(scene.term),
        year=scene.year,
        plan=amount(scene.plan),
    )
    if not scene.planned:
        card += "\n" + t("measure-not-planned", year=scene.year)
    if scene.last_year_info:
        card += "\n\n" + t(
            "measure-last-year", year=scene.year - 1, text=esc(clip(scene.last_year_info, 1200))
        )
    if reported:
        card += "\n\n" + t("measure-reported")
    if scene.on_behalf:
        card += "\n\n" + t("on-behalf")
    return card


def problem_text(problem: str, step: Step, answers: Answers) -> str:
    message = "percent-problem" if step is Step.PERCENT else "problem"
    return t(message, problem=problem, length=len(answers.info), limit=flow.MAX_INFO_LENGTH)


def screen(step: Step, answers: Answers, scene: Scene, prefix: str = "") -> tuple[str, InlineKeyboardMarkup]:
    """The message that asks ``step`` (after ``prefix``, e.g. the card or a problem), with its buttons."""
    body = question(step, answers, scene)
    text = f"{prefix}\n\n{body}" if prefix else body
    if len(text) > MESSAGE_LIMIT:
        text = clip(text, MESSAGE_LIMIT)
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
