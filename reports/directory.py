"""Finding a council's reporting bodies in a measure's executor prose, and the starter directory file.

The directory of a database is its departments and their aliases (``storage.directory``); an import matches
against them, plus the vague and partner phrases the database keeps and the generic ones below (any
council's programs write «інші виконавчі органи ради» and «громадські організації (за згодою)»). A city's
directory may start from a file (``reports/data/zhytomyr.toml``: Zhytomyr's, the first city's), loaded into an
empty database by the first import of that council's report, or on request.

The "Виконавці" column of a program is free prose written by different clerks over the years ("Департаменти
міської ради: соціальної політики, освіти; управління міської ради: у справах сім'ї, ..."), so matching is by
characteristic key phrases, not by full names, and whatever is left over is handed on as segments in order
(``ExecutorMatch.segments``): ``reports.discovery`` makes bodies of them, and an import names whatever it
cannot place instead of silently dropping it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError, field_validator, model_validator

from l10n import t
from storage.models import NewDepartment

DEFAULT_DIRECTORY_PATH = Path(__file__).parent / "data" / "zhytomyr.toml"

# Ukrainian text arrives with every apostrophe look-alike (Word autocorrect, phone keyboards, PDFs).
_APOSTROPHES = frozenset("'’ʼ`‘´′")
_HYPHENS = frozenset("‐‑")
# Copy-paste from PDFs and Word leaves invisible characters inside words; they would break a match.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
# Quotes are no part of a name's words: КП "Арена", КП «Арена» and КП „Арена“ read alike.
_QUOTES = frozenset('"«»„“”‟‹›')
_PAIRED_QUOTES = frozenset('"„“”‟')  # the ones that do not say whether they open or close

# A comma between two words of a phrase is optional: the seed itself writes both "для сім'ї, дітей та
# молоді" and "для сім'ї дітей та молоді".
_WORD_GAP = r"(?:\s*,\s*|\s+)"
_CONSENT = re.compile(r"\(\s*за\s+згодою\s*\)")
_WORD = re.compile(r"[\w'-]+")
_SLUG = re.compile(r"[a-z][a-z0-9_]*")
# A conjunction at either end of a piece (matched at the piece's start; searched up to its end).
_EDGE_CONJUNCTION = (
    re.compile(r"(?:та|і|й|а\s+також)\s+", re.IGNORECASE),
    re.compile(r"\s+(?:та|і|й)$", re.IGNORECASE),
)
# Any council's name as it follows a body's name, in any case: "Калуської міської ради", "Житомирській міській
# раді", "сільської ради", "ЖМР"; and the city's adjective before "міський" ("Житомирський міський центр").
_COUNCIL_WORDS = re.compile(
    r"(?<![\w'-])(?:[\w'-]+(?:ськ|цьк|зьк)(?:а|е|ий|ої|ого|ій|ому|их|і|ою)\s+)?"
    r"(?:(?:міськ|селищн|сільськ)\w*\s+рад\w*|міськрад\w*|[а-яіїєґ]{0,2}мр(?![\w'-]))"
    r"|(?<![\w'-])[\w'-]+(?:ськ|цьк|зьк)(?:а|е|ий|ої|ого|ій|ому|их|і)(?=\s+(?:міськ|селищн|сільськ))"
)

# Words that occur around body names without identifying any body. A leftover piece made only of these
# (and of a council's name) is punctuation-level noise ("Департаменти міської ради:", "служба (управління)"),
# not an unknown body.
_FILLER = frozenset(
    """
    департамент департаменти департаменту департаментів управління служба служби відділ відділи відділу
    міська міської міський міського міських ради рада раді
    виконавчий виконавчого комітет комітету виконкому
    та і й а також або у в з із зі по для при до на
    """.split()
)

# Phrases any council's programs write among executors that name no one reporting body (vague) or no body
# of the council (partners). A database adds its own (``storage.directory``); whatever is marked «(за згодою)»
# is a partner anyway.
GENERIC_VAGUE = (
    "інші виконавчі органи ради",
    "інші виконавчі органи міської ради",
    "виконавчі органи міської ради",
    "виконавчі органи ради",
    "інші структурні підрозділи міської ради",
    "структурні підрозділи міської ради",
    "структурні підрозділи виконавчого комітету",
    "головні розпорядники коштів",
    "головні розпорядники бюджетних коштів",
    "комунальні підприємства та інші установи",
    "комунальні підприємства",
    "комунальні заклади",
    "інші установи",
)
GENERIC_PARTNERS = (
    "головне управління статистики",
    "головне управління національної поліції",
    "національна поліція",
    "обласна державна адміністрація",
    "обласної державної адміністрації",
    "районна державна адміністрація",
    "громадські організації",
    "благодійні організації",
    "міжнародні організації",
    "міжнародні партнери",
    "гендерні експерти",
    "міське телебачення",
    "засоби масової інформації",
    "заклади вищої освіти",
)

PhraseKind = Literal["department", "vague", "partner"]


def normalize(text: str) -> str:
    """The form both aliases and executor prose are compared in: lowercase, one apostrophe, no quotes, single
    spaces."""
    return _normalize_with_origins(text)[0]


def _normalize_with_origins(text: str) -> tuple[str, list[int]]:
    """Normalised text plus, for each of its characters, the index of the original character.

    The origins let leftover pieces be reported as the clerk typed them rather than in normalised form.
    """
    chars: list[str] = []
    origins: list[int] = []
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if ch.isspace() or ch in _QUOTES:
            if chars and chars[-1] != " ":
                chars.append(" ")
                origins.append(i)
            continue
        if ch in _APOSTROPHES:
            ch = "'"
        elif ch in _HYPHENS:
            ch = "-"
        for low in ch.lower():
            chars.append(low)
            origins.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        origins.pop()
    return "".join(chars), origins


@lru_cache(maxsize=4096)
def phrase_key(phrase: str) -> str:
    """Phrases equal up to commas (and quotes, case, spacing) match the same text, so they collide."""
    return " ".join(w for w in re.split(r"[\s,]+", normalize(phrase)) if w)


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    body = _WORD_GAP.join(re.escape(w) for w in phrase_key(phrase).split(" "))
    # Whole words only: "культури" must not fire inside "культурно-спортивний".
    return re.compile(rf"(?<![\w'-]){body}(?![\w'-])")


class DirectoryEntry(BaseModel):
    """One reporting body of the council."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    short_name: str
    aliases: tuple[str, ...]

    @field_validator("code", "name", "short_name")
    @classmethod
    def _strip(cls, value: str) -> str:
        return " ".join(value.split())

    @field_validator("aliases")
    @classmethod
    def _normalize_aliases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Empty ones are kept so that the entry check below can name them.
        return tuple(dict.fromkeys(normalize(a) for a in value))

    @model_validator(mode="after")
    def _check(self) -> DirectoryEntry:
        who = t("directory-entry", code=self.code, name=self.name or t("directory-entry-unnamed"))
        problems: list[str] = []
        if not _SLUG.fullmatch(self.code):
            problems.append(t("directory-bad-code", who=who))
        if not self.name:
            problems.append(t("directory-empty-name", who=who))
        if not self.short_name:
            problems.append(t("directory-empty-short-name", who=who))
        if not self.aliases:
            problems.append(t("directory-no-aliases", who=who))
        elif "" in self.aliases:
            problems.append(t("directory-empty-alias", who=who))
        if problems:
            raise ValueError("; ".join(problems))
        return self


