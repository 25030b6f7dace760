"""The office's review queue: filtered, with each item's value, its change against last quarter
(R11.1), the outlier flag and its evidence count inline; many items approved or returned with
one comment, one workflow transition each (same rules, history, audit and notifications)."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from bureaus.models import Bureau, User
from targets.models import Figure
from targets.periods import parse_code
from targets.validation import past_values_of, unusual_value_reason
from tasks_registry.models import TaskReport

from .comparison import Change, change, evidence_counts, last_quarter_items, series_key
from .kinds import FIGURE, KINDS, TASK_REPORT
from .models import Action, SubmissionState
from .services import WorkflowError, transition

UNKNOWN_PERIOD = _("“%(value)s” is not a quarter: write it as 2026Q3.")
NOTHING_CHOSEN = _("Tick at least one item first.")
BULK_ACTIONS = (Action.APPROVE, Action.RETURN)


class QueueFilter(forms.Form):
    """The queue's filters; a bad value is a form error shown on the page, never a 500."""

    period = forms.CharField(label=_("Period"), required=False, max_length=6)
    bureau = forms.ModelChoiceField(
        label=_("Bureau"),
        queryset=Bureau.objects.members(),
        to_field_name="code",
        required=False,
        empty_label=_("All bureaus"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Both kinds")), *((k.slug, k.label) for k in KINDS.values())],
        required=False,
    )
    state = forms.ChoiceField(
        label=_("State"), choices=SubmissionState.choices, required=False, initial="submitted"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
        self.fields["period"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": "2026Q3"}
        )

    def clean_period(self):
        code = self.cleaned_data["period"].strip().upper()
        if code and parse_code(code) is None:
            raise forms.ValidationError(UNKNOWN_PERIOD % {"value": code})
        return code


@dataclass
class QueueRow:
    item: Figure | TaskReport
    change: Change | None
    unusual: str | None
    evidence: int

    @property
    def kind(self):
        return FIGURE if isinstance(self.item, Figure) else TASK_REPORT

    @property
    def key(self) -> str:
        """What a ticked box sends: kind, id and the version read, so a stale tick is refused."""
        return f"{self.kind.slug}-{self.item.pk}-{self.item.version}"


def queue_items(
    *, period: str = "", bureau: Bureau | None = None, kind: str = "", state: str = ""
) -> list[Figure | TaskReport]:
    """The filtered items in the queue's order: oldest submission first."""
    state = state or SubmissionState.SUBMITTED
    where = {"state": state}
    if period:
        year, quarter = parse_code(period)
        where.update(period__year=year, period__quarter=quarter)
    if bureau is not None:
        where["bureau"] = bureau
    items = []
    if kind in ("", FIGURE.slug):
        items += Figure.objects.filter(**where).select_related("indicator", "bureau", "period")
    if kind in ("", TASK_REPORT.slug):
        items += TaskReport.objects.filter(**where).select_related("task", "bureau", "period")
    items.sort(key=lambda i: (i.submitted_at is None, i.submitted_at, i.pk))
    return items


def queue(**filters) -> list[QueueRow]:
    """The queue's items with what stands beside them; a fixed number of queries whatever the
    number of items."""
    items = queue_items(**filters)
    last = last_quarter_items(items)
    evidence = evidence_counts(items)
    histories = past_values_of([i for i in items if isinstance(i, Figure)])
    return [
        QueueRow(
            item,
            change(item, last.get(series_key(item))),
            unusual_value_reason(item, histories[item.pk]) if isinstance(item, Figure) else None,
            evidence.get((type(item), item.pk), 0),
        )
        for item in items
    ]


def parse_key(key: str) -> tuple[type, int, int] | None:
    """figure-12-3 → (Figure, 12, 3); None for anything else."""
    parts = key.split("-")
    if len(parts) != 3 or parts[0] not in KINDS or not all(p.isdigit() for p in parts[1:]):
        return None
    return KINDS[parts[0]].model, int(parts[1]), int(parts[2])


@dataclass
class BulkOutcome:
    done: list
    refused: list  # (label, reason)


def bulk_transition(keys: list[str], action: str, *, user: User, comment: str) -> BulkOutcome:
    """Approve or return each ticked item as if on its own page: one transition per item, each
    in its own transaction, so one refusal (a stale tick, an item already handled) stops no
    other."""
    outcome = BulkOutcome([], [])
    for key in keys:
        parsed = parse_key(key)
        if parsed is None:
            continue
        model, pk, version = parsed
        item = model.objects.filter(pk=pk).first()
        if item is None:
            continue
        try:
            transition(item, action, user=user, comment=comment, version=version)
        except WorkflowError as error:
            outcome.refused.append((item.label, error.message))
        else:
            outcome.done.append(item)
    return outcome


def next_after(model: type, pk: int, **filters) -> Figure | TaskReport | None:
    """The item that follows this one in the filtered queue, after it was handled (and so left
    the queue): the first one submitted after it, else the queue's first."""
    handled = model.objects.filter(pk=pk).first()
    items = queue_items(**filters)
    if handled is not None and handled.submitted_at is not None:
        mark = (handled.submitted_at, handled.pk)
        for item in items:
            if item.submitted_at and (item.submitted_at, item.pk) > mark:
                return item
    return items[0] if items else None
