"""The progress engine: every indicator's standing in every period (docs/rules.md R2).

For each indicator and period that has begun it works out

- the **as-of date** (R1.3): the period's end, or today while it runs. A running period's row is
  **provisional** (暂定): shown beside the official one, never taken for it (R2.1);
- the **level**: the measured quantity as of that date. A stock or ratio keeps its latest value
  (a missing quarter carries the previous one forward, and `data_period` names the quarter the
  value comes from); an annual floor adds up the quarters of the calendar year so far;
- the **value** shown: the level, or for a growth target the growth in per cent against the
  baseline year's level (a yearly average since the baseline when `Indicator.annualised`);
- **% of target**: value ÷ target for stocks, ratios and annual floors; for growth, how far the
  level has moved from the baseline towards the level the target growth would reach;
- the **expected %** at the as-of date (R2.2): where a straight line from the baseline to the
  deadline (2026-12-31) stands on that day. The baseline is the office's `baseline_value`, else
  the level at the end of `Indicator.baseline_year`, or the first reported level when there is
  no baseline year (R3.3). For an annual floor
  the line runs through the calendar year: 25 % after Q1, 100 % after Q4, and within a running
  quarter in proportion to the days gone;
- the **projected value** at the deadline (R2.4): from the latest level along the slope of a
  least-squares line through the last PROJECTION_WINDOW reported levels, never below the latest
  level of a stock (for an annual floor: this year's pace over four quarters);
- the **status** (R2.3), decided in one place, `status_for()`:
    achieved   the target is met (`target_met()`: ≥ it, or > it where the plan says 超过, R3.4);
    no data    nothing measured yet (or no baseline for a growth target);
    off track  the deadline (or, for an annual floor, the year) is over and the target not met,
               or % of target is below the at-risk share × expected %;
    at risk    % of target is at least the at-risk share but below the on-track share × expected %;
    on track   % of target is at least the on-track share × expected % (or nothing is expected yet).
  The two shares are the office's `StatusThresholds` (a portal default until confirmed, R4),
  read once per run by `compute_all()`.
  Since the expected % is taken at the as-of date, a running quarter is never judged against the
  year-end target before the year is over. A qualitative target has no computed value: its
  status is the office's verdict for that period (TargetAssessment), or 待评估 (R3.6).

3.1 (R3.4) is measured through the industries the office lists as its parts: its level is how
many of them are strictly above their national average, its target how many are listed, and with
none listed it is 待设定.

Values come from the indicator's source: approved figures of the bureaus, a registered metric
(targets/metrics.py) or a formula over other indicators. A metric nobody has registered yet gives
"no data", never an error. The computation reads everything in bulk: its query count does not
depend on the number of indicators, periods or figures.
"""

import ast
import datetime
import logging
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .metrics import APPROVED_FIGURES, Contributions, PeriodValues, registry
from .models import (
    PROGRAMME_DEADLINE,
    VERDICT_STATUS,
    Indicator,
    IndicatorKind,
    IndicatorSource,
    Period,
    ProgressStatus,
    StatusThresholds,
    TargetAssessment,
)
from .periods import as_of, begun_periods, has_ended

logger = logging.getLogger(__name__)

# How many of the latest reported levels the projection's trend line goes through.
PROJECTION_WINDOW = 8

HUNDRED = Decimal(100)
VALUE_PLACES = Decimal("0.0001")
PERCENT_PLACES = Decimal("0.01")

# The fields of a Progress row the engine computes, in the order they are compared and written.
FIELDS = (
    "as_of",
    "provisional",
    "data_period_id",
    "level",
    "value",
    "target_value",
    "baseline_value",
    "percent_of_target",
    "expected_percent",
    "projected_value",
    "status",
    "reported",
    "contributions",
)


def target_met(value: Decimal, target: Decimal, *, strictly_more: bool) -> bool:
    """R3.4: 达到 and 以上 are met at the target; 超过 only above it (equal is not 超过)."""
    return value > target if strictly_more else value >= target


