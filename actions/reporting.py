"""The executor's reporting conversation: open a measure, answer its steps, submit the report or cancel it.

The draft row is the conversation's state (``storage.drafts``): each action reads the person's active draft,
applies the conversation's logic (``actions.flow``) and writes the state it produced, so a restart loses
nothing. The input that produced a state is kept with it (``Received``): the same input delivered again
after a crash is not applied twice.

Who may report a measure now (the measure's scene), checked on the server side on every answer: a member
of the department while the year is open; a coordinator any department's measure, in a locked year too,
recorded as the coordinator's (``on_behalf`` where they are not a member). When a draft's rights are gone
(the person left the department, the year was locked) the refusal also ends the conversation: the draft
is kept, no longer active.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import aiosqlite

from actions import flow
from actions.actor import Actor
from actions.flow import Answers, Facts, Outcome, Step
from actions.refusals import Reason, Refused
from storage.db import Database
from storage.drafts import (
    ActiveDraft,
    Draft,
    active_draft_with_period,
    deactivate,
    delete_draft,
    get_draft,
    save_draft,
)
from storage.measure_terms import parse_term
from storage.models import NewSubmission, PeriodStatus, Source, Submission
from storage.reviews import ReviewState, note_resubmission, reviews_of, state_of
from storage.submissions import add_submission, latest_submission
from storage.workload import Status, WorkItem, measure_view, open_programs, program_of, worklist

RECENT_INPUTS = 16  # more than a person sends between two confirmed getUpdates


@dataclass(frozen=True)
class Scene:
    """Everything about the measure that rendering a step needs (kept in the draft, so that an answer
    needs no reloading of the measure)."""

    measure_id: int
    department_id: int
    year: int
    number: str
    text: str
    term: str
    department: str
    plan: Decimal | None  # the general fund's plan for the year; None: not set
    planned: bool
    last_year_info: str | None
    index: int
    total: int
    on_behalf: bool = False  # a coordinator acting for a department they are not a member of
    plan_special: Decimal | None = None  # the special fund's plan; None: not set, its questions not asked
    program: str = ""  # the measure's program as printed, where the database holds several; else ""

    @property
    def facts(self) -> Facts:
        return Facts(plan=self.plan, last_year_info=self.last_year_info, plan_special=self.plan_special)

    def to_json(self) -> dict[str, object]:
        # Not dataclasses.asdict: it deep-copies, and this runs on every answer.
        data = dict(self.__dict__)
        for key in ("plan", "plan_special"):
            data[key] = None if data[key] is None else format(data[key], "f")
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Scene:
        plans = {k: None if data.get(k) is None else Decimal(str(data[k])) for k in ("plan", "plan_special")}
        return cls(**{**data, **plans})  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Received:
    """The input being applied, as its front end names it (the chat: a button press or a message, and the
    update that carried it). Not the update's number alone: after a week without updates Telegram may
    number them anew, and drafts live for weeks."""

    identity: str
    update_id: int


@dataclass(frozen=True, slots=True)
class Press:
    """A step's button: the measure and step it was sent for, and what it does."""

    measure_id: int
    department_id: int
    step: str
    action: str


# --- who may report what -------------------------------------------------------------------------------


def _may_report(actor: Actor, department_id: int, program_id: int) -> bool:
    return department_id in actor.departments or actor.coordinates(program_id)


def _period_allows(actor: Actor, program_id: int, status: str | None) -> bool:
    """A member reports while the year is open; the program's coordinator corrects a locked year too."""
    return status == PeriodStatus.OPEN.value or (actor.coordinates(program_id) and status is not None)


async def _scene_in(
    conn: aiosqlite.Connection, actor: Actor, measure_id: int, department_id: int, year: int
) -> Scene:
    """The measure's scene, once this actor may report it now; else refused (one query)."""
    if department_id not in actor.departments and not actor.coordinator:
        raise Refused(Reason.NOT_YOUR_MEASURE)
    view = await measure_view(conn, measure_id, department_id, year)
    if (
        view is not None
        and view.in_force
        and not view.assigned
        and department_id in actor.departments
        and await _was_assigned(conn, actor, measure_id, department_id, year)
    ):  # an amendment gave it to other departments since their card, list or reminder: said so
        raise Refused(Reason.MEASURE_NOT_ASSIGNED, number=view.number, department=view.department_short_name)
    if view is None or not view.assigned or not _may_report(actor, department_id, view.program_id):
        raise Refused(Reason.NOT_YOUR_MEASURE)
    if not view.in_force:  # an old button or reminder of a measure an amendment dropped
        raise Refused(Reason.MEASURE_NOT_IN_FORCE, number=view.number, year=year)
    if not _period_allows(actor, view.program_id, view.period_status):
        raise Refused(Reason.PERIOD_CLOSED, year=year)
    return Scene(
        measure_id=measure_id,
        department_id=department_id,
        year=year,
        number=view.number,
        text=view.text,
        term=view.term,
        department=view.department_short_name,
        plan=view.plan_general,
        plan_special=view.plan_special,
        planned=year in parse_term(view.term),
        last_year_info=view.last_year_info,
        index=view.index,
        total=view.total,
        on_behalf=department_id not in actor.departments,
        program=view.program_name if view.several_programs else "",
    )


