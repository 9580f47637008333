"""Updates of one person run in order; different people's run at the same time."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update, User

from bot.concurrency import PerUserUpdateProcessor


def _update(update_id: int, user_id: int) -> Update:
    user = User(user_id, "U", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, None, chat, from_user=user))  # type: ignore[arg-type]


async def test_one_user_in_order_others_concurrently() -> None:
    processor = PerUserUpdateProcessor()
    log: list[str] = []
    release = asyncio.Event()

    async def slow(name: str) -> None:
        log.append(f"start {name}")
        await release.wait()
        log.append(f"end {name}")

    async def quick(name: str) -> None:
        log.append(f"run {name}")

    first = asyncio.create_task(processor.process_update(_update(1, 10), slow("a1")))
    await asyncio.sleep(0)
    second = asyncio.create_task(processor.process_update(_update(2, 10), quick("a2")))
    other = asyncio.create_task(processor.process_update(_update(3, 20), quick("b1")))
    await other  # another person is not held up by the slow update
    assert log == ["start a1", "run b1"]
    release.set()
    await asyncio.gather(first, second)
    assert log == ["start a1", "run b1", "end a1", "run a2"]  # the same person's second update waited
    assert processor._locks == {}
