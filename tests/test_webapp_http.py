"""The Mini App's API through aiohttp's test client on a real database: who may read and write what, every
refusal in Ukrainian with nothing changed, no token, path or traceback in any answer."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from storage.db import connect
from storage.plans import program_plans
from storage.programs import list_programs
from storage.reviews import waiting_reviews
from tests.botkit import YEAR
from tests.webappkit import (
    ADMIN,
    COORDINATOR,
    MEMBER,
    OBSERVER,
    OTHER,
    TOKEN,
    config_for,
    copy_world,
    init_data,
    make_world,
)
from webapp.server import SECURITY_HEADERS, build_app


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import asyncio

    path = tmp_path_factory.mktemp("webapp") / "made.sqlite3"
    asyncio.run(make_world(path))
    return path


@pytest_asyncio.fixture
async def client(made: Path, tmp_path: Path) -> AsyncIterator[TestClient]:
    db = await connect(copy_world(made, tmp_path / "zvitbot.sqlite3"))
    told: list[object] = []

    async def tell(review: object) -> None:
        told.append(review)

    app = build_app(config_for(db, tell_return=tell))
    async with TestClient(TestServer(app)) as c:
        c.told = told  # type: ignore[attr-defined]
        c.db = db  # type: ignore[attr-defined]
        yield c
    await db.close()


def as_(user_id: int, **kw: object) -> dict[str, str]:
    return {"X-Telegram-Init-Data": init_data(user_id, **kw)}  # type: ignore[arg-type]


def nonce() -> str:
    return secrets.token_urlsafe(16)


async def programs(client: TestClient) -> tuple[int, int]:
    async with client.db.locked() as conn:  # type: ignore[attr-defined]
        seed, sport = await list_programs(conn)
    return seed.id, sport.id


def clean(text: str) -> None:
    """Nothing of the server's insides in an answer."""
    assert TOKEN not in text and "Traceback" not in text and "/tmp" not in text and ".py" not in text


async def test_the_coordinator_sees_their_program_with_marks_and_charts(client: TestClient) -> None:
    seed, _ = await programs(client)
    response = await client.get(f"/api/programs/{seed}?year={YEAR}", headers=as_(COORDINATOR))
    assert response.status == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    data = await response.json()
    assert data["changes"] is True and data["year"] == YEAR
    rows = {r["number"]: r for task in data["tasks"] for r in task["rows"]}
    assert "waiting" in rows["1.1"]["marks"].values()
    assert data["charts"]["completeness"].startswith("<svg") and "<script" not in data["charts"]["plan_fact"]


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "init-missing"),
        ({"X-Telegram-Init-Data": init_data(COORDINATOR, token="654321:" + "B" * 35)}, "init-forged"),
        ({"X-Telegram-Init-Data": init_data(COORDINATOR, age=25 * 3600)}, "init-expired"),
        (
            {"X-Telegram-Init-Data": init_data(COORDINATOR).replace("%22id%22%3A+501", "%22id%22%3A+500")},
            "init-forged",
        ),
        ({"X-Telegram-Init-Data": "user=%7B%7D&auth_date=1"}, "init-forged"),
        ({"X-Telegram-Init-Data": "%%%"}, "init-malformed"),
        ({"X-Telegram-Init-Data": init_data(MEMBER)}, "forbidden"),
    ],
    ids=["missing", "wrong-token", "expired", "tampered", "no-hash", "garbage", "member"],
)
async def test_who_is_not_signed_or_not_a_reader_is_refused(client: TestClient, headers, code: str) -> None:
    seed, _ = await programs(client)
    response = await client.get(f"/api/programs/{seed}?year={YEAR}", headers=headers)
    assert response.status in (401, 403)
    body = await response.json()
    assert body["code"] == code and any("\u0400" <= ch <= "\u04ff" for ch in body["error"])
    clean(await response.text())


