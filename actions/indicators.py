"""An executor reports the facts of the department's result indicators; the coordinator reviews them.

After a department's last measure of the year its indicators come one at a time: the value (in the indicator's
unit), then, when the fact misses the plan by more than a tenth (``storage.indicators.needs_reason``), why; a
review card; «Підтвердити» saves a new revision of the fact (append-only, like a measure's report). The draft row
(``storage.indicator_work``) is the conversation's state, as a measure's is: a restart loses nothing, and the same
input delivered again is not applied twice (``Received``).

Who may (one rule, ``_scene_in``): the members of the department that reports the indicator (its own, or the
program's responsible department when it names none) while the year is open; the program's coordinator any
indicator of an opened year, recorded as the coordinator's. Anybody else (another department's executor, an
observer) is refused ``NOT_YOUR_INDICATOR``.

The review: the same states as measures' (``storage.reviews.ReviewState``), the same rules (coordinators only; a
decision on the newest revision still waiting; a return needs the year open and a comment not blank).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

import aiosqlite

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.reporting import RECENT_INPUTS, Received
from actions.rules import require_coordinator, require_not_locked, require_reader, require_some_program
from storage.db import Database, utcnow
from storage.indicator_work import (
    FactReview,
    IndicatorDraft,
    active_indicator_draft,
    add_fact_review,
    await_fact_comment,
    deactivate_indicator_drafts,
    delete_indicator_draft,
    drop_pending_fact_comment,
    fact_reviews,
    fact_state,
    fact_state_of,
    fact_states,
    get_indicator_draft,
    indicator_program,
    open_indicator_years,
    pending_fact_comment,
    previous_fact,
    save_indicator_draft,
    user_indicator_drafts,
    waiting_facts,
)
from storage.indicators import (
    IndicatorValueError,
    IndicatorValueProblem,
    add_indicator_fact,
    department_indicators,
    get_indicator,
    indicator_plans,
    latest_indicator_fact,
    needs_reason,
    parse_indicator_value,
    program_indicators,
)
from storage.members import department_members
from storage.models import Department, Indicator, IndicatorFact, IndicatorKind, PeriodStatus, Source
from storage.periods import get_period
from storage.programs import get_department, get_program
from storage.reviews import ReviewState
from storage.texts import clean_text, is_blank

MAX_REASON_LENGTH = 1000  # a deviation's reason fits the report's cell and a phone's screen


class IndicatorStep(StrEnum):
    VALUE = "value"
    REASON = "reason"
    REVIEW = "review"


class IndicatorProblem(StrEnum):
    """What is wrong with an answer (nothing is stored): a value's ``IndicatorValueProblem`` or these."""

    REASON_BLANK = "reason_blank"
    REASON_TOO_LONG = "reason_too_long"
    NO_VALUE = "no_value"  # «Підтвердити» before a value was given


@dataclass(frozen=True)
class IndicatorScene:
    """Everything about the indicator that a card needs (kept in the draft)."""

    indicator_id: int
    department_id: int
    program_id: int
    year: int
    number: int
    kind: IndicatorKind
    name: str
    unit: str
    plan: Decimal | None  # the year's planned value; None: not set
    department: str  # the reporting department's short name
    index: int  # its place among the department's indicators of the year, 1..
    total: int
    on_behalf: bool = False

    def to_json(self) -> dict[str, object]:
        data = dict(self.__dict__)
        data["plan"] = None if self.plan is None else format(self.plan, "f")
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> IndicatorScene:
        plan = data.get("plan")
        return cls(
            **{  # type: ignore[arg-type]
                **data,
                "plan": None if plan is None else Decimal(str(plan)),
                "kind": IndicatorKind(str(data["kind"])),
            }
        )


@dataclass(frozen=True, slots=True)
class IndicatorAnswers:
    value: Decimal | None = None
    reason: str | None = None

    @property
    def ready(self) -> bool:
        return self.value is not None

    def to_json(self) -> dict[str, object]:
        return {"value": None if self.value is None else format(self.value, "f"), "reason": self.reason}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> IndicatorAnswers:
        value = data.get("value")
        reason = data.get("reason")
        return cls(None if value is None else Decimal(str(value)), None if reason is None else str(reason))


# --- who may report what -----------------------------------------------------------------------------------


async def _reporter(conn: aiosqlite.Connection, indicator: Indicator) -> int | None:
    if indicator.department_id is not None:
        return indicator.department_id
    program = await get_program(conn, indicator.program_id)
    return None if program is None else program.responsible_department_id


