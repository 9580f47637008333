"""Who may report which measure now, checked on the server side on every answer: the scene of a measure.

A coordinator may correct any department's measure, in a locked year too (recorded as the coordinator's);
a member only their department's, while the year is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.context import Context, Role
from bot.flow import Facts
from l10n import t
from storage.drafts import Draft, active_draft_with_period, deactivate
from storage.measure_terms import parse_term
from storage.models import PeriodStatus
from storage.workload import measure_view


@dataclass(frozen=True)
class Scene:
    """Everything about the measure that rendering a step needs."""

    measure_id: int
    department_id: int
    year: int
    number: str
    text: str
    term: str
    department: str
    plan: Decimal | None  # the general fund's plan for the year; None: not set
    planned: bool
    last_year_info: str | None
    index: int
    total: int
    on_behalf: bool = False  # a coordinator acting for a department they are not a member of
    plan_special: Decimal | None = None  # the special fund's plan; None: not set, its questions not asked

    @property
    def facts(self) -> Facts:
        return Facts(plan=self.plan, last_year_info=self.last_year_info, plan_special=self.plan_special)

    def to_json(self) -> dict[str, object]:
        # Not dataclasses.asdict: it deep-copies, and this runs on every answer.
        data = dict(self.__dict__)
        for key in ("plan", "plan_special"):
            data[key] = None if data[key] is None else format(data[key], "f")
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Scene:
        plans = {k: None if data.get(k) is None else Decimal(str(data[k])) for k in ("plan", "plan_special")}
        return cls(**{**data, **plans})  # type: ignore[arg-type]


class Denied(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


async def load_scene(context: Context, role: Role, measure_id: int, department_id: int, year: int) -> Scene:
    """Load the measure and check, on the server side, that this user may report it now."""
    # A coordinator may correct any department's measure, in a locked year too, recorded as such.
    on_behalf = role.department(department_id) is None and role.coordinator
    if role.department(department_id) is None and not on_behalf:
        raise Denied(t("forbidden-button"))
    async with context.db.locked() as conn:
        view = await measure_view(conn, measure_id, department_id, year)
    if view is None or not view.assigned:
        raise Denied(t("forbidden-button"))
    if not view.in_force:  # an old button or reminder of a measure an amendment dropped
        raise Denied(t("measure-not-in-force", number=view.number, year=year))
    if view.period_status is None or (view.period_status != PeriodStatus.OPEN.value and not role.coordinator):
        raise Denied(t("period-closed", year=year))
    return Scene(
        measure_id=measure_id,
        department_id=department_id,
        year=year,
        number=view.number,
        text=view.text,
        term=view.term,
        department=view.department_short_name,
        plan=view.plan_general,
        plan_special=view.plan_special,
        planned=year in parse_term(view.term),
        last_year_info=view.last_year_info,
        index=view.index,
        total=view.total,
        on_behalf=on_behalf,
    )


async def load_active(context: Context) -> tuple[Draft, Scene] | None:
    """The user's active draft with its scene. Raises Denied (and ends the draft) when rights are gone."""
    role = context.role
    assert role is not None
    async with context.db.locked() as conn:
        found = await active_draft_with_period(conn, role.user_id)
    if found is None:
        return None
    draft, status = found
    stored = draft.data.get("scene")
    may_report = role.department(draft.department_id) is not None or role.coordinator
    period_ok = status == PeriodStatus.OPEN.value or (role.coordinator and status is not None)
    if stored and may_report and period_ok:
        return draft, Scene.from_json(stored)
    try:
        # Rights gone (or a draft from before scenes were stored): the full check says which, and why.
        return draft, await load_scene(context, role, draft.measure_id, draft.department_id, draft.year)
    except Denied:
        async with context.db.transaction() as conn:
            await deactivate(conn, role.user_id)
        raise
