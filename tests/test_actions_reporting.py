"""The reporting conversation's actions (actions.reporting, actions.evidence) on a real database file: each
rule and each refusal, without the chat."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import count
from pathlib import Path

import aiosqlite
import pytest

from actions import reporting
from actions.actor import Actor
from actions.evidence import attach_evidence
from actions.flow import Problem, Step
from actions.refusals import Reason, Refused
from actions.reporting import Answered, Cancelled, Opened, Press, Received, Submitted
from storage.db import Database, connect
from storage.drafts import active_draft, get_draft
from storage.evidence import MAX_FILE_BYTES, MAX_FILES_PER_MEASURE
from storage.models import NewSubmission, PeriodStatus, Source
from storage.periods import set_period
from storage.programs import list_departments, list_programs, load_program
from storage.submissions import add_submission
from storage.workload import Status
from tests.botkit import YEAR, prepare_database

OLENA, PETRO, COORDINATOR = 1001, 1002, 500


@dataclass
class Seed:
    db: Database
    uk: int  # the culture department (УК): 2.9, 3.7, 3.10, 4.3, 4.4
    dsp: int  # social policy: 3.11 only
    program_id: int
    measures: dict[str, int]
    olena: Actor  # of УК
    coordinator: Actor  # of no department
    inputs: count[int]

    def received(self) -> Received:
        n = next(self.inputs)
        return Received(f"m{n}", n)

    async def submissions(self) -> list[tuple]:
        async with self.db.locked() as conn:
            fetched = await conn.execute_fetchall(
                "SELECT measure_id, actual, info, author_id, source FROM submissions ORDER BY id"
            )
        return [tuple(r) for r in fetched]


@pytest.fixture
async def seed(tmp_path: Path) -> AsyncIterator[Seed]:
    path = tmp_path / "z.db"
    await prepare_database(path)
    db = await connect(path)
    try:
        async with db.locked() as conn:
            departments = {d.code: d.id for d in await list_departments(conn)}
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
        assert tree is not None
        measures = {m.number: m.id for m in tree.measures}
        yield Seed(
            db,
            departments["uk"],
            departments["dsp"],
            program.id,
            measures,
            Actor(OLENA, "Олена", departments=frozenset({departments["uk"]})),
            Actor(COORDINATOR, "Координатор", administrator=True),
            count(1),
        )
    finally:
        await db.close()


async def open_37(seed: Seed, actor: Actor | None = None) -> Opened:
    return await reporting.open_measure(
        seed.db, actor or seed.olena, seed.received(), seed.measures["3.7"], seed.uk, YEAR
    )


async def to_review(seed: Seed, actor: Actor | None = None) -> None:
    actor = actor or seed.olena
    for text in ("1", "1", "50", "Зроблено."):
        answered = await reporting.answer_text(seed.db, actor, seed.received(), text)
        assert answered is not None and answered.outcome is not None and answered.outcome.problem is None
    active = await reporting.active_measure(seed.db, actor)
    assert active is not None and active.step is Step.REVIEW


async def confirm(seed: Seed, actor: Actor | None = None, received: Received | None = None) -> object:
    return await reporting.submit_report(
        seed.db, actor or seed.olena, received or seed.received(), seed.measures["3.7"], seed.uk
    )


async def lock(seed: Seed) -> None:
    async with seed.db.transaction() as conn:
        await set_period(conn, seed.program_id, YEAR, PeriodStatus.LOCKED)


# --- open a measure -------------------------------------------------------------------------------------


async def test_a_member_opens_their_departments_measure_and_its_draft_is_kept(seed: Seed) -> None:
    opened = await open_37(seed)
    assert opened.step is Step.ACTUAL and not opened.reported and opened.returned is None
    assert opened.scene.number == "3.7" and opened.scene.plan == Decimal(17) and not opened.scene.on_behalf
    async with seed.db.locked() as conn:
        draft = await active_draft(conn, OLENA)
    assert draft is not None and draft.measure_id == seed.measures["3.7"] and not draft.started
    await reporting.answer_text(seed.db, seed.olena, seed.received(), "5")
    again = await open_37(seed)  # opened again: the draft as it was left
    assert again.step is Step.FINANCED and again.answers.actual == Decimal(5)


async def test_a_measure_of_another_department_is_refused(seed: Seed) -> None:
    with pytest.raises(Refused) as refused:  # 3.11 is social policy's, and she is not in it
        await reporting.open_measure(
            seed.db, seed.olena, seed.received(), seed.measures["3.11"], seed.dsp, YEAR
        )
    assert refused.value.reason is Reason.NOT_YOUR_MEASURE
    with pytest.raises(Refused) as refused:  # her department, but not one of 3.11's executors
        await reporting.open_measure(
            seed.db, seed.olena, seed.received(), seed.measures["3.11"], seed.uk, YEAR
        )
    assert refused.value.reason is Reason.NOT_YOUR_MEASURE
    async with seed.db.locked() as conn:
        assert await active_draft(conn, OLENA) is None


async def test_a_measure_an_amendment_retired_is_refused(seed: Seed) -> None:
    async with seed.db.locked() as conn:
        await conn.execute("UPDATE measures SET retired_from = ? WHERE id = ?", (YEAR, seed.measures["3.7"]))
    with pytest.raises(Refused) as refused:
        await open_37(seed)
    assert refused.value.reason is Reason.MEASURE_NOT_IN_FORCE
    assert refused.value.details == {"number": "3.7", "year": YEAR}


async def test_a_member_reports_an_open_year_only_a_coordinator_a_locked_one_too(seed: Seed) -> None:
    await lock(seed)
    with pytest.raises(Refused) as refused:
        await open_37(seed)
    assert refused.value.reason is Reason.PERIOD_CLOSED and refused.value.details == {"year": YEAR}
    opened = await open_37(seed, seed.coordinator)  # a correction of a locked year, on behalf
    assert opened.scene.on_behalf
    with pytest.raises(Refused) as refused:  # a year never opened: nobody
        await reporting.open_measure(
            seed.db, seed.coordinator, seed.received(), seed.measures["3.7"], seed.uk, YEAR + 1
        )
    assert refused.value.reason is Reason.PERIOD_CLOSED


async def test_the_first_waiting_measure_opens_at_once(seed: Seed) -> None:
    opened = await reporting.open_first_waiting(seed.db, seed.olena, seed.received(), seed.uk)
    assert opened is not None and opened.scene.number == "2.9"
    await lock(seed)
    assert await reporting.open_first_waiting(seed.db, seed.olena, seed.received(), seed.uk) is None


# --- answers --------------------------------------------------------------------------------------------


async def test_an_answer_moves_the_draft_on_and_the_same_input_again_changes_nothing(seed: Seed) -> None:
    assert await reporting.answer_text(seed.db, seed.olena, seed.received(), "5") is None  # nothing open
    await open_37(seed)
    received = seed.received()
    answered = await reporting.answer_text(seed.db, seed.olena, received, "5")
    assert answered is not None and answered.outcome is not None
    assert answered.step is Step.ACTUAL and answered.outcome.step is Step.FINANCED
    again = await reporting.answer_text(seed.db, seed.olena, received, "5")  # delivered again after a crash
    assert again is not None and again.outcome is None and again.step is Step.FINANCED


async def test_a_problem_stores_nothing(seed: Seed) -> None:
    await open_37(seed)
    answered = await reporting.answer_text(seed.db, seed.olena, seed.received(), "п'ять")
    assert answered is not None and answered.outcome is not None and answered.outcome.problem
    active = await reporting.active_measure(seed.db, seed.olena)
    assert active is not None and active.step is Step.ACTUAL and active.answers.actual is None


async def test_a_button_of_another_step_or_measure_is_stale(seed: Seed) -> None:
    measure = seed.measures["3.7"]
    with pytest.raises(Refused) as refused:  # nothing open
        await reporting.press_step(
            seed.db, seed.olena, seed.received(), Press(measure, seed.uk, "actual", "zero")
        )
    assert refused.value.reason is Reason.STEP_GONE
    await open_37(seed)
    for press in (
        Press(measure, seed.uk, "financed", "zero"),  # another step
        Press(seed.measures["2.9"], seed.uk, "actual", "zero"),  # another measure
        Press(measure, seed.uk, "actual", "calc"),  # not a button of this step
    ):
        with pytest.raises(Refused) as refused:
            await reporting.press_step(seed.db, seed.olena, seed.received(), press)
        assert refused.value.reason is Reason.STEP_GONE
    answered = await reporting.press_step(
        seed.db, seed.olena, seed.received(), Press(measure, seed.uk, "actual", "plan")
    )
    assert answered.outcome is not None and answered.outcome.answers.actual == Decimal(17)


async def test_rights_gone_end_the_conversation(seed: Seed) -> None:
    await open_37(seed)
    left = Actor(OLENA, "Олена")  # she left the department
    with pytest.raises(Refused) as refused:
        await reporting.answer_text(seed.db, left, seed.received(), "5")
    assert refused.value.reason is Reason.NOT_YOUR_MEASURE
    async with seed.db.locked() as conn:
        assert await active_draft(conn, OLENA) is None
        assert await get_draft(conn, OLENA, seed.measures["3.7"], seed.uk, YEAR) is not None  # kept


# --- submit, cancel -------------------------------------------------------------------------------------


async def test_submitting_saves_a_revision_and_opens_the_next_measure(seed: Seed) -> None:
    await open_37(seed)
    await to_review(seed)
    received = seed.received()
    submitted = await confirm(seed, received=received)
    assert isinstance(submitted, Submitted) and submitted.overtaken is None
    assert submitted.saved.author_name == "Олена" and submitted.saved.source is Source.BOT
    assert (await seed.submissions()) == [(seed.measures["3.7"], "1", "Зроблено.", OLENA, "bot")]
    assert submitted.following is not None and submitted.following.number == "3.10"
    assert submitted.opened is not None and submitted.opened.scene.number == "3.10"
    async with seed.db.locked() as conn:
        assert await get_draft(conn, OLENA, seed.measures["3.7"], seed.uk, YEAR) is None
        draft = await active_draft(conn, OLENA)
    assert draft is not None and draft.measure_id == seed.measures["3.10"]
    again = await confirm(seed, received=received)  # the press delivered again: the next draft knows it
    assert isinstance(again, Answered) and again.outcome is None
    assert len(await seed.submissions()) == 1


async def test_the_confirms_transaction_holds_the_report_not_the_departments_list(
    seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23: the next measure is looked up outside the write transaction, from its program's rows (not
    the department's whole list); it is the same as if it were read after the report."""
    in_transaction: list[tuple[bool, int | None]] = []
    worklist = reporting.worklist

    async def recorded(
        conn: aiosqlite.Connection, department_id: int, user_id: int | None, program_id: int | None = None
    ) -> object:
        in_transaction.append((conn.in_transaction, program_id))
        return await worklist(conn, department_id, user_id, program_id)

    monkeypatch.setattr(reporting, "worklist", recorded)
    await open_37(seed)
    await to_review(seed)
    submitted = await confirm(seed)
    assert in_transaction == [(False, seed.program_id)]
    assert isinstance(submitted, Submitted) and submitted.following is not None
    assert submitted.following.number == "3.10" and submitted.opened is not None
    async with seed.db.locked() as conn:
        statuses = {i.number: i.status for i in await worklist(conn, seed.uk, OLENA)}
    assert statuses["3.7"] is Status.REPORTED and statuses["3.10"] is Status.WAITING  # opened, not answered