@dataclass(frozen=True, slots=True)
class _Phrase:
    pattern: re.Pattern[str]
    kind: PhraseKind
    value: str  # department code, or the vague/partner phrase itself
    key: str
    first: str  # its first word: a text without it is not searched (most phrases are absent from most cells)


@dataclass(frozen=True, slots=True)
class Matcher:
    """The phrases looked for in executor prose: each department's aliases, the vague and the partner phrases
    (the generic ones always among them), longest first."""

    phrases: tuple[_Phrase, ...] = ()

    @classmethod
    def of(
        cls,
        departments: Iterable[tuple[str, Iterable[str]]],
        vague: Iterable[str] = (),
        partners: Iterable[str] = (),
    ) -> Matcher:
        """``departments``: (code, aliases) pairs. A phrase two of them share goes to the first one, and a
        department's alias wins over a vague or partner phrase written alike (a file says so when it is
        loaded; a database may come to it by hand)."""
        phrases: list[_Phrase] = []
        seen: set[str] = set()
        entries: list[tuple[PhraseKind, str, str]] = [
            ("department", code, alias) for code, aliases in departments for alias in aliases
        ]
        entries += [("vague", p, p) for p in (*vague, *GENERIC_VAGUE)]
        entries += [("partner", p, p) for p in (*partners, *GENERIC_PARTNERS)]
        for kind, value, phrase in entries:
            key = phrase_key(phrase)
            if not key or key in seen:
                continue
            seen.add(key)
            value = normalize(value) if kind != "department" else value
            phrases.append(_Phrase(_phrase_pattern(phrase), kind, value, key, key.split(" ", 1)[0]))
        # Longest first, so that a phrase containing a shorter one wins: "центр соціальних служб для
        # сім'ї, ..." before "сім'ї, молоді та спорту", "заклади вищої освіти" before "освіти".
        phrases.sort(key=lambda p: (-len(p.key), p.key))
        return cls(tuple(phrases))


