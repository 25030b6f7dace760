"""The assessment report as HTML: the preview page's body and the PDF's source are one template.

Trend charts are inline SVG drawn here, on the server: the PDF gets vector graphics and the page
needs no script.
"""

from dataclasses import dataclass
from html import escape

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .assembly import Report, Trend

CHART_WIDTH = 520
CHART_HEIGHT = 190
MARGIN = {"left": 56, "right": 12, "top": 14, "bottom": 30}
VALUE_COLOUR = "#1f4e78"
EXPECTED_COLOUR = "#8c8c8c"
TARGET_COLOUR = "#c0392b"


def _nice_step(span: float) -> float:
    """A round step giving about four grid lines over the span."""
    raw = span / 4 or 1
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _label(value: float) -> str:
    if abs(value) >= 10000:
        return f"{value / 10000:g}万"
    return f"{value:g}"


def line_chart_svg(trend: Trend) -> SafeString:
    """A small line chart of a trend: value, expected (dashed) and the target line."""
    points = [v for v in trend.values + trend.expected if v is not None]
    if trend.target is not None:
        points.append(trend.target)
    top = max(points + [0.0]) or 1.0
    bottom = min(points + [0.0])
    step = _nice_step(top - bottom)
    top = step * (int(top / step) + (0 if top % step == 0 else 1))
    bottom = step * int(bottom / step) - (step if bottom < 0 and bottom % step else 0)
    plot_w = CHART_WIDTH - MARGIN["left"] - MARGIN["right"]
    plot_h = CHART_HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    n = len(trend.labels)

    def x(i: int) -> float:
        return MARGIN["left"] + (plot_w * (i + 0.5) / n if n else 0)

    def y(v: float) -> float:
        return MARGIN["top"] + plot_h * (1 - (v - bottom) / ((top - bottom) or 1))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" '
        f'viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" width="{CHART_WIDTH}" '
        f'height="{CHART_HEIGHT}" role="img" aria-label="{escape(trend.name)}">'
    ]
    tick = bottom
    while tick <= top + step / 2:
        ty = y(tick)
        parts.append(
            f'<line x1="{MARGIN["left"]}" y1="{ty:.1f}" x2="{CHART_WIDTH - MARGIN["right"]}" '
            f'y2="{ty:.1f}" stroke="#e3e3e3" stroke-width="1"/>'
            f'<text x="{MARGIN["left"] - 6}" y="{ty + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="#555">{escape(_label(tick))}</text>'
        )
        tick += step
    every = max(1, -(-n // 8))  # at most about eight quarter labels
    for i, label in enumerate(trend.labels):
        if (n - 1 - i) % every == 0:  # counted back from the latest quarter, always shown
            parts.append(
                f'<text x="{x(i):.1f}" y="{CHART_HEIGHT - 10}" font-size="11" '
                f'text-anchor="middle" fill="#555">{escape(label)}</text>'
            )
    if trend.target is not None:
        ty = y(trend.target)
        parts.append(
            f'<line x1="{MARGIN["left"]}" y1="{ty:.1f}" x2="{CHART_WIDTH - MARGIN["right"]}" '
            f'y2="{ty:.1f}" stroke="{TARGET_COLOUR}" stroke-width="1.2" '
            f'stroke-dasharray="2 3"/>'
        )
    for series, colour, dash in (
        (trend.expected, EXPECTED_COLOUR, ' stroke-dasharray="6 4"'),
        (trend.values, VALUE_COLOUR, ""),
    ):
        segment: list[str] = []
        for i, v in enumerate(series + [None]):
            if v is not None:
                segment.append(f"{x(i):.1f},{y(v):.1f}")
                continue
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash}/>'
                )
            segment = []
        if colour == VALUE_COLOUR:
            for i, v in enumerate(series):
                if v is not None:
                    parts.append(
                        f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.6" fill="{colour}"/>'
                    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


@dataclass
class ChartedTrend:
    trend: Trend
    svg: SafeString


def context(report: Report) -> dict:
    return {
        "report": report,
        "charts": [ChartedTrend(t, line_chart_svg(t)) for t in report.trends],
        "legend": {
            "value": _("Value"),
            "expected": _("Expected"),
            "target": _("Target"),
        },
        "colours": {
            "value": VALUE_COLOUR,
            "expected": EXPECTED_COLOUR,
            "target": TARGET_COLOUR,
        },
    }


def render_body(report: Report, *, for_print: bool = False) -> str:
    """The report's content, as the preview page shows it and the PDF prints it."""
    return render_to_string("reports/report_body.html", {**context(report), "for_print": for_print})


def render_document(report: Report) -> str:
    """A complete HTML document for WeasyPrint (the print CSS is passed to it separately)."""
    return render_to_string(
        "reports/report_document.html",
        {**context(report), "body": mark_safe(render_body(report, for_print=True))},  # noqa: S308
    )
