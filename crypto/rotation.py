"""Key rotation: every encrypted value, in every model and its history, sealed again under the
current key (FIELD_ENCRYPTION_KEY), while the old keys (FIELD_ENCRYPTION_OLD_KEYS) still open
what was sealed before. Afterwards the old keys can be retired."""

from django.apps import apps
from django.db import connections, router, transaction

from .envelope import key_id_in
from .fields import EncryptedTextField
from .keys import provider


def encrypted_models() -> list[tuple[type, list[str]]]:
    """Each model (history models included) with the names of its encrypted fields."""
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def reseal_all(batch_size: int = 500) -> int:
    """Seal again each value not under the current key; return how many rows changed. Safe to
    re-run: a row already under the current key is left alone."""
    current = provider().current_key_id()
    changed = 0
    for model, names in encrypted_models():
        raw = model._base_manager.values_list("pk", *names)
        # The raw envelopes (not the clear values) tell which key sealed them.
        stale = [
            pk
            for pk, *values in _raw_rows(model, names)
            if any(value and key_id_in(value) != current for value in values)
        ]
        for start in range(0, len(stale), batch_size):
            with transaction.atomic():
                for pk, *values in raw.filter(pk__in=stale[start : start + batch_size]):
                    clear = dict(zip(names, values, strict=True))
                    model._base_manager.filter(pk=pk).update(**clear)
                    changed += 1
    return changed


def _raw_rows(model, names):
    """The stored envelopes, read past the field's decryption."""
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(n).column) for n in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(model._meta.pk.column)}, {columns} FROM {quote(model._meta.db_table)}"  # noqa: S608
        )
        return cursor.fetchall()
