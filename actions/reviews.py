"""Review decisions: a coordinator accepts a department's report, returns it with a comment, or accepts every
report of a department waiting for review; and what the review cards show.

The rules, each checked in the decision's own transaction:

- coordinators only;
- a decision is on a revision still its department's newest and still waiting for review (not reviewed yet,
  not corrected since): else ``REVIEW_DECIDED``, and nothing is written;
- a return needs the year open: the department could not correct a locked year's report (``YEAR_LOCKED``);
  an acceptance changes no figure, and stays possible in a locked year;
- a return's comment is not blank (``storage.texts.is_blank``, the rule of every typed text).

A return takes two steps: «Повернути з коментарем» keeps in the database that the coordinator's next message is
the comment (``start_return``), and that message writes the return (``return_with_comment``). The department's
members are told of a return by the front end (``bot.review_notices``), from the review written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import aiosqlite

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.rules import require_coordinator, require_not_locked, require_some_program
from storage.db import Database
from storage.evidence import EvidenceFile, measure_files
from storage.indicator_work import add_fact_review, waiting_facts
from storage.models import Department, Fund, Submission
from storage.plans import PlanKey, program_plans
from storage.programs import ProgramTree, get_department, load_program
from storage.reviews import (
    Review,
    ReviewState,
    add_review,
    answered_return,
    await_comment,
    current_state,
    drop_pending_comment,
    get_submission,
    last_accepted,
    last_department_review,
    measure_number,
    measure_program,
    pending_comment,
    waiting_reviews,
)
from storage.texts import clean_text, is_blank

# --- what the cards show ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Card:
    """One revision waiting for review, with what it is compared against."""

    submission: Submission
    plan: Decimal | None  # the general fund's plan of the year; None: not set
    answered: tuple[Submission, Review] | None  # a correction: the revision returned, and the return
    accepted: Submission | None  # else the department's last accepted revision (None: the first one)
    files: list[EvidenceFile]


@dataclass(frozen=True, slots=True)
class ReviewQueue:
    tree: ProgramTree | None  # the program as it read in the year; None: no such program (any more)
    waiting: list[Submission]  # in the program's order, then by department
    card: Card | None  # the first one's; None: nothing waiting


async def review_queue(db: Database, actor: Actor, program_id: int, year: int) -> ReviewQueue:
    """The year's reports waiting for review, and the first one's card."""
    require_coordinator(actor, program_id)
    async with db.locked() as conn:
        waiting = await waiting_reviews(conn, program_id, year)
        tree = await load_program(conn, program_id, year)
        if not waiting or tree is None:
            return ReviewQueue(tree, waiting if tree is not None else [], None)
        return ReviewQueue(tree, waiting, await _card(conn, program_id, waiting[0]))


async def review_cards(
    db: Database, actor: Actor, program_id: int, year: int, limit: int = 200
) -> tuple[ProgramTree | None, list[Card], int]:
    """Every report of the year waiting for review with its card (the Mini App shows them side by side), at
    most ``limit`` of them, and how many wait in all. Refused: not the program's coordinator."""
    require_coordinator(actor, program_id)
    async with db.locked() as conn:
        waiting = await waiting_reviews(conn, program_id, year)
        tree = await load_program(conn, program_id, year)
        if tree is None:
            return None, [], 0
        cards = [await _card(conn, program_id, submission) for submission in waiting[:limit]]
    return tree, cards, len(waiting)


async def _card(conn: aiosqlite.Connection, program_id: int, submission: Submission) -> Card:
    plans = await program_plans(conn, program_id)
    plan = plans.get(PlanKey(submission.measure_id, submission.year, Fund.GENERAL))
    answered = await answered_return(conn, submission)
    # A correction is shown against the revision it answers; a first submission against the last accepted.
    accepted = await last_accepted(conn, submission) if answered is None else None
    files = await measure_files(conn, submission.measure_id, submission.year, submission.department_id)
    return Card(submission, plan, answered, accepted, files)


async def place_of(db: Database, submission_id: int) -> tuple[int, int] | None:
    """The program and year of a revision (where the next card is, after a refusal); None if it is gone."""
    async with db.locked() as conn:
        submission = await get_submission(conn, submission_id)
        program_id = await measure_program(conn, submission.measure_id) if submission else None
    return None if submission is None or program_id is None else (program_id, submission.year)


