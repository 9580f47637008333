"""A document of ours copied out as text, the way a person copies a report to import it (the seed was made so)."""

from __future__ import annotations

from pathlib import Path

import docx


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
