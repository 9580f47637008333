"""The Mini App's charts, drawn on the server as SVG (no chart library, nothing fetched): completeness by
department and plan against fact by task. Colours are the page's CSS variables (Telegram's theme)."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from l10n import t
from l10n.numbers import amount

BAR = 18
GAP = 8
LABEL = 110
WIDTH = 440


def _svg(height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'class="chart"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _label(y: int, text: str) -> str:
    short = text if len(text) <= 14 else text[:13] + "…"
    return f'<text x="0" y="{y + BAR - 5}" class="chart-label">{escape(short)}</text>'


def completeness(departments: list[tuple[str, int, int]]) -> str:
    """A bar per department: measures reported of those assigned (short name, reported, assigned)."""
    title = t("webapp-chart-completeness")
    body: list[str] = []
    span = WIDTH - LABEL - 60
    for i, (name, reported, assigned) in enumerate(departments):
        y = i * (BAR + GAP)
        done = span * reported // assigned if assigned else 0
        body.append(_label(y, name))
        body.append(f'<rect x="{LABEL}" y="{y}" width="{span}" height="{BAR}" class="chart-track"/>')
        body.append(f'<rect x="{LABEL}" y="{y}" width="{done}" height="{BAR}" class="chart-done"/>')
        body.append(
            f'<text x="{LABEL + span + 6}" y="{y + BAR - 5}" class="chart-value">{reported}/{assigned}</text>'
        )
    return _svg(max(len(departments) * (BAR + GAP), BAR), body, title)


def plan_fact(tasks: list[tuple[str, Decimal, Decimal]]) -> str:
    """Two bars per task: the plan and what was financed (task number, plan, financed), thousand UAH."""
    title = t("webapp-chart-plan-fact")
    top = max((max(p, f) for _, p, f in tasks), default=Decimal(0)) or Decimal(1)
    span = WIDTH - LABEL - 90
    body = [
        f'<rect x="{LABEL}" y="0" width="12" height="12" class="chart-plan"/>'
        f'<text x="{LABEL + 16}" y="11" class="chart-value">{escape(t("webapp-legend-plan"))}</text>'
        f'<rect x="{LABEL + 110}" y="0" width="12" height="12" class="chart-fact"/>'
        f'<text x="{LABEL + 126}" y="11" class="chart-value">{escape(t("webapp-legend-fact"))}</text>'
    ]
    row = 2 * BAR + GAP
    for i, (number, plan, financed) in enumerate(tasks):
        y = 20 + i * row
        body.append(_label(y + BAR // 2, number))
        for j, (value, kind) in enumerate(((plan, "chart-plan"), (financed, "chart-fact"))):
            width = int(span * value / top)
            body.append(
                f'<rect x="{LABEL}" y="{y + j * BAR}" width="{width}" height="{BAR - 2}" class="{kind}"/>'
            )
            body.append(
                f'<text x="{LABEL + width + 4}" y="{y + j * BAR + BAR - 6}" class="chart-value">'
                f"{escape(amount(value))}</text>"
            )
    return _svg(20 + max(len(tasks), 1) * row, body, title)
