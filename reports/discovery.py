"""Reporting bodies an import finds in executor prose that the database's directory does not know yet.

``reports.directory.match_executors`` finds the known bodies of a "Виконавці" cell and hands on the rest as
segments in the order written. Here the rest becomes bodies (``bodies_in``): each leftover piece with substance
is a body under its full name as written (spaces and quotes normalised), except that

- a head before a colon is given to the names after it ("Департаменти міської ради: соціальної політики,
  освіти" is «Департамент соціальної політики» and «Департамент освіти»), up to a semicolon;
- a lowercase piece after a comma with no type of its own continues the name before it («Відділ з питань
  надзвичайних ситуацій, мобілізаційної та оборонної роботи»), also when that name began as a known one (a
  longer name of another body: «Управління освіти, молоді та спорту»);
- "X та Y" is two bodies when Y has a type of its own or a capital letter («Відділ культури та Вістівський
  старостинський округ»);
- a phrase of many («інші …», «суб'єкти …», «заклади освіти громади») is vague: nobody in particular.

The same body written twice (with and without the council's name, another case, other quotes, «КП» or
«комунальне підприємство») has one key (``body_key``). A body gets a proposed short name (``short_name_of``:
initials, or the type's abbreviation and the quoted name) and a stable code (``code_of``), both unique.
``Register`` keeps the departments an import knows, the database's and the ones it discovers, and matches
against them as they grow. Everything here is pure: ``reports.importer`` reads and writes the database.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from reports.directory import ExecutorMatch, Matcher, Segment, normalize, phrase_key

# Words that make a piece name a body of its own kind ("управління культури" after a comma is a new body,
# "мобілізаційної та оборонної роботи" is not). A capitalised abbreviation (КП, ЦНАП) or a quote does too.
_TYPE_WORDS = frozenset(
    """
    управління департамент відділ служба сектор центр інспекція комітет апарат адміністрація виконком
    підприємство заклад установа організація ліцей гімназія школа садок бібліотека музей театр палац будинок
    клуб стадіон спорткомплекс лікарня поліклініка амбулаторія фонд агенція архів бюро редакція інститут
    староста старостат старостинський округ секретар голова рада
    """.split()
)

# A head before a colon, and the body type it gives the names after it.
_HEADS = {
    "департаменти": "Департамент",
    "департамент": "Департамент",
    "управління": "Управління",
    "відділи": "Відділ",
    "відділ": "Відділ",
    "служби": "Служба",
    "служба": "Служба",
    "сектори": "Сектор",
    "сектор": "Сектор",
    "центри": "Центр",
}

# A phrase of many: its first word is one of _VAGUE_FIRST, or one of its first two words one of _COLLECTIVE.
_VAGUE_FIRST = frozenset("інші інших всі усі відповідні зацікавлені".split())
_COLLECTIVE = frozenset(
    """
    органи підрозділи заклади установи організації підприємства суб'єкти служби структури клуби федерації
    асоціації спілки товариства громадяни мешканці волонтери партнери депутати фахівці працівники експерти
    """.split()
)

# The usual types of a municipal body and their abbreviations, longest first.
_TYPES = (
    ("комунальне некомерційне підприємство", "КНП"),
    ("комунальне підприємство", "КП"),
    ("комунальний заклад", "КЗ"),
    ("комунальна установа", "КУ"),
    ("комунальна організація", "КО"),
)

# Words left out of initials, and the marks before a place's name, kept whole («СО с. Вістова»).
_MINOR_WORDS = frozenset("у в з із зі та і й для по при на до а або щодо питань".split())
_PLACE_MARKS = frozenset("с. с-ще смт м. сел.".split())

# A council's name after a body's name, in the genitive: "Калуської міської ради", "виконавчого комітету
# Житомирської міської ради", "Вістівської сільської ради".
_COUNCIL_TAIL = re.compile(
    r"[\s,]*(?:виконавчого\s+комітету\s+)?(?:[\w'’ʼ-]+(?:ської|цької|зької)\s+)?(?:міської|селищної|сільської)"
    r"\s+ради\s*$",
    re.IGNORECASE,
)
# A council named in any text: its place's adjective (capitalised), its kind, "рада" in some case.
_COUNCIL = re.compile(
    r"(?<![\w'-])([А-ЯІЇЄҐ][\w'’ʼ-]*(?:ськ|цьк|зьк))(?:ої|ій|а)\s+(міськ|селищн|сільськ)(?:ої|ій|а)\s+рад(?:и|і|а)\b"
)
# The council's name in the nominative, from the stems _COUNCIL finds.
_NOMINATIVE = "{place}а {kind}а рада"
# A body's own abbreviation in parentheses after its name: «Центр надання адміністративних послуг (ЦНАП)».
_ABBREVIATION = re.compile(r"[A-ZА-ЯІЇЄҐ]{2,}")  # a body written as its initials alone: «УЖКГ», «ЦНАП»
_OWN_ABBREVIATION = re.compile(r"\(\s*([A-ZА-ЯІЇЄҐ][A-ZА-ЯІЇЄҐ'’-]+)\s*\)")
_CONJUNCTION_SPLIT = re.compile(r"\s+(?:та|і|й|а\s+також)\s+(?=\S)", re.IGNORECASE)
_OPENING_CONTEXT = frozenset(" («[\u00a0")
_AMBIGUOUS_QUOTES = frozenset('"„“”‟')

# The Cabinet's transliteration (2010), for codes made of short names; ь and the apostrophe are dropped.
_LATIN = {
    **dict(
        zip(
            "абвгґдеєжзиіїйклмнопрстуфхцчшщюя",
            "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch iu ia".split(),
            strict=True,
        )
    ),
    **dict.fromkeys("ь'’ʼ", ""),
}


def clean_name(text: str) -> str:
    """A body's name as it is kept: single spaces, quotes as «», first letter capital, no edge punctuation."""
    text = " ".join(text.split()).strip(" ,;:.")
    out: list[str] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch in _AMBIGUOUS_QUOTES:
            if ch == "„":
                opening = True
            elif ch in "”‟":
                opening = depth == 0
            else:
                opening = depth == 0 or i == 0 or text[i - 1] in _OPENING_CONTEXT
            ch = "«" if opening else "»"
            depth += 1 if opening else -1
        elif ch == "«":
            depth += 1
        elif ch == "»":
            depth = max(depth - 1, 0)
        out.append(ch)
    name = "".join(out)
    name = re.sub(r"«\s+", "«", re.sub(r"\s+»", "»", name))
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def without_council(name: str) -> str:
    """``name`` without the council's name after it («Управління освіти Калуської міської ради» →
    «Управління освіти»)."""
    stripped = _COUNCIL_TAIL.sub("", name).strip(" ,")
    return stripped or name