async def _was_assigned(
    conn: aiosqlite.Connection, actor: Actor, measure_id: int, department_id: int, year: int
) -> bool:
    """The department executed the measure before: the person has its draft, or the department a report of it."""
    assert actor.user_id is not None
    return (
        await get_draft(conn, actor.user_id, measure_id, department_id, year) is not None
        or await latest_submission(conn, measure_id, department_id, year) is not None
    )


@dataclass(frozen=True, slots=True)
class Active:
    """The measure open in a person's conversation: its draft and scene."""

    draft: Draft
    scene: Scene

    @property
    def step(self) -> Step:
        return Step(self.draft.step)

    @property
    def answers(self) -> Answers:
        return Answers.from_json(self.draft.data)


class _RightsGone(Exception):
    """The active draft may no longer be reported by its person: the conversation ends (``_end``)."""

    def __init__(self, refused: Refused) -> None:
        super().__init__(refused.reason.value)
        self.refused = refused


async def _active_in(conn: aiosqlite.Connection, actor: Actor) -> Active | None:
    """The actor's active draft with its scene (one query while the rights hold); raises ``_RightsGone``."""
    assert actor.user_id is not None  # a conversation is a person's
    found = await active_draft_with_period(conn, actor.user_id)
    if found is None:
        return None
    draft = found.draft
    stored = draft.data.get("scene")
    # The quick way only for a member in an open year; a coordinator's rights depend on the measure's program.
    if stored and draft.department_id in actor.departments and found.period_status == PeriodStatus.OPEN.value:
        scene = Scene.from_json(stored)
        if _unchanged(scene, found):
            return Active(draft, scene)
    try:
        # Rights gone (or a draft from before scenes were stored): the full check says which, and why.
        return Active(draft, await _scene_in(conn, actor, draft.measure_id, draft.department_id, draft.year))
    except Refused as refused:
        raise _RightsGone(refused) from None


def _unchanged(scene: Scene, now: ActiveDraft) -> bool:
    """The measure is still what the stored scene says: in the program and the department's in the draft's
    year, its number, text and plans the same, the draft still the scene's department's (an amendment or a new
    plan since, or the department merged into another, which took its drafts: the scene is made again, or the
    refusal says why the measure may not be reported)."""
    return (
        now.in_force
        and now.assigned
        and scene.department_id == now.draft.department_id
        and (now.number, now.text, now.plan_general, now.plan_special)
        == (scene.number, scene.text, scene.plan, scene.plan_special)
    )


async def _end(db: Database, actor: Actor, gone: _RightsGone) -> Refused:
    """End the conversation whose rights are gone (the draft kept, inactive); the refusal to raise."""
    assert actor.user_id is not None
    async with db.locked() as conn:
        await deactivate(conn, actor.user_id)
    return gone.refused


async def active_measure(db: Database, actor: Actor) -> Active | None:
    """The measure open in the actor's conversation (None: none is). Refused when it may no longer be
    reported (``NOT_YOUR_MEASURE``, ``MEASURE_NOT_IN_FORCE``, ``PERIOD_CLOSED``), which ends the conversation."""
    try:
        async with db.locked() as conn:
            return await _active_in(conn, actor)
    except _RightsGone as gone:
        raise await _end(db, actor, gone) from None


# --- the draft: what it keeps besides the answers ---------------------------------------------------------


def _data(
    answers: Answers, received: Received, scene: Scene, before: dict[str, Any] | None
) -> dict[str, object]:
    # The inputs that produced this state are stored with it: after a crash Telegram delivers again the
    # updates the dead process had not confirmed, and one already applied must not be applied twice. The
    # last few are kept, as several may come again, in their order.
    # The scene goes along so that the next answer needs no reloading of the measure (rights are still
    # checked on every answer, and again when the report is saved).
    applied = [*(before or {}).get("applied", ()), received.identity][-RECENT_INPUTS:]
    return {
        **answers.to_json(),
        "update_id": received.update_id,
        "applied": applied,
        "scene": scene.to_json(),
    }


