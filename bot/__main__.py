"""``python -m bot``: run the bot (long polling, or a webhook when WEBHOOK_URL is set)."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path
from types import FrameType

from pydantic import ValidationError
from telegram import Update

from bot.logs import setup_logging
from bot.settings import Settings, describe_error
from l10n import catalog, t
from l10n.problems import database_text
from storage.db import DatabaseFileError, DatabaseProblem, connect, inspect_database
from storage.migrations import LATEST_VERSION

log = logging.getLogger("zvitbot")

SWITCH_INTERVAL = 0.0005  # seconds; see main()
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)
# The database's problems that a restart a moment later may not meet again.
PASSING = frozenset((DatabaseProblem.FULL, DatabaseProblem.BUSY, DatabaseProblem.FAILED))


class Shutdown:
    """The stop signals, handled once.

    The first SIGTERM (or SIGINT, SIGABRT) stops the bot as python-telegram-bot's own handler would, by
    raising SystemExit inside the event loop: polling stops, updates in progress finish, post_shutdown
    closes the database. Every later one is ignored, however soon it comes: PTB's handler raised again
    in the middle of that shutdown, which then never closed the database, whose worker thread (not a
    daemon) kept the process alive for ever; and once PTB closed its loop the default action came back,
    so a signal a moment later killed the process with -15. When everything is closed, the signals are
    ignored for the last moments of the process (``done``): Python puts its own handlers back to the
    default action while it exits, but leaves an ignored signal ignored.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.requested = False

    def install(self) -> None:
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._on_signal)

    def done(self) -> None:
        """Everything is stopped and closed: what is left is the interpreter's exit, a stop is moot."""
        self.requested = True
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # A signal handler interrupts whatever runs: it only schedules; the loop does the rest.
        name = signal.Signals(signum).name
        if self.requested:
            if self.loop.is_running():
                self.loop.call_soon_threadsafe(log.info, "%s while stopping: ignored", name)
            return
        self.requested = True
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self._stop, name)
        else:  # between two steps of the start, before anything is open
            raise SystemExit(0)

    @staticmethod
    def _stop(name: str) -> None:
        log.info("%s: stopping", name)
        raise SystemExit(0)  # caught by Application.run_polling/run_webhook, which then shut down


def main() -> int:
    # A report's consolidation and writers run in worker threads, CPU-bound, holding the GIL. The event loop
    # gives the GIL up at every I/O wait and, at the default 5 ms interval, waits up to 5 ms to get it back
    # each time: a reply of a dozen such waits took 70 ms while a report built (p50; 7 ms without one).
    # At 0.5 ms: 14 ms (benchmarks/bot_bench.py, "while /report ... builds"). Measured again back to back
    # (2,000 measures, 2 rounds each): p50 / p99 13 / 61-72 ms at 0.5 ms, 58 / 411-520 ms at 5 ms (the target
    # is p99 < 100); the saturated throughput was the same at both (200 users: 0.84-0.91 of the echo bot).
    sys.setswitchinterval(SWITCH_INTERVAL)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    shutdown = Shutdown(loop)
    shutdown.install()
    # The shipped wordings while the settings are read (their errors are messages too); CATALOG_DIR after.
    catalog.configure()
    try:
        settings = Settings()  # type: ignore[call-arg]  # fields come from the environment
    except ValidationError as exc:
        print(t("settings-not-started", errors=describe_error(exc)), file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:  # .env saved in another encoding (Windows-1251, UTF-16)
        print(
            t("settings-not-started", errors=t("settings-env-not-utf8", position=exc.start)), file=sys.stderr
        )
        return 2
    # The shipped wordings, with a city's own over them (CATALOG_DIR).
    catalog.configure(settings.catalog_dir)
    setup_logging(settings.bot_token.get_secret_value(), settings.log_level)
    from bot.app import build_application, close_database  # after logging is set up: nothing logs the token

    try:
        # Before Telegram is asked anything: a file that is no database of ours (or of a newer version, or
        # damaged where its head is) stops the start, unchanged; the migrations run here, so that a failed one
        # says why too. Not every page is read (the start would cost the file's size): the daily backup's
        # integrity check finds a damaged page.
        version = inspect_database(settings.database_path)
        loop.run_until_complete(_upgrade(settings.database_path))
    except DatabaseFileError as exc:
        print(t("database-not-started", problem=database_text(exc)), file=sys.stderr)
        # 2: a person must act (systemd's RestartPreventExitStatus); 1: it may pass (a full disk, a busy file)
        return 1 if exc.problem in PASSING else 2
    path = settings.database_path.resolve()
    if version is None:  # the first start, or a DATABASE_PATH mistyped: the log says which file it is
        log.warning("no database at %s: a new, empty one was made there", path)
    else:
        log.info("database %s (schema %s, now %s)", path, version, LATEST_VERSION)
    application = build_application(settings)
    try:
        # stop_signals=None: the signals are Shutdown's; close_loop=False: the database is closed below
        # if the shutdown did not get to it.
        if settings.webhook_url:
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret.get_secret_value() if settings.webhook_secret else None,
                allowed_updates=Update.ALL_TYPES,
                stop_signals=None,
                close_loop=False,
            )
        else:
            # Stops polling, finishes updates in progress, runs post_shutdown (which closes the database).
            application.run_polling(allowed_updates=Update.ALL_TYPES, stop_signals=None, close_loop=False)
    finally:
        loop.run_until_complete(close_database(application))
        loop.close()
        shutdown.done()
    return 0


async def _upgrade(path: Path) -> None:
    """The database opened (created, if there is none) and brought to this version, then closed again: the
    application opens it for good in its post_init."""
    db = await connect(path)
    await db.close()


if __name__ == "__main__":
    sys.exit(main())