def body_key(name: str) -> str:
    """What two ways of writing one body have in common: no council's name, no quotes or parentheses, the
    type spelled out, commas optional, any case."""
    words = phrase_key(re.sub(r"[()]", " ", without_council(clean_name(name)))).split()
    spelled = {abbreviation.lower(): full for full, abbreviation in _TYPES}
    return " ".join(spelled.get(w, w) for w in words)


def aliases_of(name: str) -> tuple[str, ...]:
    """The phrases a body is found by in executor prose: its name as written, and without the council's."""
    name = clean_name(name)
    return tuple(dict.fromkeys(a for a in (normalize(name), normalize(without_council(name))) if a))


def short_name_of(name: str) -> str:
    """A proposed short name: a parenthesised abbreviation of the body's own («Центр надання адміністративних
    послуг (ЦНАП)» → «ЦНАП»); a quoted name with its type's abbreviation («КП «Калуська спортивна арена»»);
    otherwise the initials of the significant words («Управління освіти» → «УО», «Служба (управління) у
    справах дітей» → «ССД», «Міський культурно-спортивний центр» → «МКСЦ»), a place kept whole («СО с.
    Вістова»)."""
    base = without_council(clean_name(name))
    if own := _OWN_ABBREVIATION.search(base):
        return own.group(1)
    quote = base.find("«")
    if quote >= 0:
        prefix, quoted = base[:quote].strip(), base[quote:].strip()
        if not prefix:
            return quoted
        spelled = normalize(prefix)
        kind = next((abbr for full, abbr in _TYPES if spelled == full), None)
        return f"{kind or _initials(prefix) or prefix} {quoted}"
    return _initials(base) or base


