"""Where the database lives: the one setting the storage command line needs (the bot adds the rest)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.db import DEFAULT_DB_PATH


class StorageSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # SQLite file; created with its folder on first use.
    database_path: Path = DEFAULT_DB_PATH
