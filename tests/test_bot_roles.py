"""Who may do what, in one table: every command and every kind of button, for every role, run in full."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import app as app_module
from bot import callbacks
from bot.app import KNOWN_COMMANDS, MEMBER_COMMANDS
from bot.handlers import report as report_module
from bot.handlers.gate import forget_role
from l10n import t
from storage.members import create_invite, remove_membership
from storage.models import PeriodStatus
from storage.periods import set_period
from tests.botkit import COORDINATOR_ID, YEAR, World, fake_api_fixture, settings_for, world_fixture  # noqa: F401
from tests.fakeapi import FakeBotApi, FakeUser

DENIALS = (
    "потрібне запрошення",
    "лише координаторам",
    "Немає доступу",
    "зміни більше не приймаються",
    "Ця кнопка вже не діє",
    "Нагадування надходять лише працівникам",
    "імпорт уже не актуальний",
    "немає в довіднику",
    "не можна об'єднати",
)
# What anyone but a coordinator is told for every coordinators' command and button: the same words.
NOT_COORDINATOR = t("not-coordinator")
# The buttons that are not the coordinators' only (every other kind is); the commands are MEMBER_COMMANDS.
EVERYONES_BUTTONS = {"open", "page", "q", "mute"}
ROLES = ("stranger", "member_a", "member_b", "coordinator")


@dataclass(frozen=True)
class Action:
    name: str
    command: str | None = None
    button: str | None = None  # callback data with {uk}, {dsp}, {m_uk}, {m_dsp}, {year} filled in
    lock_first: bool = False
    # A document sent after pressing ``button`` (the measure it opens, if the actor may): allowed means
    # the file was kept as that measure's evidence. ``leave_first``: the actor leaves department uk
    # between opening the measure and sending the file.
    file: bool = False
    leave_first: bool = False


A, D = True, False  # allowed, denied
TABLE: list[tuple[Action, tuple[bool, bool, bool, bool]]] = [
    # action                                                        stranger member_a member_b coordinator
    (Action("/start", "/start"), (D, A, A, A)),
    (Action("/help", "/help"), (D, A, A, A)),
    (Action("/cancel", "/cancel"), (D, A, A, A)),
    (Action("/report", "/report 2023"), (D, D, D, A)),
    (Action("/status", "/status 2023"), (D, D, D, A)),
    (Action("/open", "/open 2024 20.01.2025"), (D, D, D, A)),
    (Action("/lock", "/lock 2023"), (D, D, D, A)),
    (Action("/unlock", "/unlock 2023"), (D, D, D, A)),
    (Action("/history", "/history 4.4"), (D, D, D, A)),
    (Action("/edit", "/edit 4.4"), (D, D, D, A)),
    (Action("/invite", "/invite"), (D, D, D, A)),
    (Action("/members", "/members"), (D, D, D, A)),
    (Action("/plan", "/plan 2023"), (D, D, D, A)),
    (Action("/plan one value", "/plan 2023 4.4 12,5"), (D, D, D, A)),
    (Action("/interim", "/interim"), (D, D, D, A)),
    (Action("/review", "/review 2023"), (D, D, D, A)),
    (Action("/files", "/files 2023"), (D, D, D, A)),
    (Action("/files of one measure", "/files 2023 4.4"), (D, D, D, A)),
    (Action("/departments", "/departments"), (D, D, D, A)),
    (Action("/city", "/city"), (D, D, D, A)),
    (Action("/report of every program", "/report 2023 all"), (D, D, D, A)),
    (Action("/mute", "/mute"), (D, A, A, D)),
    (Action("open own measure", button="open:{m_uk}:{uk}:{year}"), (D, A, D, A)),
    (Action("open other's measure", button="open:{m_dsp}:{dsp}:{year}"), (D, D, A, A)),
    (Action("open measure as wrong department", button="open:{m_dsp}:{uk}:{year}"), (D, D, D, D)),
    (Action("open in a locked year", button="open:{m_uk}:{uk}:{year}", lock_first=True), (D, D, D, A)),
    (Action("open in a year never opened", button="open:{m_uk}:{uk}:2022"), (D, D, D, D)),
    (Action("list page", button="page:{uk}:0"), (D, A, D, D)),
    (Action("forged step of a measure", button="q:{m_uk}:{uk}:review:confirm"), (D, D, D, D)),
    (Action("invite button", button="inv:{uk}"), (D, D, D, A)),
    (Action("members button", button="mem:{uk}"), (D, D, D, A)),
    (Action("remove member", button="rmm:{uk}:1001"), (D, D, D, A)),
    (Action("revoke invite", button="rvi:{invite}"), (D, D, D, A)),
    (Action("revoke an invite that is not", button="rvi:999999"), (D, D, D, D)),
    (Action("remind button", button="rem:1:{year}:{uk}"), (D, D, D, A)),
    (Action("a department's /status details", button="std:1:{year}:{uk}"), (D, D, D, A)),
    (Action("details of a department not in the year", button="std:1:{year}:999999"), (D, D, D, D)),
    (Action("details of a program that is not", button="std:99:{year}:{uk}"), (D, D, D, D)),
    (Action("invite from /status", button="sti:1:{year}"), (D, D, D, A)),
    (Action("invite from /status of a program that is not", button="sti:99:{year}"), (D, D, D, D)),
    (Action("interim preset", button="int:1:off"), (D, D, D, A)),
    (Action("report in another format", button="rf:1:docx:{year}:"), (D, D, D, A)),
    (Action("report of a program that is not", button="rf:99:pdf:{year}:"), (D, D, D, D)),
    (Action("malformed report format button", button="rf:1:odt"), (D, D, D, D)),
    (Action("choose a program with no command waiting", button="prog:1"), (D, D, D, D)),
    (Action("apply an import that is not", button="imp:apply:abcdefgh"), (D, D, D, D)),
    (Action("mute button", button="mute:off"), (D, A, A, D)),
    (Action("accept a report", button="rv:acc:1"), (D, D, D, A)),
    (Action("return a report", button="rv:ret:1"), (D, D, D, A)),
    (Action("accept a department's reports", button="rva:1:{year}:{uk}"), (D, D, D, A)),
    (Action("review from /status", button="rvo:1:{year}"), (D, D, D, A)),
    (Action("review a program that is not", button="rvo:99:{year}"), (D, D, D, D)),
    (Action("forged review decision", button="rv:del:1"), (D, D, D, D)),
    (Action("directory page", button="dir:list:0"), (D, D, D, A)),
    (Action("directory sheet", button="dir:sheet:0"), (D, D, D, A)),
    (Action("a department's card", button="dpc:{uk}"), (D, D, D, A)),
    (Action("the card of a department that is not", button="dpc:999999"), (D, D, D, D)),
    (Action("rename a department", button="dpr:{uk}"), (D, D, D, A)),
    (Action("rename a department that is not", button="dpr:999999"), (D, D, D, D)),
    (Action("merge targets", button="dpm:{uk}:0"), (D, D, D, A)),
    (Action("merge targets of a department that is not", button="dpm:999999:0"), (D, D, D, D)),
    (Action("ask to merge", button="dpq:{dsp}:{uk}"), (D, D, D, A)),
    (Action("merge", button="dpx:{dsp}:{uk}"), (D, D, D, A)),
    (Action("merge a department with itself", button="dpx:{uk}:{uk}"), (D, D, D, D)),
    (Action("merge a department that is not", button="dpx:{dsp}:999999"), (D, D, D, D)),
    (Action("a page of the city", button="cty:0:0"), (D, D, D, A)),
    (Action("a program of the city", button="ctp:1:{year}"), (D, D, D, A)),
    (Action("a program of the city that is not", button="ctp:99:{year}"), (D, D, D, D)),
    (Action("file to own measure", button="open:{m_uk}:{uk}:{year}", file=True), (D, A, D, A)),
    (Action("file to other's measure", button="open:{m_dsp}:{dsp}:{year}", file=True), (D, D, A, A)),
    (
        Action(
            "file after leaving the department", button="open:{m_uk}:{uk}:{year}", file=True, leave_first=True
        ),
        (D, D, D, A),
    ),
    (Action("file with no measure open", button="page:{uk}:0", file=True), (D, D, D, D)),
    (
        Action("file in a locked year", button="open:{m_uk}:{uk}:{year}", file=True, lock_first=True),
        (D, D, D, A),
    ),
]
CASES = [
    pytest.param(action, role, expected[i], id=f"{action.name}-{role}")
    for action, expected in TABLE
    for i, role in enumerate(ROLES)
]


async def _actor(world: World, role: str) -> FakeUser:
    if role == "stranger":
        return world.user(3001, "Незнайомець")
    if role == "coordinator":
        return world.coordinator()
    await world.member(1001, "Олена", "uk")  # always present, so "remove member" has someone to remove
    if role == "member_a":
        return world.user(1001)
    return await world.member(1002, "Петро", "dsp")


async def _an_invite(world: World) -> int:
    department = await world.department_id(
        "uk"
    )  # before the transaction: the database's lock is not reentrant
    async with world.db.transaction() as conn:
        _, _, invite_id = await create_invite(conn, department, COORDINATOR_ID, dt.timedelta(days=1))
    return invite_id


@pytest.mark.parametrize(("action", "role", "allowed"), CASES)
async def test_role_table(world: World, action: Action, role: str, allowed: bool) -> None:
    actor = await _actor(world, role)
    if action.lock_first:
        async with world.db.transaction() as conn:
            await set_period(conn, 1, YEAR, PeriodStatus.LOCKED)
    if action.command:
        await actor.send(action.command)
        message = await actor.next_message()
        reply = message.text or message.caption or ""
    else:
        assert action.button is not None
        data = action.button.format(
            uk=await world.department_id("uk"),
            dsp=await world.department_id("dsp"),
            m_uk=await world.measure_id("3.10"),
            m_dsp=await world.measure_id("3.11"),
            year=YEAR,
            invite=await _an_invite(world),
        )
        await actor.send("/help")  # a message of the bot's to press the button on
        await actor.next_message()
        actor.drain()
        query = await actor.press_data(data, message=actor.history[-1])
        answer = await world.fake.wait_answered(query)
        reply = answer.get("text") or ""
        if not reply:
            message = await actor.next_message()
            reply = message.text or message.caption or ""
    if action.file:
        await _send_file(world, actor, action, allowed)
        return
    denied = any(marker in reply for marker in DENIALS)
    assert denied != allowed, f"{role} {action.name}: {reply!r}"
    assert role != "coordinator" or actor.id == COORDINATOR_ID
    if role in ("member_a", "member_b") and _for_coordinators(action):
        # One refusal for every coordinators' command and button, word for word (a button's as an alert).
        assert reply == NOT_COORDINATOR, f"{role} {action.name}: {reply!r}"
        assert action.command or answer.get("show_alert"), f"{role} {action.name}: {answer!r}"


def _for_coordinators(action: Action) -> bool:
    if action.command:
        return action.command.split()[0][1:] not in MEMBER_COMMANDS
    assert action.button is not None
    return action.button.split(":")[0] not in EVERYONES_BUTTONS


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
    # The coordinators' kinds are the ones declared so, and no executor may press one.
    assert {kind.prefix for kind in callbacks.KINDS if kind.coordinators} == prefixes - EVERYONES_BUTTONS
    for action, expected in TABLE:
        if _for_coordinators(action):
            assert expected[:3] == (D, D, D), action.name


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


@pytest.mark.parametrize("unguarded", ["button", "command"])
def test_the_bot_refuses_to_start_with_a_coordinators_handler_not_in_coordinators_only(
    tmp_path: Path, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch, unguarded: str
) -> None:
    if unguarded == "button":
        handlers = app_module.button_handlers()
        handlers[callbacks.ReportFile] = _a_handler_of_its_own
        monkeypatch.setattr(app_module, "button_handlers", lambda: handlers)
    else:
        monkeypatch.setattr(report_module, "report", _a_handler_of_its_own)
    with pytest.raises(RuntimeError, match="rf" if unguarded == "button" else "/report"):
        app_module.build_application(settings_for(fake_api, tmp_path / "bot.sqlite3"))
