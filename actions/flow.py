"""The reporting conversation as pure logic: a step, the answers so far, an input -> the next state.

No Telegram and no database here: the actions (actions.reporting) load the draft, call these and save the
result; the front end renders it. These are the conversation's rules: what is blank, too long, out of range.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from storage.models import Submission
from storage.numbers import NumberError, parse_amount, parse_percent, percent_of
from storage.texts import clean_text, is_blank

MAX_INFO_LENGTH = 30_000  # under Excel's 32,767 per cell, with room for the department's name prefix
FAR_ABOVE_PLAN = Decimal("1.5")  # actual funding over 150 % of the plan is worth a second look


class Step(StrEnum):
    ACTUAL = "actual"
    ACTUAL_SPECIAL = "spactual"  # the special fund's figures: asked only where it has a plan for the year
    FINANCED = "financed"
    FINANCED_SPECIAL = "spfinanced"
    PERCENT = "percent"
    INFO = "info"
    REVIEW = "review"
    CONFIRM = "confirm"  # a warning about the last answer awaits yes or no


ORDER = (
    Step.ACTUAL,
    Step.ACTUAL_SPECIAL,
    Step.FINANCED,
    Step.FINANCED_SPECIAL,
    Step.PERCENT,
    Step.INFO,
    Step.REVIEW,
)
EDITABLE = (Step.ACTUAL, Step.ACTUAL_SPECIAL, Step.FINANCED, Step.FINANCED_SPECIAL, Step.PERCENT, Step.INFO)
SPECIAL_STEPS = frozenset({Step.ACTUAL_SPECIAL, Step.FINANCED_SPECIAL})
AMOUNT_STEPS = frozenset({Step.ACTUAL, Step.ACTUAL_SPECIAL, Step.FINANCED, Step.FINANCED_SPECIAL})
# The answer each step sets (the step names are short: they travel in button data).
FIELD = {
    Step.ACTUAL: "actual",
    Step.ACTUAL_SPECIAL: "actual_special",
    Step.FINANCED: "financed",
    Step.FINANCED_SPECIAL: "financed_special",
    Step.PERCENT: "percent",
    Step.INFO: "info",
}


class Problem(StrEnum):
    # NumberReason values are used as problems too (empty, not_a_number, negative, ...).
    USE_BUTTONS = "use_buttons"
    INFO_TOO_LONG = "info_too_long"
    INFO_EMPTY = "info_empty"
    INFO_BLANK = "info_blank"  # a message with nothing to read (storage.texts.is_blank): nothing to add
    NO_LAST_YEAR = "no_last_year"
    NO_SUGGESTION = "no_suggestion"
    MANY_NOT_HERE = "many_not_here"  # several answers in one message where only one is asked
    TOO_MANY_PARTS = "too_many_parts"
    NOTHING_TO_SAVE = "nothing_to_save"  # confirmed with no answer given (ready_to_save)


class Warning_(StrEnum):
    FINANCED_OVER_ACTUAL = "financed_over_actual"
    ACTUAL_OVER_PLAN = "actual_over_plan"


@dataclass(frozen=True)
class Answers:
    actual: Decimal | None = None
    financed: Decimal | None = None
    percent: Decimal | None = None
    info: str = ""
    actual_special: Decimal | None = None
    financed_special: Decimal | None = None
    editing: bool = False  # the step was opened from the review card: go back there after it
    pending_value: Decimal | None = None  # the answer a warning is about
    pending_warning: Warning_ | None = None
    pending_step: Step | None = None
    base_revision_id: int | None = None
    # The next text message is added to the text (the review card's «додати текст», «додати до
    # попереднього»); otherwise it replaces the text (reopening a reported measure: a new text).
    appending: bool = False
    # Answers typed in one message («12; 9,6; 80») still to be set after the warning being asked about.
    queued: tuple[tuple[Step, Decimal], ...] = ()

    def to_json(self) -> dict[str, Any]:
        def d(v: Decimal | None) -> str | None:
            return None if v is None else format(v, "f")

        return {
            "actual": d(self.actual),
            "financed": d(self.financed),
            "percent": d(self.percent),
            "info": self.info,
            "actual_special": d(self.actual_special),
            "financed_special": d(self.financed_special),
            "editing": self.editing,
            "pending_value": d(self.pending_value),
            "pending_warning": self.pending_warning,
            "pending_step": self.pending_step,
            "base_revision_id": self.base_revision_id,
            "appending": self.appending,
            "queued": [[step.value, format(value, "f")] for step, value in self.queued],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answers:
        def d(key: str) -> Decimal | None:
            value = data.get(key)
            return None if value is None else Decimal(value)

        return cls(
            actual=d("actual"),
            financed=d("financed"),
            percent=d("percent"),
            info=str(data.get("info") or ""),
            actual_special=d("actual_special"),
            financed_special=d("financed_special"),
            editing=bool(data.get("editing")),
            pending_value=d("pending_value"),
            pending_warning=Warning_(data["pending_warning"]) if data.get("pending_warning") else None,
            pending_step=Step(data["pending_step"]) if data.get("pending_step") else None,
            base_revision_id=data.get("base_revision_id"),
            # A draft stored before a text replaced the one there: its messages were joined, and are still.
            appending=bool(data.get("appending", bool(data.get("info")))),
            queued=tuple((Step(step), Decimal(value)) for step, value in data.get("queued") or ()),
        )


@dataclass(frozen=True)
class Facts:
    """What the flow needs to know about the measure being reported.

    ``plan`` is the general fund's plan for the year, ``plan_special`` the special fund's; None: not set
    (no plan buttons, no comparison with the plan, no suggested percent). The special fund's questions are
    asked only where it has a plan.
    """

    plan: Decimal | None
    last_year_info: str | None = None
    plan_special: Decimal | None = None

    @property
    def has_special(self) -> bool:
        return self.plan_special is not None

    @property
    def plan_total(self) -> Decimal | None:
        if self.plan is None and self.plan_special is None:
            return None
        return (self.plan or Decimal(0)) + (self.plan_special or Decimal(0))

    def plan_for(self, step: Step) -> Decimal | None:
        """The plan an amount step is compared with: its fund's."""
        return self.plan_special if step in SPECIAL_STEPS else self.plan

    def steps(self) -> tuple[Step, ...]:
        return tuple(s for s in ORDER if self.has_special or s not in SPECIAL_STEPS)

    def editable(self) -> tuple[Step, ...]:
        return tuple(s for s in EDITABLE if self.has_special or s not in SPECIAL_STEPS)


