"""Blank means blank wherever a person types: a return's comment or an executor's text of zero-width
characters, fillers or lone marks is refused with the same words as one of spaces, and nothing is saved
or sent (storage/texts.py holds the rule; tests/test_texts.py its classes)."""

from __future__ import annotations

from storage.reviews import pending_comment, unnotified_returns
from tests.botkit import (  # noqa: F401
    COORDINATOR_ID,
    World,
    fake_api_fixture,
    fill_to_review,
    invite_code,
    open_measure,
    report_measure,
    world_fixture,
)
from tests.test_texts import BLANK_CLASSES

# Each class of invisible character as a message, and all of them in one.
BLANKS = [chars * 2 for chars in BLANK_CLASSES.values()] + ["".join(BLANK_CLASSES.values())]


async def test_a_return_comment_of_invisible_characters_is_refused_like_one_of_spaces(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    ivan = await world.member(1002, "Іван", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Проведено навчання")
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    await coordinator.expect("Захід 3.10")
    await coordinator.press("Повернути з коментарем")
    await coordinator.expect("Напишіть")
    await coordinator.send("   ")
    spaces = await coordinator.expect("Коментар порожній")
    for blank in BLANKS:
        await coordinator.send(blank)
        refusal = await coordinator.next_message()
        assert refusal.text == spaces.text, ([f"U+{ord(c):04X}" for c in blank], refusal.text)
    await olena.no_message()
    await ivan.no_message()
    async with world.db.locked() as conn:
        assert await unnotified_returns(conn) == []
        [(returns,)] = await conn.execute_fetchall("SELECT COUNT(*) FROM reviews WHERE state = 'returned'")
        assert returns == 0
        assert await pending_comment(conn, COORDINATOR_ID) is not None  # still waiting for a real one
    # A comment with words, wrapped in invisible characters: sent, without them.
    await coordinator.send("\u200b\u2800 Додайте кількість учасників\u200d\u3164")
    notice = await olena.expect("повернуто на доопрацювання")
    assert "«Додайте кількість учасників»" in notice.text
    await ivan.expect("повернуто на доопрацювання")
    await coordinator.expect("повернуто на доопрацювання з коментарем")


async def test_an_executors_text_of_invisible_characters_is_refused_like_one_of_spaces(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.10")
    for number in ("0", "0", "100"):  # 3.10 plans nothing: no warning
        await olena.send(number)
        await olena.next_message()
    await olena.send("   ")
    spaces = await olena.expect("самі пробіли")
    for blank in BLANKS:
        await olena.send(blank)
        refusal = await olena.next_message()
        assert refusal.text == spaces.text, ([f"U+{ord(c):04X}" for c in blank], refusal.text)
    # Adding to a text there: the same.
    await olena.send("Зроблено")
    await olena.expect("Перевірте звіт")
    await olena.press("Додати текст")
    await olena.expect("що додати")
    await olena.send("  ")
    spaces = await olena.expect("самі пробіли")
    for blank in BLANKS:
        await olena.send(blank)
        refusal = await olena.next_message()
        assert refusal.text == spaces.text, ([f"U+{ord(c):04X}" for c in blank], refusal.text)
    await olena.send("\ufeff все\u00ad\u2066")
    await olena.expect("Перевірте звіт")
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    [saved] = await world.submissions()
    assert saved.info == "Зроблено\nвсе"


async def test_an_invisible_name_is_shown_as_the_persons_id(world: World) -> None:
    """A Telegram name of Hangul fillers, braille blanks and zero-width characters (the usual "invisible"
    name) is blank by the same rule: every screen shows the person's id, never an empty name."""
    code = await invite_code(world, "УК")
    ghost = world.user(2001, "\u3164\u200b")
    ghost.last_name = "\u2800"
    await ghost.send(f"/start {code}")
    await ghost.expect("Вас додано до підрозділу")
    await ghost.expect("Захід 1 з 5")
    coordinator = world.coordinator()
    await coordinator.send("/members")
    await coordinator.expect("Ролі в боті")  # who coordinates and observes what, then the departments
    await coordinator.expect("Працівники якого підрозділу")
    await coordinator.press("УК")
    listing = await coordinator.expect("працівники в боті")
    assert "• 2001" in listing.text, listing.text
    # The author of a report and of its evidence, and the coordinator who returns it and sets a plan.
    await open_measure(ghost, "3.10")
    await ghost.send_document("акт.pdf", b"%PDF-1.4 evidence", mime_type="application/pdf")
    await ghost.expect("додано до заходу 3.10")
    await ghost.expect("Фактичний річний обсяг")  # the question again
    await fill_to_review(ghost, "0", "0", "100", "Проведено навчання")
    await ghost.press("Підтвердити")
    await ghost.expect("Збережено")
    coordinator.first_name = "\u200d\u3164"
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    card = await coordinator.expect("Захід 3.10")
    assert "Подав(ла): 2001," in card.text, card.text
    await coordinator.press("Повернути з коментарем")
    await coordinator.expect("Напишіть")
    await coordinator.send("Додайте кількість учасників")
    notice = await ghost.expect("повернуто на доопрацювання")
    assert f"Коментар координатора ({COORDINATOR_ID})" in notice.text, notice.text
    await coordinator.expect("повернуто на доопрацювання з коментарем")
    await coordinator.expect("перевірено")
    await coordinator.send("/plan 2023 3.10 20")
    await coordinator.expect("План заходу 3.10")
    async with world.db.locked() as conn:
        names = await conn.execute_fetchall(
            """SELECT full_name FROM users WHERE telegram_id = 2001
               UNION ALL SELECT author_name FROM submissions WHERE author_id = 2001
               UNION ALL SELECT author_name FROM evidence_files WHERE author_id = 2001
               UNION ALL SELECT reviewer_name FROM reviews WHERE reviewer_id = ?
               UNION ALL SELECT author_name FROM plan_revisions WHERE author_id = ?""",
            (COORDINATOR_ID, COORDINATOR_ID),
        )
    assert [name for (name,) in names] == [""] * 5
    # Removed from the department: said by the id too.
    await coordinator.send("/members")
    await coordinator.expect("Ролі в боті")  # who coordinates and observes what, then the departments
    await coordinator.expect("Працівники якого підрозділу")
    await coordinator.press("УК")
    listing = await coordinator.expect("працівники в боті")
    await coordinator.press("✖️ Вилучити: 2001", message=listing)
    removed = await coordinator.expect("більше не входить до підрозділу")
    assert removed.text.startswith("2001 "), removed.text


async def test_a_commands_words_are_read_by_the_same_rule(world: World) -> None:
    """A word of invisible characters is no word, and a word's invisible edges are no part of it."""
    coordinator = world.coordinator()
    for plain, hidden in (
        ("/history 4.4", "/history \u200b4.4\u2060 \u3164"),
        ("/interim", "/interim \u200b\u200d"),
        ("/status 2023", "/status \ufeff2023 \u2800"),
    ):
        replies = []
        for command in (plain, hidden):
            await coordinator.send(command)
            await coordinator.send("/nonsense")
            texts = []
            while not (reply := await coordinator.next_message()).matches("Такої команди немає"):
                texts.append(reply.text)
            replies.append(texts)
        assert replies[0] == replies[1], hidden


async def test_an_evidence_file_with_an_invisible_name_is_named_file(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await open_measure(olena, "3.10")
    await olena.send_document("\u200b\u3164\u2800", b"%PDF-1.4 evidence", mime_type="application/pdf")
    await olena.expect("«file» додано до заходу 3.10")
    await olena.expect("Фактичний річний обсяг")
    await olena.send_document("\u200bакт.pdf\u200d", b"%PDF-1.4 other", mime_type="application/pdf")
    await olena.expect("«акт.pdf» додано до заходу 3.10")
