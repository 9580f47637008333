"""The directory of departments edited (actions.directory): the list, a rename and its rules, a merge that
moves every row naming the department and leaves the report's figures as they were, and that a refusal
changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import aiosqlite
import pytest
from openpyxl import load_workbook

from actions import directory as actions
from actions.actor import Actor
from actions.refusals import Reason
from actions.reports import year_report
from cli.__main__ import main as cli_main
from reports.directory import normalize
from reports.model import Report
from storage.db import Database, connect
from storage.departments import (
    DEPARTMENT_REFERENCES,
    await_rename,
    pending_rename,
    references_to,
    referencing_columns,
)
from storage.drafts import Draft, get_draft, save_draft
from storage.evidence import add_file
from storage.members import add_membership, create_invite, touch_user, user_departments
from storage.models import Department, NewSubmission, Source
from storage.programs import list_departments, list_programs, load_program
from storage.reminders import claim, set_mute
from storage.reviews import ReviewState, add_review, await_comment, pending_comment
from storage.submissions import add_submission, measure_history
from tests.actionkit import CLI, COORDINATOR, MEMBER, db_fixture, only_program, refusal_of  # noqa: F401 - a fixture
from tests.conftest import SEED
from tests.dbkit import dump

YEAR = 2023
PROGRAM_COORDINATOR = Actor(600, "Координатор програми", programs=frozenset({1}))


async def _departments(db: Database) -> dict[str, Department]:
    async with db.locked() as conn:
        return {d.code: d for d in await list_departments(conn)}


async def _measure(db: Database, number: str) -> int:
    program = await only_program(db)
    async with db.locked() as conn:
        tree = await load_program(conn, program.id)
    assert tree is not None
    measure = tree.measure_by_number(number)
    assert measure is not None
    return measure.id


async def _report(db: Database, number: str, department_id: int, actual: str, info: str) -> int:
    async with db.transaction() as conn:
        added = await add_submission(
            conn,
            NewSubmission(
                measure_id=await _measure_in(conn, number),
                department_id=department_id,
                year=YEAR,
                actual=Decimal(actual),
                financed=Decimal(actual),
                percent=Decimal(50),
                info=info,
                author_id=MEMBER.user_id,
                author_name=MEMBER.name,
                source=Source.BOT,
            ),
        )
    return added.id


async def _measure_in(conn: aiosqlite.Connection, number: str) -> int:
    fetched = await conn.execute_fetchall("SELECT id FROM measures WHERE number = ?", (number,))
    return int(fetched[0][0])


def _figures(report: Report) -> list[tuple[object, ...]]:
    rows = [
        (row.measure_number, row.plan, row.actual, row.financed, row.percent)
        for block in report.tasks
        for row in block.rows
    ]
    totals = [
        (fund.plan, fund.actual, fund.financed, fund.percent) for fund in (report.general, report.special)
    ]
    return [*rows, *totals]


# --- the list -----------------------------------------------------------------------------------------


async def test_the_directory_lists_every_department_with_what_it_has(db: Database) -> None:
    program = await only_program(db)
    found = await actions.directory(db, COORDINATOR)
    by_code = {e.department.code: e for e in found.entries}
    assert len(by_code) == 10
    ussms, do = by_code["ussms"], by_code["do"]
    assert ussms.department.short_name == "УССМС" and "уссмс" in ussms.department.aliases
    assert [(p.id, count) for p, count in ussms.measures] == [(program.id, 34)] and ussms.has_reports
    assert [count for _, count in do.measures] == [6] and not do.has_reports and do.members == 0
    await refusal_of(Reason.NOT_ADMINISTRATOR, actions.directory(db, MEMBER))
    # The directory serves every program: a program's own coordinator does not edit it.
    await refusal_of(Reason.NOT_ADMINISTRATOR, actions.directory(db, PROGRAM_COORDINATOR))
    await refusal_of(Reason.DEPARTMENT_GONE, actions.department_entry(db, COORDINATOR, 999))


# --- a rename -----------------------------------------------------------------------------------------


async def test_a_rename_changes_the_names_and_keeps_the_old_full_name_as_an_alias(db: Database) -> None:
    uk = (await _departments(db))["uk"]
    renamed = await actions.rename_department(db, COORDINATOR, uk.id, short_name="  УКіТ ")
    assert renamed.changed and renamed.after.short_name == "УКіТ" and renamed.after.name == uk.name
    assert renamed.after.aliases == uk.aliases  # the full name did not change: no alias added
    renamed = await actions.rename_department(
        db, CLI, uk.id, name="Управління   культури і туризму Житомирської міської ради"
    )
    after = renamed.after
    assert after.name == "Управління культури і туризму Житомирської міської ради"
    assert set(after.aliases) == {*uk.aliases, normalize(uk.name)}
    # The same name again changes nothing, and is no refusal.
    again = await actions.rename_department(db, COORDINATOR, uk.id, short_name="УКіТ")
    assert not again.changed


async def test_every_refused_rename_changes_nothing(db: Database, tmp_path: Path) -> None:
    departments = await _departments(db)
    uk, dsp = departments["uk"], departments["dsp"]
    path = db.path
    before = dump(path)
    cases = [
        (Reason.NOT_ADMINISTRATOR, MEMBER, uk.id, {"short_name": "Х"}),
        (Reason.NOT_ADMINISTRATOR, PROGRAM_COORDINATOR, uk.id, {"short_name": "Х"}),
        (Reason.DEPARTMENT_GONE, COORDINATOR, 999, {"short_name": "Х"}),
        (Reason.DEPARTMENT_NAME_BLANK, COORDINATOR, uk.id, {"short_name": " \u200b "}),
        (Reason.DEPARTMENT_NAME_BLANK, COORDINATOR, uk.id, {"name": ""}),
        (Reason.DEPARTMENT_NAME_TOO_LONG, COORDINATOR, uk.id, {"short_name": "Ж" * 41}),
        (Reason.DEPARTMENT_NAME_TOO_LONG, COORDINATOR, uk.id, {"name": "Ж" * 301}),
        (Reason.DEPARTMENT_NAME_TAKEN, COORDINATOR, uk.id, {"short_name": "дсп"}),
        (Reason.DEPARTMENT_NAME_TAKEN, COORDINATOR, uk.id, {"name": dsp.name.upper()}),
    ]
    for reason, actor, department_id, names in cases:
        refused = await refusal_of(reason, actions.rename_department(db, actor, department_id, **names))
        if reason is Reason.DEPARTMENT_NAME_TAKEN:
            assert refused.details["department"] == "ДСП"
        if reason is Reason.DEPARTMENT_NAME_TOO_LONG:
            assert refused.details["limit"] in (40, 300)
    assert dump(path) == before
    # At the limits exactly: allowed.
    await actions.rename_department(db, COORDINATOR, uk.id, short_name="Ж" * 40, name="Ж" * 300)


async def test_the_name_typed_after_the_button_renames_and_a_refused_one_is_still_waited_for(
    db: Database,
) -> None:
    uk = (await _departments(db))["uk"]
    assert COORDINATOR.user_id is not None
    async with db.transaction() as conn:  # a return's comment was asked for before: the rename replaces it
        [(submission_id,)] = await conn.execute_fetchall("SELECT MIN(id) FROM submissions")
        await await_comment(conn, COORDINATOR.user_id, submission_id)
    await actions.start_rename(db, COORDINATOR, uk.id)
    async with db.locked() as conn:
        assert await pending_comment(conn, COORDINATOR.user_id) is None
    assert await actions.rename_awaited(db, COORDINATOR) == uk.id
    await refusal_of(Reason.DEPARTMENT_NAME_TAKEN, actions.finish_rename(db, COORDINATOR, "ДСП"))
    assert await actions.rename_awaited(db, COORDINATOR) == uk.id
    renamed = await actions.finish_rename(db, COORDINATOR, "УКТ")
    assert renamed is not None and renamed.after.short_name == "УКТ"
    assert await actions.rename_awaited(db, COORDINATOR) is None
    assert await actions.finish_rename(db, COORDINATOR, "інше") is None
    await refusal_of(Reason.DEPARTMENT_GONE, actions.start_rename(db, COORDINATOR, 999))


# --- a merge ------------------------------------------------------------------------------------------


async def test_the_schema_names_departments_only_where_the_merge_moves_them(db: Database) -> None:
    async with db.locked() as conn:
        assert await referencing_columns(conn) == set(DEPARTMENT_REFERENCES)


async def test_a_merge_moves_every_row_of_the_department_and_deletes_it(db: Database) -> None:
    """УССМС (the program's responsible department, lead of most measures, with reports, people, drafts,
    files, links, mutes, reminders, an earlier wording) merged into МЦСС: nothing anywhere names УССМС after."""
    departments = await _departments(db)
    gone, keep = departments["ussms"], departments["mcss"]
    m41, m37, m11 = await _measure(db, "4.1"), await _measure(db, "3.7"), await _measure(db, "1.1")
    own = await _report(db, "1.1", gone.id, "5", "УССМС про 1.1")
    now = dt.datetime.now(dt.UTC)
    async with db.transaction() as conn:
        await add_review(conn, own, ReviewState.RETURNED, comment="Уточніть", reviewer_id=500)
        for user in (2001, 2002, 2003):
            await touch_user(conn, user, f"Людина {user}", None)
        await add_membership(conn, 2001, gone.id)  # in УССМС only
        await add_membership(conn, 2002, gone.id)  # in both
        await add_membership(conn, 2002, keep.id)
        await add_membership(conn, 2003, keep.id)
        await create_invite(conn, gone.id, 500, dt.timedelta(days=3))
        await set_mute(conn, 2001, dt.date(2030, 1, 1), gone.id)
        # 2002 has a draft of 3.7 for each: УССМС's is the newer one and stays; and one of 1.1 for УССМС only
        older, newer = now - dt.timedelta(hours=1), now
        await save_draft(conn, Draft(2002, m37, keep.id, YEAR, "actual", {"x": "keep"}, False))
        await save_draft(conn, Draft(2002, m37, gone.id, YEAR, "actual", {"x": "gone"}, False))
        await conn.execute(
            "UPDATE drafts SET updated_at = ? WHERE department_id = ?", (older.isoformat(), keep.id)
        )
        await conn.execute(
            "UPDATE drafts SET updated_at = ? WHERE department_id = ?", (newer.isoformat(), gone.id)
        )
        await save_draft(conn, Draft(2001, m11, gone.id, YEAR, "info", {}, True))
        await add_file(conn, m11, gone.id, YEAR, "a" * 64, "акт.pdf", 10, "application/pdf", 2001, "Людина")
        key = f"before:annual:P1:{YEAR}:2024-01-20:L7:D{gone.id}:U2001"
        await claim(conn, key, 2001, "before")
        await claim(conn, f"before:annual:P1:{YEAR}:2024-01-20:L7:D{gone.id}:U2002", 2002, "before")
        await claim(conn, f"before:annual:P1:{YEAR}:2024-01-20:L7:D{keep.id}:U2002", 2002, "before")
        await conn.execute(
            """INSERT INTO measure_versions (measure_id, until_year, number, text, term, executors_text, departments)
               VALUES (?, 2022, '4.1', 'Давній текст', '2020-2025', 'УССМС, МЦСС', ?)""",
            (m41, json.dumps([[gone.id, True], [departments["do"].id, False], [keep.id, False]])),
        )
        await await_rename(conn, 500, gone.id)
    plan = await actions.merge_plan(db, COORDINATOR, keep.id, gone.id)
    assert (plan.counts.measures, plan.counts.members, plan.counts.drafts) == (34, 2, 2)
    assert plan.counts.shared == 5 and plan.counts.submissions == 33 and plan.counts.invites == 1
    assert normalize(gone.name) in plan.aliases and "уссмс" in plan.aliases

    merged = await actions.merge_departments(db, COORDINATOR, keep.id, gone.id)

    assert merged.members == (2001, 2002)
    async with db.locked() as conn:
        assert await references_to(conn, gone.id) == {}
        assert {d.id for d in await list_departments(conn)} == {d.id for d in departments.values()} - {
            gone.id
        }
        [program] = await list_programs(conn)
        assert program.responsible_department_id == keep.id
        tree = await load_program(conn, program.id)
        assert tree is not None
        for measure in tree.measures:  # one link per department, exactly one lead where there was one
            ids = measure.department_ids()
            assert len(ids) == len(set(ids))
        m = tree.measure_by_number("4.1")
        assert m is not None and (m.departments[0].department_id, m.departments[0].is_lead) == (keep.id, True)
        m = tree.measure_by_number("4.3")  # ДСП leads it; УССМС and МЦСС were both executors
        assert m is not None and sum(d.is_lead for d in m.departments) == 1
        assert [d.department_id for d in m.departments].count(keep.id) == 1
        old = await load_program(conn, program.id, 2021)
        assert old is not None
        m = old.measure_by_number("4.1")
        assert m is not None
        assert [(d.department_id, d.is_lead) for d in m.departments] == [
            (keep.id, True),
            (departments["do"].id, False),
        ]
        assert [d.id for d in await user_departments(conn, 2001)] == [keep.id]
        assert [d.id for d in await user_departments(conn, 2002)] == [keep.id]
        draft = await get_draft(conn, 2002, m37, keep.id, YEAR)
        assert draft is not None and draft.data == {"x": "gone"}  # the newer one
        assert await get_draft(conn, 2001, m11, keep.id, YEAR) is not None
        [(state, comment)] = await conn.execute_fetchall(
            "SELECT state, comment FROM reviews WHERE submission_id = ?", (own,)
        )
        assert (state, comment) == ("returned", "Уточніть")
        keys = [r[0] for r in await conn.execute_fetchall("SELECT key FROM reminders_sent ORDER BY key")]
        assert keys == [
            f"before:annual:P1:{YEAR}:2024-01-20:L7:D{keep.id}:U2001",
            f"before:annual:P1:{YEAR}:2024-01-20:L7:D{keep.id}:U2002",
        ]
        assert await pending_rename(conn, 500) is None
        [(mute_department,)] = await conn.execute_fetchall("SELECT department_id FROM mutes")
        assert mute_department == keep.id
    assert set(merged.keep.aliases) >= {normalize(gone.name), *gone.aliases, *keep.aliases}


async def test_a_merge_leaves_the_reports_figures_as_they_were(db: Database) -> None:
    """Two departments that never reported the same measure in the same year: every row's plan, actual,
    financed and percent and the totals are the same before and after."""
    departments = await _departments(db)
    gone, keep = departments["ussms"], departments["mcss"]
    await _report(db, "1.1", gone.id, "5", "УССМС")
    # Measures of both (ДСП leads them and its imported revision counts for every executor): МЦСС's own
    # revision summed with it, before and after; none of УССМС's.
    await _report(db, "4.3", keep.id, "7", "МЦСС")
    await _report(db, "4.4", keep.id, "2", "МЦСС")
    program = await only_program(db)
    before = (await year_report(db, COORDINATOR, program, YEAR)).report
    await actions.merge_departments(db, COORDINATOR, keep.id, gone.id)
    after = (await year_report(db, COORDINATOR, program, YEAR)).report
    assert _figures(after) == _figures(before)
    assert any(row.actual is not None for block in after.tasks for row in block.rows)


async def test_both_reported_the_same_measure_the_newest_revision_counts_and_both_stay(db: Database) -> None:
    departments = await _departments(db)
    gone, keep = departments["uk"], departments["do"]
    m = await _measure(db, "2.9")  # УССМС leads it, ДО and УК are executors too
    first = await _report(db, "2.9", keep.id, "3", "ДО звітує")
    second = await _report(db, "2.9", gone.id, "4", "УК звітує")
    program = await only_program(db)
    row_before = _row(await year_report(db, COORDINATOR, program, YEAR), "2.9")
    plan = await actions.merge_plan(db, COORDINATOR, keep.id, gone.id)
    assert plan.counts.both_reported == (("2.9", YEAR),)
    await actions.merge_departments(db, COORDINATOR, keep.id, gone.id)
    row_after = _row(await year_report(db, COORDINATOR, program, YEAR), "2.9")
    async with db.locked() as conn:
        history = await measure_history(conn, m, YEAR)
    mine = [s for s in history if s.id in (first, second)]
    assert {s.department_id for s in mine} == {keep.id} and len(mine) == 2  # both revisions kept, ДО's now
    # Before: the import (УССМС's), ДО's 3 and УК's 4 summed; after: УК's later 4 counts as ДО's, with the import.
    assert row_before.actual is not None and row_after.actual is not None
    assert row_before.actual - row_after.actual == Decimal(3)
    assert "УК звітує" in row_after.info and "ДО звітує" not in row_after.info


def _row(report, number: str):  # type: ignore[no-untyped-def]
    return next(r for block in report.report.tasks for r in block.rows if r.measure_number == number)


async def test_every_refused_merge_changes_nothing(db: Database) -> None:
    departments = await _departments(db)
    uk, do = departments["uk"], departments["do"]
    before = dump(db.path)
    await refusal_of(Reason.NOT_ADMINISTRATOR, actions.merge_departments(db, MEMBER, uk.id, do.id))
    await refusal_of(
        Reason.NOT_ADMINISTRATOR, actions.merge_departments(db, PROGRAM_COORDINATOR, uk.id, do.id)
    )
    refused = await refusal_of(Reason.MERGE_SAME, actions.merge_departments(db, COORDINATOR, uk.id, uk.id))
    assert refused.details == {"department": "УК"}
    refused = await refusal_of(Reason.DEPARTMENT_GONE, actions.merge_departments(db, COORDINATOR, uk.id, 999))
    assert refused.details == {"id": 999}
    refused = await refusal_of(Reason.DEPARTMENT_GONE, actions.merge_departments(db, COORDINATOR, 998, do.id))
    assert refused.details == {"id": 998}
    await refusal_of(Reason.DEPARTMENT_GONE, actions.merge_plan(db, COORDINATOR, 998, do.id))
    assert dump(db.path) == before
    await actions.merge_departments(db, COORDINATOR, uk.id, do.id)
    # Pressed again (a second «Об'єднати»): ДО is gone, nothing changes.
    after = dump(db.path)
    await refusal_of(Reason.DEPARTMENT_GONE, actions.merge_departments(db, COORDINATOR, uk.id, do.id))
    assert dump(db.path) == after


async def test_an_upload_waiting_before_migration_19_waits_after_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = await connect(path, migrate_to=16)
    async with db.transaction() as conn:
        await conn.execute(
            """INSERT INTO pending_imports (coordinator_id, token_hash, file_name, content, created_at, kind)
               VALUES (500, 'h', 'План 2024.xlsx', X'01', '2024-01-01T00:00:00.000000Z', 'plans')"""
        )
    await db.close()
    before = dump(path)["pending_imports"]
    db = await connect(path)
    try:
        async with db.transaction() as conn:  # the new kind is allowed now
            await conn.execute("UPDATE pending_imports SET kind = 'directory'")
            await conn.execute("UPDATE pending_imports SET kind = 'plans'")
    finally:
        await db.close()
    assert dump(path)["pending_imports"] == before


# --- the command line ---------------------------------------------------------------------------------


def test_the_command_line_lists_renames_and_merges_with_the_same_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "z.db")
    assert cli_main(["import", str(SEED), "--db", db]) == 0
    capsys.readouterr()
    assert cli_main(["departments", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert "5. УК — Управління культури Житомирської міської ради · заходів: 5" in listing
    assert "10. МКСЦ — Міський культурно-спортивний центр" in listing
    assert cli_main(["departments", "rename", "5", "ДСП", "--db", db]) == 1
    assert "Назва «ДСП» уже є в підрозділу «ДСП»" in capsys.readouterr().err
    assert (
        cli_main(
            ["departments", "--db", db, "rename", "5", "УКіТ", "--name", "Управління культури і туризму"]
        )
        == 0
    )
    assert "Перейменовано: УК → УКіТ (Управління культури і туризму)." in capsys.readouterr().out
    assert cli_main(["departments", "merge", "5", "10", "--db", db]) == 0
    assert "МКСЦ об'єднано з УКіТ: перенесено заходів 1, редакцій звітів 1" in capsys.readouterr().out
    before = dump(Path(db))
    assert cli_main(["departments", "merge", "5", "10", "--db", db]) == 1
    assert "Підрозділу з номером 10 немає в довіднику" in capsys.readouterr().err
    assert cli_main(["departments", "merge", "5", "5", "--db", db]) == 1
    assert "з ним самим" in capsys.readouterr().err
    assert dump(Path(db)) == before
    sheet = tmp_path / "довідник.xlsx"
    assert cli_main(["departments", "--out", str(sheet), "--db", db]) == 0
    wb = load_workbook(sheet)
    ws = wb.active
    assert ws is not None
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 2).value == "ДО")
    ws.cell(row, 2).value = "ДОН"
    wb.save(sheet)
    assert cli_main(["departments", "--apply", str(sheet), "--dry-run", "--db", db]) == 0
    assert "✏️ ДО → ДОН" in capsys.readouterr().out
    assert cli_main(["departments", "--db", db]) == 0
    assert "ДО — Департамент освіти" in capsys.readouterr().out  # --dry-run: nothing changed
    assert cli_main(["departments", "--apply", str(sheet), "--db", db]) == 0
    assert "Довідник змінено: 1 зміна." in capsys.readouterr().out