class Directory(BaseModel):
    """All reporting bodies plus the phrases that appear among executors but never report."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    council: str = ""
    departments: tuple[DirectoryEntry, ...]
    vague: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()

    _matcher: Matcher = PrivateAttr(default_factory=Matcher)

    @field_validator("vague", "partners")
    @classmethod
    def _normalize_phrases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(normalize(p) for p in value))

    @model_validator(mode="after")
    def _check(self) -> Directory:
        problems: list[str] = []
        if not self.departments:
            problems.append(t("directory-no-departments"))

        by_code: dict[str, DirectoryEntry] = {}
        by_short: dict[str, DirectoryEntry] = {}
        # phrase key -> (owner, original phrase); an owner is ("department", code) or (list name, "")
        owner_of: dict[str, tuple[tuple[str, str], str]] = {}
        for entry in self.departments:
            if (first := by_code.setdefault(entry.code, entry)) is not entry:
                problems.append(
                    t("directory-duplicate-code", code=entry.code, first=first.name, second=entry.name)
                )
            short = entry.short_name.casefold()
            if (first := by_short.setdefault(short, entry)) is not entry:
                problems.append(
                    t(
                        "directory-duplicate-short-name",
                        short_name=entry.short_name,
                        first=first.code,
                        second=entry.code,
                    )
                )
            for alias in entry.aliases:
                owner = ("department", entry.code)
                prev_owner, prev_phrase = owner_of.setdefault(phrase_key(alias), (owner, alias))
                if prev_owner != owner:
                    problems.append(
                        t(
                            "directory-alias-collision",
                            alias=alias,
                            code=entry.code,
                            previous=prev_phrase,
                            previous_owner=_owner(prev_owner),
                        )
                    )
        for kind, phrases in (("vague", self.vague), ("partners", self.partners)):
            owner = (kind, "")
            for phrase in phrases:
                if not phrase:
                    problems.append(t("directory-empty-phrase", owner=_owner(owner)))
                    continue
                prev_owner, prev_phrase = owner_of.setdefault(phrase_key(phrase), (owner, phrase))
                if prev_owner != owner:
                    problems.append(
                        t(
                            "directory-phrase-collision",
                            phrase=phrase,
                            owner=_owner(owner),
                            previous=prev_phrase,
                            previous_owner=_owner(prev_owner),
                        )
                    )
        if problems:
            # One problem per line: load_directory lists them as separate items.
            raise ValueError("\n".join(problems))
        return self

    def model_post_init(self, context: Any, /) -> None:
        self._matcher = Matcher.of(((e.code, e.aliases) for e in self.departments), self.vague, self.partners)

    @property
    def matcher(self) -> Matcher:
        return self._matcher

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(e.code for e in self.departments)

    def get(self, code: str) -> DirectoryEntry | None:
        return next((e for e in self.departments if e.code == code), None)


def _owner(owner: tuple[str, str]) -> str:
    kind, code = owner
    return t("directory-owner", kind=kind, code=code)


SegmentKind = Literal["department", "vague", "leftover"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of an executors cell, in the order written: a body the directory knows, a vague phrase, or
    what is left between them (split at commas, semicolons and colons outside quotes and parentheses, and
    after «(за згодою)»)."""

    kind: SegmentKind
    text: str  # as printed: spaces normalised, edge punctuation and conjunctions trimmed
    start: int  # ``text``'s span in the cell as written
    end: int
    sep: str  # what separates it from the segment before: ";", ":", "," (the strongest seen), or "" (nothing)
    value: str = ""  # department: its code; vague: the phrase
    partner: bool = False  # leftover: a partner phrase in it, or «(за згодою)»
    substance: bool = False  # leftover: not a partner, and more than filler words


@dataclass(frozen=True, slots=True)
class ExecutorMatch:
    """What one executor text names.

    ``codes`` are in the order of first mention, so ``codes[0]`` is the lead executor. ``partners`` and
    ``unmatched`` are pieces of the original text; ``vague`` holds the directory's phrases. ``segments``: the
    whole cell in order, for ``reports.discovery`` to make bodies of what is unmatched.
    """

    codes: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    vague: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()
    segments: tuple[Segment, ...] = field(default=(), compare=False)
    text: str = field(default="", compare=False)

    @property
    def lead(self) -> str | None:
        return self.codes[0] if self.codes else None


