"""`make restore-check` (ops/restore_check.py) on a real database and media folder: a faithful
restore passes; a damaged one (a changed row, a lost row, a changed file) is caught."""

import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg2
import pytest

from enforcement import services as case_services
from ops.restore_check import RestoreCheck, report
from tests.celery_worker import database_url_of_test_db
from tests.enforcement.conftest import case_data
from tests.finance.conftest import make_enterprise

pytestmark = pytest.mark.skipif(
    database_url_of_test_db().startswith("sqlite"), reason="pg_dump and pg_restore"
)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data(transactional_db, alice, market, tmp_path):
    """Committed rows in several tables (with their history) and a media folder with files."""
    case = case_services.case_create(user=alice, data=case_data())
    case_services.case_update(case, user=alice, data={"title": "改名"})
    for serial in range(1, 4):
        make_enterprise(market, serial)
    media = tmp_path / "media"
    (media / "cases" / "2026" / "11").mkdir(parents=True)
    (media / "cases" / "2026" / "11" / "a1b2").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    (media / "exports").mkdir()
    (media / "exports" / "x.xlsx").write_bytes(b"PK\x03\x04 workbook")
    return media


def scratch_exists(name: str) -> bool:
    conn = psycopg2.connect(database_url_of_test_db())
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        conn.close()


def test_a_faithful_restore_passes(data):
    done = subprocess.run(
        [sys.executable, "ops/restore_check.py", "--database-url", database_url_of_test_db(),
         "--media", str(data)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = {line.split()[0]: line.split() for line in done.stdout.splitlines() if line.strip()}
    assert lines["enforcement_case"][1:4] == ["1", "1", "ok"]
    assert lines["enforcement_historicalcase"][1:4] == ["2", "2", "ok"]
    assert lines["finance_enterprise"][1:4] == ["3", "3", "ok"]
    assert "media files" in done.stdout and "DIFFER" not in done.stdout
    assert not scratch_exists(f"{database_url_of_test_db().rsplit('/', 1)[1]}_restore_check")


def test_a_damaged_restore_is_caught(data, tmp_path, capsys):
    workdir = tmp_path / "work"
    workdir.mkdir()
    check = RestoreCheck(database_url_of_test_db(), data, workdir)
    try:
        check.backup()
        check.restore()
        conn = psycopg2.connect(check.scratch_url)
        with conn, conn.cursor() as cursor:
            cursor.execute(
                "UPDATE finance_enterprise SET name = name || '·'"
                " WHERE id = (SELECT min(id) FROM finance_enterprise)"
            )
            cursor.execute("DELETE FROM enforcement_historicalcase WHERE history_type = '~'")
        conn.close()
        (check.restored_media / "exports" / "x.xlsx").write_bytes(b"PK\x03\x04 damaged")
        lines = check.compare()
    finally:
        check.drop_scratch()
    assert report(lines) is False
    differ = {line.name: line for line in lines if not line.ok}
    assert set(differ) == {"finance_enterprise", "enforcement_historicalcase", "media files"}
    assert differ["finance_enterprise"].source[0] == differ["finance_enterprise"].restored[0]
    assert differ["enforcement_historicalcase"].restored[0] == 1
    assert "DIFFER: enforcement_historicalcase, finance_enterprise, media files" in (
        capsys.readouterr().out
    )


def test_the_nightly_backup_writes_both_files_and_drops_the_expired(data, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    expired = backups / "db-20200101-0300.dump"
    expired.write_bytes(b"old")
    subprocess.run(["touch", "-d", "40 days ago", str(expired)], check=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": database_url_of_test_db(),
        "MEDIA_ROOT": str(data),
        "BACKUP_DIR": str(backups),
        "RETENTION_DAYS": "30",
    }
    done = subprocess.run(["ops/backup.sh"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (dump,) = backups.glob("db-*.dump")
    (archive,) = backups.glob("media-*.tar.gz")
    assert not expired.exists() and not list(backups.glob("*.part"))
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True)
    assert "TABLE DATA public enforcement_historicalcase" in listing.stdout
    with tarfile.open(archive) as tar:
        assert "media/cases/2026/11/a1b2" in tar.getnames()


def test_the_database_password_is_never_on_a_command_line(capfd):
    """`ps` shows every process's arguments to every local user: libpq reads PGPASSWORD."""
    from ops.restore_check import run

    show = [sys.executable, "-c", "import os, sys; print(sys.argv[1:], os.environ['PGPASSWORD'])"]
    run(show, "postgres://ipcity:p%40ss@db.example:5432/ipcity")
    assert capfd.readouterr().out.strip() == (
        "['--dbname=postgres://ipcity@db.example:5432/ipcity'] p@ss"
    )
