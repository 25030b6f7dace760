"""The portal's defaults and the office's confirmation of them (docs/rules.md R4).

What the plan does not say (owners, reporting bureaus, baselines, weights, due dates) is the
portal's proposal until the office confirms or changes it. Every such model is `Confirmable`;
`confirm()` is the one way a default becomes the office's, on every path (the defaults page, a
change on a page, the admin), so each confirmation is stamped, kept in history and audited once.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import audit

# The label of an unconfirmed default; the include core/_provenance.html shows it.
PENDING_LABEL = _("portal default, awaiting the office's confirmation")


class Provenance(models.TextChoices):
    """Whose a value is: what the pages' label and the API's `provenance` say."""

    DEFAULT = "default", PENDING_LABEL
    CONFIRMED = "confirmed", _("portal default, confirmed by the office")
    OFFICE = "office", _("set by the office")


class Confirmable(models.Model):
    """A row holding one of the portal's proposals; `CONFIRMED_FIELDS` are the proposal itself:
    a reload of the programme never overwrites them once the office has confirmed the row."""

    CONFIRMED_FIELDS: tuple[str, ...] = ()

    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def awaits_confirmation(self) -> bool:
        return self.confirmed_at is None

    @property
    def provenance(self) -> Provenance:
        return Provenance.DEFAULT if self.awaits_confirmation else Provenance.CONFIRMED


@transaction.atomic
def confirm(objects: Iterable[Confirmable], *, user) -> list[Confirmable]:
    """Stamp each unconfirmed object with `user` and now; one audit event names them all.
    Confirming what is already confirmed changes nothing (it keeps the first stamp)."""
    now = timezone.now()
    done = []
    for obj in objects:
        if obj.confirmed_at is not None:
            continue
        obj.confirmed_by, obj.confirmed_at = user, now
        obj._change_reason = "confirmed"  # read by simple-history where the model keeps one
        obj.save(update_fields=["confirmed_by", "confirmed_at"])
        done.append(obj)
    if done:
        audit.record(
            "default_confirm",
            user=user,
            detail={"confirmed": [f"{o._meta.label_lower}:{o.pk} {o}"[:200] for o in done]},
        )
    return done


class ConfirmOnChangeAdmin:
    """A ModelAdmin mixin: changing a default's own fields in the admin confirms it (R4.2)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and set(form.changed_data) & set(obj.CONFIRMED_FIELDS):
            confirm([obj], user=request.user)
