from __future__ import annotations

from tests.botkit import World, fake_api_fixture, open_measure, world_fixture  # noqa: F401


async def test_probe_renumber(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    card = await open_measure(olena, "3.10")
    async with world.db.transaction() as conn:
        await conn.execute("UPDATE measures SET number = '3.99' WHERE number = '3.10'")
    await olena.press("0", message=card)
    print("A", (await olena.next_message()).text[:200])
    await olena.send("0")
    print("B", (await olena.next_message()).text[:100])
    await olena.send("100")
    await olena.next_message()
    await olena.send("Текст")
    review = await olena.next_message()
    print("R", review.text[:100])
    await olena.press("Підтвердити", message=review)
    print("S", (await olena.next_message()).text[:100])
