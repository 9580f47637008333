"""Who acts: a person in the chat, or the command line, with the roles the city gave them.

- an **administrator** of the city: every program, the city's directory, who coordinates and observes what;
- a **coordinator** of a program (its responsible department's staff): that program's plans, years, reviews,
  members, reports; nothing of another program;
- an **observer** (leadership, a council commission): reads every program (status, reports, files), changes
  nothing;
- a **member** of a department: reports its measures, in every program it executes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None  # the person's Telegram id; None: the command line (its author is only a name)
    name: str  # as the history records it
    administrator: bool = False
    programs: frozenset[int] = frozenset()  # the programs they coordinate
    observer: bool = False
    # the departments they are a member of: they report their measures
    departments: frozenset[int] = frozenset()

    @classmethod
    def command_line(cls, name: str) -> Actor:
        """Whoever runs ``python -m cli`` on the server: they hold the database file, so they may do anything."""
        return cls(None, name, administrator=True)

    def coordinates(self, program_id: int) -> bool:
        """May change the program: its coordinator, or the city's administrator."""
        return self.administrator or program_id in self.programs

    def reads(self, program_id: int) -> bool:
        """May see the program's status, reports and files."""
        return self.observer or self.coordinates(program_id)

    @property
    def coordinator(self) -> bool:
        """Coordinates some program (or every one, as an administrator)."""
        return self.administrator or bool(self.programs)

    @property
    def sees_city(self) -> bool:
        """Reads every program: the city at a glance."""
        return self.administrator or self.observer
