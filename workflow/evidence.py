"""Evidence files: accepted by what they contain, not what they are called.

PDF, PNG/JPEG/GIF images, Word/Excel (OOXML and the older OLE formats) and WPS files, up to
MAX_SIZE. OOXML files are zip archives: they are opened (with limits against zip bombs) to tell a
document from any other zip, and anything carrying macros is refused.
"""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Evidence

MAX_SIZE = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024

TOO_LARGE = _("“%(name)s” is larger than 20 MB.")
WRONG_TYPE = _("“%(name)s” is not a PDF, image, Word, Excel or WPS file (checked by its content).")
MACROS = _("“%(name)s” contains macros, which are not accepted.")
BROKEN = _("“%(name)s” is damaged or too large when unpacked.")

SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    # OLE2 compound files: .doc, .xls, and WPS's own .wps/.et.
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
]
OOXML_PARTS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

# The names a file of each detected type may keep; the first is given to any other name, so a
# PDF uploaded as "x.html" is served as "x.pdf" and no browser treats it as a page.
SUFFIXES = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "application/x-ole-storage": (".doc", ".xls", ".ppt", ".wps", ".et", ".dps"),
    OOXML_PARTS["word/"]: (".docx",),
    OOXML_PARTS["xl/"]: (".xlsx",),
    OOXML_PARTS["ppt/"]: (".pptx",),
}


def name_for_type(name: str, mime: str) -> str:
    """The file name with a suffix its detected type may have (unchanged for other types)."""
    suffixes = SUFFIXES.get(mime.split(";")[0].strip())
    if not suffixes:
        return name
    path = PurePath(name)
    if path.suffix.lower() in suffixes:
        return name
    return path.stem + suffixes[0]


def _ooxml_type(upload: UploadedFile, name: str) -> str:
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or (
                sum(e.file_size for e in entries) > MAX_ZIP_UNCOMPRESSED
            ):
                raise ValidationError(BROKEN % {"name": name})
            names = [e.filename for e in entries]
    except zipfile.BadZipFile as error:
        raise ValidationError(BROKEN % {"name": name}) from error
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        raise ValidationError(WRONG_TYPE % {"name": name})
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ValidationError(MACROS % {"name": name})
    for prefix, mime in OOXML_PARTS.items():
        if any(n.startswith(prefix) for n in names):
            return mime
    raise ValidationError(WRONG_TYPE % {"name": name})


def detect_type(upload: UploadedFile) -> str:
    """The file's real type from its first bytes, or a ValidationError saying why not."""
    name = upload.name
    if upload.size > MAX_SIZE:
        raise ValidationError(TOO_LARGE % {"name": name})
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_type(upload, name)
    for signature, mime in SIGNATURES:
        if head.startswith(signature):
            return mime
    raise ValidationError(WRONG_TYPE % {"name": name})


def attach(item, upload: UploadedFile, *, user, mime_type: str) -> Evidence:
    """Store an already checked upload under a server-made name and link it to the item."""
    evidence = Evidence(
        item=item,
        original_name=upload.name[:200],
        mime_type=mime_type,
        size=upload.size,
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    return evidence
