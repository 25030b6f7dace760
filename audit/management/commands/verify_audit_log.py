"""manage.py verify_audit_log: walk the audit log's HMAC-SM3 chain; exit 1 at the first break."""

from django.core.management.base import BaseCommand, CommandError

from audit import chain
from audit.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit log's HMAC-SM3 chain and report the first broken link."

    def handle(self, *args, **options):
        broken = chain.verify()
        if broken is not None:
            where = f"event {broken.event_id}" if broken.event_id is not None else "the anchor"
            raise CommandError(f"Audit log chain broken at {where}: {broken.reason}")
        self.stdout.write(f"Audit log chain intact: {AuditEvent.objects.count()} events.")
