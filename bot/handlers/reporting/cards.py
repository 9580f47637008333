"""What the reporting conversation shows: a measure's card, each step's question, the review, problems."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot import flow, keyboards, texts
from bot.flow import Answers, Step
from bot.formatting import MESSAGE_LIMIT, clip, esc
from bot.handlers.reporting.access import Scene
from l10n.numbers import amount, percent

LIMITS = {"limit": flow.MAX_INFO_LENGTH}


def question(step: Step, answers: Answers, scene: Scene) -> str:
    current = ""
    if step is Step.ACTUAL:
        text = texts.ASK_ACTUAL.format(plan=amount(scene.plan))
        current = amount(answers.actual) if answers.actual is not None else ""
    elif step is Step.FINANCED:
        text = texts.ASK_FINANCED
        current = amount(answers.financed) if answers.financed is not None else ""
    elif step is Step.PERCENT:
        suggested = flow.suggested_percent(answers, scene.facts)
        text = (
            texts.ASK_PERCENT_SUGGESTED.format(value=percent(suggested)[:-2])
            if suggested is not None
            else texts.ASK_PERCENT
        )
        current = percent(answers.percent) if answers.percent is not None else ""
    elif step is Step.INFO:
        text = texts.ASK_INFO
        if answers.info:
            text += texts.INFO_CURRENT.format(length=len(answers.info), text=esc(clip(answers.info, 1500)))
        return text
    elif step is Step.CONFIRM:
        value = amount(answers.pending_value)
        if answers.pending_warning is flow.Warning_.ACTUAL_OVER_PLAN:
            return texts.WARN_ACTUAL_OVER_PLAN.format(value=value, plan=amount(scene.plan))
        return texts.WARN_FINANCED_OVER_ACTUAL.format(value=value, actual=amount(answers.actual))
    else:
        return texts.REVIEW.format(
            department=esc(scene.department),
            number=esc(scene.number),
            text=esc(clip(scene.text, 600)),
            plan=amount(scene.plan),
            actual=amount(answers.actual),
            financed=amount(answers.financed),
            percent=percent(answers.percent),
            length=len(answers.info),
            info=esc(clip(answers.info, 2000)) or texts.NOT_GIVEN,
        )
    if current:
        text += texts.CURRENT_VALUE.format(value=current)
    return text


def measure_card(scene: Scene, reported: bool) -> str:
    card = texts.MEASURE_CARD.format(
        progress=texts.PROGRESS.format(index=scene.index, total=scene.total),
        department=esc(scene.department),
        number=esc(scene.number),
        text=esc(clip(scene.text, 1200)),
        term=esc(scene.term),
        year=scene.year,
        plan=amount(scene.plan),
    )
    if not scene.planned:
        card += texts.MEASURE_NOT_PLANNED.format(year=scene.year)
    if scene.last_year_info:
        card += texts.MEASURE_LAST_YEAR.format(
            year=scene.year - 1, text=esc(clip(scene.last_year_info, 1200))
        )
    if reported:
        card += texts.MEASURE_REPORTED
    if scene.on_behalf:
        card += "\n" + texts.ON_BEHALF
    return card


def problem_text(problem: str, step: Step, answers: Answers) -> str:
    if step is Step.PERCENT and problem in texts.PERCENT_PROBLEMS:
        return texts.PERCENT_PROBLEMS[problem]
    return texts.PROBLEMS[problem].format(length=len(answers.info), **LIMITS)


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