def _already_applied(draft: Draft, received: Received) -> bool:
    applied = draft.data.get("applied")
    if applied is None:  # a draft stored before identities were: the one update it names
        return draft.data.get("update_id") == received.update_id
    return received.identity in applied


# --- open a measure ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Opened:
    """A measure made the one being answered: its draft kept, or a new one."""

    scene: Scene
    step: Step
    answers: Answers
    reported: bool  # it has a report already (the card says so; the answers start from it)
    returned: str | None  # the comment of the coordinator who returned the report: what to correct


async def _open_in(conn: aiosqlite.Connection, actor: Actor, scene: Scene, received: Received) -> Opened:
    assert actor.user_id is not None
    existing = await get_draft(conn, actor.user_id, scene.measure_id, scene.department_id, scene.year)
    previous = await latest_submission(conn, scene.measure_id, scene.department_id, scene.year)
    # A report the coordinator returned: what to correct, just before the question.
    reviews = (await reviews_of(conn, [previous.id])).get(previous.id, []) if previous else []
    returned = reviews[-1].comment if state_of(previous, reviews) is ReviewState.RETURNED else None
    if existing is None:
        answers, step = flow.start(previous), Step.ACTUAL
    else:
        answers, step = Answers.from_json(existing.data), Step(existing.step)
    await save_draft(
        conn,
        Draft(
            actor.user_id,
            scene.measure_id,
            scene.department_id,
            scene.year,
            step.value,
            _data(answers, received, scene, existing.data if existing else None),
            True,
            started=existing.started if existing else False,  # opening answers nothing
        ),
    )
    return Opened(scene, step, answers, previous is not None, returned)


async def open_measure(
    db: Database, actor: Actor, received: Received, measure_id: int, department_id: int, year: int
) -> Opened:
    """Make the measure the one the actor is answering (its draft kept, or a new one starting from the
    report that counts now). Refused: ``NOT_YOUR_MEASURE``, ``MEASURE_NOT_IN_FORCE``, ``PERIOD_CLOSED``."""
    async with db.transaction() as conn:
        scene = await _scene_in(conn, actor, measure_id, department_id, year)
        return await _open_in(conn, actor, scene, received)


def next_waiting(items: list[WorkItem], after_measure: int, year: int | None) -> WorkItem | None:
    """The measure waiting for a report (or a draft) that comes next after ``after_measure`` of ``year`` in
    the department's list, wrapping round: of the same year first (None: any year), whatever its program, so
    that the last measure of one program leads to the first one owed of the next; then of the other years.
    ``after_measure`` not in the list (-1): from the start."""
    position = next(
        (n for n, i in enumerate(items) if i.measure_id == after_measure and year in (None, i.year)), -1
    )
    following = items[position + 1 :] + items[: position + 1]
    waiting = [i for i in following if i.status in (Status.WAITING, Status.DRAFT)]
    same_year = [i for i in waiting if year is None or i.year == year]
    return (same_year or waiting or [None])[0]


async def department_list(db: Database, actor: Actor, department_id: int) -> list[WorkItem]:
    """The measures a department reports in its open years, each with its status (a read, for the list):
    its members'. Refused: ``NOT_YOUR_MEASURE``."""
    if department_id not in actor.departments:
        raise Refused(Reason.NOT_YOUR_MEASURE)
    async with db.locked() as conn:
        return await worklist(conn, department_id, actor.user_id)


async def open_first_waiting(
    db: Database, actor: Actor, received: Received, department_id: int
) -> Opened | None:
    """The department's first measure waiting for a report (a draft first) opened at once, so that nobody
    has to find it in the list; None when none is waiting (or it may not be opened now)."""
    assert actor.user_id is not None
    async with db.locked() as conn:  # a read: the write transaction below holds only the opening
        items = await worklist(conn, department_id, actor.user_id)
    following = next((i for i in items if i.status is Status.DRAFT), None) or next_waiting(items, -1, None)
    if following is None:
        return None
    try:
        return await open_measure(db, actor, received, following.measure_id, department_id, following.year)
    except Refused:
        return None


# --- answers ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answered:
    """An answer applied to the step the conversation was on."""

    scene: Scene
    step: Step  # the step answered
    answers: Answers  # the answers before it
    # What it did: the next step (stored), or the same step with its problem (nothing stored).
    # None: the same input delivered again, applied already: nothing to say.
    outcome: Outcome | None

    @classmethod
    def again(cls, active: Active) -> Answered:
        return cls(active.scene, active.step, active.answers, None)