@dataclass(frozen=True)
class Outcome:
    answers: Answers
    step: Step
    problem: str | None = None  # a Problem or a NumberReason value: the same question is asked again
    extra: dict[str, Any] = field(default_factory=dict)


def start(previous: Submission | None) -> Answers:
    """A new draft; reopening a reported measure starts from what counts now, so skipping keeps it."""
    if previous is None:
        return Answers()
    return Answers(
        actual=previous.actual,
        financed=previous.financed,
        percent=previous.percent,
        info=previous.info,
        actual_special=previous.actual_special,
        financed_special=previous.financed_special,
        base_revision_id=previous.id,
    )


def next_step(step: Step, answers: Answers, facts: Facts) -> Step:
    if answers.editing:
        return Step.REVIEW
    steps = facts.steps()
    return steps[steps.index(step) + 1]


def actual_for(step: Step, answers: Answers) -> Decimal | None:
    """The actual amount a financed step is compared with (and offered as): its fund's."""
    return answers.actual_special if step is Step.FINANCED_SPECIAL else answers.actual


def suggested_percent(answers: Answers, facts: Facts) -> Decimal | None:
    """financed / plan (both funds), offered as the percent done; None when there is nothing to divide
    (no plan set, a plan of 0, nothing financed)."""
    plan = facts.plan_total
    financed = [
        v
        for v in (answers.financed, answers.financed_special if facts.has_special else None)
        if v is not None
    ]
    if not financed or plan is None or plan <= 0:
        return None
    value = percent_of(sum(financed, Decimal(0)), plan)  # the report's own rule, so the two never differ
    return None if value is None else min(value, Decimal(100))