async def _scene_in(conn: aiosqlite.Connection, actor: Actor, indicator_id: int, year: int) -> IndicatorScene:
    """The indicator's scene, once this actor may report its fact now; else refused."""
    indicator = await get_indicator(conn, indicator_id)
    if indicator is None or not indicator.in_force(year):
        raise Refused(Reason.NOT_YOUR_INDICATOR)
    department_id = await _reporter(conn, indicator)
    member = department_id is not None and department_id in actor.departments
    if department_id is None or not (member or actor.coordinates(indicator.program_id)):
        raise Refused(Reason.NOT_YOUR_INDICATOR)
    period = await get_period(conn, indicator.program_id, year)
    if period is None or (
        period.status is not PeriodStatus.OPEN and not actor.coordinates(indicator.program_id)
    ):
        raise Refused(Reason.PERIOD_CLOSED, year=year)
    siblings = await department_indicators(conn, indicator.program_id, department_id, year)
    plans = await indicator_plans(conn, indicator.program_id, year)
    department = await get_department(conn, department_id)
    index = next((n for n, i in enumerate(siblings, 1) if i.id == indicator.id), 1)
    return IndicatorScene(
        indicator_id=indicator.id,
        department_id=department_id,
        program_id=indicator.program_id,
        year=year,
        number=indicator.number,
        kind=indicator.kind,
        name=indicator.name,
        unit=indicator.unit,
        plan=plans.get(indicator.id),
        department=department.short_name if department else "?",
        index=index,
        total=max(len(siblings), 1),
        on_behalf=not member,
    )


# --- the conversation --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActiveIndicator:
    draft: IndicatorDraft
    scene: IndicatorScene

    @property
    def step(self) -> IndicatorStep:
        return IndicatorStep(self.draft.step)

    @property
    def answers(self) -> IndicatorAnswers:
        return IndicatorAnswers.from_json(self.draft.data)


@dataclass(frozen=True, slots=True)
class IndicatorOpened:
    scene: IndicatorScene
    step: IndicatorStep
    answers: IndicatorAnswers
    reported: bool  # it has a fact already (the answers start from it)
    returned: str | None  # the coordinator's comment on the return: what to correct


def _data(
    answers: IndicatorAnswers, received: Received, scene: IndicatorScene, before: dict[str, object] | None
) -> dict[str, object]:
    applied = [*list((before or {}).get("applied", ()) or ()), received.identity][-RECENT_INPUTS:]  # type: ignore[call-overload]
    return {**answers.to_json(), "applied": applied, "scene": scene.to_json()}


def _already_applied(draft: IndicatorDraft, received: Received) -> bool:
    return received.identity in (draft.data.get("applied") or ())


async def _open_in(
    conn: aiosqlite.Connection, actor: Actor, scene: IndicatorScene, received: Received
) -> IndicatorOpened:
    assert actor.user_id is not None
    existing = await get_indicator_draft(conn, actor.user_id, scene.indicator_id, scene.year)
    previous, state, review = await fact_state(conn, scene.indicator_id, scene.year)
    returned = review.comment if state is ReviewState.RETURNED and review is not None else None
    if existing is None:
        answers = IndicatorAnswers(previous.value, previous.reason) if previous else IndicatorAnswers()
        step = IndicatorStep.VALUE
    else:
        answers, step = IndicatorAnswers.from_json(existing.data), IndicatorStep(existing.step)
    draft = IndicatorDraft(
        actor.user_id,
        scene.indicator_id,
        scene.year,
        step.value,
        _data(answers, received, scene, existing.data if existing else None),
        True,
    )
    await save_indicator_draft(conn, draft)
    return IndicatorOpened(scene, step, answers, previous is not None, returned)


async def open_indicator(
    db: Database, actor: Actor, received: Received, indicator_id: int, year: int
) -> IndicatorOpened:
    """Make the indicator the one the actor is answering (its draft kept, or a new one starting from the fact
    that counts now). Refused: ``NOT_YOUR_INDICATOR``, ``PERIOD_CLOSED``."""
    async with db.transaction() as conn:
        scene = await _scene_in(conn, actor, indicator_id, year)
        return await _open_in(conn, actor, scene, received)


class ItemStatus(StrEnum):
    WAITING = "waiting"  # no fact yet
    DRAFT = "draft"  # the person's draft in progress
    RETURNED = "returned"  # returned by the coordinator: owed again
    SUBMITTED = "submitted"  # waiting for review
    ACCEPTED = "accepted"


