"""Reminder settings: a pydantic-settings mixin for ``bot.settings.Settings`` (listed in ``.env.example``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.reminders.rules import ReminderConfig
from l10n import t


class ReminderSettings(BaseSettings):
    # The same source as StorageSettings, so the mixin reads .env on its own too.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Off: no reminder job at all (/mute still answers).
    reminders_enabled: bool = True
    # Quarterly deadline: this many days after the quarter's last day (Q1: 31.03 + 10 = 10.04).
    quarter_deadline_days: int = Field(default=10, ge=0, le=90)
    # Quarterly reminders at all (the annual deadline comes from the reporting period).
    quarterly_reminders: bool = True
    # Days before a deadline on which members who still owe something are reminded, comma-separated.
    reminder_lead_days: Annotated[tuple[int, ...], NoDecode] = (7, 3, 1)
    # Local hour (TIMEZONE) at which reminders go out, on working days.
    reminder_hour: int = Field(default=10, ge=0, le=23)
    # Dates that are not working days besides weekends (YYYY-MM-DD, comma-separated).
    non_working_days: Annotated[frozenset[dt.date], NoDecode] = frozenset()
    # One nudge on the first working day after a deadline, sent only within this many days of it.
    overdue_reminder: bool = True
    overdue_valid_days: int = Field(default=3, ge=1, le=30)
    # How often the bot checks whether a reminder is due, in minutes.
    reminder_check_minutes: int = Field(default=5, ge=1, le=60)
    # Seconds after start before the first check (a reminder missed while the bot was down goes out then).
    reminder_first_run_seconds: float = Field(default=20, ge=0, le=3600)

    @field_validator("reminder_lead_days", mode="before")
    @classmethod
    def _leads(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in re.split(r"[,\s]+", value.strip()) if part)
        return value

    @field_validator("reminder_lead_days")
    @classmethod
    def _leads_range(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(not 0 <= lead <= 366 for lead in value):
            raise ValueError(t("settings-bad-lead-days"))
        return tuple(sorted(set(value), reverse=True))

    @field_validator("non_working_days", mode="before")
    @classmethod
    def _dates(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(
                dt.date.fromisoformat(part) for part in re.split(r"[,\s]+", value.strip()) if part
            )
        return value

    def reminder_config(self, tz: ZoneInfo) -> ReminderConfig:
        return ReminderConfig(
            tz=tz,
            hour=self.reminder_hour,
            lead_days=self.reminder_lead_days,
            quarterly=self.quarterly_reminders,
            quarter_deadline_days=self.quarter_deadline_days,
            overdue=self.overdue_reminder,
            overdue_valid_days=self.overdue_valid_days,
            non_working_days=self.non_working_days,
        )