async def _store(db: Database, active: Active, outcome: Outcome, received: Received) -> None:
    draft = active.draft
    async with db.locked() as conn:
        await save_draft(
            conn,
            Draft(
                draft.user_id,
                draft.measure_id,
                draft.department_id,
                draft.year,
                outcome.step.value,
                _data(outcome.answers, received, active.scene, draft.data),
                True,
            ),
            exclusive=False,  # it is the active draft already, so this is one statement
        )


async def answer_text(db: Database, actor: Actor, received: Received, text: str) -> Answered | None:
    """A typed answer to the step the conversation is on (None: no measure is open). The conversation's
    rules (``actions.flow``) read it; a problem (blank, too long, not a number) stores nothing. Refused as
    ``active_measure`` is."""
    active = await active_measure(db, actor)
    if active is None:
        return None
    if _already_applied(active.draft, received):
        return Answered.again(active)
    step, answers = active.step, active.answers
    outcome = flow.answer_text(step, answers, text, active.scene.facts)
    if outcome.problem is None:
        await _store(db, active, outcome, received)
    return Answered(active.scene, step, answers, outcome)


def _pressed(active: Active | None, received: Received, press: Press) -> Active:
    """The conversation a step's button applies to. Refused ``STEP_GONE``: no measure open, or (unless the
    press was applied already) the button is of another measure or step (an old one, or forged)."""
    if active is None:
        raise Refused(Reason.STEP_GONE)
    draft = active.draft
    if not _already_applied(draft, received) and (press.measure_id, press.department_id, press.step) != (
        draft.measure_id,
        draft.department_id,
        draft.step,
    ):
        raise Refused(Reason.STEP_GONE)
    return active


async def press_step(db: Database, actor: Actor, received: Received, press: Press) -> Answered:
    """A step's button (a quick answer, skip, edit one answer from the review card, …): as ``answer_text``.
    Refused as ``active_measure`` is, and ``STEP_GONE`` for a button that does not fit the step."""
    active = _pressed(await active_measure(db, actor), received, press)
    if _already_applied(active.draft, received):
        return Answered.again(active)
    step, answers = active.step, active.answers
    try:
        outcome = flow.press(step, answers, press.action, active.scene.facts)
    except flow.StaleAction:
        raise Refused(Reason.STEP_GONE) from None
    if outcome.problem is None:
        await _store(db, active, outcome, received)
    return Answered(active.scene, step, answers, outcome)


# --- the review: submit or cancel -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Submitted:
    """The report saved: a new revision, the one that counts now."""

    scene: Scene
    saved: Submission
    # The revision that counted until now, when someone else saved it after this report was started from
    # an older one (its author's text no longer counts: they are told); None: nothing was overtaken.
    overtaken: Submission | None
    # The next measure waiting for a report (actions.reporting.next_waiting: of the year first, of any program
    # the department executes); None: all reported.
    following: WorkItem | None
    opened: Opened | None  # ``following`` opened at once (not for a coordinator acting on behalf)


def _reported(items: list[WorkItem], measure_id: int, year: int) -> list[WorkItem]:
    """The list as the report just saved left it: the write changes that one row only (reported, its draft
    gone; a new revision has no review yet, so it is not a returned one)."""
    return [
        replace(i, status=Status.REPORTED) if (i.measure_id, i.year) == (measure_id, year) else i
        for i in items
    ]


async def next_owed(
    conn: aiosqlite.Connection, department_id: int, user_id: int, measure_id: int, year: int
) -> WorkItem | None:
    """``next_waiting(_reported(the department's list, measure_id, year), measure_id, year)``, read one
    program's rows at a time in the order ``next_waiting`` goes round the list, stopping at the first of the
    year (issue 23): a report costs the measures of its program, and of the programs after it up to the next
    one owing, never the department's whole list (a city department's 400 rows)."""
    program = await program_of(conn, measure_id)
    own = []  # the program's rows of the list (none: it has no open period)
    if program is not None:
        own = _reported(await worklist(conn, department_id, user_id, program), measure_id, year)
    position = next((n for n, i in enumerate(own) if i.measure_id == measure_id and i.year == year), -1)

    async def chunks() -> AsyncIterator[list[WorkItem]]:
        if position >= 0:
            yield own[position + 1 :]  # most often the next one is here: the other programs never read
        programs = await open_programs(conn, department_id)
        if position < 0:  # not in the list: from its start, as next_waiting goes
            for p in programs:
                yield own if p == program else await worklist(conn, department_id, user_id, p)
            return
        at = programs.index(program)
        for p in programs[at + 1 :] + programs[:at]:
            yield await worklist(conn, department_id, user_id, p)
        yield own[: position + 1]

    first = None  # of any year, when none of the year waits
    async for chunk in chunks():
        for item in chunk:
            if item.status in (Status.WAITING, Status.DRAFT):
                if item.year == year:
                    return item
                first = first or item
    return first


