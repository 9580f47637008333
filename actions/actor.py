"""Who acts: a person in the chat, or the command line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None  # the person's Telegram id; None: the command line (its author is only a name)
    name: str  # as the history records it
    coordinator: bool  # may act on the programs (plans, imports, periods, reviews, members)
    # the departments they are a member of: they report their measures
    departments: frozenset[int] = frozenset()

    @classmethod
    def command_line(cls, name: str) -> Actor:
        """Whoever runs ``python -m cli`` on the server: they hold the database file, so they may do anything."""
        return cls(None, name, coordinator=True)
