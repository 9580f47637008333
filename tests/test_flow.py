"""The reporting conversation's pure logic, without Telegram or a database."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from actions import flow
from actions.flow import Answers, Facts, Step
from storage.models import Submission
from storage.texts import clean_text

FACTS = Facts(plan=Decimal("40.0"), last_year_info="Торік зроблено все.")


def test_straight_through() -> None:
    a = Answers()
    o = flow.answer_text(Step.ACTUAL, a, "44", FACTS)  # above the plan of 40, but not far above
    assert (o.step, o.answers.actual) == (Step.FINANCED, Decimal(44))
    o = flow.answer_text(Step.FINANCED, o.answers, "14", FACTS)
    assert (o.step, o.answers.financed) == (Step.PERCENT, Decimal(14))
    assert flow.suggested_percent(o.answers, FACTS) == Decimal("35.0")
    o = flow.press(Step.PERCENT, o.answers, "calc", FACTS)
    assert (o.step, o.answers.percent) == (Step.INFO, Decimal("35.0"))
    o = flow.answer_text(Step.INFO, o.answers, "Перша частина.", FACTS)
    assert o.answers.info == "Перша частина." and o.step is Step.REVIEW  # no «Готово» to press
    assert flow.ready_to_save(o.answers)
    o = flow.press(Step.REVIEW, o.answers, "more", FACTS)  # «додати текст»: the next message is added
    assert o.step is Step.INFO and o.answers.appending
    o = flow.answer_text(Step.INFO, o.answers, "Друга частина.", FACTS)
    assert o.answers.info == "Перша частина.\nДруга частина." and o.step is Step.REVIEW
    assert not o.answers.appending and o.extra["appended"]


def test_a_new_text_replaces_a_reported_one_unless_appending_is_asked() -> None:
    reported = flow.start(Submission(id=7, measure_id=1, department_id=1, year=2023, info="Старий текст."))
    o = flow.answer_text(Step.INFO, reported, "Новий текст.", FACTS)
    assert (o.step, o.answers.info) == (Step.REVIEW, "Новий текст.")
    asked = flow.press(Step.INFO, reported, "append", FACTS)  # «додати до попереднього»
    assert asked.step is Step.INFO and asked.answers.appending
    o = flow.answer_text(Step.INFO, asked.answers, "Новий текст.", FACTS)
    assert (o.step, o.answers.info) == (Step.REVIEW, "Старий текст.\nНовий текст.")
    with pytest.raises(flow.StaleAction):  # nothing to append to
        flow.press(Step.INFO, Answers(), "append", FACTS)
    # ✏️ Текст on the review card: a new text replaces the one there
    edit = flow.press(Step.REVIEW, o.answers, "edit:info", FACTS)
    o = flow.answer_text(Step.INFO, edit.answers, "Третій.", FACTS)
    assert (o.step, o.answers.info) == (Step.REVIEW, "Третій.")


def test_financed_as_the_actual_just_given() -> None:
    a = flow.answer_text(Step.ACTUAL, Answers(), "12", FACTS).answers
    o = flow.press(Step.FINANCED, a, "asactual", FACTS)
    assert (o.step, o.answers.financed) == (Step.PERCENT, Decimal(12))
    special = Facts(plan=Decimal(10), plan_special=Decimal(5))
    b = Answers(actual=Decimal(9), actual_special=Decimal(4))
    assert flow.press(Step.FINANCED_SPECIAL, b, "asactual", special).answers.financed_special == Decimal(4)
    with pytest.raises(flow.StaleAction):  # no actual given: nothing to copy
        flow.press(Step.FINANCED, Answers(), "asactual", FACTS)
    with pytest.raises(flow.StaleAction):  # not a button of the actual's own step
        flow.press(Step.ACTUAL, a, "asactual", FACTS)


def test_far_above_plan_threshold() -> None:
    assert flow.answer_text(Step.ACTUAL, Answers(), "60", FACTS).step is Step.FINANCED
    assert flow.answer_text(Step.ACTUAL, Answers(), "60,001", FACTS).step is Step.CONFIRM
    zero_plan = Facts(plan=Decimal(0))
    assert flow.answer_text(Step.ACTUAL, Answers(), "1", zero_plan).step is Step.CONFIRM
    assert flow.answer_text(Step.ACTUAL, Answers(), "0", zero_plan).step is Step.FINANCED


def test_financed_over_actual_asks_and_no_goes_back() -> None:
    a = Answers(actual=Decimal(10))
    o = flow.answer_text(Step.FINANCED, a, "12", FACTS)
    assert o.step is Step.CONFIRM and o.answers.pending_value == Decimal(12)
    back = flow.press(Step.CONFIRM, o.answers, "no", FACTS)
    assert back.step is Step.FINANCED and back.answers.financed is None and back.answers.pending_value is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [("-1", "negative"), ("сто", "not_a_number"), ("NaN", "not_a_number"), ("1,2345", "too_many_places")],
)
def test_bad_amount_keeps_the_step_and_the_answers(text: str, problem: str) -> None:
    a = Answers(actual=Decimal(5))
    o = flow.answer_text(Step.FINANCED, a, text, FACTS)
    assert (o.step, o.problem, o.answers) == (Step.FINANCED, problem, a)


def test_percent_bounds() -> None:
    assert flow.answer_text(Step.PERCENT, Answers(), "101", FACTS).problem == "out_of_range"
    assert flow.answer_text(Step.PERCENT, Answers(), "100", FACTS).answers.percent == 100


def test_quick_buttons() -> None:
    assert flow.press(Step.ACTUAL, Answers(), "plan", FACTS).answers.actual == Decimal("40.0")
    assert flow.press(Step.FINANCED, Answers(), "zero", FACTS).answers.financed == 0
    skipped = flow.press(Step.ACTUAL, Answers(actual=Decimal(3)), "skip", FACTS)
    assert skipped.step is Step.FINANCED and skipped.answers.actual == Decimal(3)
    last = flow.press(Step.INFO, Answers(), "lastyear", FACTS)
    assert last.answers.info == FACTS.last_year_info and last.step is Step.REVIEW
    assert flow.press(Step.INFO, Answers(), "lastyear", Facts(plan=Decimal(1))).problem == "no_last_year"
    assert flow.press(Step.INFO, Answers(), "done", FACTS).problem == "info_empty"
    assert flow.press(Step.PERCENT, Answers(), "calc", FACTS).problem == "no_suggestion"


def test_edit_from_review_returns_to_review() -> None:
    a = Answers(actual=Decimal(1), financed=Decimal(1), percent=Decimal(1), info="x")
    o = flow.press(Step.REVIEW, a, "edit:percent", FACTS)
    assert o.step is Step.PERCENT and o.answers.editing
    o = flow.answer_text(Step.PERCENT, o.answers, "50", FACTS)
    assert o.step is Step.REVIEW and o.answers.percent == 50


@pytest.mark.parametrize(
    ("step", "action"), [(Step.ACTUAL, "done"), (Step.REVIEW, "edit:plan"), (Step.INFO, "calc")]
)
def test_foreign_actions_are_stale(step: Step, action: str) -> None:
    with pytest.raises(flow.StaleAction):
        flow.press(step, Answers(), action, FACTS)


def test_info_limit() -> None:
    a = Answers(info="я" * (flow.MAX_INFO_LENGTH - 5), appending=True)
    o = flow.answer_text(Step.INFO, a, "ще десять", FACTS)
    assert o.problem == "info_too_long" and o.answers == a
    replaced = flow.answer_text(Step.INFO, replace(a, appending=False), "ще десять", FACTS)
    assert replaced.problem is None and replaced.answers.info == "ще десять"
    assert flow.answer_text(Step.INFO, Answers(), "я" * (flow.MAX_INFO_LENGTH + 1), FACTS).problem


def test_answers_survive_json() -> None:
    a = Answers(
        actual=Decimal("1.500"),
        info="текст",
        editing=True,
        pending_value=Decimal(2),
        pending_warning=flow.Warning_.ACTUAL_OVER_PLAN,
        pending_step=Step.ACTUAL,
        base_revision_id=7,
    )
    assert Answers.from_json(a.to_json()) == a


def test_reopening_starts_from_what_counts() -> None:
    previous = Submission(id=9, measure_id=1, department_id=1, year=2023, actual=Decimal(1), info="було")
    a = flow.start(previous)
    assert (a.actual, a.info, a.base_revision_id) == (Decimal(1), "було", 9)


# --- a plan not set; the special fund ---------------------------------------------------------------

NO_PLAN = Facts(plan=None)
WITH_SPECIAL = Facts(plan=Decimal(30), plan_special=Decimal(10))


def test_no_plan_no_warning_no_plan_button_no_suggestion() -> None:
    o = flow.answer_text(Step.ACTUAL, Answers(), "1000", NO_PLAN)  # nothing to be "far above"
    assert o.step is Step.FINANCED and o.answers.actual == 1000
    with pytest.raises(flow.StaleAction):
        flow.press(Step.ACTUAL, Answers(), "plan", NO_PLAN)
    financed = Answers(actual=Decimal(10), financed=Decimal(10))
    assert flow.suggested_percent(financed, NO_PLAN) is None
    assert flow.press(Step.PERCENT, financed, "calc", NO_PLAN).problem == "no_suggestion"


def test_special_fund_steps_only_where_it_has_a_plan() -> None:
    assert Step.ACTUAL_SPECIAL not in FACTS.steps() and Step.FINANCED_SPECIAL not in FACTS.steps()
    o = flow.answer_text(Step.ACTUAL, Answers(), "30", WITH_SPECIAL)
    assert o.step is Step.ACTUAL_SPECIAL
    o = flow.press(Step.ACTUAL_SPECIAL, o.answers, "plan", WITH_SPECIAL)
    assert (o.step, o.answers.actual_special) == (Step.FINANCED, Decimal(10))
    o = flow.answer_text(Step.FINANCED, o.answers, "20", WITH_SPECIAL)
    assert o.step is Step.FINANCED_SPECIAL
    o = flow.answer_text(Step.FINANCED_SPECIAL, o.answers, "12", WITH_SPECIAL)  # over its actual of 10
    assert o.step is Step.CONFIRM and o.answers.pending_step is Step.FINANCED_SPECIAL
    o = flow.press(Step.CONFIRM, o.answers, "yes", WITH_SPECIAL)
    assert (o.step, o.answers.financed_special) == (Step.PERCENT, Decimal(12))
    # both funds: (20 + 12) / (30 + 10)
    assert flow.suggested_percent(o.answers, WITH_SPECIAL) == Decimal("80.0")
    with pytest.raises(flow.StaleAction):
        flow.press(Step.ACTUAL_SPECIAL, Answers(), "zero", FACTS)
    with pytest.raises(flow.StaleAction):
        flow.press(Step.REVIEW, Answers(), "edit:spactual", FACTS)
    assert flow.press(Step.REVIEW, Answers(), "edit:spactual", WITH_SPECIAL).step is Step.ACTUAL_SPECIAL


def test_far_above_the_special_plan_compares_with_its_own_fund() -> None:
    assert flow.answer_text(Step.ACTUAL_SPECIAL, Answers(), "15", WITH_SPECIAL).step is Step.FINANCED
    assert flow.answer_text(Step.ACTUAL_SPECIAL, Answers(), "15,1", WITH_SPECIAL).step is Step.CONFIRM


def test_answers_keep_the_special_fund_through_json() -> None:
    a = Answers(actual_special=Decimal("1.5"), financed_special=Decimal(1))
    assert Answers.from_json(a.to_json()) == a


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize("blank", [" ", "   \n  ", "\u00a0\u00a0", "\u3000", "\u2003\u2009", "\u200b", "\ufeff\u2060",
                                   "\u200c\u200d", "\t\x0b", "\x00\x1f", "\u00a0\u200b\u3000 \n"])  # fmt: skip
def test_a_text_of_nothing_but_spaces_is_refused_and_adds_nothing(blank: str) -> None:
    for before in ("", "Уже є текст."):
        o = flow.answer_text(Step.INFO, Answers(info=before), blank, FACTS)
        assert (o.step, o.problem, o.answers.info) == (Step.INFO, "info_blank", before)
        assert "appended" not in o.extra
    done = flow.press(Step.INFO, Answers(info=blank), "done", FACTS)
    assert done.problem == "info_empty"
    assert not flow.ready_to_save(Answers(info=blank))


def test_control_characters_become_spaces_and_line_breaks_stay() -> None:
    o = flow.answer_text(
        Step.INFO, Answers(), "\u200bПерше\x00слово\tі\x07друге\r\nрядок\rтретій\u00a0", FACTS
    )
    assert o.answers.info == "Перше слово і друге\nрядок\nтретій"
    assert clean_text("a\x1b[31mb") == "a [31mb" and clean_text("\x85x\x9f") == "x"


def test_three_answers_in_one_message() -> None:
    o = flow.answer_text(Step.ACTUAL, Answers(), "12; 9,6; 80", FACTS)
    assert o.problem is None and o.step is Step.INFO
    assert (o.answers.actual, o.answers.financed, o.answers.percent) == (
        Decimal(12),
        Decimal("9.6"),
        Decimal(80),
    )
    assert o.extra["read"] == {
        Step.ACTUAL: Decimal(12),
        Step.FINANCED: Decimal("9.6"),
        Step.PERCENT: Decimal(80),
    }
    two = flow.answer_text(Step.ACTUAL, Answers(), " 12 ;9,6 ", FACTS)  # the percent asked next, as usual
    assert (two.step, two.answers.actual, two.answers.financed, two.answers.percent) == (
        Step.PERCENT,
        Decimal(12),
        Decimal("9.6"),
        None,
    )
    assert flow.split_answers("12,5") is None and flow.split_answers("1;2") == ("1", "2")


def test_answers_in_one_message_are_refused_whole_and_checked_one_by_one() -> None:
    for text, problem in (
        ("12; сто; 80", "not_a_number"),
        ("12; 9; 180", "out_of_range"),
        ("1; 2; 3; 4", "too_many_parts"),
        ("12; -1", "negative"),
        ("12;", "empty"),
    ):
        o = flow.answer_text(Step.ACTUAL, Answers(), text, FACTS)
        assert (o.step, o.problem, o.answers) == (Step.ACTUAL, problem, Answers()), text
    special = Facts(plan=Decimal(10), plan_special=Decimal(5))
    assert flow.answer_text(Step.ACTUAL, Answers(), "1; 1", special).problem == "many_not_here"
    editing = flow.answer_text(Step.ACTUAL, Answers(editing=True), "1; 1", FACTS)
    assert editing.problem == "many_not_here"
    # A warning asks as usual; «yes» goes on with the rest of the message, which is checked too.
    o = flow.answer_text(Step.ACTUAL, Answers(), "100; 120; 80", FACTS)  # far above the plan of 40
    assert o.step is Step.CONFIRM and o.answers.pending_warning is flow.Warning_.ACTUAL_OVER_PLAN
    assert Answers.from_json(o.answers.to_json()) == o.answers  # the rest survives in the draft
    o = flow.press(Step.CONFIRM, o.answers, "yes", FACTS)
    assert o.step is Step.CONFIRM and o.answers.pending_warning is flow.Warning_.FINANCED_OVER_ACTUAL
    o = flow.press(Step.CONFIRM, o.answers, "yes", FACTS)
    assert (o.step, o.answers.actual, o.answers.financed, o.answers.percent) == (
        Step.INFO,
        Decimal(100),
        Decimal(120),
        Decimal(80),
    )
    # «no» asks that answer again; the rest of the message is dropped, asked step by step.
    o = flow.answer_text(Step.ACTUAL, Answers(), "100; 20; 80", FACTS)
    back = flow.press(Step.CONFIRM, o.answers, "no", FACTS)
    assert (back.step, back.answers.actual, back.answers.queued) == (Step.ACTUAL, None, ())


def test_a_draft_from_before_replacing_texts_keeps_joining_its_messages() -> None:
    legacy = {"info": "Перша частина.", "actual": "1"}  # stored by the version that joined every message
    o = flow.answer_text(Step.INFO, Answers.from_json(legacy), "Друга частина.", FACTS)
    assert o.answers.info == "Перша частина.\nДруга частина."
    assert not Answers.from_json({"actual": "1"}).appending
    assert not Answers.from_json(Answers(info="x").to_json()).appending
