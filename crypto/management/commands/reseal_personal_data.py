"""manage.py reseal_personal_data: the key-rotation step (docs/operations.md, "Field keys")."""

from django.core.management.base import BaseCommand

from crypto.rotation import reseal_all


class Command(BaseCommand):
    help = "Seal every encrypted value again under FIELD_ENCRYPTION_KEY (after a key rotation)."

    def handle(self, *args, **options):
        changed = reseal_all()
        self.stdout.write(f"{changed} rows sealed again under the current key.")
