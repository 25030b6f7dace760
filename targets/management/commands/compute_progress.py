from django.core.management.base import BaseCommand

from targets.services import Trigger, progress_compute


class Command(BaseCommand):
    help = "Compute every indicator's progress now (the same as the nightly Celery task)."

    def handle(self, *args, **options):
        run = progress_compute(trigger=Trigger.COMMAND)
        self.stdout.write(
            f"progress computed in {run.duration.total_seconds():.2f}s: "
            f"{run.rows_created} created, {run.rows_updated} updated, {run.rows_deleted} deleted"
        )
