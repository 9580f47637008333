"""docs/architecture.md stays true: every module of every package is listed once, under its own package."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PACKAGES = ("storage", "l10n", "reports", "actions", "cli", "bot", "webapp")


def _paragraph(package: str) -> str:
    """The doc's paragraph of a package's modules: from «**package/** —» to the next blank line."""
    match = re.search(rf"^\*\*{package}/\*\* — (.*?)(?:\n\n|\Z)", DOC, re.M | re.S)
    assert match, f"docs/architecture.md has no paragraph for {package}/"
    return match.group(1)


def _names(paragraph: str) -> list[str]:
    """Every backticked name in the paragraph, and the names inside {…} and (…) lists of a folder."""
    return re.findall(r"`([\w./*]+?)(?:\.py)?`", paragraph)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_module_is_listed_once_under_its_package(package: str) -> None:
    base = ROOT / package
    modules = sorted(
        str(path.relative_to(base).with_suffix(""))
        for path in base.rglob("*.py")
        if path.name != "__init__.py"
    )
    names = _names(_paragraph(package))
    for module in modules:
        leaf = module.split("/")[-1]
        assert names.count(leaf) + names.count(module) >= 1, (
            f"{package}/{module}.py is not in docs/architecture.md"
        )
    listed = [n for n in names if (base / f"{n}.py").exists()]
    assert len(listed) == len(set(listed)), (
        f"listed twice under {package}/: {sorted({n for n in listed if listed.count(n) > 1})}"
    )


def test_the_bot_at_rest_loads_no_document_library() -> None:
    """A council's bot at rest (an oblast runs twenty on one machine) holds none of the libraries that read
    and write files: openpyxl, XlsxWriter and what they pull in were 15 MiB and 0.17 s of every start. They
    load with the first file a chat sends or asks for; reports are written in the writers' process."""
    code = (
        "import sys, bot.app; "
        "print(sorted(m for m in ('openpyxl', 'xlsxwriter', 'docx', 'reportlab', 'pypdf', 'PIL', 'lxml') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", "loaded at the bot's start: " + done.stdout
