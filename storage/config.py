"""Where the database lives and whose days it keeps: the settings the command line needs (the bot adds the rest)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.db import DEFAULT_DB_PATH


class StorageSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # SQLite file; created with its folder on first use.
    database_path: Path = DEFAULT_DB_PATH
    # The council's zone: its days (deadlines, «станом на», --at) and the moments people read.
    timezone: str = "Europe/Kyiv"

    @field_validator("database_path")
    @classmethod
    def _home(cls, value: Path) -> Path:
        # «~/zvitbot/z.db» in .env means the home folder, as in a shell, not a folder named «~» here
        return value.expanduser()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