def _set(
    step: Step, answers: Answers, value: Decimal | None, facts: Facts, *, checked: bool = False
) -> Outcome:
    if not checked and value is not None:
        warning = None
        plan = facts.plan_for(step)
        if (
            step in (Step.ACTUAL, Step.ACTUAL_SPECIAL)
            and plan is not None  # no plan set: nothing to compare with
            and ((plan > 0 and value > plan * FAR_ABOVE_PLAN) or (plan == 0 and value > 0))
        ):
            warning = Warning_.ACTUAL_OVER_PLAN
        actual = actual_for(step, answers)
        if step in (Step.FINANCED, Step.FINANCED_SPECIAL) and actual is not None and value > actual:
            warning = Warning_.FINANCED_OVER_ACTUAL
        if warning is not None:
            pending = replace(answers, pending_value=value, pending_warning=warning, pending_step=step)
            return Outcome(pending, Step.CONFIRM)
    updated = replace(
        answers, **{FIELD[step]: value}, pending_value=None, pending_warning=None, pending_step=None
    )
    return Outcome(updated, next_step(step, updated, facts))


SEPARATOR = ";"  # between answers typed in one message: the decimal comma is taken
ONE_MESSAGE = (Step.ACTUAL, Step.FINANCED, Step.PERCENT)  # what one message may answer, in this order


def split_answers(text: str) -> tuple[str, ...] | None:
    """«12; 9,6; 80» into its parts (None: a single answer)."""
    if SEPARATOR not in text:
        return None
    return tuple(
        clean_text(part) for part in text.split(SEPARATOR)
    )  # a part of invisible characters is empty


def _answer_many(answers: Answers, parts: tuple[str, ...], facts: Facts) -> Outcome:
    """The actual, the financed amount and (optionally) the percent in one message, at the actual step: each
    set and checked as if typed one by one; a warning asks as usual, and the rest wait for its answer.
    ``extra["read"]`` is how they were read, for the bot to echo."""
    if facts.has_special or answers.editing:  # more amounts, or one answer asked: one at a time
        return Outcome(answers, Step.ACTUAL, problem=Problem.MANY_NOT_HERE)
    if not 2 <= len(parts) <= len(ONE_MESSAGE):
        return Outcome(answers, Step.ACTUAL, problem=Problem.TOO_MANY_PARTS)
    values = []
    for step, part in zip(ONE_MESSAGE, parts, strict=False):
        try:
            values.append((step, parse_percent(part) if step is Step.PERCENT else parse_amount(part)))
        except NumberError as exc:
            return Outcome(answers, Step.ACTUAL, problem=exc.reason.value, extra={"part": part})
    outcome = _run(replace(answers, queued=()), tuple(values), facts)
    return replace(outcome, extra={"read": dict(values)})


def _run(answers: Answers, queue: tuple[tuple[Step, Decimal], ...], facts: Facts) -> Outcome:
    outcome = Outcome(answers, queue[0][0])
    for n, (step, value) in enumerate(queue):
        outcome = _set(step, outcome.answers, value, facts)
        if outcome.step is Step.CONFIRM:
            return Outcome(replace(outcome.answers, queued=queue[n + 1 :]), Step.CONFIRM)
    return outcome


