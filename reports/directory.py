"""The council's directory of reporting bodies, and finding those bodies in a measure's executor prose.

The directory is data (``reports/data/zhytomyr.toml``) rather than code so that a coordinator can add an
alias or fix a name without a release. The "Виконавці" column of a program is free prose written by
different clerks over the years ("Департаменти міської ради: соціальної політики, освіти; управління
міської ради: у справах сім'ї, ..."), so matching is by characteristic key phrases, not by full names,
and whatever is left over is reported instead of silently dropped: an import must be able to show a
person what it did not understand.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
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

# A comma between two words of a phrase is optional: the seed itself writes both "для сім'ї, дітей та
# молоді" and "для сім'ї дітей та молоді".
_WORD_GAP = r"(?:\s*,\s*|\s+)"
_CONSENT = re.compile(r"\(\s*за\s+згодою\s*\)")
_WORD = re.compile(r"[\w'-]+")
_SLUG = re.compile(r"[a-z][a-z0-9_]*")
_EDGE_CONJUNCTION = re.compile(r"^(?:та|і|й|а також)\s+|\s+(?:та|і|й)$", re.IGNORECASE)

# Words that occur around body names without identifying any body. A leftover piece made only of these
# is punctuation-level noise ("Департаменти міської ради:", "служба (управління)"), not an unknown body.
_FILLER = frozenset(
    """
    департамент департаменти департаменту департаментів управління служба служби відділ відділи відділу
    міська міської міський міського міських міськради ради рада раді жмр
    житомирська житомирської житомирський житомирського житомирській
    виконавчий виконавчого комітет комітету виконкому
    та і й а також або у в з із зі по для при до на
    """.split()
)

PhraseKind = Literal["department", "vague", "partner"]


def normalize(text: str) -> str:
    """The form both aliases and executor prose are compared in: lowercase, one apostrophe, single spaces."""
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
        if ch.isspace():
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


def _phrase_key(phrase: str) -> str:
    """Phrases equal up to commas match the same text, so they collide."""
    return " ".join(w for w in re.split(r"[\s,]+", normalize(phrase)) if w)


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    body = _WORD_GAP.join(re.escape(w) for w in _phrase_key(phrase).split(" "))
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


class Directory(BaseModel):
    """All reporting bodies plus the phrases that appear among executors but never report."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    council: str = ""
    departments: tuple[DirectoryEntry, ...]
    vague: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()

    _phrases: tuple[_Phrase, ...] = PrivateAttr(default=())

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
                prev_owner, prev_phrase = owner_of.setdefault(_phrase_key(alias), (owner, alias))
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
                prev_owner, prev_phrase = owner_of.setdefault(_phrase_key(phrase), (owner, phrase))
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
        phrases = [
            _Phrase(_phrase_pattern(alias), "department", entry.code, _phrase_key(alias))
            for entry in self.departments
            for alias in entry.aliases
        ]
        phrases += [_Phrase(_phrase_pattern(p), "vague", p, _phrase_key(p)) for p in self.vague]
        phrases += [_Phrase(_phrase_pattern(p), "partner", p, _phrase_key(p)) for p in self.partners]
        # Longest first, so that a phrase containing a shorter one wins: "центр соціальних служб для
        # сім'ї, ..." before "сім'ї, молоді та спорту", "заклади вищої освіти" before "освіти".
        phrases.sort(key=lambda p: (-len(p.key), p.key))
        self._phrases = tuple(phrases)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(e.code for e in self.departments)

    def get(self, code: str) -> DirectoryEntry | None:
        return next((e for e in self.departments if e.code == code), None)


def _owner(owner: tuple[str, str]) -> str:
    kind, code = owner
    return t("directory-owner", kind=kind, code=code)


@dataclass(frozen=True, slots=True)
class ExecutorMatch:
    """What one executor text names.

    ``codes`` are in the order of first mention, so ``codes[0]`` is the lead executor. ``partners`` and
    ``unmatched`` are pieces of the original text; ``vague`` holds the directory's phrases.
    """

    codes: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    vague: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()

    @property
    def lead(self) -> str | None:
        return self.codes[0] if self.codes else None


def match_executors(text: str, directory: Directory) -> ExecutorMatch:
    """Find the directory's bodies, vague phrases and partners in one "Виконавці" cell."""
    norm, origins = _normalize_with_origins(text)
    if not norm:
        return ExecutorMatch()

    claimed: list[PhraseKind | None] = [None] * len(norm)
    hits: list[tuple[int, _Phrase]] = []
    for phrase in directory._phrases:
        for m in phrase.pattern.finditer(norm):
            start, end = m.span()
            if any(claimed[start:end]):
                continue
            claimed[start:end] = [phrase.kind] * (end - start)
            hits.append((start, phrase))
    hits.sort(key=lambda hit: hit[0])
    codes = tuple(dict.fromkeys(p.value for _, p in hits if p.kind == "department"))
    vague = tuple(dict.fromkeys(p.value for _, p in hits if p.kind == "vague"))

    # Separators are found only now, after the aliases are claimed, because an alias may itself contain
    # a comma ("у справах сім'ї, молоді та спорту"). Body names and vague phrases separate too: the seed
    # has "... спорту департамент освіти" with no comma. Partner phrases do not, so that "Головне
    # управління статистики в Житомирській області" stays one piece.
    partners: list[str] = []
    unmatched: list[str] = []
    for start, end in _leftover_pieces(norm, claimed):
        piece = _original(text, origins, start, end)
        if not piece:
            continue
        if "partner" in claimed[start:end] or _CONSENT.search(norm, start, end):
            partners.append(piece)
        elif _has_substance(norm[start:end]):
            unmatched.append(piece)
    return ExecutorMatch(
        codes=codes,
        partners=tuple(dict.fromkeys(partners)),
        vague=vague,
        unmatched=tuple(dict.fromkeys(unmatched)),
    )


def _leftover_pieces(norm: str, claimed: list[PhraseKind | None]) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(norm):
        kind = claimed[i]
        if kind in ("department", "vague") or (kind is None and ch in ",;"):
            if start < i:
                pieces.extend(_split_after_consent(norm, start, i))
            start = i + 1
    if start < len(norm):
        pieces.extend(_split_after_consent(norm, start, len(norm)))
    return pieces


def _split_after_consent(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    # "(за згодою)" closes a partner even without a following comma; what comes after is judged apart.
    pieces: list[tuple[int, int]] = []
    for m in _CONSENT.finditer(norm, start, end):
        pieces.append((start, m.end()))
        start = m.end()
    if start < end:
        pieces.append((start, end))
    return pieces


def _original(text: str, origins: list[int], start: int, end: int) -> str:
    raw = text[origins[start] : origins[end - 1] + 1]
    piece = " ".join(raw.split()).strip(" ,;:.")
    return _EDGE_CONJUNCTION.sub("", piece).strip(" ,;:.")


def _has_substance(norm_piece: str) -> bool:
    return any(w.strip("'-") not in _FILLER and not w.isdigit() for w in _WORD.findall(norm_piece))


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
