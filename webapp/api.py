"""The Mini App's JSON API: who asks (``initData``), the same actions as the chat, their results as JSON.

Reads are GET; writes are POST with a JSON body carrying a fresh ``nonce`` (a repeat is refused). An action's
refusal is said with its catalog message (``refused-*``, ``front`` "webapp"); the page never sees more.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import re
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from aiohttp import web

from actions import evidence as evidence_actions
from actions import plans as plan_actions
from actions import reviews as review_actions
from actions.actor import Actor
from actions.city import city_status
from actions.periods import default_year
from actions.refusals import Reason, Refused
from actions.reports import year_report
from actions.roles import program_for, programs_for
from actions.status import PeriodState, year_status, year_view
from l10n import message_ids, t
from l10n.numbers import amount, percent
from l10n.times import date, moment, shown
from reports.indicators_section import exact_text, group_titles, is_met
from reports.plan_sheet import FUNDS, PlanSheetError, change_line, sheet_grid
from reports.writers import WRITERS, format_names
from storage.indicators import deviation
from storage.members import user_departments
from storage.models import Fund, Program
from storage.roles import user_roles
from webapp import charts
from webapp.guard import NONCE
from webapp.initdata import InitDataError, Problem, check_init_data
from webapp.server import CONFIG, MAX_BODY, Refusal, WebappConfig, _dumps

INIT_HEADER = "X-Telegram-Init-Data"
PROBLEMS = {
    Problem.MISSING: "webapp-init-missing",
    Problem.NO_HASH: "webapp-init-forged",
    Problem.FORGED: "webapp-init-forged",
    Problem.EXPIRED: "webapp-init-expired",
    Problem.MALFORMED: "webapp-init-malformed",
}
# Formatted by the server (they have variables); every other webapp-* message goes to the page as it reads.
SERVER_WORDS = frozenset({"webapp-applied", "webapp-accepted", "webapp-returned", "webapp-accepted-all"})
FORBIDDEN = {Reason.NOT_COORDINATOR, Reason.NOT_CITY_READER, Reason.READ_ONLY}
STATIC_FILES = {"index.html": "text/html", "app.js": "text/javascript", "app.css": "text/css"}
YEAR = re.compile(r"^[0-9]{4}$")
NUMBER = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,3}){0,3}$")
MAX_CELL = 40
MAX_COMMENT = 2000
MAX_ID = 2**63 - 1  # SQLite's INTEGER
BODY_SECONDS = 30.0  # a write's body arrives within this, or the request is given up (408)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", page)
    app.router.add_get("/static/{name}", static)
    app.router.add_get("/api/words", words)
    app.router.add_get("/api/me", me)
    app.router.add_get("/api/city", city)
    app.router.add_get("/api/programs/{program:[0-9]{1,9}}", program_view)
    app.router.add_get("/api/programs/{program:[0-9]{1,9}}/plans/{year:[0-9]{4}}", plans)
    app.router.add_post("/api/programs/{program:[0-9]{1,9}}/plans/{year:[0-9]{4}}/preview", plans_preview)
    app.router.add_post("/api/programs/{program:[0-9]{1,9}}/plans/{year:[0-9]{4}}/apply", plans_apply)
    app.router.add_get("/api/programs/{program:[0-9]{1,9}}/reviews/{year:[0-9]{4}}", reviews)
    app.router.add_post("/api/reviews/{submission:[0-9]{1,12}}/accept", review_accept)
    app.router.add_post("/api/reviews/{submission:[0-9]{1,12}}/return", review_return)
    app.router.add_post("/api/programs/{program:[0-9]{1,9}}/reviews/{year:[0-9]{4}}/accept-all", accept_all)
    app.router.add_get("/api/programs/{program:[0-9]{1,9}}/files/{year:[0-9]{4}}", files)
    app.router.add_post("/api/links", link)
    app.router.add_get("/dl/{token}", download)


# --- the parts every handler shares -----------------------------------------------------------------


def config_of(request: web.Request) -> WebappConfig:
    return request.app[CONFIG]


async def actor_for(config: WebappConfig, user_id: int, name: str) -> Actor:
    """The person as the actions know them: their roles and departments, read now (as the chat's gate does)."""
    async with config.db.locked() as conn:
        departments = await user_departments(conn, user_id)
        held = await user_roles(conn, user_id)
    actor = Actor(
        user_id,
        name,
        administrator=held.administrator or user_id in config.administrators,
        programs=held.programs,
        observer=held.observer,
        departments=frozenset(d.id for d in departments),
    )
    if not (actor.coordinator or actor.observer):
        raise Refusal(403, "webapp-forbidden")
    return actor


async def actor_of(request: web.Request) -> Actor:
    config = config_of(request)
    try:
        user = check_init_data(
            request.headers.get(INIT_HEADER), config.bot_token, now=config.clock(), max_age=config.max_age
        )
    except InitDataError as error:
        raise Refusal(401, PROBLEMS[error.problem]) from None
    return await actor_for(config, user.user_id, user.name)


async def body_of(request: web.Request, actor: Actor) -> dict[str, Any]:
    """A write's JSON object (the page's fetch: ``application/json``), read within ``BODY_SECONDS``, its nonce
    claimed (a missing or malformed one is a bad request; a repeat is refused before anything is done)."""
    if request.content_type != "application/json":
        raise Refusal(415, "webapp-bad-type")  # a form's or a beacon's: not the page's, not read
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise Refusal(413, "webapp-too-big")
    try:
        async with asyncio.timeout(BODY_SECONDS):
            raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise Refusal(413, "webapp-too-big") from None
    except TimeoutError:
        raise Refusal(408, "webapp-slow") from None
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested thousands deep
        raise Refusal(400, "webapp-bad-json") from None
    if not isinstance(body, dict):
        raise Refusal(400, "webapp-bad-json")
    given = body.get("nonce")
    if not isinstance(given, str) or not NONCE.match(given):
        raise Refusal(400, "webapp-bad-request")
    assert actor.user_id is not None
    if not config_of(request).nonces.claim(actor.user_id, given):
        raise Refusal(409, "webapp-replayed")
    return body


def _not_json(token: str) -> object:
    """NaN, Infinity and -Infinity: Python's json reads them, JSON has none."""
    raise ValueError(token)


def db_id(value: object) -> int:
    """An id given in a body: an integer SQLite can hold (a bigger one overflowed the query: a 500)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_ID:
        raise Refusal(400, "webapp-bad-request")
    return value


def refused(request: web.Request, refusal: Refused) -> web.Response:
    tz = config_of(request).tz
    details = {k: shown(v, tz) for k, v in refusal.details.items()}
    status = 404 if refusal.reason is Reason.GONE else 403 if refusal.reason in FORBIDDEN else 409
    body = {"error": t(refusal.message_id, front="webapp", **details), "code": refusal.reason.value}
    return web.json_response(body, status=status, dumps=_dumps)


def ok(value: object) -> web.Response:
    return web.json_response(value, dumps=_dumps)


def today(config: WebappConfig) -> dt.date:
    return dt.datetime.fromtimestamp(config.clock(), config.tz).date()


async def year_of(request: web.Request, actor: Actor, program: Program) -> int:
    asked = request.match_info.get("year") or request.query.get("year")
    if asked:
        if not YEAR.match(asked):
            raise Refusal(400, "webapp-bad-request")
        return int(asked)
    found = await default_year(config_of(request).db, actor, program, today(config_of(request)))
    if found is None:
        raise Refusal(404, "webapp-no-year")
    return found.year


def _amount(value: Decimal | None) -> str:
    return "" if value is None else amount(value)


def handled(handler):  # type: ignore[no-untyped-def]
    """An action's refusal answered with its words (the middleware answers the rest)."""

    async def run(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except Refused as refusal:
            return refused(request, refusal)

    run.__name__ = handler.__name__
    return run


# --- the page -------------------------------------------------------------------------------------------


async def page(request: web.Request) -> web.StreamResponse:
    config = config_of(request)
    data = await asyncio.to_thread((config.static / "index.html").read_text, "utf-8")
    return web.Response(
        text=data.replace("TELEGRAM_SCRIPT", config.telegram_script),
        content_type="text/html",
        charset="utf-8",
    )


async def static(request: web.Request) -> web.StreamResponse:
    return await static_file(request, request.match_info["name"])


async def static_file(request: web.Request, name: str) -> web.StreamResponse:
    kind = STATIC_FILES.get(name)
    if kind is None:
        raise Refusal(404, "webapp-not-found")
    data = await asyncio.to_thread((config_of(request).static / name).read_bytes)
    return web.Response(body=data, content_type=kind, charset="utf-8")


async def words(request: web.Request) -> web.Response:
    """The page's words (no initData needed: they say why it was refused too)."""
    return ok({i: t(i) for i in sorted(message_ids()) if i.startswith("webapp-") and i not in SERVER_WORDS})


@handled
async def me(request: web.Request) -> web.Response:
    actor = await actor_of(request)
    config = config_of(request)
    readable = await programs_for(config.db, actor, changes=False)
    return ok(
        {
            "name": actor.name,
            "city": actor.sees_city,
            "programs": [{"id": p.id, "name": p.name, "changes": actor.coordinates(p.id)} for p in readable],
            "formats": list(format_names()),
        }
    )


# --- the city ---------------------------------------------------------------------------------------------


@handled
async def city(request: web.Request) -> web.Response:
    """Every program in a line (administrators and observers); a coordinator: their programs, the same line."""
    actor = await actor_of(request)
    config = config_of(request)
    year = request.query.get("year")
    if year is not None and not YEAR.match(year):
        raise Refusal(400, "webapp-bad-request")
    if actor.sees_city:
        state = await city_status(config.db, actor, int(year) if year else None, today(config))
        lines = [
            {
                "id": line.program.id,
                "name": line.program.name,
                "responsible": line.responsible,
                "year": line.year,
                "reported": line.reported,
                "measures": line.measures,
                "late": line.late,
                "waiting": line.waiting,
                "period": line.period.value,
            }
            for line in state.lines
        ]
        return ok({"city": True, "lines": lines})
    lines = []
    for program in await programs_for(config.db, actor, changes=False):
        found = await default_year(config.db, actor, program, today(config))
        if found is None:
            continue
        status = await year_status(config.db, actor, program.id, found.year)
        assigned = {n for e in status.progress for n in e.assigned}
        owing = {n for e in status.progress for n in e.missing}
        overdue = status.deadline is not None and status.deadline < today(config)
        lines.append(
            {
                "id": program.id,
                "name": program.name,
                "responsible": program.responsible_department,
                "year": found.year,
                "reported": len(assigned - owing),
                "measures": len(assigned),
                "late": sum(1 for e in status.progress if e.missing) if overdue else 0,
                "waiting": sum(status.waiting.values()),
                "period": status.period.value,
            }
        )
    return ok({"city": False, "lines": lines})


# --- a program ----------------------------------------------------------------------------------------------


@handled
async def program_view(request: web.Request) -> web.Response:
    actor = await actor_of(request)
    config = config_of(request)
    program = await program_for(config.db, actor, int(request.match_info["program"]), changes=False)
    year = await year_of(request, actor, program)
    return ok(await program_data(config, actor, program, year))


async def program_data(config: WebappConfig, actor: Actor, program: Program, year: int) -> dict[str, Any]:
    """A program's year: departments with their progress, every task's measures with plan, actual, financed,
    percent and each department's mark, the charts. What /status and /report say, of one moment
    (``actions.status.year_view``)."""
    view = await year_view(config.db, actor, program, year, accepted_only=config.accepted_only)
    state, report = view.status, view.report
    waiting = state.waiting_at
    overdue = (
        state.period is PeriodState.OPEN and state.deadline is not None and state.deadline < today(config)
    )
    ids = {e.department.short_name: e.department.id for e in state.progress}
    departments = [
        {
            "id": e.department.id,
            "name": e.department.short_name,
            "assigned": len(e.assigned),
            "reported": len(e.reported),
            "missing": len(e.missing),
            "waiting": state.waiting[e.department.id],
        }
        for e in state.progress
    ]
    tasks = []
    task_sums: list[tuple[str, Decimal, Decimal]] = []
    for block in report.tasks if report is not None else ():
        rows = []
        plan_sum = financed_sum = Decimal(0)
        for row in block.rows:
            marks: dict[str, str] = {}
            for name in row.reported_by:
                if name in ids:
                    marks[str(ids[name])] = (
                        "waiting" if (row.measure_number, ids[name]) in waiting else "done"
                    )
            for name in row.missing:
                if name in ids:
                    marks[str(ids[name])] = "late" if overdue else "owed"
            plan_sum += row.plan or 0
            financed_sum += row.financed or 0
            rows.append(
                {
                    "number": row.measure_number,
                    "text": row.measure_text,
                    "plan": _amount(row.plan),
                    "actual": _amount(row.actual),
                    "financed": _amount(row.financed),
                    "percent": percent(row.percent) if row.percent is not None else "",
                    "planned": row.planned,
                    "marks": marks,
                }
            )
        tasks.append({"number": block.number, "text": block.text, "rows": rows})
        task_sums.append((block.number, plan_sum, financed_sum))
    return {
        "program": {"id": program.id, "name": program.name, "responsible": program.responsible_department},
        "year": year,
        "years": list(range(program.start_year, program.end_year + 1)),
        "period": state.period.value,
        "deadline": date(state.deadline) if state.deadline else "",
        "changes": actor.coordinates(program.id),
        "departments": departments,
        "tasks": tasks,
        "indicators": _indicators(report),
        "charts": {
            "completeness": charts.completeness(
                [(d["name"], d["reported"], d["assigned"]) for d in departments]
            ),
            "plan_fact": charts.plan_fact(task_sums),
        },
    }


def _indicators(report: Any) -> list[dict[str, Any]]:
    """Section 2 of the same report: each result indicator's plan, fact and deviation as the form prints
    them (exact values), its group's title, whether it is met."""
    if report is None:
        return []
    groups = group_titles()

    def shown_value(value: Decimal | None) -> str:
        return exact_text(value) if value is not None else ""

    return [
        {
            "number": row.number,
            "group": groups.get(row.kind, row.kind),
            "name": row.name,
            "unit": row.unit,
            "plan": shown_value(row.plan),
            "fact": shown_value(row.fact),
            "deviation": shown_value(deviation(row.plan, row.fact)),
            "reason": row.reason,
            "met": is_met(row),
        }
        for row in report.indicators
    ]


# --- the plan grid ------------------------------------------------------------------------------------------


@handled
async def plans(request: web.Request) -> web.Response:
    """The year's plan grid as the plan sheet holds it (coordinators: it is the sheet they would be sent)."""
    actor = await actor_of(request)
    config = config_of(request)
    program = await program_for(config.db, actor, int(request.match_info["program"]), changes=False)
    year = int(request.match_info["year"])
    sheet = await plan_actions.plan_sheet(config.db, actor, program, year)
    source = sheet.key.prefilled_from
    tasks = {task.id: task.number for task in sheet.tree.tasks}
    rows = []
    for measure in sheet.tree.in_force(year):
        rows.append(
            {
                "task": tasks.get(measure.task_id, ""),
                "number": measure.number,
                "text": measure.text,
                "values": [
                    _amount(sheet.plans.get(_key(measure.id, source, fund))) if source is not None else ""
                    for fund in FUNDS
                ],
            }
        )
    return ok({"key": sheet.key.text(), "year": year, "prefilled_from": source, "rows": rows})


def _key(measure_id: int, year: int, fund: Fund):  # type: ignore[no-untyped-def]
    from storage.plans import PlanKey

    return PlanKey(measure_id, year, fund)


def grid_of(body: dict[str, Any], tree, year: int) -> list[list[str]]:  # type: ignore[no-untyped-def]
    key, values = body.get("key"), body.get("values")
    if not isinstance(key, str) or len(key) > 200 or not isinstance(values, dict):
        raise Refusal(400, "webapp-bad-request")
    cells: dict[str, tuple[str, str]] = {}
    for number, pair in values.items():
        if (
            not isinstance(number, str)
            or not NUMBER.match(number)
            or not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(v, str) and len(v) <= MAX_CELL for v in pair)
        ):
            raise Refusal(400, "webapp-bad-request")
        cells[number] = (pair[0], pair[1])
    return sheet_grid(key, tree, year, cells)


async def _plan_request(request: web.Request):  # type: ignore[no-untyped-def]
    actor = await actor_of(request)
    config = config_of(request)
    program = await program_for(config.db, actor, int(request.match_info["program"]), changes=True)
    body = await body_of(request, actor)
    year = int(request.match_info["year"])
    sheet = await plan_actions.plan_sheet(config.db, actor, program, year)
    return actor, config, body, year, grid_of(body, sheet.tree, year)


@handled
async def plans_preview(request: web.Request) -> web.Response:
    actor, config, _, year, grid = await _plan_request(request)
    try:
        preview = await plan_actions.preview_plan_sheet(config.db, actor, grid, year=year)
    except PlanSheetError as error:
        raise Refusal(409, "webapp-plan-problems", text=error.render()) from None
    diff = preview.diff
    return ok(
        {
            "changes": [change_line(c) for c in diff.changes],
            "totals": [
                t(
                    "plan-diff-total",
                    fund=f.value,
                    old=amount(diff.totals_before[f]),
                    new=amount(diff.totals_after[f]),
                )
                for f in FUNDS
            ],
            "fingerprint": diff.fingerprint(),
        }
    )


@handled
async def plans_apply(request: web.Request) -> web.Response:
    actor, config, body, year, grid = await _plan_request(request)
    previewed = body.get("fingerprint")
    if not isinstance(previewed, str) or len(previewed) > 64:
        raise Refusal(400, "webapp-bad-request")
    try:
        applied = await plan_actions.apply_plan_sheet(config.db, actor, grid, year=year, previewed=previewed)
    except PlanSheetError as error:
        raise Refusal(409, "webapp-plan-problems", text=error.render()) from None
    return ok({"message": t("webapp-applied", count=applied.changed), "changed": applied.changed})


# --- the review queue ---------------------------------------------------------------------------------------


def _revision(submission) -> dict[str, str]:  # type: ignore[no-untyped-def]
    if submission is None:
        return {}
    return {
        "actual": _amount(submission.actual),
        "financed": _amount(submission.financed),
        "percent": percent(submission.percent) if submission.percent is not None else "",
        "info": submission.info,
    }


@handled
async def reviews(request: web.Request) -> web.Response:
    actor = await actor_of(request)
    config = config_of(request)
    program = await program_for(config.db, actor, int(request.match_info["program"]), changes=False)
    year = int(request.match_info["year"])
    # Before the read, in Unix milliseconds: «accept all» takes what was sent by then, nothing later.
    seen = int(config.clock() * 1000) + 1
    tree, cards, total = await review_actions.review_cards(config.db, actor, program.id, year)
    numbers = {m.id: (m.number, m.text) for m in tree.measures} if tree else {}
    departments = tree.departments if tree else {}
    shown_cards = []
    for card in cards:
        s = card.submission
        against = card.answered[0] if card.answered else card.accepted
        department = departments.get(s.department_id)
        number, text = numbers.get(s.measure_id, ("?", ""))
        shown_cards.append(
            {
                "id": s.id,
                "number": number,
                "text": text,
                "department": department.short_name if department else "",
                "department_id": s.department_id,
                "author": s.author_name,
                "at": moment(s.created_at, config.tz) if s.created_at else "",
                "plan": _amount(card.plan),
                "now": _revision(s),
                "was": _revision(against),
                "returned": card.answered[1].comment if card.answered else "",
                "files": [{"id": f.id, "name": f.name} for f in card.files],
            }
        )
    return ok({"cards": shown_cards, "total": total, "seen": seen})


async def _decision(request: web.Request) -> tuple[Actor, WebappConfig, dict[str, Any], int]:
    actor = await actor_of(request)
    body = await body_of(request, actor)
    return actor, config_of(request), body, int(request.match_info["submission"])


@handled
async def review_accept(request: web.Request) -> web.Response:
    actor, config, _, submission_id = await _decision(request)
    decided = await review_actions.accept(config.db, actor, submission_id)
    name = decided.department.short_name if decided.department else ""
    return ok({"message": t("webapp-accepted", number=decided.number, department=name)})


@handled
async def review_return(request: web.Request) -> web.Response:
    actor, config, body, submission_id = await _decision(request)
    comment = body.get("comment")
    if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
        raise Refusal(400, "webapp-bad-request")
    if not comment.strip():
        raise Refused(Reason.REVIEW_COMMENT_BLANK)
    # The chat's two steps (the button, then the comment typed) in one, leaving what the chat waits for alone.
    decided = await review_actions.return_at_once(config.db, actor, submission_id, comment)
    if decided.review is not None and config.tell_return is not None:
        await config.tell_return(decided.review)
    name = decided.department.short_name if decided.department else ""
    return ok({"message": t("webapp-returned", number=decided.number, department=name)})


@handled
async def accept_all(request: web.Request) -> web.Response:
    actor = await actor_of(request)
    config = config_of(request)
    body = await body_of(request, actor)
    department = db_id(body.get("department"))
    # When the page read the queue (Unix milliseconds): what came later is left waiting.
    seen = body.get("seen")
    if seen is not None and (type(seen) is not int or not 0 < seen < 10**14):
        raise Refusal(400, "webapp-bad-request")
    program_id, year = int(request.match_info["program"]), int(request.match_info["year"])
    seen_at = dt.datetime.fromtimestamp(seen / 1000, dt.UTC) if seen is not None else None
    done = await review_actions.accept_all(config.db, actor, program_id, year, department, seen_at=seen_at)
    name = done.department.short_name if done.department else ""
    said = []
    if done.count or done.facts:
        said.append(t("webapp-accepted-all", count=done.count, facts=done.facts, department=name))
    if done.later:  # sent after the page read the queue: not seen, so not accepted
        said.append(t("review-accepted-all-later", department=name, count=done.later))
    return ok({"message": " ".join(said)})


# --- downloads ----------------------------------------------------------------------------------------------


@handled
async def files(request: web.Request) -> web.Response:
    actor = await actor_of(request)
    config = config_of(request)
    program_id, year = int(request.match_info["program"]), int(request.match_info["year"])
    found = await evidence_actions.program_evidence(config.db, actor, program_id, year)
    return ok({"files": [{"id": f.id, "name": f.name, "size": f.size} for f in found]})


# The types an evidence file keeps on download (its sender's word: a phone opens a PDF or a photo by it); any
# other, HTML and SVG among them, downloads as bytes.
INERT = re.compile(
    r"^(application/pdf|image/(jpeg|png|gif|webp|heic)|application/(msword|vnd\.ms-excel|zip)"
    r"|application/vnd\.(openxmlformats-officedocument|oasis\.opendocument)\.[a-z.]+)$"
)
LINK_PATH = re.compile(r"^(report/[0-9]{1,9}/[0-9]{4}/[a-z]{2,5}|file/[0-9]{1,12})$")


@handled
async def link(request: web.Request) -> web.Response:
    """A download link good for a few minutes (a link carries no initData); what it names is checked again,
    with the person's roles as they are then, when it is opened."""
    actor = await actor_of(request)
    body = await body_of(request, actor)
    path = body.get("path")
    if not isinstance(path, str) or not LINK_PATH.match(path):
        raise Refusal(400, "webapp-bad-request")
    assert actor.user_id is not None
    return ok({"url": "/dl/" + config_of(request).links.make(actor.user_id, path)})


@handled
async def download(request: web.Request) -> web.StreamResponse:
    config = config_of(request)
    found = config.links.read(request.match_info["token"])
    if found is None:
        raise Refusal(403, "webapp-link-expired")
    user_id, path = found
    actor = await actor_for(config, user_id, "")
    parts = path.split("/")
    if parts[0] == "file":
        file, where = await evidence_actions.evidence_file(config.db, actor, int(parts[1]))
        data = await asyncio.to_thread(where.read_bytes)
        return _attachment(data, file.name, file.mime_type if INERT.match(file.mime_type or "") else "")
    program_id, year, fmt = int(parts[1]), int(parts[2]), parts[3]
    writer = WRITERS.get(f".{fmt}")
    if writer is None:
        raise Refusal(404, "webapp-not-found")
    program = await program_for(config.db, actor, program_id, changes=False)
    built = await year_report(config.db, actor, program, year, accepted_only=config.accepted_only)
    stream = io.BytesIO()
    await asyncio.to_thread(writer.write, built.report, stream)
    return _attachment(stream.getvalue(), f"Звіт {year}.{fmt}", "application/octet-stream")


def _attachment(data: bytes, name: str, kind: str) -> web.Response:
    """A file to save, never a page of the desk's address: a sandbox with nothing allowed, whatever it holds."""
    response = web.Response(body=data, content_type=kind or "application/octet-stream")
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