def status_for(
    percent: Decimal | None,
    expected: Decimal | None,
    *,
    thresholds: StatusThresholds,
    met: bool | None = None,
) -> ProgressStatus:
    """The one rule that turns % of target and expected % into a status (see the docstring);
    `met` is `target_met()`'s answer, else % of target ≥ 100."""
    if percent is None:
        return ProgressStatus.NO_DATA
    if (percent >= HUNDRED) if met is None else met:
        return ProgressStatus.ACHIEVED
    if expected is None or expected <= 0:
        return ProgressStatus.ON_TRACK
    if expected >= HUNDRED:
        return ProgressStatus.OFF_TRACK
    ratio = percent / expected
    if ratio >= thresholds.on_track_ratio:
        return ProgressStatus.ON_TRACK
    if ratio >= thresholds.at_risk_ratio:
        return ProgressStatus.AT_RISK
    return ProgressStatus.OFF_TRACK


def _q(value, places=VALUE_PLACES) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(places, rounding=ROUND_HALF_UP)


# Formulas ---------------------------------------------------------------------------------------

FORMULA_REF = re.compile(r"\{([^{}]+)\}")
_FORMULA_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.USub,
    ast.UAdd,
    ast.Constant,
    ast.Name,
    ast.Load,
)


class FormulaError(ValueError):
    pass


