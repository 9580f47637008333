"""The one home of the zone people live in: days, deadlines and working days are Kyiv days."""

from __future__ import annotations

from zoneinfo import ZoneInfo

KYIV = ZoneInfo("Europe/Kyiv")
