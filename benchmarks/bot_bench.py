"""Full stack: the real bot and a bare PTB echo bot, each polling the same kind of fake Bot API over loopback.

What runs where
    This process runs ``tests.fakeapi.FakeBotApi`` (a real aiohttp server on 127.0.0.1, one per bot)
    and the simulated users. Each bot is a **subprocess**: ``python -m bot`` for ours and
    ``benchmarks/echo_bot.py`` for the baseline (a bare ``Application`` that answers every update at
    once with ``send_message``, and answers callback queries first, as ours does). Both get the same
    environment and the same ``run_polling`` call (polling defaults); the echo bot handles updates with
    the same concurrency as ours (``PerUserUpdateProcessor(32)``) and keeps every other PTB default (no rate
    limiter), ours runs as ``bot/app.py`` builds it.

    Why subprocesses rather than the bot inside this event loop: the fake and 200 simulated users cost
    CPU too (HTTP, markup rendering, JSON). In one event loop they would share one core with the bot,
    the fake's cost would be added to both sides and squeeze the ratio towards 1. In production
    Telegram is another machine; on a 2-core machine another process is the closest to that, and both
    bots are measured in exactly the same way.

Scenarios (both bots, the same users, the same updates in the same order)
    * warm-up: one user completes one report, not measured (first-use imports, caches);
    * **saturated**: N users at once, each a whole measure report of 7 updates (/start, open the
      measure, actual, financed, percent, info, «Підтвердити»), each sending its next update
      as soon as the reply to the previous one arrives (closed loop, no think time). Updates/s = all
      updates / wall time from the first update to the last reply. Rounds alternate between the two
      bots (both processes stay up) and the best round of each counts, so that a burst of other load
      on the machine does not decide the ratio. In a closed loop latency follows from throughput
      (Little's law: mean latency ≈ N / throughput): these latencies show saturation;
    * **paced**: the same N users report again, pausing a random (seeded) think time between a reply
      and their next update, as people do. Its p50/p99 are the latency at N concurrent users below
      saturation: the figure the "p99 < 50 ms" target is about;
    * **Bot API latency**: fewer users, saturated, with the fake answering sendMessage and
      answerCallbackQuery only after 30 ms (the message is delivered at once), roughly what
      api.telegram.org costs from Ukraine. On loopback a Bot API call costs ~1 ms, which hides how
      much a bot waits for the network;
    * **fan-out** (ours only, against itself): RATE_LIMIT_PER_SECOND at its shipped 30, 2,000 members owed a
      reminder, and FANOUT_USERS executors at a human pace while the reminder run sends; baseline: the same
      executors, the same limit, reminders switched off. Replies must overtake the fan-out
      (bot/ratelimit.py): p99 < 1 s.
    * **report builds** (ours only, against itself): the synthetic program of ``benchmarks.synthetic``
      (2,000 measures x 5 departments, 10 revisions per (measure, department): 100,000; ``--quick``: 200
      measures) in the bot's database, REPORT_USERS executors at a human pace, and the coordinator sending
      ``/report 2023`` 5 times in a row (3 in ``--quick``), each when the previous one's files (REPORT_FORMATS'
      default, XLSX and PDF) have arrived. Counted: the executors' updates sent between a ``/report`` and its
      last file; baseline: the same executors, the same bot process, just before, with no report building.
      Target: p99 < 100 ms. Also printed: each report's time from ``/report`` to its last file.

    Users belong to the seed program's 10 departments round robin; each reports a different measure
    of its department where the department has enough of them, else several share one (each confirm
    is a new revision, and the bot may then tell the earlier author: such messages are counted, not
    taken for the reply). Every confirm is a durable commit (the bot's own SQLite settings: WAL,
    ``synchronous=FULL``); after the run the submissions in the database are counted against the
    confirms the users saw acknowledged.

Latency of one update = from the update being queued in the fake to the fake recording the bot's
reply (the first message after it that contains the expected text; for the echo bot, the first
message), both on this process's ``perf_counter``: long-poll delivery + the bot's work + the reply's
HTTP request. This process's garbage collector is paused during each measured run (and run between
runs), so that a slow full collection of the fake's growing state never passes for the bot's latency.

Memory: peak resident set size of the bot process, ``VmHWM`` from ``/proc/<pid>/status`` just before
it is stopped (the whole process: interpreter, libraries, SQLite; tracemalloc cannot see another
process). Start-up: from spawning the process to the fake receiving its first getUpdates, then
``VmRSS`` one second later (idle, long-polling). The children get ``PYTHONPYCACHEPREFIX`` (a scratch
directory): this environment sets PYTHONDONTWRITEBYTECODE and the checkout has no ``__pycache__``,
so without it every start would compile the bot's sources; the first start of each bot (not measured)
fills the cache, as the first start of an installed bot does.

Everything is bounded: fixed user and update counts, a timeout on every reply and every process, an
overall timeout, traffic to 127.0.0.1 only; both bots are stopped with SIGTERM (killed if they hang).
Run it alone, e.g. with the bot under cProfile: ``python -m benchmarks.bot_bench --help``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import gc
import os
import random
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot import callbacks
from storage.db import connect
from storage.members import add_membership, touch_user
from storage.models import PeriodStatus
from storage.periods import set_period
from storage.programs import list_departments
from storage.workload import worklist
from tests.botkit import COORDINATOR_ID, YEAR, add_many_members, prepare_database
from tests.fakeapi import BotMessage, FakeBotApi, FakeUser

ROOT = Path(__file__).resolve().parent.parent
ECHO_BOT = ROOT / "benchmarks" / "echo_bot.py"
REPORT_TIMEOUT = 60.0  # seconds for a /report's files to arrive
DEFAULT_REPORT_FORMATS = ("xlsx", "pdf")  # REPORT_FORMATS' default (bot/settings.py)
REPLY_TIMEOUT = 30.0  # seconds for any one reply; a missing reply is counted as an error
PROCESS_TIMEOUT = 30.0  # seconds for a process to start polling, or to stop after SIGTERM
TOTAL_TIMEOUT = 900.0  # seconds for the whole benchmark
API_LATENCY = 0.030  # seconds, for the Bot API latency scenario
LATENCY_METHODS = ("sendMessage", "answerCallbackQuery", "editMessageText")
FIRST_USER_ID = 100_000
FANOUT_FIRST_ID = 200_000
FANOUT_USERS = 20
SHIPPED_RATE = 30  # RATE_LIMIT_PER_SECOND's default (bot/settings.py)
FANOUT_THINK = (1.0, 3.0)  # seconds between a reply and the next update: 20 people offer ~10 updates/s
WARMUP_USER_ID = 99_000
INFO_TEXT = "Проведено інформаційну кампанію, навчено 25 посадових осіб, підтримано дві ініціативи."


class TimedFakeBotApi(FakeBotApi):
    """The fake, plus the arrival time of every bot message and a cheap per-chat wait for it.

    ``FakeUser.next_message`` waits on the fake's broadcast signal, which wakes every waiter on every
    change: fine for a test, O(users) per event for 200 users. Here each chat has its own waiter.
    """

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: dict[int, list[float]] = {}
        self._chat_waiters: dict[int, asyncio.Event] = {}

    def _record(self, chat_id, stored, *, kind, method):  # type: ignore[no-untyped-def,override]
        self.arrivals.setdefault(chat_id, []).append(time.perf_counter())
        super()._record(chat_id, stored, kind=kind, method=method)
        waiter = self._chat_waiters.pop(chat_id, None)
        if waiter is not None:
            waiter.set()

    def seen(self, chat_id: int) -> int:
        return len(self.arrivals.get(chat_id, ()))

    async def reply(
        self,
        chat_id: int,
        start: int,
        expect: str,
        timeout: float,  # noqa: ASYNC109
    ) -> tuple[BotMessage, float, int] | None:
        """The first bot message in the chat at index >= ``start`` containing ``expect``, its arrival
        time and how many other messages came before it; None if none comes within ``timeout``."""
        deadline = time.perf_counter() + timeout
        index = start
        while True:
            while index < self.seen(chat_id):
                message = self.events(chat_id)[index]
                if message.matches(expect):
                    return message, self.arrivals[chat_id][index], index - start
                index += 1
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return None
            waiter = self._chat_waiters.setdefault(chat_id, asyncio.Event())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), remaining)

    async def documents(
        self,
        chat_id: int,
        start: int,
        count: int,
        timeout: float,  # noqa: ASYNC109
    ) -> list[tuple[BotMessage, float]]:
        """The first ``count`` bot messages with a document in the chat at index >= ``start``, each with its
        arrival time; fewer if they do not all come within ``timeout``."""
        deadline = time.perf_counter() + timeout
        found: list[tuple[BotMessage, float]] = []
        index = start
        while True:
            while index < self.seen(chat_id) and len(found) < count:
                message = self.events(chat_id)[index]
                if message.document is not None:
                    found.append((message, self.arrivals[chat_id][index]))
                index += 1
            remaining = deadline - time.perf_counter()
            if len(found) >= count or remaining <= 0:
                return found
            waiter = self._chat_waiters.setdefault(chat_id, asyncio.Event())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), remaining)

    def first_call_at(self, method: str) -> float | None:
        """Wall-clock time (``time.time``) the first call of ``method`` arrived, if any did."""
        return next((c.at for c in self.calls if c.method == method), None)

    def set_latency(self, seconds: float) -> None:
        for method in LATENCY_METHODS:
            self.delay(method, seconds, deliver_first=True)


# ----------------------------------------------------------------------------------------- processes


def _clean_env(**values: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BOT_", "DATABASE_", "COORDINATOR_", "WEBHOOK_", "RATE_", "LOG_", "PYTHON"))
    }
    env["PYTHONPATH"] = str(ROOT)
    env.update(values)
    return env


@dataclass
class BotProcess:
    name: str  # "bot" or "echo"
    proc: asyncio.subprocess.Process
    spawned_at: float  # time.time()
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def status_kib(self, field_name: str) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
        raise KeyError(field_name)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


async def spawn(
    name: str,
    fake: FakeBotApi,
    workdir: Path,
    db_path: Path | None = None,
    profile: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> BotProcess:
    """Start ``python -m bot`` (name "bot") or the echo bot (name "echo") against the fake."""
    env = _clean_env(
        BOT_TOKEN=fake.token,
        BOT_API_BASE_URL=fake.base_url,
        BOT_API_FILE_URL=fake.base_file_url,
        PYTHONPYCACHEPREFIX=str(workdir / "pycache"),
    )
    if name == "bot":
        assert db_path is not None
        env.update(
            DATABASE_PATH=str(db_path),
            COORDINATOR_IDS=str(COORDINATOR_ID),
            RATE_LIMIT_PER_SECOND="100000",
            LOG_LEVEL="WARNING",
        )
        env.update(extra_env or {})
        target = ["-m", "bot"]
    else:
        target = [str(ECHO_BOT)]
    wrapper = ["-m", "cProfile", "-o", str(profile)] if profile is not None else []
    log = workdir / f"{name}-{time.monotonic_ns()}.log"
    with log.open("wb") as out:
        spawned_at = time.time()
        # cwd is the scratch directory, so that no .env of the checkout is read.
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            *wrapper,
            *target,
            cwd=workdir,
            env=env,
            stdout=out,
            stderr=out,
            stdin=asyncio.subprocess.DEVNULL,
        )
    return BotProcess(name, proc, spawned_at, log)


async def wait_polling(fake: TimedFakeBotApi, bot: BotProcess) -> float:
    """Seconds from spawning to the fake receiving the bot's first getUpdates."""
    ok = await fake.wait_until(
        lambda: fake.first_call_at("getUpdates") is not None or bot.proc.returncode is not None,
        PROCESS_TIMEOUT,
    )
    at = fake.first_call_at("getUpdates")
    if not ok or at is None:
        raise RuntimeError(f"{bot.name} did not start polling within {PROCESS_TIMEOUT}s:\n{bot.tail()}")
    return at - bot.spawned_at


