"""Button data: every kind of button defined once — its prefix, how its data is built and parsed.

A kind is a frozen dataclass: ``OpenMeasure(4, 5, 2023).data()`` is ``"open:4:5:2023"`` and
``OpenMeasure.parse("open:4:5:2023")`` gives it back (None for anything else). ``Kind.pattern`` routes
every button of the kind to its handler, well-formed or not, so the handler answers a malformed one as
stale; ``KINDS`` lists them all, for the application to register each one and to answer anything no kind
claims as stale. Parsing proves only the shape; handlers check the rights. A kind declared with
``coordinators=True`` is pressed by coordinators only: its handler must be wrapped in
``bot.handlers.coordinator.coordinators_only`` (the application refuses to start otherwise), so a forged or
forwarded one is refused with the same words as every coordinator's command. A kind declared with
``readers=True`` only reads (a report in another format, a department's details): observers press it too, and
its handler must be wrapped in ``readers_only``. Which program a button may touch is the action's to check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import ClassVar, Self

MAX_DATA = 64  # Telegram's limit on callback_data, in bytes
KINDS: list[type[Button]] = []


class Button:
    """A kind of button. Subclasses set ``prefix`` and ``shape`` (a regex of the part after ``prefix:``,
    one group per field, in field order); ints and strings convert by themselves, others override
    ``_encode``/``_decode``."""

    prefix: ClassVar[str]
    shape: ClassVar[re.Pattern[str]]
    pattern: ClassVar[re.Pattern[str]]  # every data of this kind, for CallbackQueryHandler
    coordinators: ClassVar[bool]  # only coordinators may press it
    readers: ClassVar[bool]  # only those who read a program may press it (coordinators and observers)

    def __init_subclass__(
        cls, prefix: str, shape: str, coordinators: bool = False, readers: bool = False, **kwargs: object
    ) -> None:
        super().__init_subclass__(**kwargs)
        if coordinators and readers:
            raise ValueError(f"{prefix}: a kind is the coordinators' or the readers', not both")
        cls.coordinators = coordinators
        cls.readers = readers
        if any(kind.prefix == prefix for kind in KINDS):
            raise ValueError(f"two kinds of button with the prefix {prefix!r}")
        cls.prefix = prefix
        cls.shape = re.compile(rf"^{re.escape(prefix)}:{shape}$")
        cls.pattern = re.compile(rf"^{re.escape(prefix)}:")
        KINDS.append(cls)

    def _encode(self) -> tuple[object, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]

    @classmethod
    def _decode(cls, groups: tuple[str, ...]) -> Self:
        types = [f.type for f in fields(cls)]  # type: ignore[arg-type]
        return cls(*(int(g) if t in (int, "int") else g for g, t in zip(groups, types, strict=True)))

    def data(self) -> str:
        text = ":".join((self.prefix, *(str(part) for part in self._encode())))
        if len(text.encode()) > MAX_DATA:
            raise ValueError(f"callback data over {MAX_DATA} bytes: {text!r}")
        return text

    @classmethod
    def parse(cls, data: str | None) -> Self | None:
        if not data or len(data) > MAX_DATA:
            return None
        match = cls.shape.match(data)
        if match is None:
            return None
        try:
            return cls._decode(match.groups())
        except ValueError:  # the right shape, an impossible value (a 30 February)
            return None


def kind_of(data: str | None) -> type[Button] | None:
    """The kind whose prefix the data has (well-formed or not), None for data no kind claims."""
    prefix = (data or "").split(":", 1)[0]
    return next((kind for kind in KINDS if kind.prefix == prefix), None)


def parse(data: str | None) -> Button | None:
    kind = kind_of(data)
    return kind.parse(data) if kind is not None else None


_ID = r"(\d{1,12})"


@dataclass(frozen=True)
class OpenMeasure(Button, prefix="open", shape=rf"{_ID}:{_ID}:(\d{{4}})"):
    """Open a measure for reporting (from the list, a reminder, /edit, after a save)."""

    measure_id: int
    department_id: int
    year: int


@dataclass(frozen=True)
class Page(Button, prefix="page", shape=rf"{_ID}:(\d{{1,4}})"):
    """A page of a department's list of measures."""

    department_id: int
    page: int


@dataclass(frozen=True)
class StepAction(
    Button, prefix="q", shape=rf"{_ID}:{_ID}:([a-z]{{1,10}}):([a-z]{{1,10}}(?::[a-z]{{1,10}})?)"
):
    """A button of one step's question: stale once the draft has moved on to another step."""

    measure_id: int
    department_id: int
    step: str
    action: str


@dataclass(frozen=True)
class InviteFor(Button, prefix="inv", shape=_ID, coordinators=True):
    department_id: int


@dataclass(frozen=True)
class RevokeInvite(Button, prefix="rvi", shape=_ID, coordinators=True):
    """Revoke an invite link (under the link, and in /members): nobody joins through it any more."""

    invite_id: int


