"""Who may do what, in one table: every command and every kind of button, for every role, run in full, on a
database with two programs (A, the seed, and B, «безпечна громада», sharing their departments, and one department
working in B only).

The roles: a stranger; two members (УК, ДСП: departments of both programs); a coordinator of program A; an
observer; an administrator (from the settings). Each row runs on A, or on B («on B»): a coordinator of A is refused
every command and button of B, an observer every change (with the catalog's read-only words), and a refusal
changes nothing in the database (dumped before and after)."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import pytest_asyncio

from actions.refusals import Reason, Refused
from bot import app as app_module
from bot import callbacks
from bot.app import KNOWN_COMMANDS, MEMBER_COMMANDS, build_application
from bot.handlers import coordinator as coordinator_module
from bot.handlers import report as report_module
from bot.handlers import status as status_module
from bot.handlers.coordinator import COMMANDS as PROGRAM_COMMANDS
from bot.handlers.coordinator import coordinators_only
from bot.handlers.gate import forget_role
from bot.menus import READER_COMMANDS
from l10n import t
from storage.db import connect, utcnow
from storage.indicators import add_indicator_fact, add_indicators
from storage.members import add_membership, create_invite, remove_membership, touch_user
from storage.models import IndicatorKind, NewIndicator, NewSubmission, PeriodStatus, Source
from storage.periods import set_period
from storage.programs import list_departments, list_programs
from storage.roles import RoleKind, create_role_link, grant_role
from storage.submissions import add_submission
from tests.botkit import COORDINATOR_ID, YEAR, World, running, settings_for
from tests.dbkit import dump
from tests.fakeapi import FakeBotApi, FakeUser
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401 - the fake_api fixture
from tests.twoprograms import FIRST_LABEL, SECOND_LABEL, measure_ids, prepare_two_programs

COORDINATOR_A = 600  # coordinates program A only
OBSERVER = 700
ONLY_B_MEMBER = 1003  # a member of the department that works in program B only

DENIALS = (
    "потрібне запрошення",
    "лише координаторам",
    "Немає доступу",
    "зміни більше не приймаються",
    "Ця кнопка вже не діє",
    "Нагадування надходять лише працівникам",
    "імпорт уже не актуальний",
    "лише переглядати",
    "лише адміністратор",
    "у чаті його не відкликати",
    "лише адміністраторам і спостерігачам",
    "немає в довіднику",
    "не можна об'єднати",
)
# What anyone but a coordinator is told for every coordinators' and readers' command and button: the same words.
NOT_COORDINATOR = t("not-coordinator")
# What an observer is told for every change: the catalog's read-only words.
READ_ONLY = t("refused-read-only", front="chat")
# The buttons anyone may press (the actions decide), and those of people who read a program; every other kind is
# the coordinators'. The commands of each: MEMBER_COMMANDS, READER_COMMANDS, the rest.
EVERYONES_BUTTONS = {"open", "page", "q", "mute", "iop", "iq"}
READERS_BUTTONS = {"std", "rf", "prog", "cty", "ctp", "cho"}
ROLES = ("stranger", "member_a", "member_b", "coordinator_a", "observer", "administrator")
ACTOR_IDS = {
    "stranger": 3001,
    "member_a": 1001,
    "member_b": 1002,
    "coordinator_a": COORDINATOR_A,
    "observer": OBSERVER,
    "administrator": COORDINATOR_ID,
}


@dataclass(frozen=True)
class Action:
    name: str
    command: str | None = None
    # callback data with {a}, {b} (the programs), {uk}, {dsp}, {only_b} (departments), {m_uk}, {m_dsp} (A's
    # measures), {m_uk_b} (B's), {year}, {invite} (УК's), {invite_b} (only_b's), {sub_a}, {sub_b} (a report
    # waiting for review in A, B), {role_a} (the coordinator of A's role), {role_admin}, {role_link} filled in
    button: str | None = None
    program: str = "a"  # a command's program: with several to choose from, this one is chosen
    lock_first: bool = False
    # A document sent after pressing ``button`` (the measure it opens, if the actor may): allowed means
    # the file was kept as that measure's evidence. ``leave_first``: the actor leaves department uk
    # between opening the measure and sending the file.
    file: bool = False
    leave_first: bool = False


A, D = True, False  # allowed, denied
R = (D, D, D, A, A, A)  # reads program A: its coordinator, an observer, an administrator
RB = (D, D, D, D, A, A)  # reads program B
C = (D, D, D, A, D, A)  # changes program A: its coordinator, an administrator
CB = (D, D, D, D, D, A)  # changes program B; or the city's: an administrator only
NOBODY = (D,) * 6
TABLE: list[tuple[Action, tuple[bool, bool, bool, bool, bool, bool]]] = [
    # action                                                   stranger member_a member_b coord_A observer admin
    (Action("/start", "/start"), (D, A, A, A, A, A)),
    (Action("/help", "/help"), (D, A, A, A, A, A)),
    (Action("/cancel", "/cancel"), (D, A, A, A, A, A)),
    (Action("/report", "/report 2023"), R),
    (Action("/report on B", "/report 2023", program="b"), RB),
    (Action("/status", "/status 2023"), R),
    (Action("/status on B", "/status 2023", program="b"), RB),
    (Action("/open", "/open 2024 20.01.2025"), C),
    (Action("/open on B", "/open 2024 20.01.2025", program="b"), CB),
    (Action("/lock", "/lock 2023"), C),
    (Action("/lock on B", "/lock 2023", program="b"), CB),
    (Action("/unlock", "/unlock 2023"), C),
    (Action("/unlock on B", "/unlock 2023", program="b"), CB),
    (Action("/history", "/history 4.4"), R),
    (Action("/history on B", "/history 4.4", program="b"), RB),
    (Action("/edit", "/edit 4.4"), C),
    (Action("/edit on B", "/edit 4.4", program="b"), CB),
    (Action("/invite", "/invite"), C),
    (Action("/members", "/members"), C),
    (Action("/plan", "/plan 2023"), C),
    (Action("/plan on B", "/plan 2023", program="b"), CB),
    (Action("/plan one value", "/plan 2023 4.4 12,5"), C),
    (Action("/plan one value on B", "/plan 2023 4.4 12,5", program="b"), CB),
    (Action("/plan an indicator's value", "/plan 2023 показник 1 5"), C),
    (Action("/plan an indicator's value on B", "/plan 2023 показник 1 5", program="b"), CB),
    (Action("/interim", "/interim"), C),
    (Action("/interim on B", "/interim off", program="b"), CB),
    (Action("/review", "/review 2023"), C),
    (Action("/review on B", "/review 2023", program="b"), CB),
    (Action("/files", "/files 2023"), R),
    (Action("/files on B", "/files 2023", program="b"), RB),
    (Action("/files of one measure", "/files 2023 4.4"), R),
    (Action("/files of one measure on B", "/files 2023 4.4", program="b"), RB),
    (Action("/mute", "/mute"), (D, A, A, D, D, D)),
    (Action("/appoint", "/appoint"), CB),
    (Action("open own measure", button="open:{m_uk}:{uk}:{year}"), (D, A, D, A, D, A)),
    (Action("open own measure of B", button="open:{m_uk_b}:{uk}:{year}"), (D, A, D, D, D, A)),
    (Action("open other's measure", button="open:{m_dsp}:{dsp}:{year}"), (D, D, A, A, D, A)),
    (Action("open measure as wrong department", button="open:{m_dsp}:{uk}:{year}"), NOBODY),
    (Action("open in a locked year", button="open:{m_uk}:{uk}:{year}", lock_first=True), C),
    (Action("open in a year never opened", button="open:{m_uk}:{uk}:2022"), NOBODY),
    (Action("list page", button="page:{uk}:0"), (D, A, D, D, D, D)),
    (Action("forged step of a measure", button="q:{m_uk}:{uk}:review:confirm"), NOBODY),
    (Action("invite button", button="inv:{uk}"), C),
    (Action("invite a department of B only", button="inv:{only_b}"), CB),
    (Action("members button", button="mem:{uk}"), C),
    (Action("members of a department of B only", button="mem:{only_b}"), CB),
    (Action("remove member", button="rmm:{uk}:1001"), C),
    (Action("remove a member of a department of B only", button=f"rmm:{{only_b}}:{ONLY_B_MEMBER}"), CB),
    (Action("revoke invite", button="rvi:{invite}"), C),
    (Action("revoke an invite of a department of B only", button="rvi:{invite_b}"), CB),
    (Action("revoke an invite that is not", button="rvi:999999"), NOBODY),
    (Action("remind button", button="rem:{a}:{year}:{uk}"), C),
    (Action("remind button of B", button="rem:{b}:{year}:{uk}"), CB),
    (Action("a department's /status details", button="std:{a}:{year}:{uk}"), R),
    (Action("a department's /status details of B", button="std:{b}:{year}:{uk}"), RB),
    (Action("details of a department not in the year", button="std:{a}:{year}:999999"), NOBODY),
    (Action("details of a program that is not", button="std:99:{year}:{uk}"), NOBODY),
    (Action("invite from /status", button="sti:{a}:{year}"), C),
    (Action("invite from /status of B", button="sti:{b}:{year}"), CB),
    (Action("invite from /status of a program that is not", button="sti:99:{year}"), NOBODY),
    (Action("interim preset", button="int:{a}:off"), C),
    (Action("interim preset of B", button="int:{b}:off"), CB),
    (Action("report in another format", button="rf:{a}:docx:{year}:"), R),
    (Action("report of B in another format", button="rf:{b}:docx:{year}:"), RB),
    (Action("report of a program that is not", button="rf:99:pdf:{year}:"), NOBODY),
    (Action("malformed report format button", button="rf:{a}:odt"), NOBODY),
    (Action("choose a program with no command waiting", button="prog:{a}"), NOBODY),
    (Action("a chooser's page with no chooser waiting", button="cho:page:1:0"), NOBODY),
    (Action("apply an import that is not", button="imp:apply:abcdefgh"), NOBODY),
    (Action("apply an indicator's plan", button="ipl:a:{a}:{year}:1:-:5"), C),
    (Action("apply an indicator's plan of B", button="ipl:a:{b}:{year}:1:-:5"), CB),
    (Action("cancel an indicator's plan", button="ipl:c:{a}:{year}:1:-:5"), C),
    (Action("mute button", button="mute:off"), (D, A, A, D, D, D)),
    (Action("accept a report", button="rv:acc:{sub_a}"), C),
    (Action("accept a report of B", button="rv:acc:{sub_b}"), CB),
    (Action("return a report", button="rv:ret:{sub_a}"), C),
    (Action("return a report of B", button="rv:ret:{sub_b}"), CB),
    (Action("accept a department's reports", button="rva:{a}:{year}:{uk}:99999999999999"), C),
    (Action("accept a department's reports of B", button="rva:{b}:{year}:{uk}:99999999999999"), CB),
    (Action("review from /status", button="rvo:{a}:{year}"), C),
    (Action("review from /status of B", button="rvo:{b}:{year}"), CB),
    (Action("review a program that is not", button="rvo:99:{year}"), NOBODY),
    (Action("forged review decision", button="rv:del:1"), NOBODY),
    (Action("open own indicator", button="iop:{ind_a}:{year}"), (D, A, D, A, D, A)),
    (Action("open an indicator that is not", button="iop:999999:{year}"), NOBODY),
    (Action("forged step of an indicator", button="iq:{ind_a}:{year}:review:confirm"), NOBODY),
    (Action("accept an indicator's fact", button="irv:acc:{fact_a}"), C),
    (Action("return an indicator's fact", button="irv:ret:{fact_a}"), C),
    (Action("forged decision on an indicator's fact", button="irv:del:1"), NOBODY),
    (Action("appoint: the programs", button="apt:programs:0"), CB),
    (Action("appoint: a coordinator of B", button="apt:coordinator:{b}"), CB),
    (Action("appoint: an observer", button="apt:observer:0"), CB),
    (Action("appoint: a coordinator of a program that is not", button="apt:coordinator:99"), NOBODY),
    (Action("revoke a coordinator's role", button="rvr:{role_a}"), CB),
    (Action("revoke the settings' administrator", button="rvr:{role_admin}"), NOBODY),
    (Action("revoke a role that is not", button="rvr:999999"), NOBODY),
    (Action("revoke a role link", button="rvl:{role_link}"), CB),
    (Action("revoke a role link that is not", button="rvl:999999"), NOBODY),
    (Action("/departments", "/departments"), CB),
    (Action("directory page", button="dir:list:0"), CB),
    (Action("directory sheet", button="dir:sheet:0"), CB),
    (Action("a department's card", button="dpc:{uk}"), CB),
    (Action("the card of a department that is not", button="dpc:999999"), NOBODY),
    (Action("rename a department", button="dpr:{uk}"), CB),
    (Action("rename a department that is not", button="dpr:999999"), NOBODY),
    (Action("merge targets", button="dpm:{uk}:0"), CB),
    (Action("merge targets of a department that is not", button="dpm:999999:0"), NOBODY),
    (Action("ask to merge", button="dpq:{dsp}:{uk}"), CB),
    (Action("merge", button="dpx:{dsp}:{uk}"), CB),
    (Action("merge a department with itself", button="dpx:{uk}:{uk}"), NOBODY),
    (Action("merge a department that is not", button="dpx:{dsp}:999999"), NOBODY),
    (Action("/city", "/city"), RB),
    (Action("/report of every program", "/report 2023 all"), RB),
    (Action("a page of the city", button="cty:0:0"), RB),
    (Action("a program of the city", button="ctp:{a}:{year}"), R),
    (Action("a program of the city: B", button="ctp:{b}:{year}"), RB),
    (Action("a program of the city that is not", button="ctp:99:{year}"), NOBODY),
    (Action("file to own measure", button="open:{m_uk}:{uk}:{year}", file=True), (D, A, D, A, D, A)),
    (Action("file to own measure of B", button="open:{m_uk_b}:{uk}:{year}", file=True), (D, A, D, D, D, A)),
    (Action("file to other's measure", button="open:{m_dsp}:{dsp}:{year}", file=True), (D, D, A, A, D, A)),
    (
        Action(
            "file after leaving the department", button="open:{m_uk}:{uk}:{year}", file=True, leave_first=True
        ),
        C,
    ),
    (Action("file with no measure open", button="page:{uk}:0", file=True), NOBODY),
    (Action("file in a locked year", button="open:{m_uk}:{uk}:{year}", file=True, lock_first=True), C),
]
CASES = [
    pytest.param(action, role, expected[i], id=f"{action.name}-{role}")
    for action, expected in TABLE
    for i, role in enumerate(ROLES)
]


async def _prepare(path: Path) -> None:
    """Both programs, 2023 open; the members; a coordinator of A and an observer (granted by the administrator);
    a department working in B only, with a member and an invite; a report of УК waiting for review in each
    program; an invite of УК; an observer's role link."""
    await prepare_two_programs(path)
    db = await connect(path)
    try:
        async with db.transaction() as conn:
            programs = await list_programs(conn)
            a = next(p.id for p in programs if SECOND_LABEL not in p.name)
            b = next(p.id for p in programs if SECOND_LABEL in p.name)
            [(only_b,)] = await conn.execute_fetchall(
                "INSERT INTO departments (code, name, short_name) VALUES ('only_b', 'Лише програми Б', 'ЛПБ')"
                " RETURNING id"
            )
            [(measure_b,)] = await conn.execute_fetchall(
                "SELECT id FROM measures WHERE program_id = ? ORDER BY id LIMIT 1", (b,)
            )
            await conn.execute(
                "INSERT INTO measure_departments (measure_id, department_id, is_lead, position) VALUES (?, ?, 0, 9)",
                (measure_b, only_b),
            )
            departments = {d.code: d.id for d in await list_departments(conn)}
            for user_id, name, code in (
                (1001, "Олена", "uk"),
                (1002, "Петро", "dsp"),
                (ONLY_B_MEMBER, "Оксана", "only_b"),
            ):
                await touch_user(conn, user_id, name, None)
                await add_membership(conn, user_id, departments[code])
            await touch_user(conn, COORDINATOR_A, "Координатор А", None)
            await touch_user(conn, OBSERVER, "Спостерігачка", None)
            await grant_role(conn, COORDINATOR_A, RoleKind.COORDINATOR, a, granted_by=COORDINATOR_ID)
            await grant_role(conn, OBSERVER, RoleKind.OBSERVER, granted_by=COORDINATOR_ID)
            await create_role_link(conn, RoleKind.OBSERVER, None, COORDINATOR_ID, dt.timedelta(days=1))
            for department in ("uk", "only_b"):
                await create_invite(conn, departments[department], COORDINATOR_ID, dt.timedelta(days=1))
        for program, number in ((FIRST_LABEL, "3.10"), (SECOND_LABEL, "3.7")):
            measure = (await measure_ids(db, program))[number]
            async with db.transaction() as conn:
                await add_submission(
                    conn,
                    NewSubmission(
                        measure_id=measure,
                        department_id=departments["uk"],
                        year=YEAR,
                        info="Зроблено",
                        author_id=1001,
                        author_name="Олена",
                        source=Source.BOT,
                    ),
                )
        # A result indicator of A that УК reports, its fact waiting for review.
        async with db.transaction() as conn:
            [indicator] = await add_indicators(
                conn,
                [
                    NewIndicator(
                        program_id=a,
                        number=1,
                        kind=IndicatorKind.PRODUCT,
                        name="Кількість заходів",
                        unit="од.",
                        department_id=departments["uk"],
                    )
                ],
            )
            await add_indicator_fact(
                conn, indicator.id, YEAR, Decimal(5), None, user_id=1001, source=Source.BOT, at=utcnow()
            )
    finally:
        await db.close()