@dataclass(frozen=True)
class Formula:
    """Arithmetic (+ - * / and numbers) over other indicators' codes in braces."""

    codes: tuple[str, ...]
    tree: ast.Expression

    @classmethod
    def parse(cls, text: str) -> "Formula":
        codes = tuple(dict.fromkeys(FORMULA_REF.findall(text)))
        names = {code: f"v{i}" for i, code in enumerate(codes)}
        source = FORMULA_REF.sub(lambda m: names[m.group(1)], text)
        try:
            tree = ast.parse(source, mode="eval")
        except SyntaxError as exc:
            raise FormulaError(text) from exc
        for node in ast.walk(tree):
            if not isinstance(node, _FORMULA_NODES):
                raise FormulaError(text)
            if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
                raise FormulaError(text)
        return cls(codes, tree)

    def evaluate(self, values: dict[str, Decimal]) -> Decimal | None:
        env = {f"v{i}": values[code] for i, code in enumerate(self.codes)}
        try:
            return self._eval(self.tree.body, env)
        except (ZeroDivisionError, ArithmeticError):
            return None

    def _eval(self, node, env) -> Decimal:
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            return env[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = self._eval(node.operand, env)
            return -operand if isinstance(node.op, ast.USub) else operand
        left, right = self._eval(node.left, env), self._eval(node.right, env)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return left / right


# Reading the data -------------------------------------------------------------------------------


def total(indicator: Indicator, contributions: Contributions) -> Decimal:
    """One number for a period: bureaus' parts add up, except ratios, which are averaged."""
    values = list(contributions.values())
    if indicator.kind == IndicatorKind.DERIVED_RATIO and len(values) > 1:
        return sum(values) / len(values)
    return sum(values, Decimal(0))


def gather_values(indicators: list[Indicator], periods: list[Period]) -> dict[int, PeriodValues]:
    """Every indicator's values per period: one call per metric, then formulas over them."""
    by_metric: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        if indicator.source == IndicatorSource.FIGURE:
            by_metric[APPROVED_FIGURES].append(indicator)
        elif indicator.source == IndicatorSource.METRIC and indicator.metric:
            by_metric[indicator.metric].append(indicator)
    values: dict[int, PeriodValues] = {}
    for name, members in by_metric.items():
        if registry.get(name) is None:
            logger.debug(
                "metric %s is not registered: %d indicators have no data", name, len(members)
            )
        values.update(registry.evaluate(name, members, periods))

    by_code = {i.code: i for i in indicators}
    resolving: set[int] = set()

    def resolve(indicator: Indicator) -> PeriodValues:
        if indicator.pk in values:
            return values[indicator.pk]
        if indicator.source != IndicatorSource.FORMULA or indicator.pk in resolving:
            return {}
        resolving.add(indicator.pk)
        values[indicator.pk] = _formula_values(indicator, periods, by_code, resolve)
        return values[indicator.pk]

    for indicator in indicators:
        resolve(indicator)
    return values


def _formula_values(indicator, periods, by_code, resolve) -> PeriodValues:
    """The formula at each period where one of its inputs was reported (later ones carry)."""
    try:
        formula = Formula.parse(indicator.formula)
    except FormulaError:
        logger.warning("indicator %s has an invalid formula %r", indicator.code, indicator.formula)
        return {}
    inputs = []
    for code in formula.codes:
        ref = by_code.get(code)
        if ref is None:
            logger.warning("formula of %s names unknown indicator %s", indicator.code, code)
            return {}
        inputs.append((code, ref, resolve(ref)))
    out: PeriodValues = {}
    latest: dict[str, Decimal] = {}
    for period in periods:
        reported = False
        for code, ref, ref_values in inputs:
            if period.pk in ref_values:
                latest[code] = total(ref, ref_values[period.pk])
                reported = True
        if reported and len(latest) == len(inputs):
            result = formula.evaluate(latest)
            if result is not None:
                out[period.pk] = {None: result}
    return out


# Computing --------------------------------------------------------------------------------------


@dataclass
class Level:
    period: Period
    level: Decimal | None
    reported: bool
    contributions: Contributions
    data_period: Period | None  # the latest period with data up to this one (R2.1)


def levels(indicator: Indicator, periods: list[Period], values: PeriodValues) -> list[Level]:
    """The measured level at each period's end (see the module docstring)."""
    out = []
    carried: Decimal | None = None
    year_total: Decimal | None = None
    year = None
    data_period: Period | None = None
    for period in periods:
        parts = values.get(period.pk)
        reported = parts is not None
        if indicator.kind == IndicatorKind.ANNUAL_FLOOR:
            if period.year != year:
                year, year_total, data_period = period.year, None, None
            if reported:
                year_total = (year_total or Decimal(0)) + total(indicator, parts)
            level = year_total
        else:
            if reported:
                carried = total(indicator, parts)
            level = carried
        if reported:
            data_period = period
        out.append(Level(period, level, reported, parts or {}, data_period))
    return out


def _fraction(day: datetime.date, start: datetime.date, end: datetime.date) -> Decimal:
    """How far `day` is along the line from `start` to `end`, between 0 and 1."""
    if end <= start:
        return Decimal(1)
    share = Decimal((day - start).days) / Decimal((end - start).days)
    return min(max(share, Decimal(0)), Decimal(1))


def _trend_at(points: list[tuple[datetime.date, Decimal]], day: datetime.date) -> Decimal | None:
    """R2.4: from the latest point, along the slope of a least-squares line through the points."""
    points = points[-PROJECTION_WINDOW:]
    if len(points) < 2:
        return None
    xs = [p[0].toordinal() for p in points]
    ys = [float(p[1]) for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return Decimal(repr(ys[-1] + slope * (day.toordinal() - xs[-1])))


def _baseline(indicator: Indicator, series: list[Level]):
    """(baseline level, baseline date), R3.3: the office's baseline value when set, else the
    level at the end of the baseline year; without a baseline year, the first reported level."""
    if indicator.baseline_year:
        day = datetime.date(indicator.baseline_year, 12, 31)
        if indicator.baseline_value is not None:
            return indicator.baseline_value, day
        base = None
        for item in series:
            if item.period.end_date <= day and item.level is not None:
                base = item.level
        return base, day
    for item in series:
        if item.reported:
            return item.level, item.period.end_date
    return None, None


def _growth(level: Decimal, base: Decimal, years: float, annualised: bool) -> Decimal:
    """Growth in per cent; a yearly average (compound) when annualised and a year has passed."""
    ratio = level / base
    if annualised and years > 0 and ratio > 0:
        return Decimal(repr((math.pow(float(ratio), 1 / years) - 1) * 100))
    return (ratio - 1) * HUNDRED


def _expected_in_year(period: Period, day: datetime.date) -> Decimal:
    """An annual floor's expected %: 25 per ended quarter, in proportion within a running one."""
    done = _fraction(day, period.start_date - datetime.timedelta(days=1), period.end_date)
    return Decimal(25) * (period.quarter - 1 + done)


def compute_indicator(
    indicator: Indicator,
    periods: list[Period],
    values: PeriodValues,
    today: datetime.date,
    verdicts: dict[int, str] | None = None,
    target: Decimal | None = None,
    strictly_more: bool | None = None,
    thresholds: StatusThresholds | None = None,
) -> dict:
    """{period id: Progress field values} for one indicator, as computed on `today`; a
    qualitative target's status is the office's verdict per period id in `verdicts` (R3.6);
    `target` and `strictly_more` replace the indicator's own (for 3.1's count of industries);
    `thresholds` are those in force (default: the portal's proposal)."""
    thresholds = thresholds or StatusThresholds()
    deadline = indicator.deadline or PROGRAMME_DEADLINE
    target = indicator.target_value if target is None else target
    if strictly_more is None:
        strictly_more = indicator.strictly_more
    series = levels(indicator, periods, values)
    base, base_day = _baseline(indicator, series)
    rows = {}
    points: list[tuple[datetime.date, Decimal]] = []
    for item in series:
        end = as_of(item.period, today)
        if item.reported and item.level is not None:
            points.append((end, item.level))
        row = dict.fromkeys(FIELDS)
        row.update(
            as_of=end,
            provisional=not has_ended(item.period, today),
            data_period_id=item.data_period.pk if item.data_period else None,
            level=_q(item.level),
            target_value=_q(target),
            reported=item.reported,
            contributions={
                "" if b is None else str(b): str(_q(v)) for b, v in item.contributions.items()
            },
        )
        if indicator.kind == IndicatorKind.QUALITATIVE:
            verdict = (verdicts or {}).get(item.period.pk)
            row.update(
                level=None,
                status=VERDICT_STATUS[verdict] if verdict else ProgressStatus.PENDING,
            )
            rows[item.period.pk] = row
            continue
        percent = expected = projected = value = met = None
        if item.level is not None and target:
            if indicator.kind == IndicatorKind.ANNUAL_FLOOR:
                value = item.level
                percent = value / target * HUNDRED
                met = target_met(value, target, strictly_more=strictly_more)
                expected = _expected_in_year(item.period, end)
                quarters_in_year = [p for p in points if p[0].year == item.period.year]
                if quarters_in_year:
                    projected = value * 4 / item.period.quarter
            elif indicator.kind == IndicatorKind.GROWTH_RATE:
                if base is not None and base > 0:
                    years = (end - base_day).days / 365.25
                    value = _growth(item.level, base, years, indicator.annualised)
                    span = (deadline - base_day).days / 365.25
                    if indicator.annualised and indicator.baseline_year:
                        span = deadline.year - indicator.baseline_year
                    growth = 1 + target / HUNDRED
                    goal = base * (
                        Decimal(repr(math.pow(float(growth), span)))
                        if indicator.annualised
                        else growth
                    )
                    percent = (item.level - base) / (goal - base) * HUNDRED
                    met = target_met(item.level, _q(goal), strictly_more=strictly_more)
                    expected = _fraction(end, base_day, deadline) * HUNDRED
                    trend = _trend_at(points, deadline)
                    if trend is not None:
                        projected = _growth(trend, base, span, indicator.annualised)
            else:  # stock and derived ratio: the latest level against the target level
                value = item.level
                percent = value / target * HUNDRED
                met = target_met(value, target, strictly_more=strictly_more)
                if base is not None:
                    line = base + (target - base) * _fraction(end, base_day, deadline)
                    expected = line / target * HUNDRED
                projected = _trend_at(points, deadline)
                if projected is not None and indicator.kind == IndicatorKind.STOCK:
                    projected = max(projected, item.level)  # a stock does not shrink back
        elif item.level is not None:
            value = item.level  # an auxiliary input without a target: shown, not judged
        row.update(
            value=_q(value),
            baseline_value=_q(base) if indicator.kind != IndicatorKind.ANNUAL_FLOOR else None,
            percent_of_target=_q(percent, PERCENT_PLACES),
            expected_percent=_q(expected, PERCENT_PLACES),
            projected_value=_q(projected),
            status=status_for(
                _q(percent, PERCENT_PLACES),
                _q(expected, PERCENT_PLACES),
                thresholds=thresholds,
                met=met,
            ),
        )
        rows[item.period.pk] = row
    return rows


def industries_above(parts: list[Indicator], periods: list[Period], values) -> PeriodValues:
    """3.1 (R3.4): per period in which an industry reported, how many listed industries' latest
    density is strictly above their national average."""
    series = [levels(part, periods, values.get(part.pk, {})) for part in parts]
    out: PeriodValues = {}
    for index, period in enumerate(periods):
        if not any(levels_of[index].reported for levels_of in series):
            continue
        above = sum(
            1
            for part, levels_of in zip(parts, series, strict=True)
            if levels_of[index].level is not None
            and target_met(
                levels_of[index].level, part.target_value, strictly_more=part.strictly_more
            )
        )
        out[period.pk] = {None: Decimal(above)}
    return out


def _not_set_rows(periods: list[Period], today: datetime.date) -> dict:
    """3.1 before any industry is listed: 待设定 in every period, never a failure (R3.4)."""
    rows = {}
    for period in periods:
        row = dict.fromkeys(FIELDS)
        row.update(
            as_of=as_of(period, today),
            provisional=not has_ended(period, today),
            status=ProgressStatus.NOT_SET,
            reported=False,
            contributions={},
        )
        rows[period.pk] = row
    return rows


def compute_all(today: datetime.date) -> dict[tuple[int, int], dict]:
    """{(indicator id, period id): Progress field values} for every indicator and period."""
    indicators = list(Indicator.objects.select_related("parent").order_by("order", "id"))
    periods = begun_periods(today)
    values = gather_values(indicators, periods)
    verdicts: dict[int, dict[int, str]] = defaultdict(dict)
    for indicator_id, period_id, verdict in TargetAssessment.objects.values_list(
        "indicator_id", "period_id", "verdict"
    ):
        verdicts[indicator_id][period_id] = verdict
    thresholds = StatusThresholds.current()
    out = {}
    for indicator in indicators:
        if indicator.source == IndicatorSource.INDUSTRIES:
            rows = _industry_rows(indicator, indicators, periods, values, today, thresholds)
        else:
            rows = compute_indicator(
                indicator,
                periods,
                values.get(indicator.pk, {}),
                today,
                verdicts[indicator.pk],
                thresholds=thresholds,
            )
        for period_id, row in rows.items():
            out[indicator.pk, period_id] = row
    return out


def _industry_rows(indicator, indicators, periods, values, today, thresholds) -> dict:
    # An industry without a national average is not listed yet.
    parts = [i for i in indicators if i.parent_id == indicator.pk and i.target_value is not None]
    if not parts:
        return _not_set_rows(periods, today)
    counts = industries_above(parts, periods, values)
    # Met when every listed industry is above: the count reaches the number listed.
    return compute_indicator(
        indicator,
        periods,
        counts,
        today,
        target=Decimal(len(parts)),
        strictly_more=False,
        thresholds=thresholds,
    )
