"""Fast inserts for the generator: COPY on PostgreSQL, bulk_create elsewhere.

Rows are plain dicts of column attnames. The generator assigns primary keys itself (so steps can
name their case before either is written, and a seed gives the same ids on a fresh database); the
sequences are reset at the end. A column a row leaves out gets the model field's default, as the
ORM would have given it, because COPY does not know Django's defaults.
"""

import datetime
import io
import json
from collections.abc import Iterable
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from crypto.envelope import blind_index
from crypto.fields import BlindIndexField, EncryptedTextField

CHUNK = 20_000
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    elif isinstance(value, int | Decimal):
        return str(value)
    return str(value).translate(ESCAPES)


class Writer:
    def __init__(self, now: datetime.datetime):
        self.now = now
        self.postgres = connection.vendor == "postgresql"
        self.models: list = []
        self.counts: dict[str, int] = {}

    def next_id(self, model) -> int:
        return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def _defaults(self, model) -> list[tuple[str, str, object]]:
        """(attname, column, default) of every concrete field."""
        out = []
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                default = self.now
            elif field.has_default():
                default = field.get_default()
            elif field.null:
                default = None
            else:
                default = ""
            out.append((field.attname, field.column, default))
        return out

    def write(self, model, rows: Iterable[dict]) -> int:
        """Insert every row; return how many."""
        if model not in self.models:
            self.models.append(model)
        columns = self._defaults(model)
        chunk, written = [], 0
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                written += self._flush(model, columns, chunk)
                chunk = []
        if chunk:
            written += self._flush(model, columns, chunk)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + written
        return written

    def _flush(self, model, columns, rows: list[dict]) -> int:
        pk = model._meta.pk.attname
        if pk not in rows[0]:  # the database numbers them
            columns = [c for c in columns if c[0] != pk]
        if not self.postgres:
            objects = [model(**{name: row.get(name, d) for name, _c, d in columns}) for row in rows]
            model.objects.bulk_create(objects, batch_size=2000)
            return len(rows)
        sealed = _sealed_fields(model)
        buffer = io.StringIO()
        for row in rows:
            if sealed:
                row = _seal(row, sealed)
            line = "\t".join(_text(row.get(name, d)) for name, _c, d in columns)
            buffer.write(line + "\n")
        buffer.seek(0)
        names = ", ".join(connection.ops.quote_name(column) for _n, column, _d in columns)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
        return len(rows)

    def analyze(self) -> None:
        """Fresh planner statistics: COPY leaves none, and autovacuum comes when it comes."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in self.models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    def reset_sequences(self) -> None:
        """After explicit ids, the next ORM insert must not collide with them."""
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(sql)


def _sealed_fields(model) -> list:
    """The encrypted fields and blind indexes that COPY, unlike the ORM, would write in clear."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedTextField | BlindIndexField)
    ]


def _seal(row: dict, fields: list) -> dict:
    row = dict(row)
    for field in fields:
        if isinstance(field, BlindIndexField):
            row[field.attname] = blind_index(row.get(field.source) or "")
        else:
            row[field.attname] = field.get_prep_value(row.get(field.attname) or "")
    return row
