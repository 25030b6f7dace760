"""Uploads are judged by content with limits against zip bombs (MLPS 8.1.4.4, ASVS V12.1, V12.2).

The evidence check (workflow.evidence.detect_type) and the Excel import check
(spreadsheets.xlsx.check_upload) open OOXML zips to look inside: these tests give them archives
built to exhaust the server and expect a refusal before anything is unpacked.
"""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from spreadsheets import xlsx
from workflow import evidence


def ooxml(extra_entries=0, big_entry_bytes=0, part="xl/workbook.xml") -> bytes:
    """A minimal Office Open XML zip, padded with many entries or one highly compressible one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<workbook/>")
        for index in range(extra_entries):
            archive.writestr(f"xl/media/pad{index}.xml", "")
        if big_entry_bytes:
            with archive.open("xl/media/zeros.bin", "w", force_zip64=True) as entry:
                chunk = b"\0" * (1024 * 1024)
                for _ in range(big_entry_bytes // len(chunk)):
                    entry.write(chunk)
    return buffer.getvalue()


def upload(data: bytes, name="材料.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_it_accepts_a_small_office_file_by_its_content():
    assert evidence.detect_type(upload(ooxml(), name="scan.bin")) == xlsx.XLSX_TYPE


def test_it_refuses_an_archive_with_too_many_entries():
    data = ooxml(extra_entries=evidence.MAX_ZIP_ENTRIES)
    assert len(data) < evidence.MAX_SIZE  # small on the wire: only the entry count is wrong
    with pytest.raises(ValidationError) as refused:
        evidence.detect_type(upload(data))
    assert refused.value.messages == [str(evidence.BROKEN % {"name": "材料.xlsx"})]


def test_it_refuses_an_archive_that_unpacks_too_large():
    data = ooxml(big_entry_bytes=evidence.MAX_ZIP_UNCOMPRESSED + 1024 * 1024)
    assert len(data) < evidence.MAX_SIZE  # a zip bomb: a few hundred KB that unpack to 200 MB
    with pytest.raises(ValidationError) as refused:
        evidence.detect_type(upload(data))
    assert refused.value.messages == [str(evidence.BROKEN % {"name": "材料.xlsx"})]


def test_the_excel_import_refuses_a_workbook_that_unpacks_beyond_its_own_limit():
    data = ooxml(big_entry_bytes=xlsx.MAX_UNPACKED_SIZE + 1024 * 1024)
    assert len(data) < xlsx.MAX_UPLOAD_SIZE
    with pytest.raises(ValidationError) as refused:
        xlsx.check_upload(upload(data))
    assert refused.value.messages == [str(xlsx.UNREADABLE % {"name": "材料.xlsx"})]


def test_the_excel_import_accepts_the_same_workbook_without_the_padding():
    assert xlsx.check_upload(upload(ooxml())) == ooxml()


@pytest.mark.parametrize(
    "original, expected",
    [("年报.PDF", "evidence-7.pdf"), ("扫描件", "evidence-7"), ('x.pdf"; a=b', "evidence-7")],
)
def test_a_download_gets_an_ascii_name_with_only_a_plain_suffix(original, expected):
    from exports.downloads import ascii_name

    assert ascii_name("evidence-7", original) == expected
