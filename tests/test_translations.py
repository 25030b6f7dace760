"""The Chinese translation is complete: no empty or fuzzy entry, so no English leaks into the UI
(a fuzzy entry is one gettext guessed from a similar string; msgfmt leaves it out)."""

from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if any(line.startswith("msgid ") for line in lines):
            yield lines


def msgid(lines) -> str:
    return next(line for line in lines if line.startswith("msgid "))[6:]


def test_no_entry_is_fuzzy():
    fuzzy = [
        msgid(e) for e in entries() if any(line.startswith("#,") and "fuzzy" in line for line in e)
    ]
    assert fuzzy == []


def test_every_entry_is_translated():
    empty = []
    for e in entries():
        if msgid(e) == '""':
            continue
        strings = [line for line in e if line.startswith("msgstr")]
        for i, line in enumerate(e):
            if (
                line in strings
                and line.endswith('""')
                and (i + 1 == len(e) or not e[i + 1].startswith('"'))
            ):
                empty.append(msgid(e))
    assert empty == []