@dataclass(frozen=True, slots=True)
class IndicatorItem:
    indicator: Indicator
    year: int
    plan: Decimal | None
    fact: IndicatorFact | None
    status: ItemStatus

    @property
    def owed(self) -> bool:
        return self.status in (ItemStatus.WAITING, ItemStatus.DRAFT, ItemStatus.RETURNED)


async def _items(
    conn: aiosqlite.Connection, department_id: int, user_id: int | None, only_year: int | None = None
) -> list[IndicatorItem]:
    fetched = await open_indicator_years(conn)
    drafts = await user_indicator_drafts(conn, user_id) if user_id is not None else set()
    items: list[IndicatorItem] = []
    for program_id, year in fetched:
        if only_year is not None and year != only_year:
            continue
        indicators = await department_indicators(conn, program_id, department_id, year)
        if not indicators:
            continue
        plans = await indicator_plans(conn, program_id, year)
        states = await fact_states(conn, program_id, year)
        facts = {i.id: await latest_indicator_fact(conn, i.id, year) for i in indicators}
        for indicator in indicators:
            state = states.get(indicator.id)
            if (indicator.id, year) in drafts:
                status = ItemStatus.DRAFT
            elif state is None:
                status = ItemStatus.WAITING
            else:
                status = ItemStatus(state.value)
            items.append(IndicatorItem(indicator, year, plans.get(indicator.id), facts[indicator.id], status))
    return items


async def department_indicator_list(db: Database, actor: Actor, department_id: int) -> list[IndicatorItem]:
    """The indicators a department reports in its open years, each with its status: its members'. Refused:
    ``NOT_YOUR_INDICATOR``."""
    if department_id not in actor.departments:
        raise Refused(Reason.NOT_YOUR_INDICATOR)
    async with db.locked() as conn:
        return await _items(conn, department_id, actor.user_id)


async def open_first_indicator(
    db: Database, actor: Actor, received: Received, department_id: int, year: int | None = None
) -> IndicatorOpened | None:
    """The department's first indicator still owed (a draft first), of ``year`` (None: any open year), opened
    at once; None when none is owed, or it may not be opened now. A department with no indicators: None."""
    if actor.user_id is None or department_id not in actor.departments:
        return None
    async with db.locked() as conn:
        items = await _items(conn, department_id, actor.user_id, year)
    owed = [i for i in items if i.owed]
    first = next((i for i in owed if i.status is ItemStatus.DRAFT), None) or (owed[0] if owed else None)
    if first is None:
        return None
    try:
        return await open_indicator(db, actor, received, first.indicator.id, first.year)
    except Refused:
        return None


async def active_indicator(db: Database, actor: Actor) -> ActiveIndicator | None:
    """The indicator open in the actor's conversation (None: none is). Refused as ``open_indicator`` is, which
    ends the conversation (the draft kept)."""
    if actor.user_id is None:
        return None
    async with db.locked() as conn:
        draft = await active_indicator_draft(conn, actor.user_id)
        if draft is None:
            return None
        try:
            scene = await _scene_in(conn, actor, draft.indicator_id, draft.year)
        except Refused:
            await deactivate_indicator_drafts(
                conn, actor.user_id
            )  # the rights are gone: the conversation ends
            raise
    return ActiveIndicator(draft, scene)


@dataclass(frozen=True, slots=True)
class IndicatorAnswered:
    """An answer applied: the next step (stored), or the same step with its problem (nothing stored). ``step``
    None: the same input delivered again, applied already (nothing to say)."""

    scene: IndicatorScene
    step: IndicatorStep | None
    answers: IndicatorAnswers
    problem: IndicatorValueProblem | IndicatorProblem | None = None


def _after_value(scene: IndicatorScene, answers: IndicatorAnswers) -> IndicatorStep:
    return IndicatorStep.REASON if needs_reason(scene.plan, answers.value) else IndicatorStep.REVIEW


async def _store(
    db: Database, active: ActiveIndicator, step: IndicatorStep, answers: IndicatorAnswers, received: Received
) -> None:
    draft = active.draft
    async with db.locked() as conn:
        await save_indicator_draft(
            conn,
            IndicatorDraft(
                draft.user_id,
                draft.indicator_id,
                draft.year,
                step.value,
                _data(answers, received, active.scene, draft.data),
                True,
            ),
        )


