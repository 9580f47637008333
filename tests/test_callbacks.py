"""Button data: each kind builds and parses its own data, and nothing else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot import callbacks

EXAMPLES: list[callbacks.Button] = [
    callbacks.OpenMeasure(35, 5, 2023),
    callbacks.Page(5, 2),
    callbacks.StepAction(35, 5, "review", "edit:actual"),
    callbacks.InviteFor(5),
    callbacks.RevokeInvite(123456789012),
    callbacks.ChooseProgram(1),
    callbacks.RemindDepartment(1, 2023, 5),
    callbacks.ListMembers(5),
    callbacks.RemoveMember(5, 123456789012),
    callbacks.RevokeInvite(42),
    callbacks.ImportDecision(True, "AAAAAAAAAAAA"),
    callbacks.ImportDecision(False, "abc-_123XYZ"),
    callbacks.Mute(dt.date(2024, 1, 17)),
    callbacks.Mute(None),
    callbacks.InterimPreset(1, "halves"),
    callbacks.InterimPreset(12, "off"),
    callbacks.ReportFile(1, "docx", 2023, ""),
    callbacks.ReportFile(123456789012, "pdf", 2024, "9M"),
    callbacks.ReportFile(123456789012, "docx", 2024, "9M", accepted_only=True),
    callbacks.ReviewDecision("acc", 123456789012),
    callbacks.ReviewDecision("ret", 7),
    callbacks.ReviewAcceptAll(1, 2023, 5, 1_765_000_000_123),
    callbacks.ReviewOpen(1, 2023),
    callbacks.StatusDetails(1, 2023, 123456789012),
    callbacks.InviteMissing(123456789012, 2024),
    callbacks.DirectoryView("list", 2),
    callbacks.DirectoryView("sheet", 0),
    callbacks.DepartmentCard(123456789012),
    callbacks.DepartmentRename(5),
    callbacks.MergeTargets(5, 3),
    callbacks.MergeAsk(123456789012, 5),
    callbacks.MergeDo(5, 123456789012),
    callbacks.CityPage(0, 0),
    callbacks.CityPage(2024, 12),
    callbacks.CityProgram(123456789012, 2024),
    callbacks.Appoint("programs", 0),
    callbacks.Appoint("coordinator", 123456789012),
    callbacks.Appoint("observer", 0),
    callbacks.RevokeRole(123456789012),
    callbacks.RevokeRoleLink(7),
    callbacks.ChooserView("page", 123456789, 299),
    callbacks.ChooserView("find", 1, 0),
    callbacks.ChooserView("all", 2, 0),
    callbacks.OpenIndicator(123456789012, 2024),
    callbacks.IndicatorStepAction(123456789012, 2024, "review", "confirm"),
    callbacks.FactReviewDecision("ret", 123456789012),
    callbacks.IndicatorPlanDecision(True, 1, 2024, 3, None, Decimal(150)),
    callbacks.IndicatorPlanDecision(
        False, 999999, 2024, 999999, Decimal("1000000000000"), Decimal("999999999999.999")
    ),
]


@pytest.mark.parametrize("button", EXAMPLES, ids=lambda b: b.data())
def test_every_kind_parses_its_own_data_back(button: callbacks.Button) -> None:
    data = button.data()
    assert type(button).parse(data) == button
    assert callbacks.parse(data) == button
    assert callbacks.kind_of(data) is type(button)
    assert type(button).pattern.match(data)
    others = [k for k in callbacks.KINDS if k is not type(button)]
    assert all(k.parse(data) is None and not k.pattern.match(data) for k in others)


def test_every_kind_has_an_example() -> None:
    assert {type(b) for b in EXAMPLES} == set(callbacks.KINDS)
    assert len({k.prefix for k in callbacks.KINDS}) == len(callbacks.KINDS)


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize(
    "data",
    ["open:1:1", "open:1:1:23", "open:a:1:2023", "page:1:12345", "q:1:1:ACTUAL:zero", "imp:apply:short",
     "imp:maybe:AAAAAAAAAAAA", "mute:20240230", "mute:forever", "mute:", "rmm:5:1234567890123456",
     "open:1:1:2023:extra", "dir:delete:0", "dir:list", "dpx:5", "dpx:a:5", "dpm:5:12345", "x" * 65, "", None],
)  # fmt: skip
def test_malformed_or_impossible_data_parses_to_nothing(data: str | None) -> None:
    assert callbacks.parse(data) is None


def test_data_no_kind_claims() -> None:
    assert callbacks.kind_of("nonsense:1") is None and callbacks.kind_of("") is None
    assert callbacks.kind_of("mute:forever") is callbacks.Mute  # malformed, but the mute handler's to answer


def test_data_over_telegrams_limit_is_refused_when_built() -> None:
    with pytest.raises(ValueError):
        callbacks.StepAction(10**11, 10**11, "a" * 10, "b" * 10 + ":" + "c" * 10 + "d" * 30).data()


def test_a_report_button_carries_accepted_only_and_an_older_one_parses_without_it() -> None:
    assert callbacks.ReportFile.parse("rf:1:pdf:2023:") == callbacks.ReportFile(1, "pdf", 2023, "")
    flagged = callbacks.ReportFile(1, "pdf", 2023, "", accepted_only=True)
    assert flagged.data() == "rf:1:pdf:2023::a" and callbacks.ReportFile.parse("rf:1:pdf:2023::a") == flagged
    longest = callbacks.ReportFile(10**12 - 1, "docx", 2024, "H1", accepted_only=True).data()
    assert len(longest.encode()) <= callbacks.MAX_DATA
    assert callbacks.ReportFile.parse("rf:1:pdf:2023::b") is None
