"""Encrypting columns that already hold clear text, for the data migrations that adopt
EncryptedTextField. Raw SQL on purpose: the ORM would try to open the clear text as envelopes."""

from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from .envelope import blind_index, is_sealed, open_sealed, seal


def encrypt_columns(
    schema_editor: BaseDatabaseSchemaEditor,
    table: str,
    key: str,
    columns: dict[str, str | None],
) -> None:
    """Seal every clear value of `columns` (column → its blind-index column, or None) in
    `table`, row by row; values already sealed are left alone, so a re-run is harmless."""
    _rewrite(schema_editor, table, key, columns, forwards=True)


def decrypt_columns(
    schema_editor: BaseDatabaseSchemaEditor,
    table: str,
    key: str,
    columns: dict[str, str | None],
) -> None:
    """The reverse: put the clear text back (for rolling the migration back)."""
    _rewrite(schema_editor, table, key, columns, forwards=False)


def _rewrite(schema_editor, table, key, columns, *, forwards):
    quote = schema_editor.connection.ops.quote_name
    names = list(columns)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(key)}, {', '.join(quote(n) for n in names)} FROM {quote(table)}"  # noqa: S608 (quoted names of our own tables)
        )
        rows = cursor.fetchall()
        for pk, *values in rows:
            assignments, params = [], []
            for name, value in zip(names, values, strict=True):
                if not value or is_sealed(value) == forwards:
                    continue
                clear = value if forwards else open_sealed(value)
                assignments.append(f"{quote(name)} = %s")
                params.append(seal(clear) if forwards else clear)
                if columns[name]:
                    assignments.append(f"{quote(columns[name])} = %s")
                    params.append(blind_index(clear) if forwards else "")
            if assignments:
                cursor.execute(
                    f"UPDATE {quote(table)} SET {', '.join(assignments)} WHERE {quote(key)} = %s",  # noqa: S608
                    [*params, pk],
                )