async def answer_indicator_text(
    db: Database, actor: Actor, received: Received, text: str
) -> IndicatorAnswered | None:
    """A typed answer to the step the indicator's conversation is on (None: no indicator is open). A bad value
    (not a number in the unit, negative, a percent over 100, too many decimals) or a blank reason stores
    nothing: the answer says which. Refused as ``open_indicator`` is."""
    active = await active_indicator(db, actor)
    if active is None:
        return None
    scene, answers = active.scene, active.answers
    if _already_applied(active.draft, received):
        return IndicatorAnswered(scene, None, answers)
    step = active.step
    if step is IndicatorStep.VALUE:
        try:
            value = parse_indicator_value(text, scene.unit)
        except IndicatorValueError as exc:
            return IndicatorAnswered(scene, step, answers, exc.problem)
        answers = IndicatorAnswers(value, answers.reason if needs_reason(scene.plan, value) else None)
        following = _after_value(scene, answers)
    elif step is IndicatorStep.REASON:
        reason = clean_text(text)
        if is_blank(reason):
            return IndicatorAnswered(scene, step, answers, IndicatorProblem.REASON_BLANK)
        if len(reason) > MAX_REASON_LENGTH:
            return IndicatorAnswered(scene, step, answers, IndicatorProblem.REASON_TOO_LONG)
        answers = IndicatorAnswers(answers.value, reason)
        following = IndicatorStep.REVIEW
    else:  # the review card waits for a button
        return IndicatorAnswered(
            scene, step, answers, IndicatorProblem.NO_VALUE if not answers.ready else None
        )
    await _store(db, active, following, answers, received)
    return IndicatorAnswered(scene, following, answers)


@dataclass(frozen=True, slots=True)
class IndicatorPress:
    indicator_id: int
    year: int
    step: str
    action: str  # "confirm", "cancel", "value" (change the value), "keep" (keep the reason)


@dataclass(frozen=True, slots=True)
class IndicatorSubmitted:
    scene: IndicatorScene
    saved: IndicatorFact
    following: IndicatorOpened | None  # the next indicator owed, opened at once; None: all reported


@dataclass(frozen=True, slots=True)
class IndicatorCancelled:
    scene: IndicatorScene


async def press_indicator(
    db: Database, actor: Actor, received: Received, press: IndicatorPress
) -> IndicatorAnswered | IndicatorSubmitted | IndicatorCancelled:
    """A button of the indicator's conversation: «Підтвердити» saves the fact (a new revision) and opens the
    next owed indicator; «Скасувати» drops the draft; «Змінити значення» asks the value again; «Залишити» keeps the
    reason given before. Refused as ``open_indicator`` is, and ``STEP_GONE`` for a button that does not fit."""
    assert actor.user_id is not None
    active = await active_indicator(db, actor)
    if active is None:
        raise Refused(Reason.STEP_GONE)
    draft, scene, answers = active.draft, active.scene, active.answers
    if _already_applied(draft, received):
        return IndicatorAnswered(scene, None, answers)
    if (press.indicator_id, press.year, press.step) != (draft.indicator_id, draft.year, draft.step):
        raise Refused(Reason.STEP_GONE)
    step = active.step
    if step is IndicatorStep.REVIEW and press.action == "value":
        await _store(db, active, IndicatorStep.VALUE, answers, received)
        return IndicatorAnswered(scene, IndicatorStep.VALUE, answers)
    if step is IndicatorStep.REASON and press.action == "keep" and answers.reason:
        await _store(db, active, IndicatorStep.REVIEW, answers, received)
        return IndicatorAnswered(scene, IndicatorStep.REVIEW, answers)
    if step is IndicatorStep.REVIEW and press.action == "cancel":
        async with db.locked() as conn:
            await delete_indicator_draft(conn, actor.user_id, scene.indicator_id, scene.year)
        return IndicatorCancelled(scene)
    if step is not IndicatorStep.REVIEW or press.action != "confirm":
        raise Refused(Reason.STEP_GONE)
    if not answers.ready:
        return IndicatorAnswered(scene, step, answers, IndicatorProblem.NO_VALUE)
    async with db.transaction() as conn:
        # The rights and the period again, where the fact is written.
        scene = await _scene_in(conn, actor, scene.indicator_id, scene.year)
        if needs_reason(scene.plan, answers.value) and is_blank(answers.reason or ""):
            return IndicatorAnswered(scene, step, answers, IndicatorProblem.REASON_BLANK)
        saved = await add_indicator_fact(
            conn,
            scene.indicator_id,
            scene.year,
            answers.value,
            answers.reason if needs_reason(scene.plan, answers.value) else None,
            user_id=actor.user_id,
            source=Source.COORDINATOR if scene.on_behalf else Source.BOT,
            at=utcnow(),
            author_name=actor.name,
        )
        await delete_indicator_draft(conn, actor.user_id, scene.indicator_id, scene.year)
    following = None
    if not scene.on_behalf:
        following = await open_first_indicator(db, actor, received, scene.department_id, scene.year)
    return IndicatorSubmitted(scene, saved, following)