async def own_decision(db: Database, actor: Actor, submission_id: int) -> ReviewState | None:
    """After ``REVIEW_DECIDED``: the actor's own decision, when the revision is still its department's newest and
    the actor's is the last word on it, a second press of a button they pressed already (a double tap, or a card
    they decided): the next card followed that decision, nothing new to show. None: another's, or corrected."""
    if actor.user_id is None:
        return None
    async with db.locked() as conn:
        submission = await get_submission(conn, submission_id)
        if submission is None:
            return None
        newest, _, review = await current_state(
            conn, submission.measure_id, submission.department_id, submission.year
        )
    if newest is None or newest.id != submission_id or review is None or review.reviewer_id != actor.user_id:
        return None
    return review.state


async def accepted_all_already(
    db: Database, actor: Actor, program_id: int, year: int, department_id: int, seen_at: dt.datetime
) -> Department | None:
    """After ``REVIEW_DECIDED`` on «Прийняти все від …» shown at ``seen_at``: the department, when the actor's
    acceptance written after ``seen_at`` is the last word on its reports, a second press of the same button (the
    next card followed the first); None: someone else decided them, or nothing says so."""
    if actor.user_id is None:
        return None
    async with db.locked() as conn:
        review = await last_department_review(conn, program_id, year, department_id)
        if (
            review is None
            or review.reviewer_id != actor.user_id
            or review.state is not ReviewState.ACCEPTED
            or review.created_at <= seen_at
        ):
            return None
        return await get_department(conn, department_id)


async def comment_awaited(db: Database, actor: Actor) -> int | None:
    """The revision whose return the actor's next message comments on, if any (``start_return``)."""
    if not actor.coordinator or actor.user_id is None:
        return None
    async with db.locked() as conn:
        return await pending_comment(conn, actor.user_id)


# --- the decisions ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decided:
    """A decision on one revision, with the names the front end says it with."""

    submission: Submission
    program_id: int
    number: str  # the measure's number ("?" if it is gone)
    department: Department | None
    review: Review | None  # what was written (a return: its department's members are to be told of it)


async def accept(db: Database, actor: Actor, submission_id: int) -> Decided:
    """«Прийняти»: the revision accepted. Refused: ``NOT_COORDINATOR``, ``REVIEW_DECIDED``."""
    require_some_program(actor)
    async with db.transaction() as conn:
        submission, program_id = await _still_waiting(conn, submission_id)
        require_coordinator(actor, program_id)
        review = await add_review(
            conn, submission.id, ReviewState.ACCEPTED, reviewer_id=actor.user_id, reviewer_name=actor.name
        )
        return await _decided(conn, submission, program_id, review)


async def start_return(db: Database, actor: Actor, submission_id: int) -> Decided:
    """«Повернути з коментарем»: the actor's next message is the comment (kept in the database, so that a
    restart in between loses nothing). Refused: ``NOT_COORDINATOR``, ``REVIEW_DECIDED``, ``YEAR_LOCKED``."""
    require_some_program(actor)
    assert actor.user_id is not None  # the comment is a person's next message in the chat
    async with db.transaction() as conn:
        submission, program_id = await _still_waiting(conn, submission_id)
        require_coordinator(actor, program_id)
        await require_not_locked(conn, program_id, submission.year)
        await await_comment(conn, actor.user_id, submission.id)
        return await _decided(conn, submission, program_id, None)


async def return_with_comment(db: Database, actor: Actor, submission_id: int, text: str) -> Decided:
    """The comment typed after «Повернути з коментарем» on ``submission_id``: the return written with it.

    Refused: ``NOT_COORDINATOR``; ``REVIEW_COMMENT_BLANK`` (nothing changed: the next message is still the
    comment); ``REVIEW_DECIDED`` or ``YEAR_LOCKED`` (nothing written, but the message was the comment: no
    other one is waited for any more)."""
    comment = _comment(actor, text)
    refused: Refused | None = None
    async with db.transaction() as conn:
        await drop_pending_comment(conn, actor.user_id)
        try:
            return await _returned(conn, actor, submission_id, comment)
        except Refused as exc:
            refused = exc  # raised once the comment waited for is dropped (committed)
    assert refused is not None
    raise refused


