"""Reading uploaded workbooks: ``reports.xlsx_reader.read_workbook_grid`` against bare openpyxl read-only iteration.

Three files: 5 KB with A1 = "Звіт" and XFD1048576 = "x" (a sheet that claims 16,384 x 1,048,576 cells),
the seed report as the writer makes it, and a 2,000-measure report. Each reader runs in a fresh process, so
that its RSS growth is its own: the process loads the file, notes its RSS, reads the file (best of a few
runs), notes its peak RSS (VmHWM), then reads it once more under tracemalloc for the peak of Python memory.
The baseline is ``load_workbook(read_only=True)`` and ``iter_rows(values_only=True)`` over the first sheet,
which reads values and nothing else (on the first file it yields a million rows of one shared empty tuple).
For the first file there is a third figure: the reader as it was before it was bounded (a full
``load_workbook``, then every cell up to ``max_row`` x ``max_column``), which does not end: it is stopped
after a few seconds and its RSS growth read from /proc at that moment.

``python -m benchmarks.reader_bench [--quick]`` prints the rows alone.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = "from benchmarks.reader_bench import _child; _child()"


def _hostile() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "Звіт"
    wb.active["XFD1048576"] = "x"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _report(data: tuple) -> bytes:
    from reports.consolidate import consolidate
    from reports.xlsx_writer import write_report

    out = io.BytesIO()
    write_report(consolidate(*data, 2023), out)
    return out.getvalue()


def _files(quick: bool) -> list[tuple[str, bytes, int]]:
    from benchmarks import synthetic
    from benchmarks.reports_bench import _seed_data

    tasks = 10 if quick else 50
    return [
        ("XFD1048576 file", _hostile(), 3 if quick else 5),
        ("seed (37 measures)", _report(_seed_data()), 3 if quick else 10),
        (f"synthetic {tasks * 40} measures", _report(synthetic.program(tasks, 40, 5)), 1 if quick else 3),
    ]


def _kib(field: str, pid: int | str = "self") -> int:
    """A /proc/<pid>/status figure in KiB: VmRSS now, VmHWM the peak."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _ours(data: bytes) -> object:
    from reports.xlsx_reader import WorkbookError, read_workbook_grid

    try:
        return len(read_workbook_grid(io.BytesIO(data)))
    except WorkbookError as error:
        return error.message_id


def _bare(data: bytes) -> object:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    rows = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return rows


def _previous(data: bytes) -> object:
    """What read_workbook_grid did before it was bounded: a full load, then every cell up to the claimed corner."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), data_only=True)
    ws = wb.worksheets[0]
    rows = 0
    for cells in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=max(ws.max_column, 10)):
        rows += len([cell.value for cell in cells]) > 0
    return rows


def _child() -> None:
    """In a fresh process: ``reader path repeat`` on argv; one JSON line at the start, one at the end."""
    import tracemalloc

    reader, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
    run = {"ours": _ours, "bare": _bare, "previous": _previous}[reader]
    from openpyxl import load_workbook  # noqa: F401 - imports are not the reader's memory

    from l10n import catalog
    from reports import xlsx_reader  # noqa: F401

    catalog.message_ids()  # the catalog is loaded once a process (the bot does it at start), as imports are

    data = Path(path).read_bytes()
    print(json.dumps({"rss": _kib("VmRSS")}), flush=True)
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run(data)
        best = min(best, time.perf_counter() - start)
    hwm = _kib("VmHWM")
    tracemalloc.start()
    run(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"seconds": best, "hwm": hwm, "peak": peak, "result": str(result)}), flush=True)


def _measure(reader: str, data: bytes, repeat: int, timeout: float) -> dict[str, object]:
    """The child's figures; ``stopped`` when it ran past ``timeout`` (then RSS growth is taken at the stop)."""
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as file:
        file.write(data)
        file.flush()
        root = Path(__file__).resolve().parent.parent
        env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, reader, file.name, str(repeat)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=root,
            env=env,
        )
        assert child.stdout is not None
        start = json.loads(child.stdout.readline())
        began = time.perf_counter()
        try:
            out, _ = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            hwm = _kib("VmHWM", child.pid)
            child.kill()
            child.communicate()
            return {"stopped": time.perf_counter() - began, "growth": (hwm - start["rss"]) / 1024}
        end = json.loads(out)
        return {**end, "growth": (end["hwm"] - start["rss"]) / 1024, "peak": end["peak"] / 2**20}


def _stopped_or_done(figures: dict[str, object], what: str) -> str:
    if "stopped" in figures:
        return f"> {figures['stopped']:.0f} s, stopped at RSS +{figures['growth']:.0f} MiB ({what})"
    return f"{figures['seconds']:.3f}, RSS +{figures['growth']:.0f} MiB ({what})"


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    stop_after = 3.0 if quick else 10.0
    for name, data, repeat in _files(quick):
        ours = _measure("ours", data, repeat, timeout=120)
        bare = _measure("bare", data, repeat, timeout=stop_after)
        hostile = name.startswith("XFD")
        if "stopped" in bare:
            bare_time = f"> {bare['stopped']:.0f} s, stopped (bare openpyxl read_only)"
            bare_growth = f"{bare['growth']:.0f} at the stop (bare openpyxl read_only)"
        else:
            bare_time = f"{bare['seconds']:.3f} (bare openpyxl read_only)"
            bare_growth = f"{bare['growth']:.1f}, peak {bare['peak']:.1f} (bare openpyxl read_only)"
        size = f"{len(data) / 1024:.0f} KB"
        note = (
            f"{size}; refused: {ours['result']}; target < 1 s"
            if hostile
            else f"{size}; {ours['result']} rows"
        )
        rows.append((f"reader: {name}, s", f"{ours['seconds']:.3f}", bare_time, note))
        rows.append(
            (
                f"reader: {name}, RSS growth / Python peak, MiB",
                f"{ours['growth']:.1f} / {ours['peak']:.1f}",
                bare_growth,
                "target RSS growth < 50 MiB" if hostile else "",
            )
        )
        if hostile:
            before = _measure("previous", data, 1, timeout=stop_after)
            rows.append(
                (
                    f"reader: {name}, the reader before the bounds, s",
                    f"{ours['seconds']:.3f}",
                    _stopped_or_done(before, "load_workbook, every cell to max_row x max_column"),
                    "for the record: what this change fixes",
                )
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    quick = "--quick" in (sys.argv[1:] if argv is None else argv)
    for row in run(quick):
        print("  ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
