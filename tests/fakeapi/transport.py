"""The HTTP side: an aiohttp server on 127.0.0.1 that reads Bot API requests as Telegram does and answers
with Telegram's JSON; it logs every call, applies injected faults and delays, and serves file downloads.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import traceback
from typing import Any

from aiohttp import BodyPartReader, web

from .errors import ApiError
from .faults import FaultInjection
from .methods import BotApiMethods
from .records import ApiCall, JsonDict, UploadedFile
from .state import State

__all__ = ["HttpServer"]

_TOKEN_RE = re.compile(r"^[0-9]+:[A-Za-z0-9_-]+$")
# Form and multipart requests carry every value as a string, JSON-encoded unless it already was a
# string (PTB's RequestParameter.json_value). Free-text parameters must not be JSON-decoded, or a
# message text "42" or "true" would turn into a number or a boolean.
_STRING_PARAMS = frozenset(
    {"text", "caption", "parse_mode", "callback_query_id", "file_id", "url", "action", "language_code"}
)


def _coerce(name: str, value: str) -> Any:
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _error_response(status: int, description: str, parameters: JsonDict | None = None) -> web.Response:
    body: JsonDict = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status, dumps=_dumps)


class HttpServer:
    def __init__(self, token: str, state: State, faults: FaultInjection, methods: BotApiMethods) -> None:
        self.token = token
        self.state = state
        self.faults = faults
        self.methods = methods
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        """Bind 127.0.0.1 on an ephemeral port; returns the base URL."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        # handler_cancellation: a long-polling getUpdates whose client went away (PTB cancels it on
        # stop) must not linger; shutdown_timeout: never let aiohttp wait 60 s for such handlers.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        tail = request.match_info["tail"]
        if tail.startswith("file/bot"):
            return self._handle_file(tail.removeprefix("file/bot"))
        if not tail.startswith("bot") or "/" not in tail:
            return _error_response(404, "Not Found")
        token, _, method = tail.removeprefix("bot").partition("/")
        if token != self.token:
            # Telegram: 404 for a malformed token, 401 for a well-formed one it does not know.
            return (
                _error_response(401, "Unauthorized")
                if _TOKEN_RE.match(token)
                else _error_response(404, "Not Found")
            )
        key = method.lower()
        try:
            params, files = await self._read_params(request)
        except ApiError as exc:
            return _error_response(exc.status, exc.description, exc.parameters)
        except Exception as exc:
            self.state.server_errors.append(f"reading {method} request: {traceback.format_exc()}")
            return _error_response(500, f"Internal Server Error: fake bug: {exc!r}")
        entry = self.methods.table.get(key)
        call = ApiCall(entry[0] if entry else method, params, files, time.time())
        state = self.state
        state.calls.append(call)
        state.bump()
        polling = key == "getupdates"
        if not polling:
            state.in_flight += 1
        try:
            return await self._answer(call, key, params, files)
        finally:
            if not polling:
                state.in_flight -= 1
            state.bump()

    async def _answer(
        self, call: ApiCall, key: str, params: JsonDict, files: dict[str, UploadedFile]
    ) -> web.StreamResponse:
        entry = self.methods.table.get(key)
        if entry is None:
            call.status, call.description = 404, "Not Found: method not found"
            return _error_response(404, "Not Found: method not found")
        delay, deliver_first = self.faults.delay_for(key)
        if delay and not deliver_first:
            await asyncio.sleep(delay)  # server-side latency is the behaviour being simulated
        fault = self.faults.injected_fault(key)
        if fault is not None:
            call.status, call.description = fault.status, fault.description
            if fault.body is not None:
                return web.Response(status=fault.status, body=fault.body, content_type="text/html")
            return _error_response(fault.status, fault.description, fault.parameters)
        try:
            result = await entry[1](params, files)
        except ApiError as exc:
            call.status, call.description = exc.status, exc.description
            return _error_response(exc.status, exc.description, exc.parameters)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # A bug (or a gap) in the fake must not look like a Telegram error the bot should handle:
            # record it so the fixture can fail the test, and answer 500 so the run does not hang.
            self.state.server_errors.append(f"{call.method}: {traceback.format_exc()}")
            call.status, call.description = 500, f"Internal Server Error: fake bug: {exc!r}"
            return _error_response(500, call.description)
        call.status, call.result = 200, result
        if delay and deliver_first:
            await asyncio.sleep(delay)
        return web.json_response({"ok": True, "result": result}, dumps=_dumps)

    def _handle_file(self, rest: str) -> web.StreamResponse:
        token, _, file_path = rest.partition("/")
        if token != self.token:
            return _error_response(401, "Unauthorized")
        blob = self.state.files_by_path.get(file_path)
        if blob is None:
            return _error_response(404, "Not Found")
        return web.Response(body=blob.data, content_type=blob.mime_type or "application/octet-stream")

    @staticmethod
    async def _read_params(request: web.Request) -> tuple[JsonDict, dict[str, UploadedFile]]:
        # Telegram accepts query strings, JSON, urlencoded forms and multipart — and PTB's httpx
        # backend sends urlencoded forms (multipart when uploading), not JSON.
        params: JsonDict = {k: _coerce(k, v) for k, v in request.query.items()}
        files: dict[str, UploadedFile] = {}
        if not request.can_read_body:
            return params, files
        ctype = request.content_type
        if ctype == "application/json":
            try:
                body = json.loads(await request.read() or b"{}")
            except ValueError as exc:
                raise ApiError.bad_request("can't parse JSON encoded request") from exc
            if not isinstance(body, dict):
                raise ApiError.bad_request("can't parse JSON encoded request")
            params.update(body)
        elif ctype == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                if part.filename is not None:
                    data = bytes(await part.read(decode=True))
                    files[part.name] = UploadedFile(part.filename, data, part.headers.get("Content-Type"))
                else:
                    params[part.name] = _coerce(part.name, await part.text())
        else:
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, str):
                    params[name] = _coerce(name, value)
        return params, files