async def submit_report(
    db: Database, actor: Actor, received: Received, measure_id: int, department_id: int
) -> Submitted | Answered:
    """«Підтвердити» on the review card: the answers saved as a new revision of the report, the draft gone,
    the next waiting measure opened; one transaction, so the rights and the period are checked again
    where the report is written. ``Answered`` instead: the press applied already (no outcome), or nothing
    to save (the review again, with the problem). Refused as ``press_step`` is."""
    assert actor.user_id is not None
    press = Press(measure_id, department_id, Step.REVIEW.value, "confirm")
    # The next measure is looked up outside the write transaction (issue 23), by its program's rows, a seek
    # each (``next_owed``), never the department's whole list; the transaction holds the report and the next
    # measure's opening (one durable commit, as before).
    async with db.locked() as conn:
        found = await active_draft_with_period(conn, actor.user_id)
        looked_up = None
        if found is not None and (found.draft.measure_id, found.draft.department_id) == (
            measure_id,
            department_id,
        ):
            year = found.draft.year
            looked_up = (year, await next_owed(conn, department_id, actor.user_id, measure_id, year))
    try:
        async with db.transaction() as conn:
            active = _pressed(await _active_in(conn, actor), received, press)
            if _already_applied(active.draft, received):
                return Answered.again(active)
            answers, scene = active.answers, active.scene
            if not flow.ready_to_save(answers):
                problem = Outcome(answers, Step.REVIEW, problem=flow.Problem.NOTHING_TO_SAVE)
                return Answered(scene, Step.REVIEW, answers, problem)
            current = await latest_submission(conn, measure_id, department_id, scene.year)
            special = scene.facts.has_special  # its figures only where it has a plan (asked only there)
            saved = await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure_id,
                    department_id=department_id,
                    year=scene.year,
                    actual=answers.actual,
                    financed=answers.financed,
                    percent=answers.percent,
                    info=answers.info,
                    actual_special=answers.actual_special if special else None,
                    financed_special=answers.financed_special if special else None,
                    author_id=actor.user_id,
                    author_name=actor.name,
                    source=Source.COORDINATOR if scene.on_behalf else Source.BOT,
                    base_revision_id=answers.base_revision_id,
                ),
            )
            await note_resubmission(conn, saved)  # a correction after a return: the coordinators hear of it
            await delete_draft(conn, actor.user_id, measure_id, department_id, scene.year)
            if looked_up is not None and looked_up[0] == scene.year:
                following = looked_up[1]
            else:  # the draft changed in between (another press): looked up again, here
                following = await next_owed(conn, department_id, actor.user_id, measure_id, scene.year)
            opened = None
            if following is not None and not scene.on_behalf:
                # The next measure opens at once (the person goes on; a coordinator goes back to their work).
                try:
                    next_scene = await _scene_in(conn, actor, following.measure_id, department_id, scene.year)
                except Refused:
                    pass
                else:
                    opened = await _open_in(conn, actor, next_scene, received)
    except _RightsGone as gone:
        raise await _end(db, actor, gone) from None
    overtaken = (
        current
        if current is not None
        and current.id != answers.base_revision_id
        and current.author_id != actor.user_id
        else None
    )
    return Submitted(scene, saved, overtaken, following, opened)


@dataclass(frozen=True, slots=True)
class Cancelled:
    scene: Scene  # the measure whose changes were dropped


async def cancel_review(
    db: Database, actor: Actor, received: Received, measure_id: int, department_id: int
) -> Cancelled | Answered:
    """«Скасувати» on the review card: the draft deleted, nothing saved. ``Answered`` (no outcome): the
    press applied already. Refused as ``press_step`` is."""
    press = Press(measure_id, department_id, Step.REVIEW.value, "cancel")
    try:
        async with db.transaction() as conn:
            active = _pressed(await _active_in(conn, actor), received, press)
            if _already_applied(active.draft, received):
                return Answered.again(active)
            draft = active.draft
            await delete_draft(conn, draft.user_id, draft.measure_id, draft.department_id, draft.year)
    except _RightsGone as gone:
        raise await _end(db, actor, gone) from None
    return Cancelled(active.scene)