def answer_text(step: Step, answers: Answers, text: str, facts: Facts) -> Outcome:
    text = clean_text(text)
    if step is Step.ACTUAL and (parts := split_answers(text)) is not None:
        return _answer_many(answers, parts, facts)
    if step in AMOUNT_STEPS or step is Step.PERCENT:
        try:
            value = parse_percent(text) if step is Step.PERCENT else parse_amount(text)
        except NumberError as exc:
            return Outcome(answers, step, problem=exc.reason.value)
        return _set(step, answers, value, facts)
    if step is Step.INFO:
        if is_blank(text):
            return Outcome(answers, step, problem=Problem.INFO_BLANK)
        # A text replaces the one there (a new report's is empty), unless adding was asked for.
        joined = f"{answers.info}\n{text}" if answers.info and answers.appending else text
        if len(joined) > MAX_INFO_LENGTH:
            length = len(answers.info) if answers.appending else 0
            return Outcome(answers, step, problem=Problem.INFO_TOO_LONG, extra={"length": length})
        # The text is the last answer: straight to the review card (its «додати текст» adds more).
        updated = replace(answers, info=joined, appending=False, editing=False)
        return Outcome(updated, Step.REVIEW, extra={"appended": answers.appending and bool(answers.info)})
    return Outcome(answers, step, problem=Problem.USE_BUTTONS)


def press(step: Step, answers: Answers, action: str, facts: Facts) -> Outcome:
    """A quick button. Actions that do not fit the step are treated as stale by the caller."""
    if step in SPECIAL_STEPS and not facts.has_special:
        raise StaleAction(action)  # the special fund lost its plan since the button was sent
    if step in AMOUNT_STEPS:
        if action == "zero":
            return _set(step, answers, Decimal(0), facts)
        plan = facts.plan_for(step)
        if action == "plan" and plan is not None:
            return _set(step, answers, plan, facts)
        if action == "asactual" and step in (Step.FINANCED, Step.FINANCED_SPECIAL):
            actual = actual_for(step, answers)
            if actual is not None:
                return _set(step, answers, actual, facts)
        if action == "skip":
            return Outcome(answers, next_step(step, answers, facts))
    if step is Step.PERCENT:
        if action == "calc":
            value = suggested_percent(answers, facts)
            if value is None:
                return Outcome(answers, step, problem=Problem.NO_SUGGESTION)
            return _set(step, answers, value, facts)
        if action in ("zero", "full"):
            return _set(step, answers, Decimal(0) if action == "zero" else Decimal(100), facts)
        if action == "skip":
            return Outcome(answers, next_step(step, answers, facts))
    if step is Step.INFO:
        if action == "done":
            if is_blank(answers.info):
                return Outcome(answers, step, problem=Problem.INFO_EMPTY)
            return Outcome(answers, next_step(step, answers, facts))
        if action == "lastyear":
            if not facts.last_year_info:
                return Outcome(answers, step, problem=Problem.NO_LAST_YEAR)
            return Outcome(replace(answers, info=facts.last_year_info), next_step(step, answers, facts))
        if action == "clear":
            return Outcome(replace(answers, info="", appending=False), Step.INFO)
        if action == "append" and answers.info:
            return Outcome(replace(answers, appending=True), Step.INFO)
        if action == "skip":
            return Outcome(answers, next_step(step, answers, facts))
    if step is Step.CONFIRM and answers.pending_step is not None:
        pending_step = answers.pending_step
        if action == "yes":
            confirmed = _set(
                pending_step, replace(answers, queued=()), answers.pending_value, facts, checked=True
            )
            if answers.queued:  # the rest of one message's answers
                return _run(confirmed.answers, answers.queued, facts)
            return confirmed
        if action == "no":
            cleared = replace(answers, pending_value=None, pending_warning=None, pending_step=None, queued=())
            return Outcome(cleared, pending_step)
    if step is Step.REVIEW and action == "more":
        return Outcome(replace(answers, editing=True, appending=bool(answers.info)), Step.INFO)
    if step is Step.REVIEW and action.startswith("edit:"):
        target = action.removeprefix("edit:")
        if target in {s.value for s in facts.editable()}:
            return Outcome(replace(answers, editing=True), Step(target))
    raise StaleAction(action)


def ready_to_save(answers: Answers) -> bool:
    amounts = (
        answers.actual,
        answers.financed,
        answers.percent,
        answers.actual_special,
        answers.financed_special,
    )
    return any(v is not None for v in amounts) or not is_blank(answers.info)


class StaleAction(ValueError):
    """A button that does not belong to the step the draft is at: an old or forged one."""
