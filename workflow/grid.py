"""The entry grid: every figure and task report a bureau owes for a quarter on one page, saved
and submitted through the same workflow functions as the item pages, one item at a time, so
each keeps its own rules, history, audit and notifications (R11.2)."""

from dataclasses import dataclass, field

from django.db import transaction

from bureaus.models import Bureau, User
from targets.models import Figure, Period
from targets.validation import past_values_of
from targets.validation import submission_errors as figure_submission_errors
from tasks_registry.models import TaskReport

from .comparison import Change, change, evidence_counts, last_quarter_items, series_key
from .forms import FigureGridForm, TaskReportGridForm
from .kinds import FIGURE
from .models import Action
from .selectors import Row, rows_for
from .services import WorkflowError, allowed_actions, save_draft, transition


@dataclass
class Line:
    """One row of the grid: the item (saved or not yet), its form, and what stands beside it."""

    row: Row
    item: Figure | TaskReport
    form: FigureGridForm | TaskReportGridForm
    editable: bool
    last: Figure | TaskReport | None = None
    change: Change | None = None
    evidence: int = 0
    history: list | None = None
    not_ready: list[str] = field(default_factory=list)
    error: str = ""
    outcome: str = ""  # "saved" or "submitted" after a POST

    @property
    def prefix(self) -> str:
        return self.form.prefix

    @property
    def ready(self) -> bool:
        return self.editable and self.item.pk is not None and not self.not_ready

    def readiness(self) -> list[str]:
        """Why this saved, editable item cannot be submitted yet; [] when it is ready."""
        if not (self.editable and self.item.pk):
            return []
        if isinstance(self.item, Figure):
            errors = figure_submission_errors(self.item, self.history)
        else:
            errors = self.item.submission_errors()
        return [message for messages in errors.values() for message in messages]


def _item(row: Row) -> Figure | TaskReport:
    """The row's item with its subject, bureau and period attached, so nothing is read again."""
    if row.kind is FIGURE:
        item = row.item or Figure(indicator=row.subject, bureau=row.bureau, period=row.period)
        item.indicator = row.subject
    else:
        item = row.item or TaskReport(task=row.subject, bureau=row.bureau, period=row.period)
        item.task = row.subject
    item.bureau, item.period = row.bureau, row.period
    return item


def lines_for(period: Period, bureau: Bureau, user: User, data=None) -> list[Line]:
    """The grid's rows, with forms bound to `data` (a POST) when given. A fixed number of queries
    whatever the number of rows."""
    lines = []
    for row in rows_for(period, bureau.pk):
        item = _item(row)
        form_class = FigureGridForm if row.kind is FIGURE else TaskReportGridForm
        prefix = f"{row.kind.slug}-{row.subject.pk}"
        editable = "save" in allowed_actions(user, item)
        form = form_class(data if editable else None, instance=item, prefix=prefix)
        lines.append(Line(row, item, form, editable))
    items = [line.item for line in lines]
    last = last_quarter_items(items)
    evidence = evidence_counts(items)
    histories = past_values_of([i for i in items if isinstance(i, Figure) and i.pk])
    for line in lines:
        line.last = last.get(series_key(line.item))
        line.change = change(line.item, line.last)
        line.evidence = evidence.get((type(line.item), line.item.pk), 0)
        line.history = histories.get(line.item.pk) if line.item.pk else None
        line.not_ready = line.readiness()
    return lines


@dataclass
class Outcome:
    saved: int = 0
    submitted: int = 0
    errors: int = 0


def save_lines(lines: list[Line], *, user: User, submit: bool) -> Outcome:
    """Save every editable row that was changed as a draft, then, when asked, submit each ready
    one. Each row is its own transaction: one row's error (a bad value, a stale version) leaves
    the others saved, and is kept on its line with what was typed."""
    outcome = Outcome()
    for line in lines:
        if not line.editable:
            continue
        form = line.form
        if not form.is_valid():
            line.error = "invalid"
            outcome.errors += 1
            continue
        version = form.cleaned_data["version"]
        try:
            if form.has_changed():
                data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
                save_draft(line.item, user=user, data=data, version=version)
                line.outcome, outcome.saved, version = "saved", outcome.saved + 1, None
            if submit and line.item.pk:
                if line.history is None and isinstance(line.item, Figure):
                    line.history = past_values_of([line.item])[line.item.pk]
                if not line.readiness():
                    with transaction.atomic():
                        transition(line.item, Action.SUBMIT, user=user, version=version)
                    line.outcome, outcome.submitted = "submitted", outcome.submitted + 1
        except WorkflowError as error:
            line.error = error.message
            outcome.errors += 1
    return outcome