# --- the coordinator's review ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FactCard:
    fact: IndicatorFact
    indicator: Indicator
    plan: Decimal | None
    department: Department | None
    previous: (
        IndicatorFact | None
    )  # the revision before it (a correction's returned one, or the last accepted)
    returned: FactReview | None  # the return this revision answers, if any


@dataclass(frozen=True, slots=True)
class FactQueue:
    waiting: list[IndicatorFact]
    card: FactCard | None


async def _card(conn: aiosqlite.Connection, program_id: int, fact: IndicatorFact) -> FactCard:
    indicator = await get_indicator(conn, fact.indicator_id)
    assert indicator is not None
    plans = await indicator_plans(conn, program_id, fact.year)
    previous = await previous_fact(conn, fact)
    returned = None
    if previous is not None:
        reviews = (await fact_reviews(conn, [previous.id])).get(previous.id, [])
        if fact_state_of(previous, reviews) is ReviewState.RETURNED:
            returned = reviews[-1]
    department = await get_department(conn, await _reporter(conn, indicator) or 0)
    return FactCard(fact, indicator, plans.get(indicator.id), department, previous, returned)


async def fact_review_queue(db: Database, actor: Actor, program_id: int, year: int) -> FactQueue:
    """The year's facts waiting for review, and the first one's card. Refused: ``NOT_COORDINATOR``,
    ``READ_ONLY``."""
    require_coordinator(actor, program_id)
    async with db.locked() as conn:
        waiting = await waiting_facts(conn, program_id, year)
        return FactQueue(waiting, await _card(conn, program_id, waiting[0]) if waiting else None)


@dataclass(frozen=True, slots=True)
class FactDecided:
    fact: IndicatorFact
    program_id: int
    indicator: Indicator
    department: Department | None
    review: FactReview | None  # what was written (None: a return waiting for its comment)
    tell: tuple[int, ...] = ()  # a return: the department's members to tell (not blocked)
    # a return: every member's name by Telegram id (the id where the name is blank)
    names: dict[int, str] = field(default_factory=dict)

    @property
    def blocked(self) -> list[str]:
        """A return: the names of the members who blocked the bot (or deleted the account): nobody can tell them."""
        told = set(self.tell)
        return [name for telegram_id, name in self.names.items() if telegram_id not in told]


async def _still_waiting(conn: aiosqlite.Connection, fact_id: int) -> tuple[IndicatorFact, int]:
    found = await indicator_program(conn, fact_id)
    if found is not None:
        fact, program_id = found
        newest, state, _ = await fact_state(conn, fact.indicator_id, fact.year)
        if newest is not None and newest.id == fact.id and state is ReviewState.SUBMITTED:
            return fact, program_id
    raise Refused(Reason.REVIEW_DECIDED)


async def _decided(
    conn: aiosqlite.Connection, fact: IndicatorFact, program_id: int, review: FactReview | None
) -> FactDecided:
    indicator = await get_indicator(conn, fact.indicator_id)
    assert indicator is not None
    department = await get_department(conn, await _reporter(conn, indicator) or 0)
    return FactDecided(fact, program_id, indicator, department, review)


async def accept_fact(db: Database, actor: Actor, fact_id: int) -> FactDecided:
    """«Прийняти»: the fact's revision accepted. Refused: ``NOT_COORDINATOR``, ``READ_ONLY``,
    ``REVIEW_DECIDED``."""
    require_some_program(actor)
    async with db.transaction() as conn:
        fact, program_id = await _still_waiting(conn, fact_id)
        require_coordinator(actor, program_id)
        review = await add_fact_review(
            conn, fact.id, ReviewState.ACCEPTED, reviewer_id=actor.user_id, reviewer_name=actor.name
        )
        return await _decided(conn, fact, program_id, review)