@pytest.fixture(name="template", scope="module")
def template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The prepared database, made once: each case runs on a copy."""
    path = tmp_path_factory.mktemp("roles") / "template.sqlite3"
    asyncio.run(_prepare(path))
    return path


@pytest_asyncio.fixture(name="world")
async def world_fixture(tmp_path: Path, fake_api: FakeBotApi, template: Path) -> AsyncIterator[World]:
    db_path = tmp_path / "bot.sqlite3"
    shutil.copy(template, db_path)
    settings = settings_for(fake_api, db_path)
    app = build_application(settings)
    async with running(app):
        yield World(fake_api, db_path, settings, app)


async def _ids(world: World) -> dict[str, object]:
    async with world.db.locked() as conn:
        programs = await list_programs(conn)
        departments = {d.code: d.id for d in await list_departments(conn)}
        invites = dict(
            await conn.execute_fetchall("SELECT department_id, id FROM invites ORDER BY id")  # type: ignore[arg-type]
        )
        submissions = [r[0] for r in await conn.execute_fetchall("SELECT id FROM submissions ORDER BY id")]
        [(role_a,)] = await conn.execute_fetchall("SELECT id FROM roles WHERE user_id = ?", (COORDINATOR_A,))
        [(role_admin,)] = await conn.execute_fetchall("SELECT id FROM roles WHERE kind = 'administrator'")
        [(role_link,)] = await conn.execute_fetchall("SELECT id FROM role_links")
        [(ind_a, fact_a)] = await conn.execute_fetchall("SELECT indicator_id, id FROM indicator_facts")
    a = next(p.id for p in programs if SECOND_LABEL not in p.name)
    b = next(p.id for p in programs if SECOND_LABEL in p.name)
    measures_a, measures_b = (
        await measure_ids(world.db, FIRST_LABEL),
        await measure_ids(world.db, SECOND_LABEL),
    )
    return {
        "a": a,
        "b": b,
        "uk": departments["uk"],
        "dsp": departments["dsp"],
        "only_b": departments["only_b"],
        "m_uk": measures_a["3.10"],
        "m_dsp": measures_a["3.11"],
        "m_uk_b": measures_b["3.7"],
        "year": YEAR,
        "invite": invites[departments["uk"]],
        "invite_b": invites[departments["only_b"]],
        "sub_a": submissions[-2],
        "sub_b": submissions[-1],
        "role_a": role_a,
        "role_admin": role_admin,
        "role_link": role_link,
        "ind_a": ind_a,
        "fact_a": fact_a,
    }


def _text(message: object) -> str:
    return getattr(message, "text", None) or getattr(message, "caption", None) or ""


async def _settled(actor: FakeUser) -> None:
    """Whatever the last update made the bot do is done: one person's updates are handled in order, so the
    answer to a /help sent now comes after it (the help, or a stranger's words)."""
    await actor.send("/help")
    while True:
        text = _text(await actor.next_message())
        if "Як звітувати" in text or "потрібне запрошення" in text:
            return


async def _pressed(world: World, actor: FakeUser, data: str, message: object) -> tuple[str, dict]:
    query = await actor.press_data(data, message=message)  # type: ignore[arg-type]
    answer = await world.fake.wait_answered(query)
    reply = answer.get("text") or ""
    if not reply:
        reply = _text(await actor.next_message())
    return reply, answer


@pytest.mark.parametrize(("action", "role", "allowed"), CASES)
async def test_role_table(world: World, action: Action, role: str, allowed: bool) -> None:
    actor = world.user(ACTOR_IDS[role], role)
    ids = await _ids(world)
    if action.lock_first:
        async with world.db.transaction() as conn:
            await set_period(conn, int(ids["a"]), YEAR, PeriodStatus.LOCKED)  # type: ignore[call-overload]
    await _settled(actor)  # a message of the bot's to press a button on; the first update's writes done
    before = dump(world.db_path)
    answer: dict = {}
    if action.command:
        await actor.send(action.command)
        message = await actor.next_message()
        reply = _text(message)
        if (
            "Програми громади" in reply
        ):  # /status of one who reads every program: the city, a program's button
            program = ids["a"] if action.program == "a" else ids["b"]
            reply, answer = await _pressed(world, actor, f"ctp:{program}:{YEAR}", message)
        elif "Для якої програми" in reply:  # several programs it may use: the row's one is chosen
            label = FIRST_LABEL if action.program == "a" else SECOND_LABEL
            query = await actor.press(label, message=message)
            answer = await world.fake.wait_answered(query)
            reply = answer.get("text") or _text(await actor.next_message())
        elif action.program == "b" and not any(marker in reply for marker in DENIALS):
            # One program only (a coordinator of A): the command ran on A. Program B is out of their reach: a
            # choice of it, were one waiting (asked while they coordinated both, revoked meanwhile), is refused.
            assert role == "coordinator_a", f"{role} {action.name}: {reply!r}"
            await _settled(actor)
            before = dump(world.db_path)
            name = action.command.split()[0][1:]
            world.app.user_data[actor.id]["pending_command"] = (name, action.command.split()[1:])
            reply, answer = await _pressed(world, actor, f"prog:{ids['b']}", actor.history[-1])
    else:
        assert action.button is not None
        data = action.button.format(**ids)
        actor.drain()
        reply, answer = await _pressed(world, actor, data, actor.history[-1])
    if action.file:
        await _send_file(world, actor, action, allowed)
        return
    denied = any(marker in reply for marker in DENIALS)
    assert denied != allowed, f"{role} {action.name}: {reply!r}"
    await _settled(actor)
    if denied or role == "observer":  # a refusal changes nothing; an observer changes nothing at all
        assert dump(world.db_path) == before, f"{role} {action.name}: the database changed"
    if role in ("member_a", "member_b") and _kind(action) != "everyone":
        # One refusal for every coordinators' and readers' command and button, word for word (a button's as an
        # alert).
        assert reply == NOT_COORDINATOR, f"{role} {action.name}: {reply!r}"
        assert action.command or answer.get("show_alert"), f"{role} {action.name}: {answer!r}"
    if role == "observer" and _kind(action) == "coordinators":
        assert reply == READ_ONLY, f"{role} {action.name}: {reply!r}"
        assert action.command or answer.get("show_alert"), f"{role} {action.name}: {answer!r}"


def _kind(action: Action) -> str:
    """Whose the command or button is: everyone's (the actions decide), the readers' or the coordinators'."""
    if action.command:
        name = action.command.split()[0][1:]
        return (
            "everyone"
            if name in MEMBER_COMMANDS
            else "readers"
            if name in READER_COMMANDS
            else "coordinators"
        )
    assert action.button is not None
    prefix = action.button.split(":")[0]
    return (
        "everyone"
        if prefix in EVERYONES_BUTTONS
        else "readers"
        if prefix in READERS_BUTTONS
        else "coordinators"
    )


async def _evidence_count(world: World) -> int:
    async with world.db.locked() as conn:
        [(count,)] = await conn.execute_fetchall("SELECT COUNT(*) FROM evidence_files")
    return int(count)


async def _send_file(world: World, actor: FakeUser, action: Action, allowed: bool) -> None:
    if action.leave_first:
        uk = await world.department_id("uk")
        async with world.db.transaction() as conn:
            await remove_membership(conn, actor.id, uk)
        forget_role(world.app.bot_data, actor.id)
    actor.drain()
    await actor.send_document("акт.pdf", b"%PDF-1.4 evidence", mime_type="application/pdf")
    reply = await actor.next_message()
    kept = await _evidence_count(world)
    assert ("додано до заходу" in reply.text) == allowed == (kept == 1), f"{action.name}: {reply.text!r}"
    if not allowed:
        assert kept == 0 and "додано" not in reply.text


def test_every_command_and_kind_of_button_has_a_row() -> None:
    commands = {a.command.split()[0][1:] for a, _ in TABLE if a.command}
    prefixes = {a.button.split(":")[0] for a, _ in TABLE if a.button}
    assert commands == set(KNOWN_COMMANDS)
    assert prefixes == {kind.prefix for kind in callbacks.KINDS}
    # The coordinators' and the readers' kinds are the ones declared so; no executor may press one.
    assert {kind.prefix for kind in callbacks.KINDS if kind.readers} == READERS_BUTTONS
    assert {kind.prefix for kind in callbacks.KINDS if kind.coordinators} == (
        prefixes - EVERYONES_BUTTONS - READERS_BUTTONS
    )
    for action, expected in TABLE:
        if _kind(action) != "everyone":
            assert expected[:3] == (D, D, D), action.name
        if _kind(action) == "coordinators":  # an observer changes nothing
            assert not expected[4], action.name


def test_every_program_command_and_button_has_a_row_on_the_other_program() -> None:
    """A coordinator of A meets B wherever a program can be named: a command's choice, a button's data."""
    on_b = {a.command.split()[0][1:] for a, _ in TABLE if a.command and a.program == "b"}
    assert on_b == set(PROGRAM_COMMANDS)
    with_program = {
        kind.prefix for kind in callbacks.KINDS if "program_id" in getattr(kind, "__dataclass_fields__", {})
    }
    b_buttons = {a.button.split(":")[0] for a, _ in TABLE if a.button and "{b}" in a.button}
    assert (
        with_program - {"prog", "apt"} <= b_buttons
    )  # prog: the commands' rows; apt: an administrator's only
    only_b = {
        a.button.split(":")[0]
        for a, _ in TABLE
        if a.button and ("only_b}" in a.button or "invite_b}" in a.button)
    }
    assert {"inv", "mem", "rmm", "rvi"} <= only_b  # a department's buttons: one of a department of B only
    for action, expected in TABLE:
        if action.program == "b" or any(
            f"{name}}}" in (action.button or "") for name in ("{b", "only_b", "invite_b")
        ):
            assert not expected[3], f"a coordinator of A: {action.name}"


def test_every_command_and_button_kind_of_the_review_loop_has_a_row() -> None:
    commands = {a.command.split()[0] for a, _ in TABLE if a.command}
    prefixes = {a.button.split(":")[0] for a, _ in TABLE if a.button}
    assert {"/review", "/files"} <= commands
    review_kinds = {
        callbacks.ReviewDecision,
        callbacks.ReviewAcceptAll,
        callbacks.ReviewOpen,
        callbacks.ReportFile,
    }
    assert {k.prefix for k in review_kinds} <= prefixes
    assert any(a.file for a, _ in TABLE), "attaching evidence files has no row"
    # The review buttons are the coordinator's only: no executor may forge one.
    for action, expected in TABLE:
        if action.button and action.button.split(":")[0] in {k.prefix for k in review_kinds}:
            assert expected[:3] == (D, D, D), action.name


async def _a_handler_of_its_own(update: object, context: object) -> None:
    """Checks the role its own way (as the report-format button once did): not allowed."""


@pytest.mark.parametrize("unguarded", ["button", "command", "reading button", "reading command"])
def test_the_bot_refuses_to_start_with_a_handler_not_in_its_guard(
    tmp_path: Path, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch, unguarded: str
) -> None:
    handlers = app_module.button_handlers()
    if unguarded == "button":
        handlers[callbacks.InterimPreset] = _a_handler_of_its_own
        monkeypatch.setattr(app_module, "button_handlers", lambda: handlers)
        expected = "int"
    elif unguarded == "command":
        monkeypatch.setattr(app_module.periods, "open_year", _a_handler_of_its_own)
        expected = "/open"
    elif unguarded == "reading button":  # kept from observers, who may read it: the wrong guard
        handlers[callbacks.ReportFile] = coordinators_only(_a_handler_of_its_own)
        monkeypatch.setattr(app_module, "button_handlers", lambda: handlers)
        expected = "rf"
    else:
        monkeypatch.setattr(report_module, "report", coordinators_only(_a_handler_of_its_own))
        expected = "/report"
    with pytest.raises(RuntimeError, match=expected):
        app_module.build_application(settings_for(fake_api, tmp_path / "bot.sqlite3"))


def test_reading_handlers_are_in_readers_only() -> None:
    """The guards' marks as the start-up check reads them (a sanity check of the check)."""
    assert coordinator_module.guard_of(status_module.status) == coordinator_module.READERS
    assert coordinator_module.guard_of(status_module.remind_department) == coordinator_module.COORDINATORS
    assert coordinator_module.guard_of(_a_handler_of_its_own) is None
    assert Refused(Reason.READ_ONLY).message_id == "refused-read-only"