async def test_nothing_to_save_is_the_review_again(seed: Seed) -> None:
    await open_37(seed)
    for action in ("skip", "skip", "skip", "skip"):
        active = await reporting.active_measure(seed.db, seed.olena)
        assert active is not None
        press = Press(seed.measures["3.7"], seed.uk, active.step.value, action)
        await reporting.press_step(seed.db, seed.olena, seed.received(), press)
    answered = await confirm(seed)
    assert isinstance(answered, Answered) and answered.outcome is not None
    assert answered.outcome.problem == Problem.NOTHING_TO_SAVE and answered.outcome.step is Step.REVIEW
    assert await seed.submissions() == []


async def test_a_year_locked_before_the_confirmation_saves_nothing(seed: Seed) -> None:
    await open_37(seed)
    await to_review(seed)
    await lock(seed)
    with pytest.raises(Refused) as refused:
        await confirm(seed)
    assert refused.value.reason is Reason.PERIOD_CLOSED
    assert await seed.submissions() == []
    async with seed.db.locked() as conn:
        assert await active_draft(conn, OLENA) is None  # the conversation ended, its draft kept
        assert await get_draft(conn, OLENA, seed.measures["3.7"], seed.uk, YEAR) is not None


async def test_a_coordinator_on_behalf_saves_as_the_coordinator_and_opens_nothing_next(seed: Seed) -> None:
    await open_37(seed, seed.coordinator)
    await to_review(seed, seed.coordinator)
    submitted = await confirm(seed, seed.coordinator)
    assert isinstance(submitted, Submitted) and submitted.opened is None and submitted.following is not None
    assert (await seed.submissions())[0][3:] == (COORDINATOR, "coordinator")


