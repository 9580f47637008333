"""An executor reports through the real Application, over HTTP, against the fake Bot API."""

from __future__ import annotations

from decimal import Decimal

from bot.app import build_application
from storage.models import Source
from tests.botkit import World, fake_api_fixture, restartable, running, world  # noqa: F401


async def test_full_report_of_one_measure(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/start")
    listing = await olena.expect("Залишилося: 5 з 5")
    assert "УК" in listing.text or "культури" in listing.text
    await olena.press("2.9.")
    card = await olena.expect("Захід 1 з 5")
    assert "Підтримка проєктів ОГС" in card.text and "27,0" in card.text
    assert "Фактичний річний обсяг" in card.text
    await olena.send("20")
    await olena.expect("профінансовано")
    await olena.send("12,5")
    ask = await olena.expect("Відсоток")
    assert "46,3" in ask.text  # 12,5 / 27,0
    await olena.press("46,3 %")
    await olena.expect("Інформація про виконання")
    await olena.send("Підтримано два проєкти громадських організацій.")
    await olena.expect("Додано")
    await olena.press("Готово")
    review = await olena.expect("Перевірте звіт")
    for part in ("20,0", "12,5", "46,3 %", "два проєкти"):
        assert part in review.text
    await olena.press("Підтвердити")
    saved = await olena.expect("Збережено")
    assert "Наступний захід: 3.7" in " ".join(saved.button_labels)

    [sub] = await world.submissions()
    assert (sub.actual, sub.financed, sub.percent) == (Decimal(20), Decimal("12.5"), Decimal("46.3"))
    assert sub.info == "Підтримано два проєкти громадських організацій."
    assert (sub.author_id, sub.source, sub.department_id) == (1001, Source.BOT, await world.department_id("uk"))
