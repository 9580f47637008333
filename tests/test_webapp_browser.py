"""The Mini App in a real headless Chromium (Debian's chromium and its chromedriver, driven by Selenium), served
as the bot serves it, beside the real Application on the fake Bot API: a coordinator edits two plans and applies
them, returns one report with a comment (the executor is told in the chat) and accepts another; an observer sees
everything and changes nothing; forged initData is refused. Telegram's script is not reachable offline: a stub
of ``window.Telegram.WebApp`` is served in its place (tests only)."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web

from bot.app import build_application
from bot.review_notices import tell_return
from storage.plans import program_plans
from storage.programs import list_programs
from storage.reviews import ReviewState, add_review, waiting_reviews
from tests.botkit import YEAR, running, settings_for
from tests.fakeapi import FakeBotApi
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401 - the fake_api fixture
from tests.webappkit import ADMIN, COORDINATOR, MEMBER, OBSERVER, TOKEN, config_for, init_data, make_world
from webapp.server import build_app

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)),
    reason="Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
)
STUB = """window.Telegram = {WebApp: {initData: %s, version: "7.0", themeParams: {}, colorScheme: "light",
  ready() {}, expand() {}, isVersionAtLeast() { return false; },
  BackButton: {visible: false, show() { this.visible = true; }, hide() { this.visible = false; },
               onClick(f) { this.cb = f; }}}};"""
SHOTS = Path(os.environ.get("WEBAPP_SCREENSHOTS", tempfile.gettempdir())) / "webapp-shots"


class Browser:
    """Selenium's blocking calls, each in a worker thread: the server runs in this test's event loop."""

    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        self.profile = tempfile.mkdtemp(prefix="webapp-chromium-")
        for flag in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--window-size=390,844",
            f"--user-data-dir={self.profile}",
        ):
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service(DRIVER), options=options)

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.to_thread(fn, *args)

    async def wait(self, css: str, text: str = "", timeout: float = 10) -> Any:  # noqa: ASYNC109 - Selenium's wait, in a thread
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        def found(driver: Any) -> Any:
            for element in driver.find_elements(By.CSS_SELECTOR, css):
                if text in element.text:
                    return element
            return False

        return await self.run(WebDriverWait(self.driver, timeout).until, found)

    async def click(self, css: str, text: str = "", timeout: float = 10) -> None:  # noqa: ASYNC109 - Selenium's wait, in a thread
        """Click what the selector finds, again if the page redrew it meanwhile (a stale element)."""
        from selenium.common.exceptions import StaleElementReferenceException

        for _ in range(20):
            try:
                await self.run((await self.wait(css, text, timeout)).click)
                return
            except StaleElementReferenceException:
                await asyncio.sleep(0.1)
        raise AssertionError(f"{css} stayed stale")

    async def count(self, css: str, n: int, timeout: float = 10) -> None:  # noqa: ASYNC109 - Selenium's wait, in a thread
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        until = WebDriverWait(self.driver, timeout).until
        await self.run(until, lambda d: len(d.find_elements(By.CSS_SELECTOR, css)) == n)

    async def css(self, css: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return await self.run(self.driver.find_elements, By.CSS_SELECTOR, css)

    async def shot(self, name: str, width: int) -> Path:
        await self.run(self.driver.set_window_size, width, 900)
        height = await self.run(self.driver.execute_script, "return document.body.scrollHeight")
        await self.run(self.driver.set_window_size, width, min(max(int(height) + 40, 600), 2400))
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}-{width}.png"
        await self.run(self.driver.save_screenshot, str(path))
        await self.run(self.driver.set_window_size, 390, 844)
        return path

    async def shot_at(self, name: str, css: str, width: int) -> Path:
        """A window's worth at ``width``, scrolled to the first element ``css`` finds."""
        await self.run(self.driver.set_window_size, width, 900)
        await self.run(
            self.driver.execute_script, "document.querySelector(arguments[0]).scrollIntoView()", css
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}-{width}.png"
        await self.run(self.driver.save_screenshot, str(path))
        await self.run(self.driver.set_window_size, 390, 844)
        return path

    def quit(self) -> None:
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest_asyncio.fixture
async def desk(
    tmp_path: Path, fake_api: FakeBotApi
) -> AsyncIterator[tuple[str, dict[str, str], Any, FakeBotApi]]:
    """The bot running on the fake API and the Mini App served as ``bot.app.start_webapp`` serves it (its
    database, its return told by the bot), with the stub of Telegram's script; the initData the stub hands
    the page is ``signed["init"]``."""
    path = tmp_path / "bot.sqlite3"
    await make_world(path)
    settings = settings_for(fake_api, path, coordinator_ids=frozenset({ADMIN}), review_notice_seconds=3600)
    app = build_application(settings)
    signed = {"init": ""}
    async with running(app):

        async def tell(review: Any) -> object:
            return await tell_return(app, review)

        config = config_for(
            app.bot_data.db, bot_token=TOKEN, tell_return=tell, telegram_script="/test/telegram.js"
        )
        web_app = build_app(config)

        async def stub(request: web.Request) -> web.Response:
            import json

            return web.Response(text=STUB % json.dumps(signed["init"]), content_type="text/javascript")

        web_app.router.add_get("/test/telegram.js", stub)
        runner = web.AppRunner(web_app, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        try:
            yield f"http://127.0.0.1:{port}", signed, app, fake_api
        finally:
            await runner.cleanup()


async def test_the_coordinators_desk_and_the_observers(desk) -> None:  # type: ignore[no-untyped-def]
    base, signed, app, fake = desk
    db = app.bot_data.db
    async with db.locked() as conn:
        seed, _ = await list_programs(conn)
        waiting_before = await waiting_reviews(conn, seed.id, YEAR)
    executor = fake.user(id=MEMBER, first_name="Марія")
    browser = await asyncio.to_thread(Browser)
    try:
        # forged: refused, in words
        signed["init"] = init_data(COORDINATOR, token="654321:" + "B" * 35)
        await browser.run(browser.driver.get, base + "/")
        await browser.wait("#notice", "Підпис Telegram не збігається")
        signed["init"] = init_data(COORDINATOR, age=25 * 3600)  # signed a day and an hour ago
        await browser.run(browser.driver.get, base + "/?expired")
        await browser.wait("#notice", "Сесія застаріла")
        assert not await browser.css("#city")

        # the coordinator: their program, from the list
        signed["init"] = init_data(COORDINATOR)
        await browser.run(browser.driver.get, base + "/")
        await browser.click("#city tr[data-program]")
        await browser.wait("#measures tr[data-measure='1.1']")
        await browser.wait("#indicators tr[data-indicator='2']")  # section 2 under the measures
        await browser.shot("program", 390)
        await browser.shot("program", 1280)
        await browser.shot_at("indicators", "#indicators", 1280)
        await browser.shot_at("indicators", "#indicators", 390)
        await browser.click(".tabs button[data-tab='charts']")
        await browser.wait("svg.chart")
        await browser.shot("charts", 390)

        # two plans edited in place and applied
        await browser.click(".tabs button[data-tab='plans']")
        for number, value in (("1.1", "111,1"), ("1.2", "222,2")):
            cell = await browser.wait(f"#plans tr[data-measure='{number}'] input[data-fund='0']")
            await browser.run(cell.clear)
            await browser.run(cell.send_keys, value)
        await browser.click("#preview")
        changes = await browser.wait("#changes", "111,1")
        assert "222,2" in changes.text
        await browser.shot("plans", 390)
        await browser.click("#apply")
        await browser.wait("#notice", "Змінено 2 плани")
        async with db.locked() as conn:
            plans = {str(v) for k, v in (await program_plans(conn, seed.id)).items() if k.year == YEAR}
        assert {"111.1", "222.2"} <= plans
        coordinator = fake.user(id=COORDINATOR, first_name="Оксана")
        await coordinator.send("/history 1.1")
        await coordinator.expect("111,1")

        # one report returned with a comment (the executor is told in the chat), another accepted
        await browser.click(".tabs button[data-tab='reviews']")
        first = await browser.wait("article[data-review]")
        await browser.shot("reviews", 390)
        await browser.shot("reviews", 1280)
        await browser.run((await browser.run(first.find_element, "css selector", "summary")).click)
        comment = await browser.run(first.find_element, "css selector", "textarea")
        await browser.run(comment.send_keys, "Додайте акт виконаних робіт")
        await browser.run((await browser.run(first.find_element, "css selector", "button.return")).click)
        await browser.wait("#notice", "повернуто")
        await executor.expect("Додайте акт виконаних робіт")
        await browser.count("article[data-review]", len(waiting_before) - 1)
        await browser.click("article[data-review] button.accept")
        await browser.wait("#notice", "прийнято")
        async with db.locked() as conn:
            assert len(await waiting_reviews(conn, seed.id, YEAR)) == len(waiting_before) - 2

        # the last card decided meanwhile (the chat, another coordinator): «Прийняти» says so and the list is
        # read again (the card stayed, to be pressed again and again)
        await browser.count("article[data-review]", len(waiting_before) - 2)  # the accept's list read again
        async with db.transaction() as conn:
            [last] = await waiting_reviews(conn, seed.id, YEAR)
            await add_review(conn, last.id, ReviewState.ACCEPTED, reviewer_id=ADMIN, reviewer_name="Адмін")
        await browser.click("article[data-review] button.accept")
        await browser.wait("#notice", "уже перевірено")
        await browser.count("article[data-review]", 0)
        await browser.wait("#tab p", "Нічого не чекає")

        # the observer: sees the city and the program, changes nothing
        async with db.locked() as conn:
            plans_before = await program_plans(conn, seed.id)
        signed["init"] = init_data(OBSERVER)
        await browser.run(browser.driver.get, base + "/")
        await browser.wait("#city tr[data-program]")
        await browser.shot("city", 390)
        await browser.run(browser.driver.get, base + f"/#program={seed.id}&year={YEAR}")
        await browser.run(browser.driver.refresh)
        await browser.wait("#measures tr[data-measure='1.1']")
        await browser.click(".tabs button[data-tab='plans']")
        await browser.wait("#tab p", "Плани змінює координатор")
        assert not await browser.css("#plans input")
        await browser.click(".tabs button[data-tab='reviews']")
        await browser.wait("#tab p", "Звіти перевіряє координатор")
        async with db.locked() as conn:
            assert await program_plans(conn, seed.id) == plans_before
            assert not await waiting_reviews(conn, seed.id, YEAR)  # the last one accepted behind the page
    finally:
        await asyncio.to_thread(browser.quit)


async def test_a_long_unbroken_name_stays_in_its_cell(desk) -> None:  # type: ignore[no-untyped-def]
    """A program's name with a word longer than the screen (a pasted link, a name without spaces): it breaks
    inside its cell (it ran over the figures beside it at 1280 px, and off the screen at 390)."""
    base, signed, app, _ = desk
    db = app.bot_data.db
    long = "Програма" + "ДужеДовгеСловоБезПробілу" * 8 + " на 2020-2025 роки"
    async with db.transaction() as conn:
        seed, _ = await list_programs(conn)
        await conn.execute("UPDATE programs SET name = ? WHERE id = ?", (long, seed.id))
    browser = await asyncio.to_thread(Browser)
    try:
        signed["init"] = init_data(ADMIN)
        for width in (390, 1280):
            await browser.run(browser.driver.set_window_size, width, 900)
            await browser.run(browser.driver.get, base + f"/?w={width}")
            await browser.wait("#city tr[data-program]", "ДужеДовге")
            await browser.shot("long-name-city", width)
            overlap = await browser.run(
                browser.driver.execute_script,
                """const name = document.querySelector('#city td.text');
                   const next = name.nextElementSibling.getBoundingClientRect();
                   const box = name.getBoundingClientRect();
                   const wide = document.documentElement.scrollWidth > window.innerWidth;
                   return [name.scrollWidth > name.clientWidth + 1, wide,
                           box.bottom <= next.top || box.right <= next.left + 1];""",
            )
            assert overlap == [False, False, True], (width, overlap)
            await browser.run(browser.driver.get, base + f"/?w={width}#program={seed.id}&year={YEAR}")
            await browser.run(browser.driver.refresh)
            await browser.wait("#measures tr[data-measure='1.1']")
            await browser.shot("long-name-program", width)
            title = await browser.run(
                browser.driver.execute_script,
                "const t = document.querySelector('#title'); return t.scrollWidth > t.clientWidth + 1;",
            )
            assert title is False, width
    finally:
        await asyncio.to_thread(browser.quit)


async def test_an_address_edited_by_hand_opens_the_city(desk) -> None:  # type: ignore[no-untyped-def]
    """The program and year of the page's address are numbers or nothing: «#program=1/../api/me» opens the city
    (it asked the server for another path, and showed its error)."""
    base, signed, _, _ = desk
    browser = await asyncio.to_thread(Browser)
    try:
        signed["init"] = init_data(ADMIN)
        await browser.run(browser.driver.get, base + "/#program=1/../api/me&year=2023x")
        await browser.wait("#city tr[data-program]")
    finally:
        await asyncio.to_thread(browser.quit)
