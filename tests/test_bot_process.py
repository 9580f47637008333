"""``python -m bot`` as a separate process: configuration errors, a real start, SIGTERM, the token in logs."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.botkit import prepare_database
from tests.fakeapi import FakeBotApi
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


def _env(**values: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BOT_", "DATABASE_", "COORDINATOR_", "WEBHOOK_"))
    }
    env.update(values)
    return env


async def _run(env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    return proc.returncode or 0, out.decode(), err.decode()


@pytest.mark.parametrize(
    ("token", "what"),
    [(None, "BOT_TOKEN: не задано"), ("not-a-token", "BOT_TOKEN"), ("123:short", "BOT_TOKEN")],
)
async def test_a_bad_token_stops_the_start_with_one_line(
    tmp_path: Path, token: str | None, what: str
) -> None:
    env = _env(PYTHONPATH=str(ROOT), DATABASE_PATH=str(tmp_path / "z.db"))
    if token is not None:
        env["BOT_TOKEN"] = token
    code, _out, err = await _run(env, tmp_path)
    assert code == 2
    assert what in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    if token:
        assert token not in err
    assert not (tmp_path / "z.db").exists()


async def _start_bot(tmp_path: Path, fake_api: FakeBotApi, **settings: str) -> asyncio.subprocess.Process:
    """``python -m bot`` on the seeded ``data/z.db`` against the fake Bot API, with ``settings`` added."""
    env = _env(
        PYTHONPATH=str(ROOT),
        BOT_TOKEN=fake_api.token,
        DATABASE_PATH=str(tmp_path / "data" / "z.db"),
        COORDINATOR_IDS="500",
        BOT_API_BASE_URL=fake_api.base_url,
        BOT_API_FILE_URL=fake_api.base_file_url,
        **settings,
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_runs_answers_and_stops_cleanly_on_sigterm(tmp_path: Path, fake_api: FakeBotApi) -> None:
    db = tmp_path / "data" / "z.db"
    await prepare_database(db)
    proc = await _start_bot(tmp_path, fake_api, LOG_LEVEL="DEBUG")
    try:
        coordinator = fake_api.user(id=500, first_name="Координаторка")
        await coordinator.send("/start")
        await coordinator.expect("координаторе", timeout=20)
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=20)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()[-2000:]
    logs = out.decode() + err.decode()
    assert "getUpdates" in logs or "Application" in logs  # DEBUG logging was on, requests were logged
    assert fake_api.token not in logs
    assert "/bot123456:***/getUpdates" in logs  # httpx logged request URLs; the filter masked them


async def test_a_city_overrides_a_wording_through_catalog_dir(tmp_path: Path, fake_api: FakeBotApi) -> None:
    db = tmp_path / "data" / "z.db"
    await prepare_database(db)
    city = tmp_path / "city"
    city.mkdir()
    (city / "city.ftl").write_text(
        "coordinator-welcome = Добрий день, координаторко міста!\n", encoding="utf-8"
    )
    proc = await _start_bot(tmp_path, fake_api, CATALOG_DIR=str(city))
    try:
        coordinator = fake_api.user(id=500, first_name="Координаторка")
        await coordinator.send("/start")
        await coordinator.expect("Добрий день, координаторко міста!", timeout=20)
        await coordinator.send("/nonsense")
        await coordinator.expect("Такої команди немає")  # the rest stays as shipped
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.communicate(), timeout=20)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0


async def test_a_missing_catalog_dir_stops_the_start_with_one_line(tmp_path: Path) -> None:
    env = _env(
        PYTHONPATH=str(ROOT),
        DATABASE_PATH=str(tmp_path / "z.db"),
        BOT_TOKEN="123456789:" + "A" * 35,
        CATALOG_DIR=str(tmp_path / "nowhere"),
    )
    code, _out, err = await _run(env, tmp_path)
    assert code == 2 and "CATALOG_DIR" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_token_is_masked_in_messages_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from bot.logs import RedactToken

    token = "987654321:AAFakeFakeFakeFakeFakeFakeFakeFakeFak"
    logger = logging.getLogger("test.redact")
    handler = logging.Handler()
    seen: list[str] = []
    handler.emit = lambda record: seen.append(logging.Formatter().format(record))  # type: ignore[method-assign]
    handler.addFilter(RedactToken(token))
    logger.addHandler(handler)
    try:
        logger.warning("GET https://api.telegram.org/bot%s/getMe", token)
        try:
            raise RuntimeError(f"failed https://api.telegram.org/bot{token}/sendMessage")
        except RuntimeError:
            logger.exception("boom")
    finally:
        logger.removeHandler(handler)
    assert len(seen) == 2
    assert all(token not in line for line in seen)
    assert "bot987654321:***/getMe" in seen[0] and "bot987654321:***/sendMessage" in seen[1]


@pytest.mark.parametrize("gap", [0.005, 0.02])
async def test_two_sigterms_in_a_row_still_stop_cleanly(
    tmp_path: Path, fake_api: FakeBotApi, gap: float
) -> None:
    """systemd and a person may both stop the bot at once: the second signal arrives during shutdown."""
    import sqlite3

    db = tmp_path / "data" / "z.db"
    await prepare_database(db)
    proc = await _start_bot(tmp_path, fake_api, BACKUP_KEEP="0")
    try:
        coordinator = fake_api.user(id=500, first_name="Координаторка")
        await coordinator.send("/start")
        await coordinator.expect("координаторе", timeout=20)
        proc.send_signal(signal.SIGTERM)
        await asyncio.sleep(gap)  # the gap between the two signals, not a wait for the bot
        with contextlib.suppress(ProcessLookupError):  # a fast machine may be done already
            proc.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(proc.communicate(), timeout=20)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert "database closed" in err.decode()
    # Closed by its last connection, SQLite folds the write-ahead log into the file and removes it.
    assert not db.with_name(db.name + "-wal").exists()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