async def test_another_programs_coordinator_sees_none_of_it(client: TestClient) -> None:
    seed, sport = await programs(client)
    for path in (
        f"/api/programs/{seed}?year={YEAR}",
        f"/api/programs/{seed}/plans/{YEAR}",
        f"/api/programs/{seed}/reviews/{YEAR}",
        f"/api/programs/{seed}/files/{YEAR}",
    ):
        response = await client.get(path, headers=as_(OTHER))
        assert response.status == 403, path
        assert (await response.json())["code"] in ("not-coordinator", "read-only")
    assert (await client.get(f"/api/programs/{sport}?year={YEAR}", headers=as_(OTHER))).status == 200
    city = await (await client.get("/api/city", headers=as_(OTHER))).json()
    assert [line["id"] for line in city["lines"]] == [sport]
    # a review of the seed program, by its id: refused, nothing written
    async with client.db.locked() as conn:  # type: ignore[attr-defined]
        before = await waiting_reviews(conn, seed, YEAR)
    response = await client.post(
        f"/api/reviews/{before[0].id}/accept", json={"nonce": nonce()}, headers=as_(OTHER)
    )
    assert response.status == 403
    async with client.db.locked() as conn:  # type: ignore[attr-defined]
        assert len(await waiting_reviews(conn, seed, YEAR)) == len(before)


async def grid(client: TestClient, seed: int, user: int = COORDINATOR) -> dict:
    response = await client.get(f"/api/programs/{seed}/plans/{YEAR}", headers=as_(user))
    assert response.status == 200
    return await response.json()


async def test_plans_previewed_applied_once_and_a_replay_refused(client: TestClient) -> None:
    seed, _ = await programs(client)
    sheet = await grid(client, seed)
    values = {r["number"]: r["values"] for r in sheet["rows"]}
    values["1.1"] = ["123,4", values["1.1"][1]]
    body = {"key": sheet["key"], "values": values, "nonce": nonce()}
    preview = await client.post(
        f"/api/programs/{seed}/plans/{YEAR}/preview", json=body, headers=as_(COORDINATOR)
    )
    assert preview.status == 200, await preview.text()
    shown = await preview.json()
    assert any(line.startswith("• 1.1 (заг.)") and "123,4" in line for line in shown["changes"])
    apply = {**body, "nonce": nonce(), "fingerprint": shown["fingerprint"]}
    response = await client.post(
        f"/api/programs/{seed}/plans/{YEAR}/apply", json=apply, headers=as_(COORDINATOR)
    )
    assert response.status == 200, await response.text()
    # the same request again: its nonce is spent
    again = await client.post(
        f"/api/programs/{seed}/plans/{YEAR}/apply", json=apply, headers=as_(COORDINATOR)
    )
    assert again.status == 409 and (await again.json())["code"] == "replayed"
    # the same apply with a fresh nonce: what it would change is no longer what was previewed
    stale = await client.post(
        f"/api/programs/{seed}/plans/{YEAR}/apply", json={**apply, "nonce": nonce()}, headers=as_(COORDINATOR)
    )
    assert stale.status == 409 and (await stale.json())["code"] == "plan-preview-stale"
    async with client.db.locked() as conn:  # type: ignore[attr-defined]
        plans = await program_plans(conn, seed)
    assert sorted(str(v) for k, v in plans.items() if k.year == YEAR).count("123.4") == 1


async def test_bad_bodies_are_refused_and_change_nothing(client: TestClient) -> None:
    seed, _ = await programs(client)
    url = f"/api/programs/{seed}/plans/{YEAR}/preview"
    headers = {**as_(COORDINATOR), "Content-Type": "application/json"}
    big = await client.post(url, data=b"{" + b" " * (300 * 1024) + b"}", headers=headers)
    assert big.status == 413 and (await big.json())["code"] == "too-big"
    bad = await client.post(url, data=b"{not json", headers=headers)
    assert bad.status == 400 and (await bad.json())["code"] == "bad-json"
    no_nonce = await client.post(url, json={"key": "x", "values": {}}, headers=as_(COORDINATOR))
    assert no_nonce.status == 400 and (await no_nonce.json())["code"] == "bad-request"  # not «already sent»
    sheet = await grid(client, seed)
    values = {r["number"]: r["values"] for r in sheet["rows"]}
    values["1.2"] = ["багато", ""]
    wrong = await client.post(
        url, json={"key": sheet["key"], "values": values, "nonce": nonce()}, headers=as_(COORDINATOR)
    )
    assert wrong.status == 409 and "багато" in (await wrong.json())["error"]
    clean(await wrong.text())
    # the key of another program's sheet
    _, sport = await programs(client)
    other = await grid(client, sport, ADMIN)
    crossed = await client.post(
        url, json={"key": other["key"], "values": values, "nonce": nonce()}, headers=as_(COORDINATOR)
    )
    assert crossed.status in (403, 409)
    assert (await client.get("/api/nowhere", headers=as_(COORDINATOR))).status == 404


