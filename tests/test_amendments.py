"""An amended copy of the seed: every kind of change is found, and an unchanged file finds none."""

from __future__ import annotations

from pathlib import Path

from reports.amendments import Kind, amendment
from reports.importer import import_report, read_grid
from reports.report_parser import parse_grid
from storage.db import connect
from storage.programs import list_programs, load_program


async def _tree(tmp_path: Path, seed_path: Path):
    db = await connect(tmp_path / "z.sqlite3")
    try:
        await import_report(db, parse_grid(read_grid(seed_path)), source_name="seed")
        async with db.read() as conn:
            program = (await list_programs(conn))[0]
            return await load_program(conn, program.id)
    finally:
        await db.close()


def _amended(seed_path: Path, tmp_path: Path, edit) -> Path:
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    lines = edit(lines)
    out = tmp_path / "amended.txt"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def _line_of(lines: list[str], number: str) -> int:
    return next(
        i for i, line in enumerate(lines) if f"\t{number}. " in "\t" + line or line.startswith(f"{number}. ")
    )


async def test_an_unchanged_program_has_no_amendment(tmp_path: Path, seed_path: Path) -> None:
    tree = await _tree(tmp_path, seed_path)
    assert not amendment(tree, parse_grid(read_grid(seed_path)))


async def test_every_kind_of_amendment_is_found(tmp_path: Path, seed_path: Path) -> None:
    tree = await _tree(tmp_path, seed_path)

    def edit(lines: list[str]) -> list[str]:
        i = _line_of(lines, "1.4")
        lines[i] = lines[i].replace("Створення гендерного профілю", "Оновлення гендерного профілю")
        i = _line_of(lines, "2.7")
        lines[i] = lines[i].replace("2020-2025", "2024-2025", 1)
        i = _line_of(lines, "2.8")
        cells = lines[i].split("\t")
        cells[3] = "Департамент освіти міської ради"
        lines[i] = "\t".join(cells)
        i = _line_of(lines, "1.7")
        del lines[i]  # dropped
        return lines

    parsed = parse_grid(read_grid(_amended(seed_path, tmp_path, edit)))
    found = amendment(tree, parsed)
    assert [c.number for c in found.of(Kind.TEXT)] == ["1.4"]
    assert found.of(Kind.TEXT)[0].new.startswith("Оновлення")
    assert [(c.number, c.new) for c in found.of(Kind.TERM)] == [("2.7", "2024-2025")]
    assert [c.number for c in found.of(Kind.EXECUTORS)] == ["2.8"]
    assert [c.number for c in found.of(Kind.RETIRED)] == ["1.7"]
    assert not found.of(Kind.ADDED)


async def test_a_renumbered_measure_is_the_same_measure(tmp_path: Path, seed_path: Path) -> None:
    tree = await _tree(tmp_path, seed_path)
    m = tree.measure_by_number("1.7")
    assert m is not None

    def edit(lines: list[str]) -> list[str]:
        i = _line_of(lines, "1.7")
        lines[i] = lines[i].replace("1.7. ", "1.9. ", 1)
        return lines

    found = amendment(tree, parse_grid(read_grid(_amended(seed_path, tmp_path, edit))))
    assert [(c.kind, c.old, c.new) for c in found.changes] == [(Kind.RENUMBERED, "1.7", "1.9")]


async def test_an_added_measure(tmp_path: Path, seed_path: Path) -> None:
    tree = await _tree(tmp_path, seed_path)

    def edit(lines: list[str]) -> list[str]:
        i = _line_of(lines, "1.7")
        cells = lines[i].split("\t")
        j = next(k for k, c in enumerate(cells) if c.startswith("1.7. "))
        cells[j] = "1.8. Новий захід для перевірки змін до Програми"
        lines.insert(i + 1, "\t".join(cells))
        return lines

    found = amendment(tree, parse_grid(read_grid(_amended(seed_path, tmp_path, edit))))
    assert [(c.kind, c.number) for c in found.changes] == [(Kind.ADDED, "1.8")]
