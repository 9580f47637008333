"""Bot configuration from the environment and ``.env`` (every setting is listed in ``.env.example``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import NoDecode

from bot.reminders.config import ReminderSettings
from l10n import t
from reports.writers import format_names
from storage.config import StorageSettings

TOKEN_SHAPE = re.compile(r"^[0-9]{5,16}:[A-Za-z0-9_-]{30,}$")


class Settings(ReminderSettings, StorageSettings):
    bot_token: SecretStr
    # Telegram ids of the city's administrators, comma-separated: every program, who coordinates and observes
    # what (/members, /appoint). COORDINATOR_IDS, the older name, counts the same: both are administrators.
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    coordinator_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # Bot API server: Telegram's own, or a self-hosted one, or the tests' fake.
    bot_api_base_url: str = "https://api.telegram.org/bot"
    bot_api_file_url: str = "https://api.telegram.org/file/bot"
    # Webhook mode when set (PTB's run_webhook); long polling otherwise.
    # Seconds to wait for the Bot API's answer to a request (not to long polling).
    bot_api_timeout: float = Field(default=10, gt=0, le=120)
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None
    invite_ttl_days: int = Field(default=14, ge=1, le=365)
    # A program file sent to the bot can be applied («Застосувати») within this many hours of its preview.
    import_preview_hours: int = Field(default=24, ge=1, le=720)
    # Messages per second to Telegram overall (PTB's AIORateLimiter); Telegram allows about 30.
    rate_limit_per_second: float = Field(default=30, gt=0)
    # Daily backup of the database at this hour (local time); the newest BACKUP_KEEP copies are kept
    # (0 turns daily backups off), and of those the newest that take BACKUP_MAX_MB together (the oldest go
    # first, never the newest; unset: no bound). Default folder: "backups" beside the database.
    backup_dir: Path | None = None
    backup_keep: int = Field(default=14, ge=0, le=3650)
    backup_max_mb: int | None = Field(default=None, ge=1)
    backup_hour: int = Field(default=3, ge=0, le=23)
    log_level: str = "INFO"
    # Failures (an unhandled error, a failed reminder run or backup) are reported to this chat (a person's
    # or a group's id), or to every coordinator when unset; at most one of a kind per the interval.
    alert_chat_id: int | None = None
    alert_interval_minutes: int = Field(default=10, ge=1, le=1440)
    # A folder of .ftl files whose messages replace the shipped wordings (l10n/uk/), message by message.
    catalog_dir: Path | None = None
    # The formats /report sends at once, in this order (any a writer is registered for in reports.writers:
    # xlsx, docx, pdf); the others are offered as buttons.
    report_formats: Annotated[tuple[str, ...], NoDecode] = ("xlsx", "pdf")
    # The review loop: untold returns and corrected reports are sent every this many seconds (resubmissions
    # made meanwhile come to the coordinators in one notice).
    review_notice_seconds: int = Field(default=60, ge=1, le=3600)
    # The Mini App (webapp/): the coordinator's desk served beside the bot when WEBAPP_URL (its public HTTPS
    # address, behind a reverse proxy: deploy/) is set; it listens on WEBAPP_LISTEN:WEBAPP_PORT. Telegram's
    # signed initData is good for WEBAPP_MAX_AGE_HOURS after it was signed.
    webapp_url: str | None = None
    webapp_listen: str = "127.0.0.1"
    webapp_port: int = Field(default=8081, ge=0, le=65535)
    webapp_max_age_hours: float = Field(default=24, gt=0, le=168)
    # /report holds only accepted reports (as «/report 2023 accepted» does); default: the latest revision.
    report_accepted_only: bool = False

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not TOKEN_SHAPE.match(value.get_secret_value().strip()):
            raise ValueError(t("settings-bad-token"))
        return SecretStr(value.get_secret_value().strip())

    @field_validator(
        "backup_dir",
        "backup_max_mb",
        "webhook_url",
        "webhook_secret",
        "webapp_url",
        "catalog_dir",
        "alert_chat_id",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # .env.example lists these as "NAME=" so that they are visible; an empty value means "not set".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("admin_ids", "coordinator_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return frozenset(int(part) for part in re.split(r"[,\s]+", value.strip()) if part)
            except ValueError:
                raise ValueError(t("settings-bad-list", value=value)) from None
        return value

    @field_validator("report_formats", mode="before")
    @classmethod
    def _formats(cls, value: object) -> object:
        if isinstance(value, str):
            value = tuple(part.lower().lstrip(".") for part in re.split(r"[,\s]+", value.strip()) if part)
        known = format_names()
        if isinstance(value, tuple | list):
            wrong = [v for v in value if v not in known]
            if wrong or not value or len(set(value)) != len(value):
                raise ValueError(
                    t("settings-bad-formats", value=", ".join(map(str, value)), known=", ".join(known))
                )
        return value

    @field_validator("webapp_url")
    @classmethod
    def _webapp_url(cls, value: str | None) -> str | None:
        # Telegram opens Mini Apps over HTTPS only
        if value is not None and not re.match(r"^https://[^\s/?#]+[^\s]*$", value.strip()):
            raise ValueError(t("settings-bad-webapp-url", value=value))
        return value.strip() if value is not None else None

    @field_validator("backup_dir", "catalog_dir")
    @classmethod
    def _home_folders(cls, value: Path | None) -> Path | None:
        # «~/…» means the home folder, as in a shell (StorageSettings does the same for DATABASE_PATH)
        return value.expanduser() if value is not None else None

    @field_validator("catalog_dir")
    @classmethod
    def _catalog(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(t("settings-no-catalog", path=str(value)))
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(t("settings-unknown-zone", zone=value)) from None
        return value

    @property
    def administrator_ids(self) -> frozenset[int]:
        """The administrators the settings name (ADMIN_IDS and COORDINATOR_IDS): always administrators."""
        return self.admin_ids | self.coordinator_ids

    def is_administrator(self, user_id: int) -> bool:
        return user_id in self.admin_ids or user_id in self.coordinator_ids


def describe_error(error: ValidationError) -> str:
    """One line per bad setting, naming the environment variable, never echoing a secret's value."""
    lines = []
    for item in error.errors():
        name = "_".join(str(p) for p in item["loc"]).upper() or "?"
        if item["type"] == "missing":
            message = t("settings-missing")
        elif item["type"] == "value_error":
            message = str(item.get("ctx", {}).get("error", item["msg"]))  # ours, without pydantic's prefix
        else:
            message = item["msg"]
        lines.append(t("settings-bad-value", name=name, message=message))
    return "; ".join(lines)