async def stop(bot: BotProcess) -> None:
    if bot.proc.returncode is None:
        bot.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(bot.proc.wait(), PROCESS_TIMEOUT)
        except TimeoutError:
            bot.proc.kill()
            await bot.proc.wait()


@contextlib.asynccontextmanager
async def running_bot(
    name: str, workdir: Path, db_path: Path | None = None, profile: Path | None = None
) -> AsyncIterator[tuple[TimedFakeBotApi, BotProcess, float]]:
    """A fresh fake and the bot polling it; yields (fake, process, seconds to first getUpdates)."""
    fake = TimedFakeBotApi()
    await fake.start()
    try:
        bot = await spawn(name, fake, workdir, db_path, profile)
        try:
            started = await wait_polling(fake, bot)
            yield fake, bot, started
        finally:
            await stop(bot)
    finally:
        await fake.stop()


# ------------------------------------------------------------------------------------------- users


@dataclass(frozen=True)
class Step:
    kind: str  # "send" a text, "open" a measure from the list, "press" an inline button by label
    arg: str
    expect: str  # a substring of the real bot's reply


@dataclass(frozen=True)
class Assignment:
    user_id: int
    department_id: int
    measure_id: int


def report_steps(a: Assignment) -> list[Step]:
    """One whole measure report, 7 updates (as tests/test_bot_reporting.py does it)."""
    return [
        Step("send", "/start", "Залишилося"),
        Step(
            "open",
            callbacks.OpenMeasure(a.measure_id, a.department_id, YEAR).data(),
            "Фактичний річний обсяг",
        ),
        Step("send", "0", "профінансовано"),
        Step("send", "0", "Відсоток"),
        Step("send", "100", "Інформація про виконання"),
        Step("send", INFO_TEXT, "Перевірте звіт"),
        Step("press", "Підтвердити", "Збережено"),
    ]


