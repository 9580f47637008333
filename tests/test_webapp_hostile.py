"""The Mini App's endpoints as an outside tester attacks them: bodies that are not what the page sends, methods
the routes do not take, a body that never ends, ids out of range, files an executor sent. Each is refused with
its status and the page's words (no traceback, nothing changed), or served safely."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from storage.db import connect
from storage.evidence import add_file, files_dir, store_bytes
from storage.programs import list_programs, load_program
from storage.reviews import waiting_reviews
from tests.botkit import YEAR
from tests.webappkit import ADMIN, COORDINATOR, config_for, copy_world, init_data, make_world
from webapp.server import Webapp, build_app


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("webapp-hostile") / "made.sqlite3"
    asyncio.run(make_world(path))
    return path


@pytest_asyncio.fixture
async def client(made: Path, tmp_path: Path) -> AsyncIterator[TestClient]:
    db = await connect(copy_world(made, tmp_path / "zvitbot.sqlite3"))
    app = build_app(config_for(db))
    async with TestClient(TestServer(app)) as c:
        c.db = db  # type: ignore[attr-defined]
        yield c
    await db.close()


def as_(user_id: int) -> dict[str, str]:
    return {"X-Telegram-Init-Data": init_data(user_id)}


def json_headers(user_id: int = COORDINATOR) -> dict[str, str]:
    return {**as_(user_id), "Content-Type": "application/json"}


def nonce() -> str:
    return secrets.token_urlsafe(16)


async def seed_id(client: TestClient) -> int:
    async with client.db.locked() as conn:  # type: ignore[attr-defined]
        return (await list_programs(conn))[0].id


async def refused(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status == status, await response.text()
    body = await response.json()
    assert body["code"] == code
    assert any("\u0400" <= ch <= "\u04ff" for ch in body["error"])
    assert "Traceback" not in body["error"] and "Error" not in body["error"]


@pytest.mark.parametrize(
    "raw",
    [b"[" * 10_000 + b"]" * 10_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000],
    ids=["array-10000-deep", "object-10000-deep"],
)
async def test_json_nested_ten_thousand_deep_is_bad_json(client: TestClient, raw: bytes) -> None:
    """Python's json recurses: 10,000 levels raised RecursionError, answered 500 with a traceback logged."""
    seed = await seed_id(client)
    response = await client.post(
        f"/api/programs/{seed}/plans/{YEAR}/preview", data=raw, headers=json_headers()
    )
    await refused(response, 400, "bad-json")


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
async def test_what_json_does_not_have_is_bad_json(client: TestClient, token: str) -> None:
    """Python's json reads NaN and Infinity, which JSON has not (they came back as «already sent»)."""
    response = await client.post(
        "/api/links", data=f'{{"nonce": {token}, "path": "x"}}'.encode(), headers=json_headers()
    )
    await refused(response, 400, "bad-json")


@pytest.mark.parametrize("given", [None, "", "short", 12345678901234567890, ["x" * 20]])
async def test_a_missing_or_malformed_nonce_is_a_bad_request_not_a_replay(client: TestClient, given) -> None:  # type: ignore[no-untyped-def]
    body = {"path": "file/1"} if given is None else {"path": "file/1", "nonce": given}
    response = await client.post("/api/links", json=body, headers=as_(COORDINATOR))
    await refused(response, 400, "bad-request")


async def test_a_write_that_is_not_json_by_its_type_is_refused(client: TestClient) -> None:
    """Only the page's own fetch (application/json) writes; a form's or a beacon's type is refused, unread."""
    seed = await seed_id(client)
    async with client.db.locked() as conn:  # type: ignore[attr-defined]
        waiting = await waiting_reviews(conn, seed, YEAR)
    for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        response = await client.post(
            f"/api/reviews/{waiting[0].id}/accept",
            data=f'{{"nonce": "{nonce()}"}}'.encode(),
            headers={**as_(COORDINATOR), "Content-Type": kind},
        )
        await refused(response, 415, "bad-type")
    ok = await client.post(
        "/api/links",
        data=f'{{"nonce": "{nonce()}", "path": "file/1"}}'.encode(),
        headers={**as_(COORDINATOR), "Content-Type": "application/json; charset=utf-8"},
    )
    assert ok.status == 200
    async with client.db.locked() as conn:  # type: ignore[attr-defined]
        assert len(await waiting_reviews(conn, seed, YEAR)) == len(waiting)


async def test_a_method_the_route_does_not_take_is_405_with_allow(client: TestClient) -> None:
    for method, path, allowed in (
        ("PUT", "/api/me", "GET"),
        ("DELETE", "/api/programs/1", "GET"),
        ("GET", "/api/links", "POST"),
        ("OPTIONS", "/api/me", "GET"),
    ):
        response = await client.request(method, path, headers=as_(COORDINATOR))
        await refused(response, 405, "method-not-allowed")
        assert allowed in response.headers["Allow"], (method, path)
        assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("department", [10**30, 2**63, -1, 0])