async def test_reviews_accept_and_return_told_and_the_observer_only_reads(client: TestClient) -> None:
    seed, _ = await programs(client)
    cards = (
        await (await client.get(f"/api/programs/{seed}/reviews/{YEAR}", headers=as_(COORDINATOR))).json()
    )["cards"]
    assert len(cards) == len(("1.1", "1.2", "1.3"))
    first, second = cards[0]["id"], cards[1]["id"]
    # the observer: reads the program, every write refused
    assert (await client.get(f"/api/programs/{seed}?year={YEAR}", headers=as_(OBSERVER))).status == 200
    for path, body in (
        (f"/api/reviews/{first}/accept", {}),
        (f"/api/reviews/{first}/return", {"comment": "Ні"}),
        (f"/api/programs/{seed}/reviews/{YEAR}/accept-all", {"department": cards[0]["department_id"]}),
    ):
        response = await client.post(path, json={**body, "nonce": nonce()}, headers=as_(OBSERVER))
        assert response.status == 403, path
    sheet = await grid(client, seed)
    values = {r["number"]: r["values"] for r in sheet["rows"]}
    for step in ("preview", "apply"):
        plan = await client.post(
            f"/api/programs/{seed}/plans/{YEAR}/{step}",
            json={"key": sheet["key"], "values": values, "nonce": nonce(), "fingerprint": "x"},
            headers=as_(OBSERVER),
        )
        assert plan.status == 403 and (await plan.json())["code"] == "read-only"
    assert (await client.get(f"/api/programs/{seed}/plans/{YEAR}", headers=as_(OBSERVER))).status == 403
    blank = await client.post(
        f"/api/reviews/{first}/return", json={"comment": "  ", "nonce": nonce()}, headers=as_(COORDINATOR)
    )
    assert blank.status == 409
    returned = await client.post(
        f"/api/reviews/{first}/return",
        json={"comment": "Додайте акт", "nonce": nonce()},
        headers=as_(COORDINATOR),
    )
    assert returned.status == 200 and len(client.told) == 1  # type: ignore[attr-defined]
    accepted = await client.post(
        f"/api/reviews/{second}/accept", json={"nonce": nonce()}, headers=as_(COORDINATOR)
    )
    assert accepted.status == 200
    twice = await client.post(
        f"/api/reviews/{second}/accept", json={"nonce": nonce()}, headers=as_(COORDINATOR)
    )
    assert twice.status == 409 and (await twice.json())["code"] == "review-decided"
    async with client.db.locked() as conn:  # type: ignore[attr-defined]
        assert len(await waiting_reviews(conn, seed, YEAR)) == 1


async def test_downloads_through_a_signed_link(client: TestClient) -> None:
    seed, _ = await programs(client)
    made = await client.post(
        "/api/links", json={"path": f"report/{seed}/{YEAR}/xlsx", "nonce": nonce()}, headers=as_(OBSERVER)
    )
    url = (await made.json())["url"]
    response = await client.get(url)
    assert response.status == 200 and (await response.read())[:2] == b"PK"
    forged = await client.get(url[:-4] + "0000")
    assert forged.status == 403
    outsider = await client.post(
        "/api/links", json={"path": f"report/{seed}/{YEAR}/xlsx", "nonce": nonce()}, headers=as_(OTHER)
    )
    denied = await client.get((await outsider.json())["url"])
    assert denied.status == 403


async def test_words_and_pages(client: TestClient) -> None:
    words = await (await client.get("/api/words")).json()
    assert words["webapp-apply"] == "Застосувати"
    page = await client.get("/")
    assert page.status == 200 and "frame-ancestors" in page.headers["Content-Security-Policy"]
    assert (await client.get("/static/../server.py")).status == 404


