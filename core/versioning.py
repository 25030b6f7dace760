"""Stale edits refused on every register: a record carries a `version` that rises on each save;
a form or an API call names the version it was read at, and a save from an older one is refused
with the same message figures give, so the later writer never erases the earlier one's change."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

STALE = _(
    "Someone else saved this item after you opened it. Your changes were not saved: "
    "reload the page to see their version, then make your changes again."
)
VERSION_REQUIRED = _("Give the version you read, so that a newer change is not overwritten.")


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def claim_version(record: Versioned, version: int | None, *, error: type[Exception]) -> None:
    """Inside the caller's transaction: lock the stored row, refuse a save from another version
    than the stored one (raising `error(STALE, code="stale")`), and move the record on by one.
    `version=None` (an import, a script) skips the comparison, not the lock or the rise."""
    if record.pk is None:
        return
    manager = type(record)._default_manager
    stored = manager.select_for_update().values_list("version", flat=True).get(pk=record.pk)
    if version is not None and int(version) != stored:
        raise error(STALE, code="stale")
    record.version = stored + 1


class VersionedForm(forms.Form):
    """A hidden `version` field with the record's version; after cleaning, `form.version` holds
    it and cleaned_data does not (the services set cleaned_data's values on the record). A
    refused form keeps the user's input and the version it was read at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["version"].initial = instance.version

    def clean(self):
        cleaned = super().clean()
        self.version = cleaned.pop("version", None)
        return cleaned


class VersionedSerializer(serializers.Serializer):
    """`version` in and out: a change (PATCH) must name the version it read; creating needs none."""

    version = serializers.IntegerField(min_value=1, required=False)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [VERSION_REQUIRED]})
        return attrs
