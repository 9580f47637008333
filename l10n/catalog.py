"""Message catalogs: Fluent ``.ftl`` files, Ukrainian plural forms by CLDR rules (through Babel).

The catalogs shipped in ``l10n/uk/`` hold every message. A deployment can change any wording without
touching code: ``configure(directory)`` (the bot's ``CATALOG_DIR`` setting, or the ``CATALOG_DIR``
environment variable for the command-line tools) loads the ``.ftl`` files found there over the shipped ones,
message by message, so a city's file needs only the messages it changes.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number

log = logging.getLogger(__name__)

LOCALE = "uk"
SHIPPED = Path(__file__).with_name(LOCALE)
ENV_VARIABLE = "CATALOG_DIR"
# Fluent refuses a value longer than 2,500 characters, and the whole message becomes «{???}»: longer ones
# go in after formatting, in place of a short token.
LONG_VALUE = 2000
# Formatted messages kept for reuse (Catalog.format); all are dropped when that many are kept.
_FORMATTED = 4096
# Only messages whose arguments are all of these types (a text no longer than _KEYED_LENGTH) are kept.
_KEYED = frozenset({str, int, bool, float, Decimal, dt.date, dt.datetime, type(None)})
_KEYED_LENGTH = 256


class CatalogError(LookupError):
    """A message the code asks for is missing from the catalog, or cannot be formatted."""


class Catalog:
    def __init__(self, directories: list[Path], *, strict: bool = False) -> None:
        # use_isolating: Fluent wraps placeables in Unicode bidi marks by default; Telegram would show them.
        self._bundle = FluentBundle([LOCALE], use_isolating=False)
        self.strict = strict
        for directory in directories:
            for path in sorted(directory.glob("*.ftl")):
                # allow_overrides: a deployment's file replaces shipped messages with the same id
                self._bundle.add_resource(_resource(path), allow_overrides=True)
        # FluentBundle has no public list of its ids
        self._ids = frozenset(self._bundle._messages)
        self._formatted: dict[tuple[object, ...], str] = {}

    def format(self, message_id: str, args: dict[str, Any]) -> str:
        """The message with ``args`` put in. The same message with the same arguments is formatted once (a
        button's label, a question, a heading: most of an update's texts), ``_FORMATTED`` of them kept."""
        if message_id not in self._ids or not all(
            type(value) in _KEYED and (type(value) is not str or len(value) <= _KEYED_LENGTH)
            for value in args.values()
        ):
            return self._format(message_id, args)
        # The type and the text: 1 and True, Decimal("1.0") and Decimal("1.00"), or the same moment in two
        # time zones are equal, and formatted differently.
        key = (message_id, *((name, type(value), str(value)) for name, value in args.items()))
        text = self._formatted.get(key)
        if text is None:
            text = self._format(message_id, args)
            if len(self._formatted) >= _FORMATTED:
                self._formatted.clear()
            self._formatted[key] = text
        return text

    def ids(self) -> frozenset[str]:
        return self._ids

    def _format(self, message_id: str, args: dict[str, Any]) -> str:
        if message_id not in self._ids:
            if self.strict:
                raise CatalogError(f"no message {message_id!r} in the catalog")
            log.error("no message %r in the catalog", message_id)
            return message_id
        message = self._bundle.get_message(message_id)
        if message.value is None:
            raise CatalogError(f"message {message_id!r} has no value")
        values = {k: _argument(v) for k, v in args.items()}
        later: dict[str, str] = {}
        for name, value in values.items():
            if isinstance(value, str) and len(value) > LONG_VALUE:
                token = f"\ue002{secrets.token_hex(6)}\ue003"
                later[token], values[name] = value, token
        text, errors = self._bundle.format_pattern(message.value, values)
        if errors:
            if self.strict:
                raise CatalogError(f"{message_id}: {errors}")
            log.error("message %r: %s", message_id, errors)
        for token, value in later.items():
            text = text.replace(token, value)
        return text


# Parsed files by (path, modification time, size). The bot configures twice as it starts (the shipped
# wordings for the settings' errors, then with CATALOG_DIR) and parsing the shipped files took ~0.1 s
# each time; the bundle compiles its own copies of the messages, the parsed file is never changed.
_parsed: dict[tuple[Path, int, int], FluentResource] = {}


def _resource(path: Path) -> FluentResource:
    stat = path.stat()
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    resource = _parsed.get(key)
    if resource is None:
        resource = _parsed[key] = FluentResource(path.read_text(encoding="utf-8"))
    return resource


def _argument(value: Any) -> Any:
    # Numbers select plural forms but are shown as they are: a year is «2024», never «2 024».
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return fluent_number(value, useGrouping=False)
    return value


_catalog: Catalog | None = None


def configure(directory: Path | str | None = None, *, strict: bool = False) -> Catalog:
    """Load the shipped catalogs and, over them, the ``.ftl`` files of ``directory`` (when given)."""
    global _catalog
    directories = [SHIPPED]
    if directory:
        overlay = Path(directory)
        if not overlay.is_dir():
            raise CatalogError(f"catalog directory not found: {overlay}")
        directories.append(overlay)
    _catalog = Catalog(directories, strict=strict)
    return _catalog


def _current() -> Catalog:
    if _catalog is None:
        return configure(os.environ.get(ENV_VARIABLE) or None)
    return _catalog


def t(message_id: str, /, **args: Any) -> str:
    """The message ``message_id`` with ``args`` put in: ``t("reminders-sent", count=2)``."""
    return _current().format(message_id, args)


def has_message(message_id: str) -> bool:
    return message_id in _current().ids()


def message_ids() -> frozenset[str]:
    return _current().ids()
