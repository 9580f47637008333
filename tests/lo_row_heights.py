"""Run by LibreOffice's own Python (``/usr/bin/python3`` with ``uno``), not by the tests' interpreter:
prints, for each row of the first sheet of the workbook given, the height it has and the height
LibreOffice's "optimal row height" gives it (both in points), one row a line: ``row have need``.

Usage: python3 tests/lo_row_heights.py PROFILE_DIR BOOK.xlsx [BOOK.xlsx ...] (a line ``# BOOK`` before each
book's rows).
"""

import subprocess
import sys
import time
import uuid

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(profile: str, books: list[str]) -> None:
    pipe = f"zvit{uuid.uuid4().hex}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 60
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for book in books:
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(book), "_blank", 0, (_prop("Hidden", True),)
            )
            sheet = doc.Sheets.getByIndex(0)
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            last = cursor.RangeAddress.EndRow
            rows = sheet.Rows
            have = [rows.getByIndex(i).Height for i in range(last + 1)]
            for i in range(last + 1):
                rows.getByIndex(i).OptimalHeight = True
            print("#", book)
            for i in range(last + 1):
                need = rows.getByIndex(i).Height
                print(i + 1, round(have[i] / 2540 * 72, 2), round(need / 2540 * 72, 2))
            doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
