"""Roles managed in the chat, end to end: an administrator's /appoint makes a role link, whoever opens it takes the
role (a program's coordinator, an observer); a link revoked, expired or unknown grants nothing; a role revoked in
/members is gone at the person's next update, without a restart; the menu follows the role; the settings'
administrators are recorded at the start; a program's notices go to its coordinators."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from bot.app import build_application
from bot.menus import ADMINISTRATOR_COMMANDS, COORDINATOR_COMMANDS, OBSERVER_COMMANDS
from l10n import t
from storage.db import Database, connect, iso, utcnow
from storage.models import NewSubmission, Source
from storage.programs import list_departments, list_programs
from storage.roles import RoleKind, grant_role, grants_of
from storage.submissions import add_submission
from tests.botkit import COORDINATOR_ID, World, running, settings_for
from tests.fakeapi import BotMessage, FakeBotApi
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401 - the fake_api fixture
from tests.twoprograms import FIRST_LABEL, SECOND_LABEL, YEAR, measure_ids, prepare_two_programs

ROLE_LINK = re.compile(r"https://t\.me/zvitbot_test_bot\?start=(role-[A-Za-z0-9_-]+)")
READ_ONLY = t("refused-read-only", front="chat")


@contextlib.asynccontextmanager
async def two_programs(
    fake: FakeBotApi,
    tmp_path: Path,
    before_start: Callable[[Database], Awaitable[None]] | None = None,
    **overrides: object,
) -> AsyncIterator[World]:
    """The bot on two programs (A, the seed; B, «безпечна громада»), 2023 open in both; ``before_start`` writes
    what the database holds when the bot starts."""
    path = tmp_path / "bot.sqlite3"
    if not path.exists():
        await prepare_two_programs(path)
    if before_start is not None:
        db = await connect(path)
        try:
            await before_start(db)
        finally:
            await db.close()
    settings = settings_for(fake, path, **overrides)
    app = build_application(settings)
    async with running(app):
        yield World(fake, path, settings, app)


async def _program_ids(db: Database) -> tuple[int, int]:
    async with db.locked() as conn:
        programs = await list_programs(conn)
    return (
        next(p.id for p in programs if SECOND_LABEL not in p.name),
        next(p.id for p in programs if SECOND_LABEL in p.name),
    )


async def _appoint(world: World, *presses: str) -> str:
    """The administrator's /appoint, the buttons pressed in turn; the link's code."""
    admin = world.coordinator()
    await admin.send("/appoint")
    await admin.expect("Кого призначити")
    for label in presses[:-1]:
        await admin.press(label)
        await admin.next_message()  # the next choice, to press on
    await admin.press(presses[-1])
    message = await admin.expect("Посилання на роль")
    found = ROLE_LINK.search(message.text)
    assert found, message.text
    return found.group(1)


def _menu(world: World, user_id: int) -> list[str]:
    return [c["command"] for c in world.fake.commands(user_id)]


async def _roles_message(world: World) -> BotMessage:
    admin = world.coordinator()
    await admin.send("/members")
    roles = await admin.expect("Ролі в боті")
    await admin.expect("Працівники якого підрозділу")
    return roles


async def test_a_coordinator_appointed_by_a_link_and_revoked_at_once(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    async with two_programs(fake_api, tmp_path) as world:
        code = await _appoint(world, "Координатор програми…", SECOND_LABEL)
        ivan = world.user(2001, "Іван")
        await ivan.send("/status 2023")
        await ivan.expect("потрібне запрошення")  # a stranger until the link
        await ivan.send(f"/start {code}")
        await ivan.expect(f"Тепер ви координатор програми «{SECOND_LABEL}»")
        await ivan.expect("Вітаю, координаторе")
        assert _menu(world, 2001) == list(COORDINATOR_COMMANDS)
        await ivan.send("/status 2023")  # B only: no question
        status = await ivan.expect("Стан звітування за 2023 рік")
        assert SECOND_LABEL in status.text
        await ivan.send("/appoint")
        await ivan.expect("лише адміністратор громади")
        await ivan.send("/help")
        help_text = (await ivan.expect("Координатору")).text
        assert "/invite" in help_text and "/appoint" not in help_text
        # The administrator sees him under B, revokes him; his next update is a stranger's, no restart.
        roles = await _roles_message(world)
        assert re.search(
            rf"Координатори програми «{SECOND_LABEL}»:\n• Іван, з \d\d\.\d\d\.\d{{4}}, призначив", roles.text
        )
        assert f"Координаторів програми «{FIRST_LABEL}» ще немає" in roles.text
        admin = world.coordinator()
        await admin.press("Відкликати: Іван", message=roles)
        await admin.expect(f"Роль відкликано: Іван більше не координатор програми «{SECOND_LABEL}»")
        await ivan.send("/status 2023")
        await ivan.expect("потрібне запрошення")
        assert _menu(world, 2001) == []  # the default menu again
        async with world.db.locked() as conn:
            [grant] = await grants_of(conn, 2001)
        assert grant.revoked_by == COORDINATOR_ID and grant.granted_by == COORDINATOR_ID and grant.link_id
        # Pressed again: said so, nothing changes.
        query = await admin.press("Відкликати: Іван", message=roles)
        assert "уже відкликано" in (await world.fake.wait_answered(query)).get("text", "")


async def test_an_observer_reads_every_program_and_changes_nothing(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    async with two_programs(fake_api, tmp_path) as world:
        code = await _appoint(world, "Спостерігач")
        olha = world.user(2002, "Ольга")
        await olha.send(f"/start {code}")
        await olha.expect("Тепер ви спостерігач")
        welcome = await olha.expect("Ви спостерігач")
        assert "/status" in welcome.text and "/open" not in welcome.text
        assert _menu(world, 2002) == list(OBSERVER_COMMANDS)
        await olha.send("/help")
        help_text = (await olha.expect("Спостерігачу")).text
        assert "/report 2024" in help_text and "/invite" not in help_text and "/appoint" not in help_text
        await olha.send("/status 2023")  # every program: the city, a line and a button each
        await olha.expect("Програми громади")
        await olha.press(SECOND_LABEL)
        status = await olha.expect("Стан звітування за 2023 рік")
        assert SECOND_LABEL in status.text
        labels = [label for row in status.buttons for label, _ in row]
        assert not any("Запросити" in label or "Перевірити" in label for label in labels)
        await olha.send("/history 4.4 2023")  # a program's command: which one?
        await olha.expect("Для якої програми")
        await olha.press(FIRST_LABEL)
        await olha.expect("Історія заходу 4.4 за 2023 рік")
        for command in (
            "/open 2024 20.01.2025",
            "/members",
            "/invite",
            "/appoint",
            "/review 2023",
            "/departments",
        ):
            await olha.send(command)
            assert (await olha.next_message()).text == READ_ONLY, command
        await olha.send(f"/start {code}")  # again: held already, not counted twice
        await olha.expect("Ви вже спостерігач")
        roles = await _roles_message(world)
        assert "Спостерігачі:\n• Ольга" in roles.text and "використано 1 раз" in roles.text


async def test_a_role_link_revoked_expired_or_unknown_grants_nothing(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    async with two_programs(fake_api, tmp_path) as world:
        admin = world.coordinator()
        code = await _appoint(world, "Спостерігач")
        link_message = admin.history[-1]
        await admin.press("Відкликати посилання", message=link_message)
        await admin.expect("відкликано: за ним більше ніхто не отримає роль")
        query = await admin.press("Відкликати посилання", message=link_message)
        assert "вже відкликано" in (await world.fake.wait_answered(query)).get("text", "")
        maria = world.user(2003, "Марія")
        await maria.send(f"/start {code}")
        await maria.expect("посилання відкликано")
        code = await _appoint(world, "Спостерігач")
        async with world.db.transaction() as conn:
            await conn.execute(
                "UPDATE role_links SET expires_at = ? WHERE revoked_at IS NULL",
                (iso(utcnow() - dt.timedelta(minutes=1)),),
            )
        await maria.send(f"/start {code}")
        await maria.expect("Термін дії цього посилання минув")
        await maria.send("/start role-" + "A" * 24)
        await maria.expect("посилання недійсне")
        await maria.send("/status")
        await maria.expect("потрібне запрошення")  # still a stranger
        async with world.db.locked() as conn:
            assert [tuple(r) for r in await conn.execute_fetchall("SELECT uses FROM role_links")] == [
                (0,),
                (0,),
            ]
            assert await conn.execute_fetchall("SELECT * FROM roles WHERE user_id = 2003") == []


async def _coordinator_of_both(db: Database) -> None:
    a, b = await _program_ids(db)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO users (telegram_id, full_name, created_at) VALUES (600, 'Іван', ?)", (iso(utcnow()),)
        )
        await grant_role(conn, 600, RoleKind.COORDINATOR, a, granted_by=COORDINATOR_ID)
        await grant_role(conn, 600, RoleKind.COORDINATOR, b, granted_by=COORDINATOR_ID)


async def test_a_program_chosen_after_its_role_was_revoked_is_refused(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    async with two_programs(fake_api, tmp_path, _coordinator_of_both) as world:
        ivan = world.user(600, "Іван")
        await ivan.send("/history 4.4 2023")
        question = await ivan.expect("Для якої програми")
        roles = await _roles_message(world)
        await world.coordinator().press(f"Відкликати: Іван (коорд. «{SECOND_LABEL[:10]}", message=roles)
        await world.coordinator().expect("Роль відкликано")
        query = await ivan.press(SECOND_LABEL, message=question)
        assert (await world.fake.wait_answered(query)).get("text") == t("not-coordinator")
        await ivan.no_message()
        await ivan.send("/history 4.4 2023")  # one program left: no question
        await ivan.expect("Історія заходу 4.4 за 2023 рік")


async def _roles_before_start(db: Database) -> None:
    a, _ = await _program_ids(db)
    async with db.transaction() as conn:
        await grant_role(conn, 600, RoleKind.COORDINATOR, a, granted_by=COORDINATOR_ID)
        await grant_role(conn, 700, RoleKind.OBSERVER, granted_by=COORDINATOR_ID)


async def test_the_settings_administrators_are_recorded_and_every_role_gets_its_menu(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    async with two_programs(
        fake_api, tmp_path, _roles_before_start, admin_ids=frozenset({501}), coordinator_ids=frozenset({500})
    ) as world:
        assert _menu(world, 500) == _menu(world, 501) == list(ADMINISTRATOR_COMMANDS)
        assert _menu(world, 600) == list(COORDINATOR_COMMANDS) and _menu(world, 700) == list(
            OBSERVER_COMMANDS
        )
        assert [c["command"] for c in world.fake.commands()] == ["start", "help", "cancel", "mute"]
        roles = await _roles_message(world)
        assert roles.text.count("з налаштувань бота") == 2
        assert not any(
            "Відкликати" in label for row in roles.buttons for label, _ in row if "Координаторка" in label
        )
    # Restarted with 501 no longer in the settings: no longer an administrator, the history kept; 500 recorded once.
    async with two_programs(fake_api, tmp_path, coordinator_ids=frozenset({500})) as world:
        assert _menu(world, 501) == []
        async with world.db.locked() as conn:
            assert [(g.revoked_at is None, g.revoked_by) for g in await grants_of(conn, 501)] == [
                (False, None)
            ]
            assert len(await grants_of(conn, 500)) == 1
        stranger = world.user(501, "Колишній")
        await stranger.send("/status")
        await stranger.expect("потрібне запрошення")


async def _resubmitted_in_both(db: Database) -> None:
    """A report of УК corrected after a return in each program, not told yet; program A has a coordinator."""
    await _roles_before_start(db)
    async with db.locked() as conn:
        uk = next(d.id for d in await list_departments(conn) if d.code == "uk")
    for label, number in ((FIRST_LABEL, "3.10"), (SECOND_LABEL, "3.7")):
        measure = (await measure_ids(db, label))[number]
        async with db.transaction() as conn:
            submission = await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure, department_id=uk, year=YEAR, info="Виправлено", source=Source.BOT
                ),
            )
            await conn.execute(
                "INSERT INTO resubmissions (submission_id, created_at) VALUES (?, ?)",
                (submission.id, iso(utcnow())),
            )


async def test_a_programs_corrections_are_told_to_its_coordinators_else_the_administrators(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    # Both people have a chat with the bot before the notices go out (a second after the start).
    for user_id in (COORDINATOR_ID, 600):
        fake_api.user(id=user_id, first_name="x")
    async with two_programs(fake_api, tmp_path, _resubmitted_in_both) as world:
        a, b = await _program_ids(world.db)
        coordinator, admin = world.user(600), world.coordinator()
        told = await coordinator.expect("Після повернення знову")
        assert [data for row in told.buttons for _, data in row] == [f"rvo:{a}:{YEAR}"]
        to_admin = await admin.expect("Після повернення знову")
        assert [data for row in to_admin.buttons for _, data in row] == [f"rvo:{b}:{YEAR}"]
        await world.fake.wait_idle()
        await coordinator.no_message()
        await admin.no_message()