async def test_a_newer_revision_by_someone_else_is_overtaken(seed: Seed) -> None:
    await open_37(seed)
    await to_review(seed)
    async with seed.db.transaction() as conn:  # Petro saves first, without seeing Olena's
        await add_submission(
            conn,
            NewSubmission(
                measure_id=seed.measures["3.7"],
                department_id=seed.uk,
                year=YEAR,
                info="Петро.",
                author_id=PETRO,
                author_name="Петро",
                source=Source.BOT,
            ),
        )
    submitted = await confirm(seed)
    assert isinstance(submitted, Submitted)
    assert submitted.overtaken is not None and submitted.overtaken.author_id == PETRO


async def test_cancelling_the_review_deletes_the_draft(seed: Seed) -> None:
    await open_37(seed)
    await to_review(seed)
    measure = seed.measures["3.7"]
    with pytest.raises(Refused) as refused:  # the review's button of another measure
        await reporting.cancel_review(seed.db, seed.olena, seed.received(), seed.measures["2.9"], seed.uk)
    assert refused.value.reason is Reason.STEP_GONE
    cancelled = await reporting.cancel_review(seed.db, seed.olena, seed.received(), measure, seed.uk)
    assert isinstance(cancelled, Cancelled) and cancelled.scene.number == "3.7"
    async with seed.db.locked() as conn:
        assert await get_draft(conn, OLENA, measure, seed.uk, YEAR) is None
    assert await seed.submissions() == []