def match_executors(text: str, directory: Directory | Matcher) -> ExecutorMatch:
    """Find the directory's bodies, vague phrases and partners in one "Виконавці" cell."""
    matcher = directory.matcher if isinstance(directory, Directory) else directory
    norm, origins = _normalize_with_origins(text)
    if not norm:
        return ExecutorMatch(text=text)

    claimed: list[PhraseKind | None] = [None] * len(norm)
    hits: dict[int, tuple[int, _Phrase]] = {}  # start -> (end, phrase)
    for phrase in matcher.phrases:
        if phrase.first not in norm:
            continue
        for m in phrase.pattern.finditer(norm):
            start, end = m.span()
            if any(claimed[start:end]):
                continue
            claimed[start:end] = [phrase.kind] * (end - start)
            if phrase.kind != "partner":
                hits[start] = (end, phrase)
    shielded = _shielded(text)

    # Separators are found only now, after the aliases are claimed, because an alias may itself contain
    # a comma ("у справах сім'ї, молоді та спорту"). Body names and vague phrases separate too: the seed
    # has "... спорту департамент освіти" with no comma. Partner phrases do not, so that "Головне
    # управління статистики в Житомирській області" stays one piece.
    segments: list[Segment] = []
    pending = ""  # the strongest separator since the last segment

    def leftover(start: int, end: int) -> None:
        nonlocal pending
        for a, b in _split_after_consent(norm, start, end):
            span = _original(text, origins, a, b)
            if span is None:
                continue
            partner = "partner" in claimed[a:b] or _CONSENT.search(norm, a, b) is not None
            substance = not partner and _has_substance(norm[a:b])
            segments.append(Segment("leftover", span[0], span[1], span[2], pending, "", partner, substance))
            pending = ""

    start = i = 0
    while i < len(norm):
        if i in hits:
            leftover(start, i)
            end, phrase = hits[i]
            a, b = _widened(text, origins[i], origins[end - 1] + 1)
            segments.append(Segment(phrase.kind, " ".join(text[a:b].split()), a, b, pending, phrase.value))
            pending = ""
            start = i = end
            continue
        if claimed[i] is None and norm[i] in _SEPARATORS and not shielded[origins[i]]:
            leftover(start, i)
            if not pending or _SEPARATORS.index(norm[i]) > _SEPARATORS.index(pending):
                pending = norm[i]
            start = i + 1
        i += 1
    leftover(start, len(norm))

    codes = tuple(dict.fromkeys(s.value for s in segments if s.kind == "department"))
    vague = tuple(dict.fromkeys(s.value for s in segments if s.kind == "vague"))
    partners = tuple(dict.fromkeys(s.text for s in segments if s.kind == "leftover" and s.partner))
    unmatched = tuple(dict.fromkeys(s.text for s in segments if s.kind == "leftover" and s.substance))
    return ExecutorMatch(codes, partners, vague, unmatched, tuple(segments), text)


_SEPARATORS = ",:;"  # weakest first


def _shielded(text: str) -> list[bool]:
    """For each character of ``text``: inside a pair of quotes or parentheses, where a comma is a name's own
    («КП «Спорт, здоров'я»», "(за згодою, у межах повноважень)"). An opener without its closer shields nothing."""
    inside = [False] * (len(text) + 1)
    stack: list[tuple[str, int]] = []
    straight: int | None = None
    for i, ch in enumerate(text):
        if ch in "«(":
            stack.append((ch, i))
        elif ch in "»)":
            opener = "«" if ch == "»" else "("
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == opener:
                    inside[stack[k][1] + 1 : i] = [True] * (i - stack[k][1] - 1)
                    del stack[k:]
                    break
        elif ch in _PAIRED_QUOTES:
            if straight is None:
                straight = i
            else:
                inside[straight + 1 : i] = [True] * (i - straight - 1)
                straight = None
    return inside


