"""Two people at once, and stale buttons: an executor confirming while a coordinator decides, two coordinators
deciding the same report, a role or a membership gone in the middle of a flow, the same button twice. The real
Application against the fake Bot API, the real actions on a real SQLite file."""

from __future__ import annotations

import asyncio
import itertools
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import aiohttp
import pytest

from actions.actor import Actor
from actions.directory import merge_departments
from actions.indicators import accept_fact
from actions.periods import lock_year
from actions.plans import set_plan
from actions.refusals import Reason, Refused
from actions.reporting import Submitted
from actions.reviews import Decided, accept, comment_awaited, return_at_once, start_return
from actions.roles import revoke_role
from bot.app import build_application
from reports.plan_sheet import COL_PLAN
from storage.db import Database, connect, utcnow
from storage.drafts import get_draft
from storage.indicators import add_indicator_fact
from storage.models import Fund, NewSubmission, Source, Submission
from storage.plans import PlanKey, program_plans
from storage.programs import get_program, list_programs, load_program
from storage.reviews import ReviewState, current_state, reviews_of, untold_resubmissions
from storage.roles import RoleKind, grant_role
from storage.submissions import add_submission
from tests.botkit import (  # noqa: F401
    COORDINATOR_ID,
    YEAR,
    World,
    fake_api_fixture,
    open_measure,
    prepare_database,
    report_measure,
    running,
    settings_for,
    world_fixture,
)
from tests.conftest import SEED
from tests.dbkit import import_seed
from tests.fakeapi import BotMessage, FakeBotApi
from tests.fakeapi.conversation import JsonDict
from tests.test_actions_reporting import (
    OLENA,
    Seed,
    confirm,
    open_37,
    seed,  # noqa: F401  (the fixture)
    to_review,
)
from tests.test_bot_amendments import report_of, send_program
from tests.test_bot_indicators import _setup as indicators_setup
from tests.test_bot_new_year import _row as sheet_row
from tests.test_bot_new_year import _saved as saved_book
from tests.test_bot_new_year import _sheet_as_sent as sheet_as_sent
from tests.webappkit import init_data

ADMIN = Actor(500, "Адміністраторка", administrator=True)


async def _correct_behind(world: World, number: str, code: str, info: str) -> None:
    """A department's correction of its report, saved as the executor's confirmation saves it."""
    measure, department = await world.measure_id(number), await world.department_id(code)
    async with world.db.transaction() as conn:
        await add_submission(
            conn,
            NewSubmission(
                measure_id=measure,
                department_id=department,
                year=YEAR,
                actual="0",
                financed="0",
                percent="100",
                info=info,
                author_id=1001,
                author_name="Олена",
                source=Source.BOT,
            ),
        )


async def test_accept_all_on_the_first_card_leaves_a_correction_sent_while_the_header_was_on_its_way(
    world: World,
) -> None:
    """/review reads the queue, sends its header, then the card: a correction confirmed while the header was
    on its way is not on the card, so «Прийняти все від …» under it must leave it waiting, as it does for one
    sent after the card."""
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Перше")
    # Telegram delivers the header at once but answers late: the bot waits before it sends the card.
    world.fake.delay("sendMessage", 0.5, deliver_first=True)
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    await _correct_behind(world, "3.10", "uk", "Виправлене, поки йшов заголовок")
    card = await coordinator.expect("Захід 3.10")
    world.fake.delay("sendMessage", 0)
    assert "Перше" in card.text and "Виправлене" not in card.text  # the card shows what was read
    await coordinator.press("Прийняти все від", message=card)
    said = await coordinator.expect("уже після того, як ви відкрили картку")
    assert "його не прийнято" in said.text
    measure, department = await world.measure_id("3.10"), await world.department_id("uk")
    async with world.db.locked() as conn:
        newest, state, _ = await current_state(conn, measure, department, YEAR)
    assert newest is not None and newest.info == "Виправлене, поки йшов заголовок"
    assert state is ReviewState.SUBMITTED


