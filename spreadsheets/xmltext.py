"""Text that XML 1.0 can hold, for every file the portal writes and every text it stores.

xlsx, docx and the PDFs' HTML are XML: a single U+FFFF or U+0001 in a lender's name made every
export that held it fail (lxml refuses the string, openpyxl writes a sheet Excel will not open).
So such characters are dropped twice: when any text field is saved (`strip_stored_text`, a
`pre_save` receiver for every model, so pages, API, imports, the admin and the audit log's
usernames all pass through it), and by every writer (`xml_safe`), so rows stored before still
export.
"""

import re

from django.db import models

# Everything XML 1.0 forbids in character data: C0 controls but tab, LF and CR; lone UTF-16
# surrogates (JSON "\ud800" decodes to one); the non-characters U+FFFE and U+FFFF.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """The text without the characters XML cannot hold."""
    return XML_INVALID.sub("", text)


def strip_stored_text(sender, instance, raw=False, **kwargs) -> None:
    """Drop XML-invalid characters from every text field of a model instance about to be saved."""
    if raw:  # fixtures are stored as they are
        return
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and XML_INVALID.search(value):
            setattr(instance, field.attname, xml_safe(value))