async def return_at_once(db: Database, actor: Actor, submission_id: int, text: str) -> Decided:
    """A return given with its comment in one step (the Mini App's form): written in one transaction. What the
    chat waits for stays as it is, unless it is the comment on this very revision (then it is answered): a
    coordinator typing a comment in the chat for another report does not lose it. Refused as ``start_return``
    and ``return_with_comment`` are, nothing written."""
    comment = _comment(actor, text)
    assert actor.user_id is not None
    async with db.transaction() as conn:
        if await pending_comment(conn, actor.user_id) == submission_id:
            await drop_pending_comment(conn, actor.user_id)  # answered; undone with the return if refused
        return await _returned(conn, actor, submission_id, comment)


def _comment(actor: Actor, text: str) -> str:
    """A return's comment as kept; refused: not a coordinator of any program, ``REVIEW_COMMENT_BLANK``."""
    require_some_program(actor)
    assert actor.user_id is not None  # a person's return
    comment = clean_text(text)
    if is_blank(comment):
        raise Refused(Reason.REVIEW_COMMENT_BLANK)
    return comment


async def _returned(conn: aiosqlite.Connection, actor: Actor, submission_id: int, comment: str) -> Decided:
    """The revision returned with ``comment``, in the caller's transaction. Refused: ``REVIEW_DECIDED``,
    ``NOT_COORDINATOR`` of its program, ``YEAR_LOCKED``."""
    submission, program_id = await _still_waiting(conn, submission_id)
    require_coordinator(actor, program_id)
    await require_not_locked(conn, program_id, submission.year)
    review = await add_review(
        conn,
        submission.id,
        ReviewState.RETURNED,
        comment=comment,
        reviewer_id=actor.user_id,
        reviewer_name=actor.name,
    )
    return await _decided(conn, submission, program_id, review)


@dataclass(frozen=True, slots=True)
class AcceptedAll:
    count: int  # how many reports on measures were accepted
    department: Department | None
    facts: int = 0  # how many facts of result indicators were accepted
    later: int = 0  # reports and facts sent after the card was seen: left waiting (count + facts + later ≥ 1)


async def accept_all(
    db: Database,
    actor: Actor,
    program_id: int,
    year: int,
    department_id: int,
    *,
    seen_at: dt.datetime | None = None,
) -> AcceptedAll:
    """«Прийняти все від …»: every report of the department waiting for review in the program's year, and every
    fact of the result indicators it reports waiting too, accepted in one transaction. ``seen_at``: when the
    coordinator was shown the card the button is on; what was sent after it (a correction the coordinator has not
    seen) is left waiting and counted (``AcceptedAll.later``). Refused: ``NOT_COORDINATOR``; ``REVIEW_DECIDED``
    (none is waiting any more)."""
    require_coordinator(actor, program_id)
    async with db.transaction() as conn:
        waiting = await waiting_reviews(conn, program_id, year, department_id)
        facts = await waiting_facts(conn, program_id, year, department_id)
        if not waiting and not facts:
            raise Refused(Reason.REVIEW_DECIDED)
        later = 0
        if seen_at is not None:
            seen = [s for s in waiting if s.created_at is None or s.created_at <= seen_at]
            seen_facts = [f for f in facts if f.created_at <= seen_at]
            later = len(waiting) - len(seen) + len(facts) - len(seen_facts)
            waiting, facts = seen, seen_facts
        for submission in waiting:
            await add_review(
                conn, submission.id, ReviewState.ACCEPTED, reviewer_id=actor.user_id, reviewer_name=actor.name
            )
        for fact in facts:
            await add_fact_review(
                conn, fact.id, ReviewState.ACCEPTED, reviewer_id=actor.user_id, reviewer_name=actor.name
            )
        return AcceptedAll(len(waiting), await get_department(conn, department_id), len(facts), later)


async def _still_waiting(conn: aiosqlite.Connection, submission_id: int) -> tuple[Submission, int]:
    """The revision and its program, if it is still its department's newest and not reviewed yet."""
    submission = await get_submission(conn, submission_id)
    if submission is not None:
        newest, state, _ = await current_state(
            conn, submission.measure_id, submission.department_id, submission.year
        )
        if newest is not None and newest.id == submission.id and state is ReviewState.SUBMITTED:
            program_id = await measure_program(conn, submission.measure_id)
            if program_id is not None:
                return submission, program_id
    raise Refused(Reason.REVIEW_DECIDED)


async def _decided(
    conn: aiosqlite.Connection, submission: Submission, program_id: int, review: Review | None
) -> Decided:
    number = await measure_number(conn, submission.measure_id)
    department = await get_department(conn, submission.department_id)
    return Decided(submission, program_id, number, department, review)
