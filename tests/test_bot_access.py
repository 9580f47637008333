"""Who may do what: invites, strangers, groups, the command menu per role."""

from __future__ import annotations

import datetime as dt
import re

from storage.db import iso
from storage.members import hash_code
from tests.botkit import COORDINATOR_ID, World, fake_api_fixture, world_fixture  # noqa: F401
from tests.fakeapi import FakeUser

LINK = re.compile(r"https://t\.me/zvitbot_test_bot\?start=([A-Za-z0-9_-]+)")


async def _invite(world: World, department_label: str) -> str:
    coordinator = world.coordinator()
    await coordinator.send("/invite")
    await coordinator.expect("Для якого підрозділу")
    await coordinator.press(department_label)
    message = await coordinator.expect("Запрошення до підрозділу")
    match = LINK.search(message.text)
    assert match, message.text
    assert "одноразове" in message.text
    return match.group(1)


async def test_joining_with_an_invite(world: World) -> None:
    code = await _invite(world, "Управління культури")
    assert len(code) >= 20
    ivan = world.user(2001, "Іван")
    await ivan.send(f"/start {code}")
    await ivan.expect("Вас додано до підрозділу «Управління культури")
    await ivan.expect("Залишилося: 5 з 5")
    # The code is stored only as a hash.
    async with world.db.locked() as conn:
        rows = await (await conn.execute("SELECT code_hash, used_by FROM invites")).fetchall()
    assert [tuple(r) for r in rows] == [(hash_code(code), 2001)]
    assert all(code not in str(tuple(r)) for r in rows)


async def test_a_used_invite_does_not_work_again(world: World) -> None:
    code = await _invite(world, "Управління культури")
    await world.user(2001, "Іван").send(f"/start {code}")
    await world.user(2001).expect("Вас додано")
    maria = world.user(2002, "Марія")
    await maria.send(f"/start {code}")
    await maria.expect("уже скористалися")
    await maria.send("/start")
    await maria.expect("потрібне запрошення")  # still a stranger


async def test_an_expired_invite(world: World) -> None:
    code = await _invite(world, "Управління культури")
    async with world.db.transaction() as conn:
        past = iso(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        await conn.execute("UPDATE invites SET expires_at = ?", (past,))
    maria = world.user(2002, "Марія")
    await maria.send(f"/start {code}")
    await maria.expect("Термін дії цього запрошення минув")


async def test_a_forged_invite(world: World) -> None:
    maria = world.user(2002, "Марія")
    await maria.send("/start AAAAAAAAAAAAAAAAAAAAAAAA")
    await maria.expect("запрошення недійсне")
    await maria.send("/start " + "x" * 500)
    await maria.expect("запрошення недійсне")


async def test_one_person_in_two_departments(world: World) -> None:
    for label in ("Управління культури", "Департамент освіти"):
        code = await _invite(world, label)
        await world.user(2001, "Іван").send(f"/start {code}")
        await world.user(2001).expect("Вас додано")
        await world.user(2001).expect("Залишилося")
    ivan = world.user(2001)
    await ivan.send("/start")
    first, second = await ivan.next_message(), await ivan.next_message()
    assert {"Департамент освіти" in first.text, "Управління культури" in first.text} == {True, False}
    assert "Управління культури" in second.text or "Департамент освіти" in second.text


async def test_a_stranger_gets_whom_to_ask_and_their_id(world: World) -> None:
    stranger = world.user(3001, "Незнайомка")
    for action in ("/start", "привіт", "/report 2023", "/invite"):
        await stranger.send(action)
        reply = await stranger.expect("запрошення")
        assert "3001" in reply.text
    await stranger.send_photo()
    await stranger.expect("3001")
    query = await stranger.press_data("open:1:1:2023", message=stranger.history[-1])
    assert (await world.fake.wait_answered(query)).get("text")


async def test_groups_are_ignored(world: World) -> None:
    member = await world.member(1001, "Олена", "uk")
    await member.send_in_group("/start")
    await world.fake.wait_delivered()
    group = world.fake.reader(-100123)
    await group.no_message(within=0.3)
    await member.no_message(within=0.1)


async def test_executor_cannot_use_coordinator_commands(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/invite")
    await olena.expect("лише координаторам")
    query = await olena.press_data(f"inv:{await world.department_id('uk')}", message=olena.history[-1])
    assert "координаторам" in (await world.fake.wait_answered(query)).get("text", "")
    async with world.db.locked() as conn:
        assert (await (await conn.execute("SELECT COUNT(*) FROM invites")).fetchone())[0] == 0


async def test_command_menu_differs_by_role(world: World) -> None:
    default = [c["command"] for c in world.fake.commands()]
    coordinator = [c["command"] for c in world.fake.commands(COORDINATOR_ID)]
    assert default == ["start", "help", "cancel", "mute"]
    assert set(default) < set(coordinator) and "invite" in coordinator


async def test_help_for_each_role(world: World) -> None:
    olena: FakeUser = await world.member(1001, "Олена", "uk")
    await olena.send("/help")
    text = (await olena.expect("Як звітувати")).text
    assert "/invite" not in text and "/review" not in text and "/files" not in text
    assert "документи або фото" in text  # evidence files are the executor's to send
    coordinator = world.coordinator()
    await coordinator.send("/help")
    text = (await coordinator.expect("Як звітувати")).text
    assert "/invite" in text and "/review 2023" in text and "/files 2023" in text
