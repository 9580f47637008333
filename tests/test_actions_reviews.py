"""actions.reviews on a real database file: each decision's rules, each refusal, nothing written when refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.reviews import (
    accept,
    accept_all,
    comment_awaited,
    place_of,
    return_at_once,
    return_with_comment,
    review_queue,
    start_return,
)
from storage.db import Database, connect
from storage.models import NewSubmission, PeriodStatus, Program, Submission
from storage.periods import set_period
from storage.programs import list_programs, load_program
from storage.reviews import ReviewState, current_state, pending_comment, reviews_of
from storage.submissions import add_submission
from tests.dbkit import dump, import_seed

COORDINATOR = Actor(500, "Координаторка", administrator=True)
MEMBER = Actor(1001, "Олена")
YEAR = 2023


@dataclass
class Seeded:
    db: Database
    path: Path
    program: Program
    department: int  # the lead department of 2.1 and 2.2
    reports: list[Submission]  # its reports on 2.1 and 2.2, waiting for review

    async def submit(self, report: Submission, info: str) -> Submission:
        async with self.db.transaction() as conn:
            return await add_submission(conn, _new(report.measure_id, report.department_id, info))

    async def state(self, report: Submission) -> ReviewState:
        async with self.db.locked() as conn:
            return (await current_state(conn, report.measure_id, report.department_id, YEAR))[1]

    async def lock(self) -> None:
        async with self.db.transaction() as conn:
            await set_period(conn, self.program.id, YEAR, PeriodStatus.LOCKED)


def _new(measure_id: int, department_id: int, info: str) -> NewSubmission:
    return NewSubmission(
        measure_id=measure_id,
        department_id=department_id,
        year=YEAR,
        actual=Decimal(1),
        financed=Decimal(1),
        percent=Decimal(100),
        info=info,
        author_id=1001,
    )


@pytest.fixture
async def seeded(tmp_path: Path, seed_path: Path) -> AsyncIterator[Seeded]:
    path = tmp_path / "z.db"
    await import_seed(path, seed_path)
    db = await connect(path)
    try:
        async with db.transaction() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
            assert tree is not None
            measures = [tree.measure_by_number(n) for n in ("2.1", "2.2")]
            assert all(measures)
            department = measures[0].department_ids()[0]  # type: ignore[union-attr]
            assert department in measures[1].department_ids()  # type: ignore[union-attr]
            reports = [
                await add_submission(conn, _new(m.id, department, f"Звіт {m.number}")) for m in measures
            ]  # type: ignore[union-attr]
        yield Seeded(db, path, program, department, reports)
    finally:
        await db.close()


async def refused(reason: Reason, coro) -> Refused:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as caught:
        await coro
    assert caught.value.reason is reason
    return caught.value


async def test_accept_writes_the_review_and_names_the_measure(seeded: Seeded) -> None:
    report = seeded.reports[0]
    decided = await accept(seeded.db, COORDINATOR, report.id)
    assert decided.number == "2.1" and decided.program_id == seeded.program.id
    assert decided.department is not None and decided.department.id == seeded.department
    assert decided.review is not None and decided.review.reviewer_name == "Координаторка"
    assert await seeded.state(report) is ReviewState.ACCEPTED
    # Accepted already: the same press again is refused and writes nothing.
    before = dump(seeded.path)
    await refused(Reason.REVIEW_DECIDED, accept(seeded.db, COORDINATOR, report.id))
    assert dump(seeded.path) == before


async def test_a_member_may_not_decide(seeded: Seeded) -> None:
    report = seeded.reports[0]
    before = dump(seeded.path)
    for coro in (
        accept(seeded.db, MEMBER, report.id),
        start_return(seeded.db, MEMBER, report.id),
        return_with_comment(seeded.db, MEMBER, report.id, "Уточніть"),
        accept_all(seeded.db, MEMBER, seeded.program.id, YEAR, seeded.department),
        review_queue(seeded.db, MEMBER, seeded.program.id, YEAR),
    ):
        await refused(Reason.NOT_COORDINATOR, coro)
    assert dump(seeded.path) == before
    assert await comment_awaited(seeded.db, MEMBER) is None


async def test_a_revision_corrected_since_is_no_longer_decided(seeded: Seeded) -> None:
    old = seeded.reports[0]
    newer = await seeded.submit(old, "Виправлено")
    before = dump(seeded.path)
    await refused(Reason.REVIEW_DECIDED, accept(seeded.db, COORDINATOR, old.id))
    await refused(Reason.REVIEW_DECIDED, start_return(seeded.db, COORDINATOR, old.id))
    await refused(Reason.REVIEW_DECIDED, accept(seeded.db, COORDINATOR, 10**9))  # no such revision
    assert dump(seeded.path) == before
    assert await place_of(seeded.db, old.id) == (seeded.program.id, YEAR)
    assert await place_of(seeded.db, 10**9) is None
    assert (await accept(seeded.db, COORDINATOR, newer.id)).submission.id == newer.id


async def test_return_with_a_comment_in_two_steps(seeded: Seeded) -> None:
    report = seeded.reports[0]
    asked = await start_return(seeded.db, COORDINATOR, report.id)
    assert asked.review is None and asked.number == "2.1"
    assert await comment_awaited(seeded.db, COORDINATOR) == report.id
    # A blank comment changes nothing: the next message is still the comment.
    before = dump(seeded.path)
    await refused(
        Reason.REVIEW_COMMENT_BLANK, return_with_comment(seeded.db, COORDINATOR, report.id, " \u200b\n")
    )
    assert dump(seeded.path) == before
    decided = await return_with_comment(seeded.db, COORDINATOR, report.id, "  Додайте\r\nучасників ")
    assert decided.review is not None and decided.review.state is ReviewState.RETURNED
    assert decided.review.comment == "Додайте\nучасників"
    assert await seeded.state(report) is ReviewState.RETURNED
    assert await comment_awaited(seeded.db, COORDINATOR) is None


async def test_a_locked_year_refuses_a_return_but_not_an_acceptance(seeded: Seeded) -> None:
    first, second = seeded.reports
    await start_return(seeded.db, COORDINATOR, first.id)  # the comment is being typed when the year is locked
    await seeded.lock()
    failure = await refused(Reason.YEAR_LOCKED, start_return(seeded.db, COORDINATOR, second.id))
    assert failure.details == {"year": YEAR}
    await refused(Reason.YEAR_LOCKED, return_with_comment(seeded.db, COORDINATOR, first.id, "Уточніть"))
    assert await seeded.state(first) is ReviewState.SUBMITTED
    # Nothing written, but the message was the comment: none is waited for any more.
    async with seeded.db.locked() as conn:
        assert await pending_comment(conn, COORDINATOR.user_id or 0) is None
    assert (await accept(seeded.db, COORDINATOR, first.id)).review is not None


async def test_a_comment_on_a_revision_decided_meanwhile_is_dropped(seeded: Seeded) -> None:
    report = seeded.reports[0]
    await start_return(seeded.db, COORDINATOR, report.id)
    await accept(seeded.db, Actor(501, "Інший координатор", administrator=True), report.id)
    await refused(Reason.REVIEW_DECIDED, return_with_comment(seeded.db, COORDINATOR, report.id, "Уточніть"))
    assert await comment_awaited(seeded.db, COORDINATOR) is None
    async with seeded.db.locked() as conn:
        assert [r.state for r in (await reviews_of(conn, [report.id]))[report.id]] == [ReviewState.ACCEPTED]


async def test_accept_all_of_a_department_in_one_transaction(seeded: Seeded) -> None:
    queue = await review_queue(seeded.db, COORDINATOR, seeded.program.id, YEAR)
    assert [s.id for s in queue.waiting] == [s.id for s in seeded.reports]
    assert queue.card is not None and queue.card.submission.id == seeded.reports[0].id
    assert queue.card.accepted is not None and queue.card.answered is None  # the imported revision
    done = await accept_all(seeded.db, COORDINATOR, seeded.program.id, YEAR, seeded.department)
    assert done.count == 2 and done.department is not None and done.department.id == seeded.department
    assert [await seeded.state(r) for r in seeded.reports] == [ReviewState.ACCEPTED] * 2
    await refused(
        Reason.REVIEW_DECIDED, accept_all(seeded.db, COORDINATOR, seeded.program.id, YEAR, seeded.department)
    )
    empty = await review_queue(seeded.db, COORDINATOR, seeded.program.id, YEAR)
    assert empty.tree is not None and empty.waiting == [] and empty.card is None
    gone = await review_queue(seeded.db, COORDINATOR, 10**6, YEAR)
    assert gone.tree is None and gone.card is None


async def test_a_return_at_once_leaves_the_comment_the_chat_waits_for_on_another_report(
    seeded: Seeded,
) -> None:
    """The Mini App's return (its comment given with it) while the chat waits for a comment on another report:
    that wait stays (the coordinator's next chat message is still that comment); on the same report it is
    answered. Refused as the chat's two steps are, with nothing written."""
    first, second = seeded.reports
    await start_return(seeded.db, COORDINATOR, first.id)  # in the chat: the comment on 2.1 is being typed
    before = dump(seeded.path)
    await refused(Reason.REVIEW_COMMENT_BLANK, return_at_once(seeded.db, COORDINATOR, second.id, " \u200b "))
    await refused(Reason.NOT_COORDINATOR, return_at_once(seeded.db, MEMBER, second.id, "Уточніть"))
    assert dump(seeded.path) == before
    decided = await return_at_once(seeded.db, COORDINATOR, second.id, " Додайте фото ")
    assert decided.review is not None and decided.review.comment == "Додайте фото" and decided.number == "2.2"
    assert await seeded.state(second) is ReviewState.RETURNED
    assert await comment_awaited(seeded.db, COORDINATOR) == first.id  # still waited for in the chat
    await return_at_once(seeded.db, COORDINATOR, first.id, "Уточніть суму")
    assert await seeded.state(first) is ReviewState.RETURNED
    assert await comment_awaited(seeded.db, COORDINATOR) is None
    await refused(Reason.REVIEW_DECIDED, return_at_once(seeded.db, COORDINATOR, first.id, "Ще раз"))


async def test_accept_all_leaves_what_came_after_the_card_was_seen(seeded: Seeded) -> None:
    """«Прийняти все від …» pressed on a card shown before the department sent a correction: what was waiting
    then is accepted; the correction, which the coordinator has not seen, waits, counted."""
    first, second = seeded.reports
    assert first.created_at is not None and second.created_at is not None
    seen = max(first.created_at, second.created_at)
    correction = await seeded.submit(second, "Виправлено після того, як картку показано")
    assert correction.created_at is not None and correction.created_at >= seen
    seen_at = correction.created_at - dt.timedelta(microseconds=1)
    done = await accept_all(
        seeded.db, COORDINATOR, seeded.program.id, YEAR, seeded.department, seen_at=seen_at
    )
    assert (done.count, done.later) == (1, 1)
    assert await seeded.state(first) is ReviewState.ACCEPTED
    assert await seeded.state(correction) is ReviewState.SUBMITTED  # the newest of 2.2: still waiting
    again = await accept_all(
        seeded.db, COORDINATOR, seeded.program.id, YEAR, seeded.department, seen_at=seen_at
    )
    assert (again.count, again.later) == (0, 1)  # nothing seen is left: said, nothing written
    done = await accept_all(seeded.db, COORDINATOR, seeded.program.id, YEAR, seeded.department)
    assert (done.count, done.later) == (1, 0) and await seeded.state(correction) is ReviewState.ACCEPTED