async def start_fact_return(db: Database, actor: Actor, fact_id: int) -> FactDecided:
    """«Повернути з коментарем»: the actor's next message is the comment. Refused: ``NOT_COORDINATOR``,
    ``READ_ONLY``, ``REVIEW_DECIDED``, ``YEAR_LOCKED``."""
    require_some_program(actor)
    assert actor.user_id is not None
    async with db.transaction() as conn:
        fact, program_id = await _still_waiting(conn, fact_id)
        require_coordinator(actor, program_id)
        await require_not_locked(conn, program_id, fact.year)
        await await_fact_comment(conn, actor.user_id, fact.id)
        return await _decided(conn, fact, program_id, None)


async def fact_place(db: Database, fact_id: int) -> tuple[int, int] | None:
    """The program and year of a fact's revision (where the next card is, after a refusal); None if it is gone."""
    async with db.locked() as conn:
        found = await indicator_program(conn, fact_id)
    return None if found is None else (found[1], found[0].year)


async def own_fact_decision(db: Database, actor: Actor, fact_id: int) -> ReviewState | None:
    """After ``REVIEW_DECIDED``: the actor's own decision, when the fact's revision is still the newest and the
    actor's is the last word on it (a second press of a button they pressed: the next card followed it). None:
    another's, or corrected since (``actions.reviews.own_decision``, for a fact)."""
    if actor.user_id is None:
        return None
    async with db.locked() as conn:
        found = await indicator_program(conn, fact_id)
        if found is None:
            return None
        newest, _, review = await fact_state(conn, found[0].indicator_id, found[0].year)
    if newest is None or newest.id != fact_id or review is None or review.reviewer_id != actor.user_id:
        return None
    return review.state


async def fact_comment_awaited(db: Database, actor: Actor) -> int | None:
    """The fact's revision whose return the actor's next message comments on, if any."""
    if not actor.coordinator or actor.user_id is None:
        return None
    async with db.locked() as conn:
        return await pending_fact_comment(conn, actor.user_id)


async def return_fact_with_comment(db: Database, actor: Actor, fact_id: int, text: str) -> FactDecided:
    """The comment typed after «Повернути з коментарем»: the return written with it. Refused:
    ``REVIEW_COMMENT_BLANK`` (the next message is still the comment), ``REVIEW_DECIDED``, ``YEAR_LOCKED``
    (nothing written; the comment is no longer awaited)."""
    require_some_program(actor)
    assert actor.user_id is not None
    comment = clean_text(text)
    if is_blank(comment):
        raise Refused(Reason.REVIEW_COMMENT_BLANK)
    refused: Refused | None = None
    async with db.transaction() as conn:
        await drop_pending_fact_comment(conn, actor.user_id)
        try:
            fact, program_id = await _still_waiting(conn, fact_id)
            require_coordinator(actor, program_id)
            await require_not_locked(conn, program_id, fact.year)
        except Refused as exc:
            refused = exc
        else:
            review = await add_fact_review(
                conn,
                fact.id,
                ReviewState.RETURNED,
                comment=comment,
                reviewer_id=actor.user_id,
                reviewer_name=actor.name,
            )
            decided = await _decided(conn, fact, program_id, review)
            reporter = await _reporter(conn, decided.indicator)
            members = await department_members(conn, reporter) if reporter is not None else []
            return replace(
                decided,
                tell=tuple(m.telegram_id for m in members if m.blocked_at is None),
                names={m.telegram_id: m.full_name or str(m.telegram_id) for m in members},
            )
    assert refused is not None
    raise refused


# --- the counts /status shows ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorCounts:
    total: int  # the program's indicators in force in the year
    reported: int  # with a fact (any state but returned)
    waiting: int  # submitted, waiting for review
    returned: int
    accepted: int

    @property
    def owed(self) -> int:
        return self.total - self.reported


async def indicator_counts(db: Database, actor: Actor, program_id: int, year: int) -> IndicatorCounts:
    """How the program's indicators of the year stand (for /status, beside the measures). Refused:
    ``NOT_COORDINATOR`` (readers only)."""
    require_reader(actor, program_id)
    async with db.locked() as conn:
        indicators = [i for i in await program_indicators(conn, program_id) if i.in_force(year)]
        states = await fact_states(conn, program_id, year)
    ids = {i.id for i in indicators}
    mine = [s for i, s in states.items() if i in ids]
    returned = sum(s is ReviewState.RETURNED for s in mine)
    return IndicatorCounts(
        total=len(indicators),
        reported=len(mine) - returned,
        waiting=sum(s is ReviewState.SUBMITTED for s in mine),
        returned=returned,
        accepted=sum(s is ReviewState.ACCEPTED for s in mine),
    )