async def _double_tap(world: World, label: str, card: BotMessage) -> list[JsonDict]:
    """The same button of ``card`` pressed twice within milliseconds (as a shaking thumb does); the answers."""
    coordinator = world.coordinator()
    data = next(d for row in card.buttons for text, d in row if text.startswith(label))
    first, second = await asyncio.gather(
        coordinator.press_data(data, message=card), coordinator.press_data(data, message=card)
    )
    return [await world.fake.wait_answered(first), await world.fake.wait_answered(second)]


async def test_a_double_tap_on_accept_decides_once_and_shows_the_next_card_once(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.7", "0", "0", "100", "Перше")
    await report_measure(olena, "3.10", "0", "0", "100", "Друге")
    await coordinator.send("/review 2023")
    await coordinator.expect("2 звіти чекають")
    card = await coordinator.expect("Захід 3.7")
    answers = await _double_tap(world, "✅ Прийняти", card)
    await coordinator.expect("Звіт щодо заходу 3.7 (УК) прийнято")
    await coordinator.expect("Захід 3.10")
    assert answers[1].get("text") == "Ви вже прийняли цей звіт."
    await coordinator.no_message(within=0.5)  # not the next card again
    assert len([s for s in await world.submissions()]) == 2


async def test_a_double_tap_on_return_asks_for_the_comment_once(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.7", "0", "0", "100", "Перше")
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    card = await coordinator.expect("Захід 3.7")
    answers = await _double_tap(world, "↩️ Повернути з коментарем", card)
    await coordinator.expect("Напишіть одним повідомленням")
    assert answers[1].get("text") == "Чекаю на ваш коментар: напишіть його одним повідомленням."
    await coordinator.no_message(within=0.5)  # not the question again
    await coordinator.send("Додайте акт")
    await olena.expect("повернуто на доопрацювання")


async def test_a_double_tap_on_accept_all_accepts_once_and_says_it_once(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.7", "0", "0", "100", "Перше")
    await report_measure(olena, "3.10", "0", "0", "100", "Друге")
    await coordinator.send("/review 2023")
    await coordinator.expect("2 звіти чекають")
    card = await coordinator.expect("Захід 3.7")
    answers = await _double_tap(world, "✅ Прийняти все від", card)
    await coordinator.expect("Від УК прийнято 2 звіти")
    await coordinator.expect("Усі подані звіти за 2023 рік перевірено")
    assert answers[1].get("text") == "Ви вже прийняли все від УК."
    await coordinator.no_message(within=0.5)


async def test_a_fact_decided_by_another_coordinator_shows_the_next_as_the_answer_says(world: World) -> None:
    """An indicator's fact accepted by an administrator while the coordinator has its card: «Прийняти» on it says
    «показую наступний» and the next fact's card comes; a double tap on the next one decides it once, said so."""
    program_id, ids = await indicators_setup(world)
    async with world.db.transaction() as conn:
        facts = [
            await add_indicator_fact(
                conn, i, YEAR, Decimal(v), None, user_id=1001, source=Source.BOT, at=utcnow()
            )
            for i, v in ((ids[0], 19), (ids[1], 78))
        ]
    coordinator = world.coordinator()
    await coordinator.send("/review 2023")
    await coordinator.expect("Показники: 2 факти чекають")
    card = await coordinator.expect("Показник 1.")
    await accept_fact(world.db, Actor(777, "Інша адміністраторка", administrator=True), facts[0].id)
    query = await coordinator.press("✅ Прийняти", message=card)
    said = await world.fake.wait_answered(query)
    assert said.get("text") == "Цей звіт уже перевірено або змінено — показую наступний."
    following = await coordinator.expect("Показник 2.")
    answers = await _double_tap(world, "✅ Прийняти", following)
    await coordinator.expect("Прийнято: показник 2")
    await coordinator.expect("Усі подані звіти за 2023 рік перевірено")
    assert answers[1].get("text") == "Ви вже прийняли цей звіт."
    await coordinator.no_message(within=0.5)
    assert program_id


async def test_a_double_tap_on_a_facts_return_asks_for_the_comment_once(world: World) -> None:
    _, ids = await indicators_setup(world)
    async with world.db.transaction() as conn:
        await add_indicator_fact(
            conn, ids[0], YEAR, Decimal(12), "Мало", user_id=1001, source=Source.BOT, at=utcnow()
        )
    coordinator = world.coordinator()
    await coordinator.send("/review 2023")
    await coordinator.expect("Показники: 1 факт чекає")
    card = await coordinator.expect("Показник 1.")
    answers = await _double_tap(world, "↩️ Повернути з коментарем", card)
    await coordinator.expect("Напишіть")
    assert answers[1].get("text") == "Чекаю на ваш коментар: напишіть його одним повідомленням."
    await coordinator.no_message(within=0.5)


async def test_an_amendment_giving_the_measure_to_another_department_says_so_to_the_one_answering(
    world: World,
) -> None:
    """The council's amendment gives 3.10 to another department from 2024 while Olena of УК is answering it: her
    next answer is refused saying why (the measure is not her department's that year by the amendment), not as a
    button she may not press; nothing is saved."""
    coordinator = world.coordinator()
    await coordinator.send("/open 2024 20.01.2025")
    await coordinator.expect("відкрито")
    olena = await world.member(1001, "Олена", "uk")
    measure, department = await world.measure_id("3.10"), await world.department_id("uk")
    await olena.send("/start")
    await olena.expect("Залишилося")
    await olena.press_data(f"open:{measure}:{department}:2024")
    await olena.expect("Фактичний річний обсяг")
    await olena.send("5")
    await olena.expect("профінансовано")
    amended = "\n".join(
        line.replace(
            "\tУправління культури\t", "\tУправління у справах сім'ї, молоді та спорту міської ради\t"
        )
        if line.startswith("3.10. ")
        else line
        for line in report_of(2024).split("\n")
    )
    await send_program(coordinator, "zvit-2024.txt", amended)
    await coordinator.press("Застосувати")
    await coordinator.expect("Імпортовано")
    await olena.send("4")
    reply = await olena.next_message()
    assert "3.10" in reply.text and "змінами до Програми" in reply.text and "УК" in reply.text, reply.text
    async with world.db.locked() as conn:
        rows = await conn.execute_fetchall(
            "SELECT 1 FROM submissions WHERE measure_id = ? AND year = 2024 AND source = 'bot'", (measure,)
        )
    assert list(rows) == []


async def test_a_department_merged_while_its_member_answers_takes_the_report_under_the_one_kept(
    world: World,
) -> None:
    """The administrator merges the executor's department into another while a measure is open in the executor's
    chat: the answers go on, the review card's «Підтвердити» saves the report, under the department kept."""
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.10")
    await olena.send("0")
    await olena.expect("профінансовано")
    keep, gone = await world.department_id("uoz"), await world.department_id("uk")
    await merge_departments(world.db, ADMIN, keep, gone)
    world.app.bot_data.roles.clear()  # as the bot does after a merge (in the chat, or seen from the command line)
    await olena.send("0")
    await olena.expect("Відсоток")
    await olena.send("100")
    await olena.expect("що зроблено")
    await olena.send("Зроблено, уже в новому підрозділі")
    review = await olena.expect("Перевірте звіт")
    assert "УОЗ" in review.text and "· УК" not in review.text
    await olena.press("Підтвердити", message=review)
    await olena.expect("Збережено")
    [saved] = await world.submissions()
    assert saved.department_id == keep and saved.info == "Зроблено, уже в новому підрозділі"


async def test_a_plan_set_after_a_sheets_preview_is_not_overwritten_unseen_by_its_apply(world: World) -> None:
    """A coordinator sends the plan sheet (1.2 typed over) and looks at the preview; meanwhile an administrator sets
    1.4's plan with /plan. «Застосувати» under the preview would put 1.4 back as the sheet has it, unseen: it is
    refused, said so, and nothing is applied; the file sent again previews against the plans as they are now."""
    coordinator = world.coordinator()
    wb, ws = await sheet_as_sent(coordinator, 2024)
    ws.cell(sheet_row(ws, "1.2"), COL_PLAN[Fund.GENERAL], 7.5)
    await coordinator.send_document("План 2024.xlsx", saved_book(wb))
    await coordinator.expect("Отримав файл")
    preview = await coordinator.expect("Аркуш плану на 2024 рік")
    async with world.db.locked() as conn:
        [program] = await list_programs(conn)
    await set_plan(
        world.db,
        Actor(777, "Адміністраторка", administrator=True),
        program,
        2024,
        "1.4",
        Decimal(99),
        Fund.GENERAL,
    )
    await coordinator.press("Застосувати", preview)
    said = await coordinator.expect("змінилися після перегляду")
    assert "Надішліть файл ще раз" in said.text
    m12, m14 = await world.measure_id("1.2"), await world.measure_id("1.4")
    async with world.db.locked() as conn:
        plans = await program_plans(conn, program.id)
    assert plans[PlanKey(m14, 2024, Fund.GENERAL)] == Decimal(99)  # the administrator's, kept
    assert PlanKey(m12, 2024, Fund.GENERAL) not in plans  # nothing of the sheet applied
    await coordinator.send_document("План 2024.xlsx", saved_book(wb))
    await coordinator.expect("Отримав файл")
    again = await coordinator.expect("Аркуш плану на 2024 рік")
    # Against the plans as they are now: the administrator's plan that the sheet (made before it) puts back to
    # 2023's is named, not counted among the plans «як у плані 2023 року».
    assert "Разом, загальний фонд: 99,0 →" in again.text
    assert "Замінить 1 план, уже встановлений на 2024 рік:\n• 1.4 (заг.): 99,0 → " in again.text


async def test_a_double_tap_on_remind_reminds_the_department_once(world: World) -> None:
    """«Нагадати» pressed twice within milliseconds: each member gets one reminder, not two; the second press is
    told that the department was reminded just now."""
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await coordinator.send("/status 2023")
    status = await coordinator.next_message()
    await coordinator.press("⏳ УК", message=status)
    details = await coordinator.expect("<b>УК</b>")
    await _double_tap(world, "🔔 Нагадати: УК", details)
    await coordinator.expect("Нагадування надіслано: 1")
    await coordinator.expect("Нагадування підрозділу УК уже надіслано щойно")
    await olena.expect("Нагадування від координатора")
    await olena.no_message(within=1.5)  # reminders to one chat go at most one a second: the second had come


@pytest.mark.parametrize("first", ["chat", "desk"])
async def test_the_chat_accepts_as_the_mini_app_returns_the_same_report(
    tmp_path: Path, fake_api: FakeBotApi, first: str
) -> None:
    """The bot with its Mini App: one coordinator presses «Прийняти» in the chat while another returns the same
    report through the desk's HTTP API, at the same moment. One decision is written; the other gets a clear
    Ukrainian answer (a 409 with the desk's words, or the button's «уже перевірено»); the executor is told of a
    return only if the return is what was written; /status counts what the database holds."""
    path = tmp_path / "bot.sqlite3"
    await prepare_database(path)
    app = build_application(
        settings_for(fake_api, path, webapp_url="https://desk.example.org/", webapp_port=0)
    )
    async with running(app):
        world = World(fake_api, path, app.bot_data.settings, app)
        olena = await world.member(1001, "Олена", "uk")
        async with world.db.transaction() as conn:
            await grant_role(conn, 501, RoleKind.COORDINATOR, 1, granted_by=COORDINATOR_ID)
        coordinator = world.coordinator()
        await report_measure(olena, "3.10", "0", "0", "100", "Подано")
        [submission] = await world.submissions()
        await coordinator.send("/review 2023")
        await coordinator.expect("1 звіт чекає")
        card = await coordinator.expect("Захід 3.10")
        data = next(d for row in card.buttons for label, d in row if label == "✅ Прийняти")
        url = f"http://127.0.0.1:{app.bot_data.webapp.port}/api/reviews/{submission.id}/return"
        headers = {"X-Telegram-Init-Data": init_data(501, token=fake_api.token, first_name="Інша")}
        body = {"comment": "Додайте акт", "nonce": secrets.token_urlsafe(16)}
        async with aiohttp.ClientSession() as session:

            async def desk() -> tuple[int, dict[str, str]]:
                async with session.post(url, json=body, headers=headers) as response:
                    return response.status, await response.json()

            async def chat() -> str:
                return await coordinator.press_data(data, message=card)

            if first == "chat":
                query, (status, said) = await asyncio.gather(chat(), desk())
            else:
                (status, said), query = await asyncio.gather(desk(), chat())
        answered = await world.fake.wait_answered(query)
        async with world.db.locked() as conn:
            reviews = (await reviews_of(conn, [submission.id]))[submission.id]
        assert len(reviews) == 1
        if reviews[0].state is ReviewState.RETURNED:
            assert (
                status == 200
                and answered.get("text") == "Цей звіт уже перевірено або змінено — показую наступний."
            )
            await olena.expect("повернуто на доопрацювання")
        else:
            assert reviews[0].state is ReviewState.ACCEPTED
            assert (
                status == 409
                and said["code"] == "review-decided"
                and said["error"].startswith("Цей звіт уже")
            )
            await coordinator.expect("прийнято")
            await olena.no_message(within=0.3)
        coordinator.drain()
        await coordinator.send("/status 2023")
        while True:
            state = await coordinator.next_message()
            if "Чекають на перевірку" in state.text:
                break
        accepted, returned = (
            int(reviews[0].state is ReviewState.ACCEPTED),
            int(reviews[0].state is ReviewState.RETURNED),
        )
        assert f"Чекають на перевірку: 0, повернуто: {returned}, прийнято: {accepted}" in state.text


# --- the actions, at once, on a real SQLite file ---------------------------------------------------------------


@dataclass
class Desk:
    db: Database
    program: int
    department: int
    report: Submission  # the department's report on 2.1, waiting for review
    grant: int  # COORDINATOR's role on the program


COORDINATOR = Actor(600, "Координатор програми")


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Desk]:
    path = tmp_path / "z.db"
    await import_seed(path, SEED)
    db = await connect(path)
    try:
        async with db.transaction() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
            assert tree is not None
            measure = tree.measure_by_number("2.1")
            assert measure is not None
            department = measure.department_ids()[0]
            report = await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure.id,
                    department_id=department,
                    year=YEAR,
                    info="Звіт 2.1",
                    author_id=1001,
                    source=Source.BOT,
                ),
            )
            grant = await grant_role(conn, 600, RoleKind.COORDINATOR, program.id, granted_by=ADMIN.user_id)
            assert grant is not None
        yield Desk(db, program.id, department, report, grant)
    finally:
        await db.close()