def test_the_pages_are_small_and_fetch_nothing_from_other_sites() -> None:
    import re

    from webapp.server import STATIC, TELEGRAM_SCRIPT

    files = sorted(STATIC.iterdir())
    assert sum(f.stat().st_size for f in files) < 200 * 1024
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert not [u for u in re.findall(r"https?://[^\s\"'`)]+", text) if u != TELEGRAM_SCRIPT], f.name
        assert ".innerHTML" not in text and "eval(" not in text, f.name


async def test_the_program_view_shows_its_result_indicators(client: TestClient) -> None:
    """Section 2 of the same report (tests.webappkit's world gives the seed program two indicators)."""
    seed, _ = await programs(client)
    data = await (await client.get(f"/api/programs/{seed}?year={YEAR}", headers=as_(COORDINATOR))).json()
    shown = {row["number"]: row for row in data["indicators"]}
    assert shown[1]["group"] == "Показники продукту" and shown[1]["plan"] == "12" and shown[1]["fact"] == "15"
    assert shown[1]["deviation"] == "3" and shown[1]["met"] is True
    assert shown[2]["group"] == "Показники якості" and shown[2]["deviation"] == "-7,5"
    assert shown[2]["reason"] == "Частина людей на лікарняному" and shown[2]["met"] is False


async def test_accept_all_of_a_department_counts_its_facts_too(client: TestClient) -> None:
    """«Прийняти все» through the same action as the chat: the department's reports and the facts of the
    indicators it reports (the world's indicators name no department: the responsible one reports them)."""
    import datetime as dt
    from decimal import Decimal

    from storage.indicators import add_indicator_fact, program_indicators
    from storage.models import Source

    seed, _ = await programs(client)
    cards = (
        await (await client.get(f"/api/programs/{seed}/reviews/{YEAR}", headers=as_(COORDINATOR))).json()
    )["cards"]
    department = cards[0]["department_id"]
    async with client.db.transaction() as conn:  # type: ignore[attr-defined]
        first = (await program_indicators(conn, seed))[0]
        at = dt.datetime(YEAR, 12, 2, tzinfo=dt.UTC)
        await add_indicator_fact(
            conn, first.id, YEAR, Decimal(14), None, user_id=None, source=Source.BOT, at=at
        )
    done = await client.post(
        f"/api/programs/{seed}/reviews/{YEAR}/accept-all",
        json={"department": department, "nonce": nonce()},
        headers=as_(COORDINATOR),
    )
    assert done.status == 200
    message = (await done.json())["message"]
    assert "Прийнято звітів: 3" in message and "фактів показників: 1" in message


async def test_accept_all_takes_only_what_the_page_had_read(client: TestClient) -> None:
    """The page read the queue («seen»); a department's correction came after: «Прийняти все» leaves it waiting
    and says so. A «seen» that is not a moment is a bad request."""
    from storage.models import NewSubmission
    from storage.reviews import get_submission
    from storage.submissions import add_submission

    seed, _ = await programs(client)
    read = await (await client.get(f"/api/programs/{seed}/reviews/{YEAR}", headers=as_(COORDINATOR))).json()
    card = read["cards"][0]
    async with client.db.transaction() as conn:  # type: ignore[attr-defined]
        shown = await get_submission(conn, card["id"])
        assert shown is not None
        await add_submission(
            conn,
            NewSubmission(
                measure_id=shown.measure_id, department_id=shown.department_id, year=YEAR, info="Виправлено"
            ),
        )
    path = f"/api/programs/{seed}/reviews/{YEAR}/accept-all"
    bad = await client.post(
        path,
        json={"department": card["department_id"], "seen": "вчора", "nonce": nonce()},
        headers=as_(COORDINATOR),
    )
    assert bad.status == 400
    done = await client.post(
        path,
        json={"department": card["department_id"], "seen": read["seen"], "nonce": nonce()},
        headers=as_(COORDINATOR),
    )
    assert done.status == 200
    assert "уже після того, як ви відкрили картку" in (await done.json())["message"]
    again = await (await client.get(f"/api/programs/{seed}/reviews/{YEAR}", headers=as_(COORDINATOR))).json()
    assert any(c["now"]["info"] == "Виправлено" for c in again["cards"])
