"""The Mini App's web server: an aiohttp application in the bot's own event loop, started beside
python-telegram-bot's Application when WEBAPP_URL is set (bot/app.py), stopped with it.

Every response carries the security headers; every refusal is a JSON ``{"error": <Ukrainian text>, "code"}``
without a token, a path or a traceback; bodies over ``MAX_BODY`` are refused before they are read whole.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web

from l10n import t
from storage.db import Database
from storage.reviews import Review
from webapp.guard import Links, Nonces

log = logging.getLogger("zvitbot.webapp")

STATIC = Path(__file__).with_name("static")
MAX_BODY = 256 * 1024  # the plan grid of 2,000 measures is ~60 KB of JSON
TELEGRAM_SCRIPT = "https://telegram.org/js/telegram-web-app.js"
# Telegram's web clients frame the Mini App; its apps open it in a web view (no frame).
FRAME_ANCESTORS = (
    "https://web.telegram.org https://*.web.telegram.org https://webk.telegram.org https://webz.telegram.org"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'self'; script-src 'self' {TELEGRAM_SCRIPT}; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {FRAME_ANCESTORS}"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass
class WebappConfig:
    """What the bot hands the Mini App: nothing of Telegram's library, only values and a callback."""

    bot_token: str
    db: Database
    administrators: frozenset[int]  # the settings' administrators (ADMIN_IDS, COORDINATOR_IDS)
    tz: ZoneInfo
    max_age: float = 24 * 3600  # seconds an initData is good for after Telegram signed it
    listen: str = "127.0.0.1"
    port: int = 8081
    accepted_only: bool = False  # the reports hold accepted revisions only (REPORT_ACCEPTED_ONLY)
    # A return written here: the bot tells the department's members in the chat (as /review does).
    tell_return: Callable[[Review], Awaitable[object]] | None = None
    clock: Callable[[], float] = time.time
    static: Path = STATIC
    # Telegram's web-app script (the tests serve a stub of their own: Telegram is not reachable offline)
    telegram_script: str = TELEGRAM_SCRIPT
    nonces: Nonces = field(init=False)
    links: Links = field(init=False)

    def __post_init__(self) -> None:
        self.nonces = Nonces(max(self.max_age, 600), self.clock)
        self.links = Links(self.bot_token.encode(), clock=self.clock)


CONFIG: web.AppKey[WebappConfig] = web.AppKey("config", WebappConfig)


class Refusal(Exception):
    """A request refused: its status and the catalog message (no detail of the server in it)."""

    def __init__(self, status: int, message_id: str, text: str | None = None, **args: object) -> None:
        super().__init__(message_id)
        self.status = status
        self.message_id = message_id
        self.text = text  # already worded (a plan grid's problems, each named)
        self.args_ = args


def error_response(status: int, message_id: str, text: str | None = None) -> web.Response:
    body = {"error": text if text is not None else t(message_id), "code": message_id.removeprefix("webapp-")}
    return web.json_response(body, status=status, dumps=_dumps)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


HTTP_MESSAGES = {404: "webapp-not-found", 405: "webapp-method-not-allowed", 413: "webapp-too-big"}


@web.middleware
async def guarded(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
    try:
        response = await handler(request)
    except Refusal as refusal:
        text = refusal.text if refusal.text is not None else t(refusal.message_id, **refusal.args_)
        response = error_response(refusal.status, refusal.message_id, text)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        response = error_response(exc.status, HTTP_MESSAGES.get(exc.status, "webapp-bad-request"))
        if "Allow" in exc.headers:  # a 405 says which methods the address takes
            response.headers["Allow"] = exc.headers["Allow"]
    except ConnectionResetError:
        raise  # the client went away mid-request: aiohttp ignores it (no answer can reach them)
    except Exception:
        log.exception("the Mini App failed on %s %s", request.method, request.path)
        response = error_response(500, "webapp-failed")
    return response


async def on_prepare(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.pop("Server", None)


def build_app(config: WebappConfig) -> web.Application:
    from webapp import api  # the handlers

    app = web.Application(middlewares=[guarded], client_max_size=MAX_BODY)
    app[CONFIG] = config
    app.on_response_prepare.append(on_prepare)
    api.add_routes(app)
    return app


class Webapp:
    """The running server: ``start`` binds (port 0: any free one, ``port`` says which), ``stop`` closes."""

    def __init__(self, config: WebappConfig) -> None:
        self.config = config
        self.runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self) -> None:
        self.runner = web.AppRunner(build_app(self.config), access_log=None, handle_signals=False)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.config.listen, self.config.port)
        await site.start()
        server = site._server  # the bound socket says the port when 0 was asked for
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self.config.port
        log.info("the Mini App listens on %s:%s", self.config.listen, self.port)

    async def stop(self) -> None:
        runner, self.runner = self.runner, None
        if runner is not None:
            await runner.cleanup()
            log.info("the Mini App stopped")
