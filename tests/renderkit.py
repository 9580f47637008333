"""Render what a person prints, and measure the pages: LibreOffice headless and poppler's pdftotext.

Tests that need these programs call :func:`require_renderer` (a clear skip where they are absent;
``.ci/run`` installs them, so CI never skips). Each conversion gets its own LibreOffice profile, so
conversions in parallel test workers do not wait on one profile's lock.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")


def require_renderer() -> None:
    """Skip, saying why, where LibreOffice or poppler-utils is not installed."""
    if SOFFICE is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui"
        )
    if PDFTOTEXT is None or PDFTOPPM is None:
        pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed: apt-get install poppler-utils")


def to_pdf(document: Path, out_dir: Path | None = None) -> Path:
    """Convert an XLSX or DOCX to PDF with LibreOffice headless; return the PDF's path."""
    return convert(document, "pdf", "pdf", out_dir)


def convert(document: Path, to: str, suffix: str, out_dir: Path | None = None, infilter: str = "") -> Path:
    """Convert ``document`` with LibreOffice headless (``to``: its ``--convert-to`` argument, e.g. "pdf" or a
    filter with options; ``infilter``: how to open it, e.g. an HTML page as a Writer document); return the path
    of the file written (``suffix``: its extension)."""
    require_renderer()
    out_dir = out_dir or document.parent
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                *([f"--infilter={infilter}"] if infilter else []),
                "--convert-to",
                to,
                "--outdir",
                str(out_dir),
                str(document),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    written = out_dir / f"{document.stem}.{suffix}"
    assert written.exists(), f"LibreOffice wrote no {suffix} for {document.name}"
    return written


def to_png(pdf: Path, out_prefix: Path, dpi: int = 60) -> list[Path]:
    """Each page of a PDF as a PNG (to look at); returns the files in page order."""
    require_renderer()
    subprocess.run([PDFTOPPM, "-r", str(dpi), "-png", str(pdf), str(out_prefix)], check=True, timeout=180)
    return sorted(out_prefix.parent.glob(out_prefix.name + "*.png"))


@dataclass(frozen=True)
class Line:
    text: str
    top: float  # points from the page's top
    bottom: float


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    height: float
    lines: tuple[Line, ...]

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r"<word [^>]*>(.*?)</word>", re.S)


def pages(pdf: Path) -> list[Page]:
    """The text lines of every page with their vertical positions (pdftotext -bbox-layout)."""
    require_renderer()
    html = subprocess.run(
        [PDFTOTEXT, "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=180
    ).stdout
    result = []
    for number, (_, height, body) in enumerate(_PAGE.findall(html), start=1):
        lines = tuple(
            Line(" ".join(unescape(w) for w in _WORD.findall(words)), float(top), float(bottom))
            for top, bottom, words in _LINE.findall(body)
        )
        result.append(Page(number, float(height), tuple(sorted(lines, key=lambda line: line.top))))
    return result


FOOTER = re.compile(r"^Сторінка \d+ з \d+$")


def fill(page: Page) -> float:
    """How far down the page the body's text reaches, between its first line and the footer's top
    (0..1). The footer is the «Сторінка N з M» line; a page without one is measured to its bottom margin
    as the lowest line's bottom would leave it (then the fill is 1 only if text reaches that line)."""
    body = [line for line in page.lines if not FOOTER.match(line.text)]
    footer = [line for line in page.lines if FOOTER.match(line.text)]
    if not body:
        return 0.0
    first = body[0].top
    end = footer[0].top if footer else page.height
    return max(0.0, min(1.0, (body[-1].bottom - first) / (end - first)))