async def test_a_revoked_coordinators_comment_does_not_wait_for_their_reappointment(desk: Desk) -> None:
    """«Повернути з коментарем» pressed, then the role revoked: reappointed days later, the first text they type
    must not return that report with it."""
    coordinator = replace(COORDINATOR, programs=frozenset({desk.program}))
    await start_return(desk.db, coordinator, desk.report.id)
    await revoke_role(desk.db, ADMIN, desk.grant)
    async with desk.db.transaction() as conn:
        await grant_role(conn, 600, RoleKind.COORDINATOR, desk.program, granted_by=ADMIN.user_id)
    assert await comment_awaited(desk.db, coordinator) is None
    async with desk.db.locked() as conn:
        assert (await current_state(conn, desk.report.measure_id, desk.department, YEAR))[1] is (
            ReviewState.SUBMITTED
        )


async def test_another_role_revoked_leaves_the_comment_on_a_program_still_coordinated(desk: Desk) -> None:
    """Revoking a role ends only what the person may no longer finish: another role of theirs revoked (here an
    observer's), the comment on their program's report still waits."""
    async with desk.db.transaction() as conn:
        other = await grant_role(conn, 600, RoleKind.OBSERVER, granted_by=ADMIN.user_id)
    assert other is not None
    coordinator = replace(COORDINATOR, programs=frozenset({desk.program}))
    await start_return(desk.db, coordinator, desk.report.id)
    await revoke_role(desk.db, ADMIN, other)
    assert await comment_awaited(desk.db, coordinator) == desk.report.id


