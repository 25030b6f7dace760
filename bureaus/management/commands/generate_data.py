"""Fill a database with synthetic registers for the benchmark (synthetic/generate.py).

It writes hundreds of thousands of rows, so it refuses unless DEBUG is on or the caller says
`--i-know-this-writes` (or sets IPCITY_SYNTHETIC_DATA=1), and refuses a database that holds real
register data unless `--force`.
"""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from synthetic.generate import GenerationRefused, already_generated, generate, real_records
from targets.services import progress_compute

ENV_FLAG = "IPCITY_SYNTHETIC_DATA"


class Command(BaseCommand):
    help = "Generate synthetic register data: --scale 1 is one district over 2019–2026."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, required=True, help="1 = one district")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--until", help="last day of the data, YYYY-MM-DD (default today)")
        parser.add_argument(
            "--i-know-this-writes",
            action="store_true",
            dest="allowed",
            help=f"run without DEBUG (or set {ENV_FLAG}=1)",
        )
        parser.add_argument(
            "--force", action="store_true", help="add to a database that has real register data"
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="skip the progress computation at the end"
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["allowed"] or os.environ.get(ENV_FLAG) == "1"):
            raise CommandError(
                "generate_data writes synthetic records: it runs only with DEBUG on, "
                f"--i-know-this-writes or {ENV_FLAG}=1."
            )
        scale = options["scale"]
        if not 0 < scale <= 1000:
            raise CommandError("--scale must be above 0 and at most 1000.")
        until = timezone.localdate()
        if options["until"]:
            try:
                until = timezone.datetime.strptime(options["until"], "%Y-%m-%d").date()
            except ValueError:
                raise CommandError("--until must be a date like 2026-06-30.") from None
        if already_generated():
            raise CommandError("This database already has generated data: use a fresh one.")
        real = real_records()
        if real and not options["force"]:
            raise CommandError(
                "This database has real data in: " + ", ".join(real) + ". Use --force to add "
                "synthetic records to it anyway."
            )
        started = time.perf_counter()
        try:
            counts = generate(scale=scale, seed=options["seed"], until=until, log=self.stdout.write)
        except GenerationRefused as error:
            raise CommandError(str(error)) from None
        for label, n in counts.items():
            self.stdout.write(f"{label}: {n}")
        if not options["no_progress"]:
            progress_compute(trigger="synthetic", today=until)
        self.stdout.write(f"generated in {time.perf_counter() - started:.1f}s")