@dataclass(frozen=True)
class ChooseProgram(Button, prefix="prog", shape=_ID, readers=True):
    program_id: int


@dataclass(frozen=True)
class RemindDepartment(Button, prefix="rem", shape=rf"{_ID}:(\d{{4}}):{_ID}", coordinators=True):
    program_id: int
    year: int
    department_id: int


@dataclass(frozen=True)
class ListMembers(Button, prefix="mem", shape=_ID, coordinators=True):
    department_id: int


@dataclass(frozen=True)
class RemoveMember(Button, prefix="rmm", shape=rf"{_ID}:(\d{{1,15}})", coordinators=True):
    department_id: int
    user_id: int


@dataclass(frozen=True)
class ImportDecision(Button, prefix="imp", shape=r"(apply|cancel):([A-Za-z0-9_-]{8,32})", coordinators=True):
    apply: bool
    token: str

    def _encode(self) -> tuple[object, ...]:
        return ("apply" if self.apply else "cancel", self.token)

    @classmethod
    def _decode(cls, groups: tuple[str, ...]) -> Self:
        return cls(groups[0] == "apply", groups[1])


@dataclass(frozen=True)
class InterimPreset(Button, prefix="int", shape=rf"{_ID}:(quarters|halves|off)", coordinators=True):
    """/interim's buttons: one of the usual settings of a program's interim reports."""

    program_id: int
    preset: str


@dataclass(frozen=True)
class ReportFile(
    Button,
    prefix="rf",
    shape=rf"{_ID}:([a-z0-9]{{1,10}}):(\d{{4}}):(Q[1-4]|H1|9M|\d{{4}}|)(:a)?",
    readers=True,
):
    """The report in one more format: the program, the format (an extension without its dot: the handler
    checks it is one ``reports.writers`` has), the year, the period ("" for the year, an interim period, or
    the last year of the term report from ``year``), and whether it holds the accepted reports only
    (``/report 2023 accepted``: a trailing ``:a``; a button made before the flag existed parses as not)."""

    program_id: int
    format: str
    year: int
    period: str
    accepted_only: bool = False

    def _encode(self) -> tuple[object, ...]:
        return (self.program_id, self.format, self.year, self.period, *(("a",) if self.accepted_only else ()))

    @classmethod
    def _decode(cls, groups: tuple[str, ...]) -> Self:
        program_id, format, year, period, accepted = groups
        return cls(int(program_id), format, int(year), period, accepted is not None)


@dataclass(frozen=True)
class Mute(Button, prefix="mute", shape=r"(off|\d{8})"):
    """Reminders off up to and including ``until`` (a local date); None switches them on again."""

    until: dt.date | None

    def _encode(self) -> tuple[object, ...]:
        return (f"{self.until:%Y%m%d}" if self.until is not None else "off",)

    @classmethod
    def _decode(cls, groups: tuple[str, ...]) -> Self:
        return cls(None if groups[0] == "off" else dt.datetime.strptime(groups[0], "%Y%m%d").date())


@dataclass(frozen=True)
class ReviewDecision(Button, prefix="rv", shape=rf"(acc|ret):{_ID}", coordinators=True):
    """A coordinator's decision on one revision on its review card: accept it, or return it (the next
    message typed is the comment)."""

    action: str
    submission_id: int


@dataclass(frozen=True)
class ReviewAcceptAll(Button, prefix="rva", shape=rf"{_ID}:(\d{{4}}):{_ID}:(\d{{1,14}})", coordinators=True):
    """Accept every report of a department waiting in a program's year, sent by the moment its card was shown
    (``seen``: Unix milliseconds, ``Context.seen_now``)."""

    program_id: int
    year: int
    department_id: int
    seen: int


@dataclass(frozen=True)
class ReviewOpen(Button, prefix="rvo", shape=rf"{_ID}:(\d{{4}})", coordinators=True):
    """/status's button: the first report waiting for review in a program's year."""

    program_id: int
    year: int


@dataclass(frozen=True)
class StatusDetails(Button, prefix="std", shape=rf"{_ID}:(\d{{4}}):{_ID}", readers=True):
    """/status's button of one department: what it still owes, its drafts, its people, «Нагадати»."""

    program_id: int
    year: int
    department_id: int


@dataclass(frozen=True)
class InviteMissing(Button, prefix="sti", shape=rf"{_ID}:(\d{{4}})", coordinators=True):
    """/status's one invite button: /invite's choice of the departments of a program's year that have nobody
    in the bot."""

    program_id: int
    year: int


@dataclass(frozen=True)
class DirectoryView(Button, prefix="dir", shape=r"(list|sheet):(\d{1,4})", coordinators=True):
    """/departments: a page of the directory's list, or its sheet to fill on a computer."""

    action: str
    page: int


@dataclass(frozen=True)
class DepartmentCard(Button, prefix="dpc", shape=_ID, coordinators=True):
    """A department's card in the directory: its names, aliases, what it has; rename it, merge it."""

    department_id: int