async def test_accept_and_return_of_one_report_at_once_decide_it_once(desk: Desk) -> None:
    """Two coordinators (an administrator and the program's), one accepting and one returning the same report
    at the same moment: one decision is written, the other is refused as decided, nothing overwritten."""
    coordinator = replace(COORDINATOR, programs=frozenset({desk.program}))
    results = await asyncio.gather(
        accept(desk.db, ADMIN, desk.report.id),
        return_at_once(desk.db, coordinator, desk.report.id, "Додайте акт"),
        return_exceptions=True,
    )
    refusals = [r for r in results if isinstance(r, Refused)]
    assert [r.reason for r in refusals] == [Reason.REVIEW_DECIDED]
    async with desk.db.locked() as conn:
        reviews = (await reviews_of(conn, [desk.report.id]))[desk.report.id]
    assert len(reviews) == 1


@pytest.mark.parametrize("order", list(itertools.permutations(("confirm", "accept", "return"))))
async def test_a_confirmation_and_two_decisions_on_the_same_report_at_once(
    seed: Seed,  # noqa: F811
    order: tuple[str, ...],
) -> None:
    """The executor confirms a correction of 3.7 while one coordinator accepts and another returns (from the
    chat and from the Mini App) the revision it corrects, all at once, in every order: each is one transaction;
    the first decision holds and the second is refused as decided, or both are refused once the correction is in;
    the correction is never lost and waits for review, noted as one after a return."""
    await open_37(seed)
    await to_review(seed)
    await confirm(seed)
    async with seed.db.locked() as conn:
        first, _, _ = await current_state(conn, seed.measures["3.7"], seed.uk, YEAR)
    assert first is not None
    await open_37(seed)
    await to_review(seed)
    other = Actor(501, "Інший координатор", administrator=True)
    steps = {
        "confirm": lambda: confirm(seed),
        "accept": lambda: accept(seed.db, seed.coordinator, first.id),
        "return": lambda: return_at_once(seed.db, other, first.id, "Додайте акт"),
    }
    results = dict(
        zip(order, await asyncio.gather(*(steps[s]() for s in order), return_exceptions=True), strict=True)
    )
    assert isinstance(results["confirm"], Submitted)
    decisions = [results["accept"], results["return"]]
    assert all(
        isinstance(d, Decided) or (isinstance(d, Refused) and d.reason is Reason.REVIEW_DECIDED)
        for d in decisions
    )
    async with seed.db.locked() as conn:
        newest, state, _ = await current_state(conn, seed.measures["3.7"], seed.uk, YEAR)
        reviews = (await reviews_of(conn, [first.id])).get(first.id, [])
        noted = [s.id for s in await untold_resubmissions(conn)]
    assert newest is not None and newest.id == results["confirm"].saved.id and state is ReviewState.SUBMITTED
    assert len(reviews) == sum(isinstance(d, Decided) for d in decisions) <= 1
    assert noted == ([newest.id] if reviews and reviews[0].state is ReviewState.RETURNED else [])


async def test_a_year_locked_as_the_executor_confirms_saves_all_or_nothing(seed: Seed) -> None:  # noqa: F811
    """/lock 2023 and «Підтвердити» at the same moment: the report is saved before the lock, or refused after it
    with the draft kept for when the year is unlocked; never half."""
    await open_37(seed)
    await to_review(seed)
    async with seed.db.locked() as conn:
        program = await get_program(conn, seed.program_id)
    assert program is not None
    saved, locked = await asyncio.gather(
        confirm(seed), lock_year(seed.db, seed.coordinator, program, YEAR), return_exceptions=True
    )
    assert not isinstance(locked, BaseException)
    if isinstance(saved, Refused):
        assert saved.reason is Reason.PERIOD_CLOSED
        assert await seed.submissions() == []
        async with seed.db.locked() as conn:
            assert await get_draft(conn, OLENA, seed.measures["3.7"], seed.uk, YEAR) is not None
    else:
        assert isinstance(saved, Submitted) and len(await seed.submissions()) == 1
