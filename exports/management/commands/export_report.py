"""`manage.py export_report --period 2026Q3 --format pdf --output report.pdf`: the report the
page's buttons produce (same function, kept in the history too), for scheduled mailings."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exports.models import ReportFormat
from exports.services import report_generate
from reports.assembly import ReportPeriodError


class Command(BaseCommand):
    help = "Write the assessment report of a quarter (2026Q3) or a year (2026) as PDF or Excel."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="a quarter like 2026Q3, or a year")
        parser.add_argument("--format", choices=ReportFormat.values, default=ReportFormat.PDF)
        parser.add_argument("--output", required=True, help="the file to write ('-' for stdout)")

    def handle(self, *args, period, format, output, **options):
        try:
            stored = report_generate(code=period, fmt=format, trigger="command")
        except ReportPeriodError as error:
            raise CommandError(str(error)) from error
        with stored.file.open("rb") as file:
            content = file.read()
        if output == "-":
            self.stdout.buffer.write(content)  # type: ignore[attr-defined]
            return
        Path(output).write_bytes(content)
        self.stderr.write(
            f"{output}: {len(content)} bytes, sha256 {stored.sha256}, "
            f"data version {stored.data_version or '-'}"
        )