@dataclass(frozen=True)
class DepartmentRename(Button, prefix="dpr", shape=_ID, coordinators=True):
    """«Перейменувати»: the coordinator's next message is the department's new short name."""

    department_id: int


@dataclass(frozen=True)
class MergeTargets(Button, prefix="dpm", shape=rf"{_ID}:(\d{{1,4}})", coordinators=True):
    """«Об'єднати з…»: the departments ``gone_id`` may be merged into, a chooser (bot/choosers.py: it turns its
    own pages; ``page`` is its first page's, 0)."""

    gone_id: int
    page: int


@dataclass(frozen=True)
class MergeAsk(Button, prefix="dpq", shape=rf"{_ID}:{_ID}", coordinators=True):
    """A merge chosen: what it moves, to confirm (or the other way round)."""

    keep_id: int
    gone_id: int


@dataclass(frozen=True)
class MergeDo(Button, prefix="dpx", shape=rf"{_ID}:{_ID}", coordinators=True):
    """«Об'єднати» confirmed: ``gone_id`` merged into ``keep_id``."""

    keep_id: int
    gone_id: int


@dataclass(frozen=True)
class CityPage(Button, prefix="cty", shape=r"(0|\d{4}):(\d{1,4})", readers=True):
    """A page of the city at a glance (/city): ``year`` 0 is each program's own year."""

    year: int
    page: int


@dataclass(frozen=True)
class CityProgram(Button, prefix="ctp", shape=rf"{_ID}:(\d{{4}})", readers=True):
    """A program's line of the city at a glance: that program's /status of the year shown."""

    program_id: int
    year: int


@dataclass(frozen=True)
class Appoint(Button, prefix="apt", shape=rf"(programs|coordinator|observer):{_ID}", coordinators=True):
    """/appoint's buttons: «Координатор програми…» (``programs``: the programs to choose from), a program's
    coordinator's link (``coordinator``, the program's id), an observer's link (``observer``, 0)."""

    kind: str
    program_id: int


@dataclass(frozen=True)
class RevokeRole(Button, prefix="rvr", shape=_ID, coordinators=True):
    """/members's «Відкликати» beside a role held: the person loses it at once."""

    role_id: int


@dataclass(frozen=True)
class RevokeRoleLink(Button, prefix="rvl", shape=_ID, coordinators=True):
    """Revoke a role link (under the link, and in /members): nobody takes its role through it any more."""

    link_id: int


@dataclass(frozen=True)
class ChooserView(Button, prefix="cho", shape=r"(page|find|all):(\d{1,9}):(\d{1,5})", readers=True):
    """A chooser's buttons (bot/choosers.py): a page of it, «Пошук» (``find``: how to search), «Усі» (``all``:
    the whole list again after a search). ``serial``: the chooser's; an older chooser's buttons are stale."""

    action: str
    serial: int
    page: int


@dataclass(frozen=True)
class OpenIndicator(Button, prefix="iop", shape=rf"{_ID}:(\d{{4}})"):
    """Open a result indicator's fact for reporting (from the list, after a save, a return's notice)."""

    indicator_id: int
    year: int


@dataclass(frozen=True)
class IndicatorStepAction(Button, prefix="iq", shape=rf"{_ID}:(\d{{4}}):([a-z]{{1,10}}):([a-z]{{1,10}})"):
    """A button of an indicator's question or review card: stale once its draft has moved on."""

    indicator_id: int
    year: int
    step: str
    action: str


@dataclass(frozen=True)
class FactReviewDecision(Button, prefix="irv", shape=rf"(acc|ret):{_ID}", coordinators=True):
    """«Прийняти» / «Повернути з коментарем» on an indicator's fact waiting for review."""

    action: str
    fact_id: int


_VALUE = r"(\d{1,13}(?:\.\d{1,3})?)"  # an indicator's value as storage.indicators allows it, with a point


@dataclass(frozen=True)
class IndicatorPlanDecision(
    Button,
    prefix="ipl",
    shape=rf"(a|c):(\d{{1,6}}):(\d{{4}}):(\d{{1,6}}):(-|{_VALUE[1:-1]}):{_VALUE}",
    coordinators=True,
):
    """«Застосувати» / «Скасувати» under ``/plan 2024 показник 3 150``'s preview: the program, year, the
    indicator's number, its plan as the preview showed it (None: not set) and the new one. Applying checks
    every rule again, and that the plan is still the one shown."""

    apply: bool
    program_id: int
    year: int
    number: int
    old: Decimal | None
    new: Decimal

    def _encode(self) -> tuple[object, ...]:
        old = "-" if self.old is None else format(self.old, "f")
        return (
            "a" if self.apply else "c",
            self.program_id,
            self.year,
            self.number,
            old,
            format(self.new, "f"),
        )

    @classmethod
    def _decode(cls, groups: tuple[str, ...]) -> Self:
        apply, program, year, number, old, new = groups
        return cls(
            apply == "a",
            int(program),
            int(year),
            int(number),
            None if old == "-" else Decimal(old),
            Decimal(new),
        )
