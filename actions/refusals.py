"""Typed refusals: a rule of an action said no. The front end says why, from the catalog message
``refused-<reason>`` with the refusal's details as its variables (``tests/test_actions.py`` checks that every
reason has its message and that the message uses only the details the refusal carries)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Reason(StrEnum):
    NOT_COORDINATOR = "not-coordinator"  # an action for coordinators only
    YEAR_LOCKED = "year-locked"  # year: the period is locked (/lock)
    YEAR_OUT_OF_TERM = "year-out-of-term"  # year, start, end: outside the program's term
    PLAN_UNCHANGED = "plan-unchanged"  # year: a plan sheet that changes nothing
    SHEET_OTHER_YEAR = "sheet-other-year"  # year, sheet: applied as one year, the sheet is of another
    UNKNOWN_MEASURE = "unknown-measure"  # number: no such measure in the program (in that year)
    UPLOAD_GONE = "upload-gone"  # the upload was replaced, cancelled or is too old
    UPLOAD_APPLIED = "upload-applied"  # at: applied already, at that moment
    # reviews and reports
    REVIEW_DECIDED = "review-decided"  # the revision is no longer waiting: reviewed, corrected since, or gone
    REVIEW_COMMENT_BLANK = "review-comment-blank"  # a return's comment with nothing to read
    REPORT_NO_DATA = "report-no-data"  # year, program: the year has neither plans nor reports
    TERM_REVERSED = "term-reversed"  # first, last: a range of years given the wrong way round
    TERM_OUTSIDE = "term-outside"  # first, last, start, end: a range beyond the program's term
    TERM_NO_DATA = "term-no-data"  # first, last: no year of the range has plans or reports
    # reporting
    NOT_YOUR_MEASURE = "not-your-measure"  # a measure (or the list) of a department not the person's
    MEASURE_NOT_IN_FORCE = "measure-not-in-force"  # number, year: not in the program that year (amended)
    # number, department: the person's department no longer executes it (an amendment changed its executors)
    MEASURE_NOT_ASSIGNED = "measure-not-assigned"
    PERIOD_CLOSED = "period-closed"  # year: the year is not open for reports
    STEP_GONE = "step-gone"  # an answer for a step the conversation is not at (an old or forged button)
    NO_MEASURE_OPEN = "no-measure-open"  # evidence sent while no measure is open
    FILE_TOO_BIG = "file-too-big"  # name, limit: a file over the limit (in MB)
    TOO_MANY_FILES = "too-many-files"  # number, limit: the measure has as many files as it may
    # coordination
    DEADLINE_OUT_OF_RANGE = "deadline-out-of-range"  # deadline, earliest, latest: outside deadline_range
    YEAR_NOT_OPENED = "year-not-opened"  # year, next_year: a year never opened cannot be locked or unlocked
    GONE = "gone"  # what the request names is not in the database (an old or forged button)
    INVITE_UNKNOWN = "invite-unknown"  # no invite link has that code
    INVITE_REVOKED = "invite-revoked"  # the link was revoked: nobody joins through it
    INVITE_EXPIRED = "invite-expired"  # the link's time is over
    INVITE_ALREADY_REVOKED = "invite-already-revoked"  # revoking a link revoked before
    NOT_A_MEMBER = "not-a-member"  # removing someone who is not (or no longer) in the department
    # roles
    READ_ONLY = (
        "read-only"  # an observer (or a coordinator of another program who may read it) changes nothing
    )
    NOT_ADMINISTRATOR = "not-administrator"  # the city's matters: new programs, the directory, roles
    # the directory of departments (actions.directory)
    DEPARTMENT_GONE = "department-gone"  # id: no department has it (merged into another since, or never)
    DEPARTMENT_NAME_BLANK = "department-name-blank"  # field: "short" or "full", the name left blank
    DEPARTMENT_NAME_TOO_LONG = "department-name-too-long"  # field, limit: a name over the limit (characters)
    DEPARTMENT_NAME_TAKEN = "department-name-taken"  # name, department: another department's (short) name
    MERGE_SAME = "merge-same"  # department: a department merged with itself
    DIRECTORY_UNCHANGED = "directory-unchanged"  # a directory sheet that changes nothing
    # the city at a glance
    NOT_CITY_READER = "not-city-reader"  # every program at once: administrators and observers only
    # roles granted and revoked in the chat (actions.roles)
    ROLE_LINK_UNKNOWN = "role-link-unknown"  # no role link has that code
    ROLE_LINK_REVOKED = "role-link-revoked"  # the role link was revoked: nobody takes its role through it
    ROLE_LINK_EXPIRED = "role-link-expired"  # the role link's time is over
    ROLE_LINK_ALREADY_REVOKED = "role-link-already-revoked"  # revoking a role link revoked before
    ROLE_FROM_SETTINGS = "role-from-settings"  # an administrator the settings name (ADMIN_IDS): only there
    ROLE_ALREADY_REVOKED = "role-already-revoked"  # revoking a role revoked before
    # result indicators (actions.indicators)
    NOT_YOUR_INDICATOR = (
        "not-your-indicator"  # an indicator another department reports (or gone, or not in force)
    )
    # result indicators' plans (actions.indicator_plans)
    UNKNOWN_INDICATOR = "unknown-indicator"  # number, year: no such indicator in the program that year
    # value, unit: a value storage.indicators' rule refuses, one reason per IndicatorValueProblem
    INDICATOR_VALUE_NOT_A_NUMBER = "indicator-value-not-a-number"
    INDICATOR_VALUE_NEGATIVE = "indicator-value-negative"
    INDICATOR_VALUE_PERCENT_OVER_100 = "indicator-value-percent-over-100"
    INDICATOR_VALUE_TOO_MANY_DECIMALS = "indicator-value-too-many-decimals"
    INDICATOR_VALUE_TOO_LARGE = "indicator-value-too-large"
    INDICATOR_PLAN_CHANGED = "indicator-plan-changed"  # number, year: the plan changed since the preview
    INDICATOR_PLAN_ALREADY = "indicator-plan-already"  # number, year: the preview's value already (twice)
    # the Mini App (webapp/)
    PLAN_PREVIEW_STALE = "plan-preview-stale"  # year: the plans changed since the preview being applied


# The details each reason carries (and its message may use): checked by the tests.
DETAILS: dict[Reason, frozenset[str]] = {
    Reason.NOT_COORDINATOR: frozenset(),
    Reason.YEAR_LOCKED: frozenset({"year"}),
    Reason.YEAR_OUT_OF_TERM: frozenset({"year", "start", "end"}),
    Reason.PLAN_UNCHANGED: frozenset({"year"}),
    Reason.SHEET_OTHER_YEAR: frozenset({"year", "sheet"}),
    Reason.UNKNOWN_MEASURE: frozenset({"number"}),
    Reason.UPLOAD_GONE: frozenset(),
    Reason.UPLOAD_APPLIED: frozenset({"at"}),
    # reviews and reports
    Reason.REVIEW_DECIDED: frozenset(),
    Reason.REVIEW_COMMENT_BLANK: frozenset(),
    Reason.REPORT_NO_DATA: frozenset({"year", "program"}),
    Reason.TERM_REVERSED: frozenset({"first", "last"}),
    Reason.TERM_OUTSIDE: frozenset({"first", "last", "start", "end"}),
    Reason.TERM_NO_DATA: frozenset({"first", "last"}),
    # reporting
    Reason.NOT_YOUR_MEASURE: frozenset(),
    Reason.MEASURE_NOT_IN_FORCE: frozenset({"number", "year"}),
    Reason.MEASURE_NOT_ASSIGNED: frozenset({"number", "department"}),
    Reason.PERIOD_CLOSED: frozenset({"year"}),
    Reason.STEP_GONE: frozenset(),
    Reason.NO_MEASURE_OPEN: frozenset(),
    Reason.FILE_TOO_BIG: frozenset({"name", "limit"}),
    Reason.TOO_MANY_FILES: frozenset({"number", "limit"}),
    # coordination
    Reason.DEADLINE_OUT_OF_RANGE: frozenset({"deadline", "earliest", "latest"}),
    Reason.YEAR_NOT_OPENED: frozenset({"year", "next_year"}),
    Reason.GONE: frozenset(),
    Reason.INVITE_UNKNOWN: frozenset(),
    Reason.INVITE_REVOKED: frozenset(),
    Reason.INVITE_EXPIRED: frozenset(),
    Reason.INVITE_ALREADY_REVOKED: frozenset(),
    Reason.NOT_A_MEMBER: frozenset(),
    # roles
    Reason.READ_ONLY: frozenset(),
    Reason.NOT_ADMINISTRATOR: frozenset(),
    # the directory of departments
    Reason.DEPARTMENT_GONE: frozenset({"id"}),
    Reason.DEPARTMENT_NAME_BLANK: frozenset({"field"}),
    Reason.DEPARTMENT_NAME_TOO_LONG: frozenset({"field", "limit"}),
    Reason.DEPARTMENT_NAME_TAKEN: frozenset({"name", "department"}),
    Reason.MERGE_SAME: frozenset({"department"}),
    Reason.DIRECTORY_UNCHANGED: frozenset(),
    # the city at a glance
    Reason.NOT_CITY_READER: frozenset(),
    # roles granted and revoked in the chat
    Reason.ROLE_LINK_UNKNOWN: frozenset(),
    Reason.ROLE_LINK_REVOKED: frozenset(),
    Reason.ROLE_LINK_EXPIRED: frozenset(),
    Reason.ROLE_LINK_ALREADY_REVOKED: frozenset(),
    Reason.ROLE_FROM_SETTINGS: frozenset(),
    Reason.ROLE_ALREADY_REVOKED: frozenset(),
    # result indicators
    Reason.NOT_YOUR_INDICATOR: frozenset(),
    # result indicators' plans
    Reason.UNKNOWN_INDICATOR: frozenset({"number", "year"}),
    Reason.INDICATOR_VALUE_NOT_A_NUMBER: frozenset({"value", "unit"}),
    Reason.INDICATOR_VALUE_NEGATIVE: frozenset({"value", "unit"}),
    Reason.INDICATOR_VALUE_PERCENT_OVER_100: frozenset({"value", "unit"}),
    Reason.INDICATOR_VALUE_TOO_MANY_DECIMALS: frozenset({"value", "unit"}),
    Reason.INDICATOR_VALUE_TOO_LARGE: frozenset({"value", "unit"}),
    Reason.INDICATOR_PLAN_CHANGED: frozenset({"number", "year"}),
    Reason.INDICATOR_PLAN_ALREADY: frozenset({"number", "year"}),
    # the Mini App (webapp/)
    Reason.PLAN_PREVIEW_STALE: frozenset({"year"}),
}


class Refused(Exception):
    """A rule said no; nothing was changed. A detail that is a ``dt.datetime`` is a moment, a ``dt.date`` a day."""

    def __init__(self, reason: Reason, **details: int | str | dt.date) -> None:
        super().__init__(reason.value)
        if set(details) != DETAILS[reason]:
            raise TypeError(f"{reason}: details {sorted(details)} != {sorted(DETAILS[reason])}")
        self.reason = reason
        self.details = details

    @property
    def message_id(self) -> str:
        """The catalog message that says why (front ends render it with the details)."""
        return f"refused-{self.reason.value}"
