"""Every command refuses what it does not understand: a junk argument after valid ones gets a reply naming it,
nothing else is sent, and nothing in the database changes. One row per command the bot registers."""

from __future__ import annotations

import pytest

from bot.app import KNOWN_COMMANDS
from tests.botkit import World, fake_api_fixture, world_fixture  # noqa: F401 - fixtures
from tests.dbkit import dump

# command typed (valid arguments, then junk) -> what the reply must say (the junk named)
TABLE: list[tuple[str, str]] = [
    ("/start abcdef junk", "Забагато параметрів: «junk»"),
    ("/help junk", "Забагато параметрів: «junk»"),
    ("/cancel junk", "Забагато параметрів: «junk»"),
    ("/mute junk", "Забагато параметрів: «junk»"),
    ("/report 2023 Q3 junk", "Забагато параметрів: «junk»"),
    ("/report 2023 Q3 accepted junk", "Забагато параметрів: «junk»"),
    ("/report 2023 junk", "«junk» — не квартал"),
    ("/report 2020-2025 junk", "«junk» — зайве"),
    ("/status 2023 junk", "Забагато параметрів: «junk»"),
    ("/status junk", "«junk» — не рік"),
    ("/open 2024 20.01.2025 junk", "Забагато параметрів: «junk»"),
    ("/open 2024 junk", "«junk» — не дата"),
    ("/plan 2023 4.4 12,5 спец junk", "Забагато параметрів: «junk»"),
    ("/plan 2023 4.4 12,5 junk", "«junk» — не фонд"),
    ("/plan 2023 junk", "«junk» — не номер заходу"),
    ("/lock 2023 junk", "Забагато параметрів: «junk»"),
    ("/unlock 2023 junk", "Забагато параметрів: «junk»"),
    ("/history 4.4 2023 junk", "Забагато параметрів: «junk»"),
    ("/history 4.4 junk", "«junk» — не рік"),
    ("/edit 4.4 2023 junk", "Забагато параметрів: «junk»"),
    ("/interim H1 05.07 junk", "«junk» — не період"),
    ("/invite junk", "Забагато параметрів: «junk»"),
    ("/members junk", "Забагато параметрів: «junk»"),
    ("/departments junk", "Забагато параметрів: «junk»"),
    ("/review 2023 junk", "Забагато параметрів: «junk»"),
    ("/files 2023 4.4 junk", "Забагато параметрів: «junk»"),
    ("/files 2023 junk", "«junk» — не номер заходу"),
    ("/city 2023 junk", "Забагато параметрів: «junk»"),
    ("/city junk", "«junk» — не рік"),
    ("/report 2023 all junk", "«junk» — не квартал"),
    ("/appoint junk", "Забагато параметрів: «junk»"),
]


def test_every_registered_command_has_a_row() -> None:
    assert {command.split()[0][1:] for command, _ in TABLE} == set(KNOWN_COMMANDS)


@pytest.mark.parametrize(("command", "named"), TABLE, ids=[command for command, _ in TABLE])
async def test_junk_after_a_command_is_refused_by_name_and_changes_nothing(
    world: World, command: str, named: str
) -> None:
    await world.member(1001, "Олена", "uk")  # /mute is a member's
    coordinator, olena = world.coordinator(), world.user(1001)
    user = olena if command.startswith(("/mute", "/cancel")) else coordinator
    await user.send(
        "/help"
    )  # anything the first command of a chat writes is written before the state is taken
    await user.next_message()
    before = dump(world.db_path)
    await user.send(command)
    refused = await user.next_message()
    assert named in refused.text and refused.document is None and not refused.buttons
    await user.send("/help")  # replies come in order: nothing else was sent before the help
    await user.expect("/start")
    assert dump(world.db_path) == before
