from django.core.management.base import BaseCommand

from tasks_registry.programme import load_programme


class Command(BaseCommand):
    help = "Load or update the district's plan: bureaus, targets, task groups and key tasks."

    def handle(self, *args, **options):
        report = load_programme()
        self.stdout.write(
            f"programme loaded: {report.created} created, {report.updated} updated, "
            f"{len(report.kept_edits)} office edits kept"
        )
        for edit in report.kept_edits:
            self.stdout.write(f"  kept: {edit}")