def _initials(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", text)
    words = text.split()
    letters: list[str] = []
    tail = ""
    for i, word in enumerate(words):
        if word.lower() in _PLACE_MARKS:
            tail = " " + " ".join(words[i:])
            break
        if word.startswith("№"):
            tail = " " + "".join(words[i:])
            break
        letters_only = re.sub(r"[^\w'’ʼ-]", "", word)
        if not letters_only or letters_only.lower() in _MINOR_WORDS:
            continue
        if len(letters_only) > 1 and letters_only.isupper():
            letters.append(letters_only)
            continue
        letters.extend(part[0].upper() for part in letters_only.split("-") if part and part[0].isalpha())
    return "".join(letters) + tail


def unique(proposal: str, taken: Iterable[str]) -> str:
    """``proposal``, or ``proposal-2``, ``-3``, … if a short name like it (any case) is taken."""
    used = {t.casefold() for t in taken}
    if proposal.casefold() not in used:
        return proposal
    n = 2
    while f"{proposal}-{n}".casefold() in used:
        n += 1
    return f"{proposal}-{n}"


def code_of(short_name: str, taken: Iterable[str]) -> str:
    """A stable code (lowercase latin, digits, "_"): the short name transliterated, made unique."""
    letters = [_LATIN.get(ch, ch if ch.isascii() and ch.isalnum() else "_") for ch in short_name.lower()]
    slug = re.sub(r"_+", "_", "".join(letters)).strip("_") or "department"
    if not slug[0].isalpha():
        slug = f"d_{slug}"
    used = set(taken)
    code, n = slug, 2
    while code in used:
        code, n = f"{slug}_{n}", n + 1
    return code


def council_in(text: str) -> str | None:
    """The council a text names, in the nominative: «… Калуської міської ради» → «Калуська міська рада»."""
    found = _COUNCIL.search(" ".join(text.split()))
    if found is None:
        return None
    return _NOMINATIVE.format(place=found.group(1), kind=found.group(2))


def council_of(first: str, others: Iterable[str]) -> str:
    """The council of a report: the one its responsible department's line names (``first``), else the one
    named most often in ``others`` (executors, the signatory's title); "" if none is."""
    if council := council_in(first):
        return council
    counted = Counter(c for text in others if (c := council_in(text)))
    return counted.most_common(1)[0][0] if counted else ""


def same_council(a: str, b: str) -> bool:
    return phrase_key(a) == phrase_key(b)


# --- one cell --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Body:
    """A body found in a cell."""

    name: str  # clean_name of what was written (with a head given to it)
    start: int  # where it begins in the cell: the order of mention
    swallows: tuple[int, ...] = ()  # the starts of known bodies' segments that were the beginning of its name


@dataclass(frozen=True, slots=True)
class Findings:
    bodies: tuple[Body, ...] = ()
    not_reporting: tuple[str, ...] = ()  # partners and phrases that name nobody in particular, as written
    unplaced: tuple[str, ...] = ()  # pieces no body could be made of, as written


@dataclass(slots=True)
class _Open:
    """A body being read: ``prefix`` (a head) and the cell's span; a known body's segment while only that."""

    start: int
    end: int
    prefix: str = ""
    known: Segment | None = None
    extended: bool = False


def bodies_in(match: ExecutorMatch) -> Findings:
    """The bodies among what ``match`` did not know; its partners and vague phrases (those ``match`` found and
    those that look so); the pieces no body could be made of."""
    text = match.text
    segments = match.segments
    bodies: list[Body] = []
    others: list[str] = []
    unplaced: list[str] = []
    head: str | None = None
    current: _Open | None = None
    filler_before: Segment | None = None  # a filler piece right before (a known body's own type word)
    vague_before: Segment | None = None  # a vague phrase right before

    def close() -> None:
        nonlocal current
        if current is not None and (current.known is None or current.extended):
            name = clean_name(f"{current.prefix} {text[current.start : current.end]}")
            swallows = (current.known.start,) if current.known is not None else ()
            if len(re.sub(r"\W", "", name)) >= 2:
                bodies.append(Body(name, current.start, swallows))
            else:
                unplaced.append(text[current.start : current.end])
        current = None

    for index, segment in enumerate(segments):
        following = segments[index + 1].sep if index + 1 < len(segments) else ""
        if segment.sep == ";":
            head = None
        if segment.kind == "vague" or (segment.kind == "leftover" and segment.partner):
            close()
            filler_before = None
            vague_before = segment if segment.kind == "vague" else None
            others.append(segment.text)
            continue
        if (
            vague_before is not None
            and segment.substance
            and not segment.sep
            and segment.text[:1].islower()
            and not _has_own_type(segment.text)
        ):
            # "суб'єкти фізичної культури" + "і спорту громади": a vague phrase goes on, no body begins
            others[-1] = " ".join(text[vague_before.start : segment.end].split())
            vague_before = None
            continue
        vague_before = None
        if segment.kind == "department":
            close()
            start = segment.start
            if filler_before is not None and not segment.sep and _HEADS.get(_first_word(filler_before.text)):
                start = filler_before.start  # "Управління" + "освіти": the name begins with the type
            current = _Open(start, segment.end, known=segment)
            filler_before = None
            continue
        if not segment.substance:
            close()
            filler_before = segment
            if following == ":" and (given := _HEADS.get(_first_word(segment.text))):
                head = given
            continue
        filler_before = None
        for piece_start, piece_end, sep in _pieces(text, segment):
            piece = text[piece_start:piece_end]
            if _looks_vague(piece):
                close()
                others.append(" ".join(piece.split()))
                continue
            own = _has_own_type(piece)
            if head and not own:
                close()
                current = _Open(piece_start, piece_end, prefix=head)
                continue
            if own:
                head = None  # a name of its own type ends the list the head was given to
            if current is not None and not own and piece[:1].islower() and sep in (",", ""):
                current.end = piece_end  # the same name goes on
                current.extended = True
                continue
            close()
            current = _Open(piece_start, piece_end)
    close()
    return Findings(tuple(bodies), tuple(dict.fromkeys(others)), tuple(dict.fromkeys(unplaced)))


def _first_word(text: str) -> str:
    words = normalize(text).split()
    return words[0] if words else ""


def _pieces(text: str, segment: Segment) -> list[tuple[int, int, str]]:
    """A leftover segment split at "та"/"і" before a name of its own: (start, end, separator before)."""
    pieces: list[tuple[int, int, str]] = []
    start, sep = segment.start, segment.sep
    for m in _CONJUNCTION_SPLIT.finditer(text, segment.start, segment.end):
        after = text[m.end() : segment.end]
        word = after.split()[0] if after.split() else ""
        if word and (word[0].isupper() or word[0] in '«"„“' or _has_own_type(word)):
            pieces.append((start, m.start(), sep))
            start, sep = m.end(), ""
    pieces.append((start, segment.end, sep))
    return pieces


def _has_own_type(piece: str) -> bool:
    if any(q in piece for q in '«"„“'):
        return True
    for word in re.findall(r"[\w'’ʼ-]+", piece):
        if (len(word) > 1 and word.isupper()) or word.lower() in _TYPE_WORDS:
            return True
    return False


def _looks_vague(piece: str) -> bool:
    if any(q in piece for q in '«"„“') or any(len(w) > 1 and w.isupper() for w in piece.split()):
        return False
    words = normalize(piece).split()
    return bool(words) and (words[0] in _VAGUE_FIRST or any(w in _COLLECTIVE for w in words[:2]))


# --- the departments an import knows ------------------------------------------------------------------


@dataclass(slots=True)
class Known:
    """A department of the directory: the database's (``id`` set) or one this import discovered."""

    code: str
    name: str
    short_name: str
    aliases: list[str]
    id: int | None = None
    new: bool = False
    saved: set[str] = field(default_factory=set)  # the aliases the database has

    @property
    def unsaved(self) -> list[str]:
        return [a for a in self.aliases if a not in self.saved]


class Register:
    """The departments an import knows, by code: the database's, and those it discovers as it reads; the
    phrases it matches executor prose with grow with them."""

    def __init__(
        self,
        departments: Iterable[tuple[int, str, str, str, Iterable[str]]],
        vague: Iterable[str] = (),
        partners: Iterable[str] = (),
    ) -> None:
        """``departments``: (id, code, name, short name, aliases) of the database's."""
        self.known: dict[str, Known] = {}
        self._keys: dict[str, str] = {}
        self._vague = tuple(vague)
        self._partners = tuple(partners)
        self._matcher: Matcher | None = None
        for id_, code, name, short_name, aliases in departments:
            saved = list(dict.fromkeys(aliases))
            self._add(Known(code, name, short_name, saved, id=id_, saved=set(saved)))

    def _add(self, known: Known) -> None:
        self.known[known.code] = known
        for text in (known.name, *known.aliases):
            self._keys.setdefault(body_key(text), known.code)
        self._matcher = None

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            self._matcher = Matcher.of(
                ((k.code, k.aliases) for k in self.known.values()), self._vague, self._partners
            )
        return self._matcher

    def place(self, name: str) -> Known:
        """The department ``name`` is: one known by its key (learning this way of writing it), or a new one
        with a proposed short name and a code."""
        name = clean_name(name)
        key = body_key(name)
        code = self._keys.get(key)
        if code is not None:
            known = self.known[code]
            if (
                known.id is None
                and without_council(known.name) == known.name
                and without_council(name) != name
            ):
                known.name = name  # the fuller way of writing it, with the council's name, names it
            self._learn(known, aliases_of(name))
            return known
        proposal = short_name_of(name)
        # An abbreviation and the name it stands for are one body, whichever comes first: «УЖКГ» is the
        # department whose short name it is; a name whose initials are a body written as them names that body.
        same = next(
            (
                k
                for k in self.known.values()
                if (_ABBREVIATION.fullmatch(name) and k.short_name.casefold() == name.casefold())
                or (k.new and _ABBREVIATION.fullmatch(k.name) and k.name.casefold() == proposal.casefold())
            ),
            None,
        )
        if same is not None:
            if _ABBREVIATION.fullmatch(same.name) and not _ABBREVIATION.fullmatch(name):
                same.name = name  # the name spelled out names it
            self._keys[key] = same.code
            self._learn(same, aliases_of(name))
            return same
        short = unique(proposal, (k.short_name for k in self.known.values()))
        known = Known(code_of(short, self.known), name, short, [], new=True)
        self._add(known)
        self._keys[key] = known.code
        self._learn(known, aliases_of(name))
        return known

    def _learn(self, known: Known, aliases: Iterable[str]) -> None:
        owned = {phrase_key(a): k.code for k in self.known.values() for a in k.aliases}
        for alias in aliases:
            if phrase_key(alias) not in owned and alias not in known.aliases:
                known.aliases.append(alias)
                self._matcher = None

    def by_id(self, department_id: int) -> Known | None:
        return next((k for k in self.known.values() if k.id == department_id), None)
