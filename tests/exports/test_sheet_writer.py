"""The streaming writer's own SpreadsheetML (exports/streaming.py): every kind of value a column
gives reads back from the real file, through openpyxl, as the cell openpyxl itself would have
written (type, number format, text kept as text); the workbook around the rows keeps its styled
frozen header and A4 landscape set-up; choice labels are translated once per export, in the
language active when it runs."""

import datetime
import io
import zipfile
from collections.abc import Mapping
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from enforcement.models import IPType
from exports.streaming import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    MAX_TEXT,
    MONEY_FORMAT,
    YES_NO,
    ExportColumn,
    write_rows,
)
from finance.models import IPStatus
from spreadsheets import xlsx

AWARE = timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 30), datetime.UTC)
VALUES = [
    "a & b < c > d",
    " padded ",
    "bell\x07 removed",
    "=SUM(A1:A2)",
    "+8613800000000",
    "-2",
    "@x",
    "长文本" * 20000,
    42,
    Decimal("1234.5"),
    Decimal("NaN"),
    1.25,
    float("inf"),
    datetime.date(2026, 2, 28),
    datetime.date(1900, 2, 1),  # before Excel's phantom 29 February 1900
    AWARE,
    True,
    None,
    "",
]


def _workbook(columns, rows, **options) -> bytes:
    file = io.BytesIO()
    write_rows(file, columns, rows, title="测试", **options)
    return file.getvalue()


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def test_it_writes_each_kind_of_value_as_a_typed_cell():
    columns = [ExportColumn("值", lambda value: value, number_format=MONEY_FORMAT)]
    sheet = _sheet(_workbook(columns, VALUES))
    cells = {cell.row - 2: cell for (cell,) in sheet.iter_rows(min_row=2)}

    def read(index):
        cell = cells.get(index)
        if cell is None or cell.value is None:  # no cell, or openpyxl's filler for a gap
            return None
        return cell.value, cell.data_type, cell.number_format

    assert read(0) == ("a & b < c > d", "s", "General")
    assert read(1) == (" padded ", "s", "General")  # spaces kept (xml:space="preserve")
    assert read(2) == ("bell removed", "s", "General")  # what XML cannot hold is dropped
    for index in range(3, 7):  # text Excel would run as a formula: text, with a quote prefix
        assert read(index) == (VALUES[index], "s", "General")
        assert cells[index].quotePrefix
    assert not cells[0].quotePrefix
    assert read(7) == (VALUES[7][:MAX_TEXT], "s", "General")
    assert read(8) == (42, "n", MONEY_FORMAT)
    assert read(9) == (1234.5, "n", MONEY_FORMAT)
    assert read(10) is None  # not a number: an empty cell, not an error in the file
    assert read(11) == (1.25, "n", MONEY_FORMAT)
    assert read(12) is None
    assert read(13) == (datetime.datetime(2026, 2, 28), "d", DATE_FORMAT)
    assert read(14) == (datetime.datetime(1900, 2, 1), "d", DATE_FORMAT)
    local = timezone.localtime(AWARE).replace(tzinfo=None)  # Asia/Shanghai: 2 March, 07:30
    assert read(15) == (local, "d", DATETIME_FORMAT) and local.day == 2
    assert read(16) == (True, "b", "General")
    assert read(17) is None and read(18) is None  # empty cells, not empty strings
    assert all(cell.data_type != "f" for cell in cells.values())


def test_it_keeps_the_styled_frozen_header_and_the_a4_landscape_page():
    columns = [ExportColumn("案件编号", lambda row: row, 10), ExportColumn("金额", str, 40)]
    data = _workbook(columns, range(3))
    sheet = _sheet(data)
    header = sheet[1]
    assert [cell.value for cell in header] == ["案件编号", "金额"]
    assert all(
        cell.font.b and cell.fill.fgColor.rgb == xlsx.HEADER_FILL.fgColor.rgb for cell in header
    )
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A4)
    assert sheet.column_dimensions["A"].width == 10  # the header's 8 columns, then the minimum
    assert sheet.column_dimensions["B"].width == 40
    assert [row for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        (0, "0"),
        (1, "1"),
        (2, "2"),
    ]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted(set(archive.namelist()))  # no entry twice


class CountingChoices(Mapping):
    """Choices that count how often they are read: once per export, not once per row."""

    def __init__(self, choices):
        self.choices = dict(choices)
        self.reads = 0

    def __getitem__(self, key):
        return self.choices[key]

    def __iter__(self):
        self.reads += 1
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)


@pytest.mark.parametrize(
    ("language", "labels"), [("zh-hans", ("专利", "是")), ("en", ("Patent", "Yes"))]
)
def test_it_translates_choice_labels_once_in_the_active_language(language, labels):
    kinds = CountingChoices(IPType.choices)
    columns = [
        ExportColumn("类型", lambda row: row[0], choices=kinds),
        ExportColumn("是否", lambda row: row[1], choices=YES_NO),
    ]
    rows = [("patent", True)] * 500 + [("unknown", False)]
    with translation.override(language):
        data = _workbook(columns, rows)
    values = list(_sheet(data).iter_rows(min_row=2, values_only=True))
    assert values[0] == labels and len(values) == 501
    assert values[-1][0] == "unknown"  # a value outside the choices is shown as stored
    assert kinds.reads == 1


def test_it_reports_progress_while_writing():
    seen = []
    columns = [ExportColumn("编号", lambda row: row)]
    assert write_rows(io.BytesIO(), columns, range(2500), on_progress=seen.append) == 2500
    assert seen == [1000, 2000, 2500]


def test_a_blank_choice_stays_an_empty_cell():
    columns = [ExportColumn("称号", lambda row: row, choices=IPStatus.choices)]
    with translation.override("zh-hans"):
        data = _workbook(columns, ["", "demonstration"])
        label = str(IPStatus("demonstration").label)
    rows = list(_sheet(data).iter_rows(min_row=2, values_only=True))
    assert rows == [(None,), (label,)] and label != "demonstration"
