"""Who may do what: invites, strangers, groups, the command menu per role."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

from actions.actor import Actor
from actions.roles import programs_for, role_link
from storage.db import iso
from storage.members import hash_code
from storage.roles import RoleKind
from tests.botkit import COORDINATOR_ID, World, fake_api_fixture, invite_code, world_fixture  # noqa: F401
from tests.fakeapi import FakeUser


async def _invite(world: World, department_label: str) -> str:
    code = await invite_code(world, department_label)
    assert (
        "спільне" in world.fake.messages_to(COORDINATOR_ID)[-1].text
    )  # one link for the department's people
    return code


async def test_joining_with_an_invite(world: World) -> None:
    code = await _invite(world, "УК")
    assert len(code) >= 20
    ivan = world.user(2001, "Іван")
    await ivan.send(f"/start {code}")
    await ivan.expect("Вас додано до підрозділу «Управління культури")
    card = await ivan.expect("Захід 1 з 5")  # the first measure waiting for a report opens at once
    assert "2.9. " in card.text and "Фактичний річний обсяг" in card.text
    await ivan.press("До списку заходів")  # and the list is a tap away
    listing = await ivan.expect("Залишилося: 5 з 5")
    # Only opened, nothing answered: still waiting, not «розпочато».
    assert listing.kind == "edit" and any(label.startswith("⏳ 2.9.") for label in listing.button_labels)
    # The code is stored only as a hash.
    async with world.db.locked() as conn:
        rows = await (await conn.execute("SELECT code_hash, uses FROM invites")).fetchall()
    assert [tuple(r) for r in rows] == [(hash_code(code), 1)]
    assert all(code not in str(tuple(r)) for r in rows)


async def _uses(world: World) -> list[int]:
    async with world.db.locked() as conn:
        return [r[0] for r in await (await conn.execute("SELECT uses FROM invites ORDER BY id")).fetchall()]


async def test_one_link_serves_a_department_and_counts_its_uses(world: World) -> None:
    code = await _invite(world, "УК")
    for user_id, name in ((2001, "Іван"), (2002, "Марія"), (2003, "Петро")):
        person = world.user(user_id, name)
        await person.send(f"/start {code}")
        await person.expect("Вас додано до підрозділу «Управління культури")
        await person.expect("Захід 1 з 5")
    ivan = world.user(2001)
    await ivan.send(f"/start {code}")  # again: a member already, not counted twice
    await ivan.expect("Ви вже входите")
    assert await _uses(world) == [3]
    coordinator = world.coordinator()
    await coordinator.send("/members")
    await coordinator.expect("Ролі в боті")  # who coordinates and observes what, then the departments
    await coordinator.expect("Працівники якого підрозділу")
    await coordinator.press("УК")
    listing = (await coordinator.expect("працівники в боті")).text
    assert "використано 3 рази, діє до" in listing
    # Who joined through which link: its date and who made it.
    assert re.search(
        r"Марія, з \d\d\.\d\d\.\d{4}, за посиланням від \d\d\.\d\d\.\d{4} \(Координатор", listing
    ), listing


async def test_two_colleagues_join_through_one_link_at_the_same_moment(world: World) -> None:
    code = await _invite(world, "УК")
    ivan, maria = world.user(2001, "Іван"), world.user(2002, "Марія")
    await asyncio.gather(ivan.send(f"/start {code}"), maria.send(f"/start {code}"))
    await asyncio.gather(ivan.expect("Вас додано"), maria.expect("Вас додано"))
    assert await _uses(world) == [2]
    async with world.db.locked() as conn:
        rows = await (
            await conn.execute("SELECT user_id, invite_id FROM memberships ORDER BY user_id")
        ).fetchall()
    assert [tuple(r) for r in rows] == [(2001, 1), (2002, 1)]


async def test_a_revoked_link_lets_nobody_in(world: World) -> None:
    code = await _invite(world, "УК")
    await world.user(2001, "Іван").send(f"/start {code}")
    await world.user(2001).expect("Вас додано")
    coordinator = world.coordinator()
    await coordinator.press("Відкликати посилання", message=await _invite_message(world))
    revoked = await coordinator.expect("Відкликано")
    assert "використано 1 раз, відкликано" in revoked.text
    maria = world.user(2002, "Марія")
    await maria.send(f"/start {code}")
    await maria.expect("запрошення відкликано")
    await maria.send("/start")
    await maria.expect("потрібне запрошення")  # still a stranger
    assert await _uses(world) == [1]
    # Pressed again: said so, nothing changes.
    query = await coordinator.press("Відкликати посилання", message=await _invite_message(world))
    assert "вже відкликано" in (await world.fake.wait_answered(query)).get("text", "")


async def _invite_message(world: World):  # type: ignore[no-untyped-def]
    return next(
        m for m in reversed(world.coordinator().history) if "Запрошення до підрозділу" in (m.text or "")
    )


async def test_a_link_revoked_in_members(world: World) -> None:
    first = await _invite(world, "УК")
    second = await _invite(world, "УК")
    coordinator = world.coordinator()
    await coordinator.send("/members")
    await coordinator.expect("Ролі в боті")  # who coordinates and observes what, then the departments
    await coordinator.expect("Працівники якого підрозділу")
    await coordinator.press("УК")
    listing = await coordinator.expect("у боті ще немає працівників")
    assert listing.text.count("використано 0 разів, діє до") == 2
    revoke = [label for row in listing.buttons for label, _ in row if "Відкликати" in label]
    assert len(revoke) == 2
    await coordinator.press(revoke[0], message=listing)
    await coordinator.expect("Відкликано")
    ivan, maria = world.user(2001, "Іван"), world.user(2002, "Марія")
    await ivan.send(f"/start {second}")  # the newest is listed first
    await ivan.expect("запрошення відкликано")
    await maria.send(f"/start {first}")
    await maria.expect("Вас додано")


async def test_an_expired_invite(world: World) -> None:
    code = await _invite(world, "УК")
    await world.user(2001, "Іван").send(f"/start {code}")
    await world.user(2001).expect("Вас додано")
    async with world.db.transaction() as conn:
        past = iso(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        await conn.execute("UPDATE invites SET expires_at = ?", (past,))
    maria = world.user(2002, "Марія")
    await maria.send(f"/start {code}")
    await maria.expect("Термін дії цього запрошення минув")
    assert await _uses(world) == [1]
    coordinator = world.coordinator()
    await coordinator.send("/members")
    await coordinator.expect("Ролі в боті")  # who coordinates and observes what, then the departments
    await coordinator.expect("Працівники якого підрозділу")
    await coordinator.press("УК")
    listing = await coordinator.expect("працівники в боті")
    assert "використано 1 раз, термін дії минув" in listing.text
    assert not any("Відкликати" in label for row in listing.buttons for label, _ in row)


async def test_invite_lists_short_names_own_department_first(world: World) -> None:
    async with world.db.locked() as conn:
        own = (
            await (
                await conn.execute(
                    "SELECT d.short_name FROM programs p JOIN departments d"
                    " ON d.id = p.responsible_department_id"
                )
            ).fetchone()
        )[0]
    coordinator = world.coordinator()
    await coordinator.send("/invite")
    choose = await coordinator.expect("Для якого підрозділу")
    labels = [label for row in choose.buttons for label, _ in row]
    assert labels[0] == own and "УК" in labels and "ДО" in labels
    assert all("Житомирської" not in label for label in labels)


async def test_a_forged_invite(world: World) -> None:
    maria = world.user(2002, "Марія")
    await maria.send("/start AAAAAAAAAAAAAAAAAAAAAAAA")
    await maria.expect("запрошення недійсне")
    await maria.send("/start " + "x" * 500)
    await maria.expect("запрошення недійсне")


async def test_one_person_in_two_departments(world: World) -> None:
    for label in ("УК", "ДО"):
        code = await _invite(world, label)
        await world.user(2001, "Іван").send(f"/start {code}")
        await world.user(2001).expect("Вас додано")
        await world.user(2001).expect("Захід 1 з")
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
    administrator = [c["command"] for c in world.fake.commands(COORDINATOR_ID)]
    assert default == ["start", "help", "cancel", "mute"]
    assert set(default) < set(administrator) and "invite" in administrator and "appoint" in administrator
    # Whoever takes a role through its link gets its menu at once: an observer's reads, a coordinator's changes
    # too; only an administrator appoints.
    admin = Actor(COORDINATOR_ID, "Координаторка", administrator=True)
    [program] = await programs_for(world.db, admin, changes=True)
    menus = {}
    for user_id, kind, program_id in (
        (2001, RoleKind.OBSERVER, None),
        (2002, RoleKind.COORDINATOR, program.id),
    ):
        made = await role_link(world.db, admin, kind, program_id, ttl=dt.timedelta(days=1))
        person = world.user(user_id, "Хтось")
        await person.send(f"/start {made.code}")
        await person.expect("Тепер ви")
        menus[kind] = [c["command"] for c in world.fake.commands(user_id)]
    observer, coordinator = menus[RoleKind.OBSERVER], menus[RoleKind.COORDINATOR]
    assert set(default) < set(observer) < set(administrator) and set(default) < set(coordinator) < set(
        administrator
    )
    assert {"status", "report", "history", "files", "city"} <= set(observer) and "open" not in observer
    assert "open" in coordinator and "appoint" not in coordinator
    assert "city" not in coordinator  # every program at once: administrators and observers


async def test_help_for_each_role(world: World) -> None:
    olena: FakeUser = await world.member(1001, "Олена", "uk")
    await olena.send("/help")
    text = (await olena.expect("Як звітувати")).text
    assert "/invite" not in text and "/review" not in text and "/files" not in text
    assert "документи або фото" in text  # evidence files are the executor's to send
    coordinator = world.coordinator()
    await coordinator.send("/help")
    text = (await coordinator.expect("Як звітувати")).text
    assert "/invite" in text and "/review 2024" in text and "/files 2024" in text
    assert "/appoint" in text  # the settings' coordinator is the city's administrator