# --- evidence -------------------------------------------------------------------------------------------


async def saved_files(seed: Seed) -> int:
    async with seed.db.locked() as conn:
        [(n,)] = await conn.execute_fetchall("SELECT COUNT(*) FROM evidence_files")
    return n


async def test_evidence_needs_a_measure_open(seed: Seed) -> None:
    async def fetch() -> bytes:
        raise AssertionError("not fetched")

    with pytest.raises(Refused) as refused:
        await attach_evidence(seed.db, seed.olena, "акт.pdf", 10, "application/pdf", fetch)
    assert refused.value.reason is Reason.NO_MEASURE_OPEN


async def test_evidence_too_big_announced_is_not_fetched_and_fetched_is_not_kept(seed: Seed) -> None:
    await open_37(seed)

    async def fetch() -> bytes:
        raise AssertionError("not fetched")

    with pytest.raises(Refused) as refused:
        await attach_evidence(seed.db, seed.olena, "dir/відео.mp4", MAX_FILE_BYTES + 1, "video/mp4", fetch)
    assert refused.value.reason is Reason.FILE_TOO_BIG
    assert refused.value.details == {"name": "відео.mp4", "limit": MAX_FILE_BYTES // 2**20}

    async def too_much() -> bytes:
        return b"x" * (MAX_FILE_BYTES + 1)

    with pytest.raises(Refused) as refused:  # announced as small (or not at all)
        await attach_evidence(seed.db, seed.olena, "відео.mp4", 0, "video/mp4", too_much)
    assert refused.value.reason is Reason.FILE_TOO_BIG
    assert await saved_files(seed) == 0


async def test_evidence_is_kept_up_to_the_measures_limit(seed: Seed) -> None:
    await open_37(seed)
    for n in range(1, MAX_FILES_PER_MEASURE + 1):

        async def fetch(n: int = n) -> bytes:
            return f"файл {n}".encode()

        attached = await attach_evidence(seed.db, seed.olena, f"акт {n}.pdf", 10, "application/pdf", fetch)
        assert (attached.name, attached.number, attached.count) == (f"акт {n}.pdf", "3.7", n)
    with pytest.raises(Refused) as refused:
        await attach_evidence(seed.db, seed.olena, "ще.pdf", 10, "application/pdf", fetch)
    assert refused.value.reason is Reason.TOO_MANY_FILES
    assert refused.value.details == {"number": "3.7", "limit": MAX_FILES_PER_MEASURE}
    assert await saved_files(seed) == MAX_FILES_PER_MEASURE


async def test_the_list_is_the_departments_members(seed: Seed) -> None:
    items = await reporting.department_list(seed.db, seed.olena, seed.uk)
    assert [i.number for i in items] == ["2.9", "3.7", "3.10", "4.3", "4.4"]
    for actor in (seed.olena, seed.coordinator):  # not her department; a coordinator of none
        with pytest.raises(Refused) as refused:
            await reporting.department_list(seed.db, actor, seed.dsp)
        assert refused.value.reason is Reason.NOT_YOUR_MEASURE
