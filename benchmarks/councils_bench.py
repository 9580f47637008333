"""One machine, many councils (issue 23): N ``python -m bot`` processes at once, each with its own token, fake Bot
API and database (the seed imported), as deploy/zvitbot@.service runs them. Measured from /proc (no psutil): the
start-up time (spawn to the first getUpdates; then to the answer of a /start), the resident memory per process
(VmRSS; RssAnon its private part; VmHWM its peak) and the CPU each takes at idle over a window (utime + stime from /proc/<pid>/stat).

``python -m benchmarks.councils_bench [N] [IDLE_SECONDS]`` (default 20 processes, 30 s).
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.botkit import prepare_database
from tests.fakeapi import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
COORDINATOR = 500
START_TIMEOUT = 120.0  # seconds for a process to poll and answer, 20 starting at once on 2 cores
TICKS = os.sysconf("SC_CLK_TCK")


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _cpu_seconds(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # after the command's name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15 of proc(5))


def _env(fake: FakeBotApi, folder: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BOT_", "DATABASE_", "COORDINATOR_", "BACKUP_"))
    }
    env.update(
        PYTHONPATH=str(ROOT),
        BOT_TOKEN=fake.token,
        BOT_API_BASE_URL=fake.base_url,
        BOT_API_FILE_URL=fake.base_file_url,
        DATABASE_PATH=str(folder / "zvitbot.sqlite3"),
        COORDINATOR_IDS=str(COORDINATOR),
        LOG_LEVEL="WARNING",
    )
    return env


async def _wait_for(predicate: Callable[[], bool], within: float) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.05)


async def _measure(count: int, idle: float, base: Path) -> list[dict[str, float]]:
    fakes = [
        FakeBotApi(token=f"{7_000_000 + i}:council-{i:02d}-token-not-real-abcdefghijklmn")
        for i in range(count)
    ]
    for fake in fakes:
        await fake.start()
    folders = []
    for i in range(count):
        folder = base / f"council-{i:02d}"
        await prepare_database(folder / "zvitbot.sqlite3")
        folders.append(folder)
    procs: list[asyncio.subprocess.Process] = []
    try:
        started = time.monotonic()
        for fake, folder in zip(fakes, folders, strict=True):
            procs.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    cwd=folder,
                    env=_env(fake, folder),
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.DEVNULL,
                )
            )

        async def ready(fake: FakeBotApi, proc: asyncio.subprocess.Process) -> tuple[float, float, float]:
            await _wait_for(lambda: bool(fake.calls_to("getUpdates")), START_TIMEOUT)
            polling = time.monotonic() - started
            cpu = _cpu_seconds(proc.pid)
            coordinator = fake.user(id=COORDINATOR, first_name="Координаторка")
            await coordinator.send("/start")
            await coordinator.expect("координатор", timeout=START_TIMEOUT)
            return polling, time.monotonic() - started, cpu

        times = await asyncio.gather(*(ready(f, p) for f, p in zip(fakes, procs, strict=True)))
        await asyncio.sleep(5)  # settle
        cpu0 = [_cpu_seconds(p.pid) for p in procs]
        t0 = time.monotonic()
        await asyncio.sleep(idle)
        elapsed = time.monotonic() - t0
        rows = []
        for proc, (polling, answering, start_cpu), before in zip(procs, times, cpu0, strict=True):
            assert proc.returncode is None, "a bot stopped"
            rows.append(
                {
                    "polling_s": polling,
                    "answering_s": answering,
                    "start_cpu_s": start_cpu,
                    "rss_mb": _status_kb(proc.pid, "VmRSS") / 1024,
                    "hwm_mb": _status_kb(proc.pid, "VmHWM") / 1024,
                    "anon_mb": _status_kb(proc.pid, "RssAnon") / 1024,
                    "idle_cpu_pct": (_cpu_seconds(proc.pid) - before) / elapsed * 100,
                }
            )
        return rows
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                await asyncio.wait_for(proc.wait(), timeout=30)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        for fake in fakes:
            await fake.stop()


def measure(count: int = 20, idle: float = 30.0) -> list[dict[str, float]]:
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_measure(count, idle, Path(folder)))


def summary(rows: list[dict[str, float]]) -> dict[str, tuple[float, float, float]]:
    """Each figure's median, max and sum over the processes."""
    return {
        key: (statistics.median(r[key] for r in rows), max(r[key] for r in rows), sum(r[key] for r in rows))
        for key in rows[0]
    }


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    count, idle = (5, 10.0) if quick else (20, 30.0)
    s = summary(measure(count, idle))
    return [
        (
            f"councils: {count} bot processes started at once, s to polling / to answering",
            f"{s['polling_s'][0]:.1f} / {s['answering_s'][0]:.1f}",
            "-",
            f"median; slowest {s['polling_s'][1]:.1f} / {s['answering_s'][1]:.1f}; "
            f"{s['start_cpu_s'][0]:.1f} CPU-s each to start",
        ),
        (
            f"councils: RSS per process, MB ({count} processes)",
            f"{s['rss_mb'][0]:.0f}",
            "-",
            f"max {s['rss_mb'][1]:.0f}, all {s['rss_mb'][2]:.0f} MB; anonymous {s['anon_mb'][0]:.0f}; "
            f"peak {s['hwm_mb'][1]:.0f}",
        ),
        (
            f"councils: CPU at idle per process over {idle:.0f} s, %",
            f"{s['idle_cpu_pct'][0]:.2f}",
            "-",
            f"max {s['idle_cpu_pct'][1]:.2f}, all {s['idle_cpu_pct'][2]:.2f} % of one core",
        ),
    ]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    window = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
    found = measure(n, window)
    print("process  polling_s  answering_s  start_cpu_s  rss_mb  anon_mb  hwm_mb  idle_cpu_%")
    for i, r in enumerate(found):
        print(
            f"{i:7d}  {r['polling_s']:9.2f}  {r['answering_s']:11.2f}  {r['start_cpu_s']:11.2f}  {r['rss_mb']:6.1f}"
            f"  {r['anon_mb']:7.1f}  {r['hwm_mb']:6.1f}  {r['idle_cpu_pct']:10.2f}"
        )
    for key, (median, most, total) in summary(found).items():
        print(f"{key}: median {median:.2f}, max {most:.2f}, sum {total:.2f}")