def _split_after_consent(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    # "(за згодою)" closes a partner even without a following comma; what comes after is judged apart.
    pieces: list[tuple[int, int]] = []
    for m in _CONSENT.finditer(norm, start, end):
        pieces.append((start, m.end()))
        start = m.end()
    if start < end:
        pieces.append((start, end))
    return pieces


_EDGE = " ,;:."


def _original(text: str, origins: list[int], start: int, end: int) -> tuple[str, int, int] | None:
    """The piece of ``norm[start:end]`` as written (spaces normalised; edge punctuation and a conjunction
    at either end trimmed) and its span in ``text``; None if nothing is left."""
    if start >= end:
        return None
    a, b = _widened(text, origins[start], origins[end - 1] + 1)
    while True:
        before = (a, b)
        while a < b and (text[a].isspace() or text[a] in _EDGE or text[a] in _INVISIBLE):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in _EDGE or text[b - 1] in _INVISIBLE):
            b -= 1
        if m := _EDGE_CONJUNCTION[0].match(text, a, b):
            a = m.end()
        if m := _EDGE_CONJUNCTION[1].search(text, a, b):
            b = m.start()
        if (a, b) == before:
            break
    piece = " ".join(text[a:b].split())
    return (piece, a, b) if piece else None


def _widened(text: str, a: int, b: int) -> tuple[int, int]:
    """``text[a:b]`` with the quotes right around it (normalising drops them, and a name keeps its own)."""
    while a > 0 and text[a - 1] in _QUOTES:
        a -= 1
    while b < len(text) and text[b] in _QUOTES:
        b += 1
    return a, b


def _has_substance(norm_piece: str) -> bool:
    rest = _COUNCIL_WORDS.sub(" ", norm_piece)
    return any(w.strip("'-") not in _FILLER and not w.isdigit() for w in _WORD.findall(rest))


class DirectoryError(ValueError):
    """The directory file cannot be used; the message names the file and every entry at fault."""


def load_directory(path: Path | None = None) -> Directory:
    """Read and check the directory file; any problem is a ``DirectoryError`` naming the entry at fault."""
    path = path or DEFAULT_DIRECTORY_PATH
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        problem = t("directory-toml-syntax", error=str(exc))
        raise DirectoryError(t("directory-error", path=str(path), problems=problem)) from exc

    problems: list[str] = []
    unknown = set(raw) - {"council", "department", "not_reporting"}
    if unknown:
        problems.append(t("directory-unknown-keys", keys=", ".join(sorted(unknown))))
    not_reporting = raw.get("not_reporting", {})
    if not isinstance(not_reporting, dict):
        problems.append(t("directory-not-reporting-not-table"))
        not_reporting = {}
    elif unknown := set(not_reporting) - {"vague", "partners"}:
        problems.append(t("directory-unknown-not-reporting-keys", keys=", ".join(sorted(unknown))))
    if problems:
        raise DirectoryError(t("directory-error", path=str(path), problems="; ".join(problems)))

    departments = raw.get("department", [])
    data = {
        "council": raw.get("council", ""),
        "departments": departments,
        "vague": not_reporting.get("vague", []),
        "partners": not_reporting.get("partners", []),
    }
    try:
        return Directory.model_validate(data)
    except ValidationError as exc:
        lines = [line for err in exc.errors() for line in _describe_error(err, departments).split("\n")]
        problems = "\n".join(t("directory-problem-line", problem=line) for line in lines)
        raise DirectoryError(t("directory-errors", path=str(path), problems=problems)) from exc


def _describe_error(err: Any, departments: Any) -> str:
    loc = list(err["loc"])
    # Our own checks raise ValueError with a catalog text; pydantic prefixes it.
    message = t(
        "directory-field-error", type=err["type"], message=str(err["msg"]).removeprefix("Value error, ")
    )
    if len(loc) >= 2 and loc[0] == "departments" and isinstance(loc[1], int):
        index = loc[1]
        code = departments[index].get("code") if isinstance(departments[index], dict) else None
        where = (
            t("directory-at-department-code", number=index + 1, code=code)
            if code
            else t("directory-at-department", number=index + 1)
        )
        field = ".".join(str(part) for part in loc[2:])
        if field:
            return t("directory-at-field", where=where, field=field, message=message)
        return t("directory-at", where=where, message=message)
    if loc:
        field = {"vague": "not_reporting.vague", "partners": "not_reporting.partners"}.get(
            str(loc[0]), str(loc[0])
        )
        rest = "".join(f"[{part}]" for part in loc[1:])
        return t("directory-at", where=f"{field}{rest}", message=message)
    return message


def department_models(directory: Directory) -> list[NewDepartment]:
    """The directory as storage rows (without ids), in file order."""
    return [
        NewDepartment(code=e.code, name=e.name, short_name=e.short_name, aliases=e.aliases)
        for e in directory.departments
    ]
