"""Model fields: a text stored as an SM4-GCM envelope, and its blind index for exact search.

Python code, forms, the API and exports see the clear value; the database sees only envelopes.
An envelope differs each time (a random nonce), so the encrypted column cannot be filtered or
sorted: search goes through the blind index column beside it (`Q(<name>_index=blind_index(v))`).
"""

from django import forms
from django.core import validators
from django.db import models

from .envelope import blind_index, open_sealed, seal


class EncryptedTextField(models.TextField):
    """Personal data encrypted at rest. `max_length` limits the clear text, as on a CharField."""

    description = "Text encrypted with SM4-GCM"
    # A comparison with a fresh envelope never matches, so only "is it missing" is answered.
    ALLOWED_LOOKUPS = {"isnull"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return open_sealed(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return seal(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in self.ALLOWED_LOOKUPS:
            return None
        return super().get_lookup(lookup_name)

    def formfield(self, **kwargs):
        # One line of text in forms, as the CharField it replaces (a TextField gives a textarea).
        return models.Field.formfield(
            self, **{"form_class": forms.CharField, "max_length": self.max_length, **kwargs}
        )


class BlindIndexField(models.CharField):
    """HMAC-SM3 of the normalised `source` field, recomputed on every save."""

    description = "Blind index (HMAC-SM3) of another field"

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = blind_index(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
