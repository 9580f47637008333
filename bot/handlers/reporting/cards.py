"""What the reporting conversation shows: a measure's card, each step's question, the review, problems."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from actions import flow
from actions.flow import Answers, Step
from actions.reporting import Scene
from bot import keyboards
from bot.formatting import Fit, clip, esc, short_program_name
from l10n import t
from l10n.numbers import amount, money, percent
from storage.texts import is_blank

# The card's first lines (the measure's number and text, its plan) and the question fit a phone's screen:
# a longer measure text is cut there, and shown whole, folded, after the question.
CARD_TEXT = 250


def _plan(value: object) -> str:
    """A plan for a message's selector: the amount, or "none" when it is not set (never 0,0)."""
    return "none" if value is None else amount(value)  # type: ignore[arg-type]


def question(step: Step, answers: Answers, scene: Scene, fit: Fit) -> str:
    """The question of ``step``; what people typed goes in through ``fit`` (see bot.formatting)."""
    current = ""
    facts = scene.facts
    if step in flow.AMOUNT_STEPS:
        # With a special-fund plan, the general fund's questions say so; without one, nothing changes.
        general = "-general" if facts.has_special else ""
        if step is Step.ACTUAL:
            text = t("ask-actual" + general, plan=_plan(facts.plan))
            if not facts.has_special and not answers.editing:
                text += "\n" + t("ask-actual-many")
        elif step is Step.ACTUAL_SPECIAL:
            text = t("ask-actual-special", plan=_plan(facts.plan_special))
        else:
            text = t("ask-financed-special") if step is Step.FINANCED_SPECIAL else t("ask-financed" + general)
        value = getattr(answers, flow.FIELD[step])
        current = money(value) if value is not None else ""
    elif step is Step.PERCENT:
        suggested = flow.suggested_percent(answers, scene.facts)
        text = (
            t("ask-percent-suggested", value=percent(suggested)[:-2])
            if suggested is not None
            else t("ask-percent")
        )
        current = percent(answers.percent) if answers.percent is not None else ""
    elif step is Step.INFO:
        if answers.appending:
            text = t("ask-info-append")
        else:
            text = t("ask-info-replace") if answers.info else t("ask-info")
        if answers.info:
            text += "\n\n" + t("info-current", length=len(answers.info), text=fit(answers.info, 1500))
        return text
    elif step is Step.CONFIRM:
        value = amount(answers.pending_value)
        pending = answers.pending_step or Step.ACTUAL
        if answers.pending_warning is flow.Warning_.ACTUAL_OVER_PLAN:
            return t("warn-actual-over-plan", value=value, plan=amount(facts.plan_for(pending)))
        actual = answers.actual_special if pending is Step.FINANCED_SPECIAL else answers.actual
        return t("warn-financed-over-actual", value=value, actual=amount(actual))
    else:
        return t(
            "review",
            department=fit(scene.department, 200),
            number=fit(scene.number, 20),
            text=fit(scene.text, 600),
            plan="none" if facts.plan_total is None else money(facts.plan_total),
            actual=money(answers.actual),
            financed=money(answers.financed),
            actual_special=money(answers.actual_special) if facts.has_special else "none",
            financed_special=money(answers.financed_special) if facts.has_special else "none",
            percent=percent(answers.percent),
            length=len(answers.info),
            info=t("value-not-given") if is_blank(answers.info) else fit(answers.info, 2000),
        )
    if current:
        text += " " + t("current-value", value=current)
    return text


def measure_card(scene: Scene, reported: bool, fit: Fit) -> tuple[str, str]:
    """The card around the first question: what goes before it (the measure's number, text, term and plan,
    short notes) and what after it (the whole of a long text and last year's text, folded)."""
    head = clip(scene.text, CARD_TEXT)
    card = t(
        "measure-card",
        index=scene.index,
        total=scene.total,
        department=fit(scene.department, 200),
        number=fit(scene.number, 20),
        text=fit(head, CARD_TEXT),
        term=fit(scene.term, 120),
        year=scene.year,
        plan_line=_plan_line(scene),
    )
    if scene.program:  # the database holds several programs: which one this measure is of
        card = t("measure-card-program", program=fit(short_program_name(scene.program), 100)) + "\n" + card
    if not scene.planned:
        card += "\n" + t("measure-not-planned", year=scene.year)
    if reported:
        card += "\n" + t("measure-reported")
    if scene.on_behalf:
        card += "\n" + t("on-behalf")
    after = []
    if head != scene.text.strip():
        after.append(t("measure-full-text", number=fit(scene.number, 20), text=fit(scene.text, 2000)))
    if scene.last_year_info:
        after.append(t("measure-last-year", year=scene.year - 1, text=fit(scene.last_year_info, 1500)))
    return card, "\n\n".join(after)


def _plan_line(scene: Scene) -> str:
    facts = scene.facts
    if facts.plan_total is None:
        return t("measure-plan-not-set", year=scene.year)
    if facts.has_special:
        return t(
            "measure-plan-with-special",
            year=scene.year,
            plan=amount(facts.plan_total),
            general=money(facts.plan) if facts.plan is not None else t("plan-not-set"),
            special=money(facts.plan_special),
        )
    return t("measure-plan", year=scene.year, plan=amount(facts.plan_total))


def answers_read(read: dict[Step, object]) -> str:
    """How one message's answers were read (actions.flow's ``extra["read"]``)."""
    value = read.get(Step.PERCENT)
    return t(
        "answers-read",
        actual=money(read.get(Step.ACTUAL)),  # type: ignore[arg-type]
        financed=money(read.get(Step.FINANCED)),  # type: ignore[arg-type]
        percent="none" if value is None else percent(value),  # type: ignore[arg-type]
    )


def bad_part(part: str) -> str:
    """The part of one message's answers that could not be read, as typed (escaped, shortened); an empty one
    (nothing between two «;», or after the last) said as such."""
    if not part:
        return t("answers-empty-part")
    return t("answers-bad-part", part=esc(clip(part, 60)))


def problem_text(problem: str, step: Step, answers: Answers) -> str:
    message = "percent-problem" if step is Step.PERCENT else "problem"
    return t(message, problem=problem, length=len(answers.info), limit=flow.MAX_INFO_LENGTH)


def screen(
    step: Step, answers: Answers, scene: Scene, prefix: str = "", *, card: bool | None = None, lead: str = ""
) -> tuple[str, InlineKeyboardMarkup]:
    """The message that asks ``step``, with its buttons: after the measure's card (``card``: whether it
    was reported already; None: no card) and ``prefix`` (a problem, a hint). One message whatever its
    texts: the long ones are shortened to fit (bot.formatting.Fit), the question is always there.
    ``lead`` (HTML, its values escaped already) comes first: what was just saved, before the next card."""
    fit = Fit()
    before, after = measure_card(scene, card, fit) if card is not None else ("", "")
    parts = [p for p in (lead, before) if p]
    if prefix:
        parts.append(prefix)
    parts.append(question(step, answers, scene, fit))
    if after:
        parts.append(after)
    text = fit.one("\n\n".join(parts))
    markup = keyboards.step_keyboard(
        step,
        scene.measure_id,
        scene.department_id,
        plan=scene.facts.plan_for(step),
        editable=scene.facts.editable(),
        suggested=flow.suggested_percent(answers, scene.facts),
        has_last_year=scene.last_year_info is not None,
        has_info=bool(answers.info),
        actual=flow.actual_for(step, answers),
        appending=answers.appending,
        to_list=card is not None and not scene.on_behalf,
    )
    return text, markup