UPDATES_PER_USER = len(report_steps(Assignment(0, 0, 0)))
CONFIRM = report_steps(Assignment(0, 0, 0))[-1].expect


async def prepare(workdir: Path, users: int) -> tuple[Path, list[Assignment], Assignment]:
    """A database with the seed program, 2023 open, and the users as members of its departments."""
    db_path = workdir / "bench.sqlite3"
    await prepare_database(db_path)
    db = await connect(db_path)
    try:
        async with db.transaction() as conn:
            departments = sorted(d.id for d in await list_departments(conn))
            measures = {}
            for d in departments:
                items = [i for i in await worklist(conn, d, None) if i.year == YEAR]
                measures[d] = [i.measure_id for i in items if i.planned] or [i.measure_id for i in items]
            departments = [d for d in departments if measures[d]]
            assignments = []
            for n in range(users):
                d = departments[n % len(departments)]
                own = measures[d]
                assignments.append(Assignment(FIRST_USER_ID + n, d, own[(n // len(departments)) % len(own)]))
            warmup = Assignment(WARMUP_USER_ID, departments[0], measures[departments[0]][-1])
            for a in [warmup, *assignments]:
                await touch_user(conn, a.user_id, f"Виконавець {a.user_id}", None)
                await add_membership(conn, a.user_id, a.department_id)
    finally:
        await db.close()
    return db_path, assignments, warmup


async def count_submissions(db_path: Path) -> int:
    db = await connect(db_path)
    try:
        async with (
            db.locked() as conn,
            conn.execute("SELECT COUNT(*) FROM submissions WHERE year = ?", (YEAR,)) as cur,
        ):
            row = await cur.fetchone()
        return int(row[0]) if row else 0
    finally:
        await db.close()


@dataclass
class Run:
    updates: int = 0
    latencies: list[float] = field(default_factory=list)
    sent_at: list[float] = field(default_factory=list)  # when each measured update was sent (perf_counter)
    errors: list[str] = field(default_factory=list)
    confirmed: int = 0  # confirms acknowledged with the "saved" reply
    other_messages: int = 0  # messages that were not the reply (e.g. "your report was replaced")
    first_sent: float = float("inf")
    last_reply: float = 0.0
    cpu: float = 0.0  # CPU seconds of the bot process during the run

    @property
    def wall(self) -> float:
        return max(self.last_reply - self.first_sent, 1e-9)

    @property
    def throughput(self) -> float:
        return self.updates / self.wall


async def _act(user: FakeUser, step: Step, echo: bool, previous: BotMessage | None) -> None:
    if step.kind == "send":
        await user.send(step.arg)
    elif step.kind == "open" or echo:
        # The echo bot shows no keyboards: press "the same" button on its last message, by data.
        await user.press_data(step.arg if step.kind == "open" else f"q:1:1:step:{len(step.arg)}", previous)
    else:
        await user.press(step.arg, previous)


async def _one_user(
    fake: TimedFakeBotApi,
    a: Assignment,
    echo: bool,
    run: Run,
    think: tuple[float, float] | None,
    rng: random.Random,
    measured: bool,
) -> None:
    user = fake.user(id=a.user_id, first_name=f"Виконавець {a.user_id}")
    if think:
        await asyncio.sleep(rng.uniform(0, think[1]))  # people do not all start in the same millisecond
    previous: BotMessage | None = None
    for step in report_steps(a):
        start = fake.seen(a.user_id)
        sent = time.perf_counter()
        await _act(user, step, echo, previous)
        got = await fake.reply(a.user_id, start, "" if echo else step.expect, REPLY_TIMEOUT)
        if got is None:
            last = fake.events(a.user_id)[-1] if fake.seen(a.user_id) > start else "nothing"
            run.errors.append(f"user {a.user_id}: no {step.expect!r} after {step.arg!r}; last: {last}")
            return
        previous, arrived, skipped = got
        if measured:
            run.updates += 1
            run.other_messages += skipped
            run.latencies.append(arrived - sent)
            run.sent_at.append(sent)
            run.first_sent = min(run.first_sent, sent)
            run.last_reply = max(run.last_reply, arrived)
        if step.expect == CONFIRM:
            run.confirmed += 1
        if think:
            await asyncio.sleep(rng.uniform(*think))


async def drive(
    fake: TimedFakeBotApi,
    bot: BotProcess,
    assignments: Sequence[Assignment],
    echo: bool,
    think: tuple[float, float] | None = None,
    seed: int = 1,
    measured: bool = True,
) -> Run:
    run = Run()
    rng = random.Random(seed)
    # The fake keeps every call and message, so this process's own full collections grow slow; one
    # of them mid-run would stall the fake and show up as the bot's latency. Collect between runs.
    gc.collect()
    gc.disable()
    try:
        cpu = bot.cpu_seconds()
        await asyncio.gather(*(_one_user(fake, a, echo, run, think, rng, measured) for a in assignments))
        run.cpu = bot.cpu_seconds() - cpu
    finally:
        gc.enable()
    return run


# ------------------------------------------------------------------------------------------ scenario


@dataclass
class Side:
    """One bot under load: its fake, its process, its users, and what was measured."""

    name: str
    fake: TimedFakeBotApi
    bot: BotProcess
    assignments: list[Assignment]
    db_path: Path | None
    saturated: list[Run] = field(default_factory=list)
    paced: Run | None = None
    slow_api: Run | None = None
    peak_rss_kib: int = 0
    driver_cpu_share: float = 0.0  # this process (fake + users): CPU time / wall time, best round

    @property
    def echo(self) -> bool:
        return self.name == "echo"

    @property
    def best(self) -> Run:
        return max(self.saturated, key=lambda r: r.throughput)

    def runs(self) -> list[Run]:
        return [r for r in (*self.saturated, self.paced, self.slow_api) if r is not None]

    def errors(self) -> list[str]:
        errors = [e for r in self.runs() for e in r.errors]
        return errors + [f"fake: {e.splitlines()[-1]}" for e in self.fake.server_errors]


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Sizes:
    users: int
    rounds: int  # saturated rounds per bot (the best counts)
    think: tuple[float, float]
    slow_api_users: int
    starts: int  # measured starts per bot

    @classmethod
    def of(cls, quick: bool, users: int | None = None) -> Sizes:
        if quick:
            return cls(users or 20, 1, (0.2, 0.6), 10, 1)
        return cls(users or 200, 3, (1.0, 3.0), 50, 3)


async def load(sizes: Sizes, workdir: Path, profile: Path | None = None) -> tuple[Side, Side]:
    """Both bots up at once; warm-up, saturated rounds alternating, paced, slow Bot API."""
    db_path, assignments, warmup = await prepare(workdir, sizes.users)
    echo_users = [Assignment(a.user_id, 1, 1) for a in assignments]
    async with contextlib.AsyncExitStack() as stack:
        sides = []
        for name, users, db in (("bot", assignments, db_path), ("echo", echo_users, None)):
            fake, bot, _ = await stack.enter_async_context(
                running_bot(name, workdir, db, profile if db else None)
            )
            sides.append(Side(name, fake, bot, users, db))
        for side in sides:
            await drive(side.fake, side.bot, [warmup], side.echo, measured=False)
        for _ in range(sizes.rounds):
            for side in sides:
                own = _own_cpu()
                run = await drive(side.fake, side.bot, side.assignments, side.echo)
                if not side.saturated or run.throughput > side.best.throughput:
                    side.driver_cpu_share = (_own_cpu() - own) / run.wall
                side.saturated.append(run)
        for side in sides:
            side.paced = await drive(side.fake, side.bot, side.assignments, side.echo, think=sizes.think)
        for side in sides:
            side.fake.set_latency(API_LATENCY)
            side.slow_api = await drive(
                side.fake, side.bot, side.assignments[: sizes.slow_api_users], side.echo
            )
            side.fake.set_latency(0)
            side.peak_rss_kib = side.bot.status_kib("VmHWM")
    ours = sides[0]
    stored, confirmed = await count_submissions(db_path), 1 + sum(r.confirmed for r in ours.runs())
    if stored != confirmed:
        ours.saturated[0].errors.append(f"{stored} submissions stored, {confirmed} confirms acknowledged")
    return sides[0], sides[1]


async def startup(name: str, workdir: Path, db_path: Path | None, idle: float = 1.0) -> tuple[float, int]:
    """Seconds from spawn to the first getUpdates, and VmRSS (KiB) of the idle process ``idle`` s later."""
    async with running_bot(name, workdir, db_path) as (_fake, bot, started):
        await asyncio.sleep(idle)
        return started, bot.status_kib("VmRSS")


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(min(rank, len(ordered))) - 1]


def _ms(values: Sequence[float]) -> str:
    return f"{percentile(values, 50) * 1000:.0f} / {percentile(values, 99) * 1000:.0f}"


def _mib(kib: float) -> str:
    return f"{kib / 1024:.0f}"


def _rows(
    sizes: Sizes, ours: Side, base: Side, starts: dict[str, list[tuple[float, int]]]
) -> list[tuple[str, str, str, str]]:
    users, per = sizes.users, UPDATES_PER_USER
    best, echo = ours.best, base.best
    errors = ours.errors() + base.errors()
    checked = sum(r.updates for s in (ours, base) for r in s.runs())
    health = f"{len(errors)} ERRORS, first: {errors[0]}" if errors else f"all {checked} replies checked"
    assert ours.paced is not None and base.paced is not None and ours.slow_api and base.slow_api
    rounds = f"best of {sizes.rounds} alternating rounds" if sizes.rounds > 1 else "1 round"
    med = {
        n: (statistics.median(s for s, _ in v), statistics.median(r for _, r in v)) for n, v in starts.items()
    }
    return [
        (
            f"bot: {users} users x {per} updates, saturated, updates/s",
            f"{best.throughput:.0f}",
            f"{echo.throughput:.0f} (bare PTB echo bot)",
            f"ratio {best.throughput / echo.throughput:.2f}; target >= 0.5; {rounds}; {health}",
        ),
        (
            "bot: saturated reply latency p50 / p99, ms",
            _ms(best.latencies),
            f"{_ms(echo.latencies)} (echo)",
            f"closed loop: mean ≈ {users} users / throughput; the fake's process used "
            f"{ours.driver_cpu_share:.0%} / {base.driver_cpu_share:.0%} of a core",
        ),
        (
            "bot: process CPU per update (saturated), ms",
            f"{best.cpu / best.updates * 1000:.2f}",
            f"{echo.cpu / echo.updates * 1000:.2f} (echo)",
            f"user+sys; bot process busy {best.cpu / best.wall:.0%} of wall time, echo {echo.cpu / echo.wall:.0%}",
        ),
        (
            f"bot: {users} users paced (think {sizes.think[0]:g}-{sizes.think[1]:g} s), latency p50 / p99, ms",
            _ms(ours.paced.latencies),
            f"{_ms(base.paced.latencies)} (echo)",
            f"{ours.paced.throughput:.0f} / {base.paced.throughput:.0f} updates/s offered; target p99 < 50 ms",
        ),
        (
            f"bot: {sizes.slow_api_users} users saturated, Bot API answers in {API_LATENCY * 1000:.0f} ms, updates/s",
            f"{ours.slow_api.throughput:.0f}",
            f"{base.slow_api.throughput:.0f} (echo)",
            f"p50 / p99 {_ms(ours.slow_api.latencies)} ms (echo {_ms(base.slow_api.latencies)}); "
            "echo with the same per-user concurrency",
        ),
        (
            "bot: peak RSS under load (VmHWM), MiB",
            _mib(ours.peak_rss_kib),
            f"{_mib(base.peak_rss_kib)} (echo)",
            f"whole process, /proc/<pid>/status; {sum(r.other_messages for r in ours.runs())} "
            "notifications besides the replies",
        ),
        (
            "start-up: spawn to first getUpdates, s",
            f"{med['bot'][0]:.2f}",
            f"{med['echo'][0]:.2f} (echo)",
            f"median of {len(starts['bot'])}; interpreter, imports, DB open, setMyCommands",
        ),
        (
            "start-up: idle RSS 1 s later (VmRSS), MiB",
            _mib(med["bot"][1]),
            f"{_mib(med['echo'][1])} (echo)",
            "",
        ),
    ]


def _reminded(fake: FakeBotApi) -> int:
    return sum(1 for c in fake.calls_to("sendMessage") if int(c.params.get("chat_id", 0)) >= FANOUT_FIRST_ID)


async def fan_out(quick: bool, workdir: Path, think: tuple[float, float]) -> tuple[Run, Run, int, int]:
    """(during the fan-out, without one, reminders sent during the run, members): see the module doc."""
    members = 300 if quick else 2000
    work = workdir / "fanout"
    work.mkdir()
    db_path, assignments, _ = await prepare(work, FANOUT_USERS)
    await add_many_members(db_path, members, first_id=FANOUT_FIRST_ID, deadline_in_days=1)
    runs = []
    sent_during = 0
    for reminders in (False, True):
        env = {
            "RATE_LIMIT_PER_SECOND": str(SHIPPED_RATE),
            "REMINDERS_ENABLED": str(reminders).lower(),
            "REMINDER_LEAD_DAYS": "1",
            "REMINDER_HOUR": "0",
            "NON_WORKING_DAYS": "",
            "QUARTERLY_REMINDERS": "false",
            "REMINDER_FIRST_RUN_SECONDS": "0.5",
        }
        fake = TimedFakeBotApi()
        await fake.start()
        try:
            for i in range(FANOUT_FIRST_ID, FANOUT_FIRST_ID + members):
                fake.user(id=i, first_name=f"Працівник {i - FANOUT_FIRST_ID}")
            bot = await spawn("bot", fake, work, db_path, extra_env=env)
            try:
                await wait_polling(fake, bot)

                if reminders:
                    started = await fake.wait_until(lambda: _reminded(fake) >= SHIPPED_RATE, 30)  # noqa: B023
                    assert started, "no fan-out"
                before = _reminded(fake)
                runs.append(await drive(fake, bot, assignments, False, think=think, seed=2))
                if reminders:
                    sent_during = _reminded(fake) - before
                    if _reminded(fake) >= members:
                        runs[-1].errors.append("the fan-out ended before the executors did")
            finally:
                await stop(bot)
        finally:
            await fake.stop()
    return runs[1], runs[0], sent_during, members


REPORT_FIRST_ID = 300_000
REPORT_USERS = 20


@dataclass
class ReportLoad:
    """The report-build scenario's figures (see ``report_load``)."""

    measures: int
    revisions: int
    during: list[float]  # executors' latencies of updates sent while a report was building
    baseline: Run  # the same executors, the same bot, no report building
    arrivals: list[float]  # seconds from each /report to its last document
    size_kib: int  # of the last report's documents, together
    errors: list[str]


async def _synthetic_database(
    work: Path, tasks: int, revisions: int, users: int
) -> tuple[Path, list[Assignment]]:
    """``benchmarks.reports_bench``'s synthetic program (40 measures a task, 5 departments a measure, each
    (measure, department) with ``revisions`` revisions), YEAR open, ``users`` executors as members."""
    from benchmarks.reports_bench import _database

    db_path = work / "report.sqlite3"
    await asyncio.to_thread(_database, db_path, tasks, 40, revisions)
    db = await connect(db_path)
    try:
        async with db.transaction() as conn:
            await set_period(conn, 1, YEAR, PeriodStatus.OPEN, dt.date(2024, 1, 20))
            departments = sorted(d.id for d in await list_departments(conn))
            assignments = []
            for n in range(users):
                d = departments[n % len(departments)]
                items = [i.measure_id for i in await worklist(conn, d, None) if i.year == YEAR and i.planned]
                a = Assignment(REPORT_FIRST_ID + n, d, items[(n // len(departments)) % len(items)])
                await touch_user(conn, a.user_id, f"Виконавець {a.user_id}", None)
                await add_membership(conn, a.user_id, a.department_id)
                assignments.append(a)
    finally:
        await db.close()
    return db_path, assignments


async def _coordinator_reports(
    fake: TimedFakeBotApi, times: int, documents: int, windows: list[tuple[float, float]], errors: list[str]
) -> int:
    """The coordinator sends ``/report YEAR`` ``times`` times, each after the previous one's ``documents``
    files arrived; appends each (sent, last file arrived) to ``windows``; returns the last files' bytes."""
    coordinator = fake.user(id=COORDINATOR_ID, first_name="Координатор")
    size = 0
    for _ in range(times):
        index = fake.seen(COORDINATOR_ID)
        sent = time.perf_counter()
        await coordinator.send(f"/report {YEAR}")
        got = await fake.documents(COORDINATOR_ID, index, documents, REPORT_TIMEOUT)
        if len(got) < documents:
            errors.append(f"coordinator: {len(got)} of {documents} report files in {REPORT_TIMEOUT:.0f} s")
            return size
        size = sum(len(message.document.data) for message, _ in got if message.document)
        arrived = got[-1][1]
        windows.append((sent, arrived))
    return size


async def report_load(quick: bool, workdir: Path, think: tuple[float, float]) -> ReportLoad:
    """Executors at a human pace while the coordinator's ``/report`` builds, beside the same executors with
    no report building (the same bot process, the same run, before the reports)."""
    tasks, revisions, times = (5, 10, 3) if quick else (50, 10, 5)
    work = workdir / "reportload"
    work.mkdir()
    db_path, assignments = await _synthetic_database(work, tasks, revisions, REPORT_USERS)
    errors: list[str] = []
    async with running_bot("bot", work, db_path) as (fake, bot, _):
        await drive(fake, bot, assignments[:1], False, measured=False)  # warm-up
        baseline = await drive(fake, bot, assignments, False, think=think, seed=3)
        during = Run()
        windows: list[tuple[float, float]] = []
        rng = random.Random(4)
        done = asyncio.Event()

        async def executor(a: Assignment) -> None:
            while not done.is_set() and not during.errors:
                await _one_user(fake, a, False, during, think, rng, True)

        gc.collect()
        gc.disable()
        try:
            users = [asyncio.create_task(executor(a)) for a in assignments]
            await asyncio.sleep(think[1])  # the executors are under way
            size = await _coordinator_reports(fake, times, len(DEFAULT_REPORT_FORMATS), windows, errors)
            if errors:
                errors.append(f"bot's log: {bot.tail(5)}")
            done.set()
            await asyncio.gather(*users)
        finally:
            gc.enable()
    inside = [
        latency
        for sent, latency in zip(during.sent_at, during.latencies, strict=True)
        if any(start <= sent <= end for start, end in windows)
    ]
    errors += baseline.errors + during.errors + [f"fake: {e.splitlines()[-1]}" for e in fake.server_errors]
    if not inside and not errors:
        errors.append("no executor update was sent while a report built")
    return ReportLoad(
        tasks * 40, revisions, inside, baseline, [end - start for start, end in windows], size // 1024, errors
    )


def _report_row(load: ReportLoad, think: tuple[float, float]) -> tuple[str, str, str, str]:
    arrivals = ", ".join(f"{s:.1f}" for s in load.arrivals)
    health = (
        f"{len(load.errors)} ERRORS, first: {load.errors[0]}"
        if load.errors
        else f"{len(load.during)} replies during the builds, {load.baseline.updates} without, all checked"
    )
    return (
        f"bot: {REPORT_USERS} executors paced (think {think[0]:g}-{think[1]:g} s) while /report "
        f"({'+'.join(DEFAULT_REPORT_FORMATS)}) of {load.measures:,} measures x {load.revisions} revisions builds, "
        "latency p50 / p99, ms",
        _ms(load.during),
        f"{_ms(load.baseline.latencies)} (same bot, no report building)",
        f"target p99 < 100 ms; the report arrived in {arrivals} s ({len(load.arrivals)} in a row, "
        f"{load.size_kib:,} KiB); {health}",
    )


async def measure(
    quick: bool, profile: Path | None = None, users: int | None = None
) -> list[tuple[str, str, str, str]]:
    sizes = Sizes.of(quick, users)
    workdir = Path(tempfile.mkdtemp(prefix="zvitbot-bench-"))
    try:
        async with asyncio.timeout(TOTAL_TIMEOUT):
            ours, base = await load(sizes, workdir, profile)
            starts: dict[str, list[tuple[float, int]]] = {"bot": [], "echo": []}
            db_path = ours.db_path
            for _ in range(sizes.starts):
                for name in starts:
                    starts[name].append(await startup(name, workdir, db_path if name == "bot" else None))
            during, without, sent, members = await fan_out(quick, workdir, FANOUT_THINK)
            reports = await report_load(quick, workdir, sizes.think if quick else FANOUT_THINK)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    errors = during.errors + without.errors
    return [
        *_rows(sizes, ours, base, starts),
        (
            f"bot: {FANOUT_USERS} executors paced during a fan-out of {members:,} reminders at "
            f"{SHIPPED_RATE} msg/s, latency p50 / p99, ms",
            _ms(during.latencies),
            f"{_ms(without.latencies)} (same bot and limit, no fan-out)",
            f"target p99 < 1 s; {sent} reminders went out during the run; "
            + (
                f"{len(errors)} ERRORS, first: {errors[0]}"
                if errors
                else f"all {during.updates + without.updates} replies checked"
            ),
        ),
        _report_row(reports, sizes.think if quick else FANOUT_THINK),
    ]


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    return asyncio.run(measure(quick))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bot_bench")
    parser.add_argument("--quick", action="store_true", help="20 users instead of 200, one round")
    parser.add_argument("--users", type=int, help="number of simulated users")
    parser.add_argument(
        "--profile", type=Path, help="run our bot under cProfile, write its stats to this file"
    )
    args = parser.parse_args(argv)
    rows = asyncio.run(measure(args.quick, args.profile.resolve() if args.profile else None, args.users))
    for row in rows:
        print(" | ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