async def test_accept_all_with_a_department_id_out_of_range_is_refused(
    client: TestClient, department: int
) -> None:
    """An id beyond SQLite's INTEGER was a 500 (OverflowError); none is a department's."""
    seed = await seed_id(client)
    response = await client.post(
        f"/api/programs/{seed}/reviews/{YEAR}/accept-all",
        json={"department": department, "nonce": nonce()},
        headers=as_(COORDINATOR),
    )
    await refused(response, 400, "bad-request")


async def test_a_body_that_never_comes_is_given_up(made: Path, tmp_path: Path) -> None:
    """A request that says 10 bytes and sends none: answered 408 once the body's time is up (it was held open
    for ever, a coroutine and a socket each: enough of them and the desk stops answering)."""
    from webapp import api

    db = await connect(copy_world(made, tmp_path / "slow.sqlite3"))
    old, api.BODY_SECONDS = api.BODY_SECONDS, 0.5
    server = TestServer(build_app(config_for(db)))
    try:
        await server.start_server()
        reader, writer = await asyncio.open_connection(server.host, server.port)
        writer.write(
            (
                f"POST /api/links HTTP/1.1\r\nHost: x\r\nX-Telegram-Init-Data: {init_data(COORDINATOR)}\r\n"
                "Content-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        assert head.startswith(b"HTTP/1.1 408"), head[:200]
        length = next(
            int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.startswith(b"Content-Length")
        )
        assert b'"code":"slow"' in await asyncio.wait_for(reader.readexactly(length), 10)
        writer.close()
    finally:
        api.BODY_SECONDS = old
        await server.close()
        await db.close()


async def test_an_executors_file_is_never_served_as_a_page(client: TestClient) -> None:
    """The type a file came with is the sender's word: an HTML or SVG «evidence» served as text/html from the
    desk's own address would run there. It downloads as bytes, in a sandbox."""
    seed = await seed_id(client)
    db = client.db  # type: ignore[attr-defined]
    ids = {}
    async with db.transaction() as conn:
        tree = await load_program(conn, seed)
        assert tree is not None
        measure = tree.measures[0]
        for name, kind in (
            ("акт.html", "text/html"),
            ("схема.svg", "image/svg+xml"),
            ("акт.pdf", "application/pdf"),
        ):
            digest = store_bytes(files_dir(db.path), f"<html><script>alert('{name}')</script>".encode())
            found = await add_file(
                conn, measure.id, measure.department_ids()[0], YEAR, digest, name, 40, kind, None, "Марія"
            )
            ids[kind] = found.id
    for kind, file_id in ids.items():
        made = await client.post(
            "/api/links", json={"path": f"file/{file_id}", "nonce": nonce()}, headers=as_(ADMIN)
        )
        response = await client.get((await made.json())["url"])
        assert response.status == 200
        shown = response.headers["Content-Type"]
        assert shown == ("application/pdf" if kind == "application/pdf" else "application/octet-stream"), kind
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert "sandbox" in response.headers["Content-Security-Policy"]


async def test_a_client_gone_mid_body_is_no_failure(
    made: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A body cut off by its sender: nothing to answer, nothing to alarm (it was logged as the desk failing,
    with its traceback, as often as anyone cared to send one)."""
    db = await connect(copy_world(made, tmp_path / "gone.sqlite3"))
    server = Webapp(config_for(db))  # as the bot serves it (the test client's server cancels the handler)
    try:
        await server.start()
        _, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(
            (
                f"POST /api/links HTTP/1.1\r\nHost: x\r\nX-Telegram-Init-Data: {init_data(COORDINATOR)}\r\n"
                'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"nonce":'
            ).encode()
        )
        await writer.drain()
        await asyncio.sleep(0.5)
        writer.close()
        await asyncio.sleep(0.5)
        assert not [r for r in caplog.records if r.name == "zvitbot.webapp" and r.levelname == "ERROR"]
    finally:
        await server.stop()
        await db.close()


async def test_what_is_not_there_is_said_in_the_desks_words(client: TestClient) -> None:
    """A program or a file by an id nobody has: 404, said for the page (it was the chat's «Ця кнопка вже не
    діє.», and the desk has no buttons of the chat)."""
    made = await client.post("/api/links", json={"path": "file/999999", "nonce": nonce()}, headers=as_(ADMIN))
    for response in (
        await client.get("/api/programs/999999?year=2023", headers=as_(ADMIN)),
        await client.get((await made.json())["url"]),
    ):
        await refused(response, 404, "gone")
        assert "кнопка" not in (await response.json())["error"]
