"""A document of ours copied out as text, the way a person copies a report to import it (the seed was made so),
and what a read report holds, to compare two reads."""

from __future__ import annotations

from pathlib import Path

import docx

from reports.report_parser import ParsedReport


def docx_as_text(path: Path) -> str:
    """The document copied out as text: its paragraphs, then each table row a line, cells tab-separated, a
    cell's paragraphs joined by a space, a merged cell's text once."""
    lines: list[str] = []
    for child in docx.Document(str(path)).element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            for tr in (e for e in child.iter() if e.tag.endswith("}tr")):
                cells = [
                    " ".join(
                        "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                        for p in tc
                        if p.tag.endswith("}p")
                    )
                    for tc in tr
                    if tc.tag.endswith("}tc")
                ]
                lines.append("\t".join(cells))
    return "\n".join(lines)


def measures_of(parsed: ParsedReport) -> list[tuple[object, ...]]:
    """Every measure as read, with its task: numbers, texts and figures."""
    return [
        (
            t.number,
            t.text,
            m.number,
            m.text,
            m.term,
            m.executors,
            m.plan,
            m.actual,
            m.financed,
            m.percent,
            m.info,
        )
        for t in parsed.tasks
        for m in t.measures
    ]
