"""`make restore-check`: back up, restore into a fresh database, and prove nothing was lost.

1. Back up exactly as docs/operations.md says: `pg_dump -Fc` of DATABASE_URL and a tar of the
   media folder (MEDIA_ROOT, default var/media).
2. Restore the dump with `pg_restore --exit-on-error` into a fresh scratch database on the same
   server and extract the tar into a scratch folder.
3. Compare every table of the public schema, source against restore: row count and a checksum of
   its content (md5 over every row's text), and every media file's SHA-256.
4. Print one line per table and folder, drop the scratch database, exit 1 on any difference.

The source is read in the very snapshot pg_dump dumps (`pg_export_snapshot`), so the check is
exact on a live database that keeps taking writes. Media files are written once under
server-made names, so their tree is read just before it is archived.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

TABLES = """
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename
"""
# md5 of each row's text, the md5s in order, and an md5 of those: independent of physical order.
CHECKSUM = """
    SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '')
    FROM {} AS t
"""


@dataclass
class Line:
    name: str
    source: tuple
    restored: tuple

    @property
    def ok(self) -> bool:
        return self.source == self.restored


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def connect(url: str):
    # Rows as text in one time zone on both sides, whatever the server's default.
    return psycopg2.connect(url, options="-c TimeZone=UTC")


def table_checksums(conn) -> dict[str, tuple[int, str]]:
    with conn.cursor() as cursor:
        cursor.execute(TABLES)
        names = [row[0] for row in cursor.fetchall()]
        sums = {}
        for name in names:
            cursor.execute(sql.SQL(CHECKSUM).format(sql.Identifier(name)))
            sums[name] = tuple(cursor.fetchone())
    return sums


def file_checksums(root: Path) -> dict[str, tuple[int, str]]:
    if not root.exists():
        return {}
    sums = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        sums[str(path.relative_to(root))] = (path.stat().st_size, sha256(path))
    return sums


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class RestoreCheck:
    def __init__(self, database_url: str, media_root: Path, workdir: Path):
        if not database_url.startswith(("postgres://", "postgresql://")):
            raise SystemExit("restore-check needs DATABASE_URL=postgres://… (PostgreSQL)")
        self.url = database_url
        self.media_root = media_root
        self.workdir = workdir
        self.scratch = f"{urlsplit(database_url).path.lstrip('/')}_restore_check"
        self.scratch_url = with_database(database_url, self.scratch)
        self.dump = workdir / "db.dump"
        self.archive = workdir / "media.tar.gz"
        self.restored_media = workdir / "media"
        self.source_tables: dict = {}
        self.source_files: dict = {}

    def backup(self) -> None:
        """pg_dump in the snapshot the source checksums are read in; then the media tar."""
        conn = connect(self.url)
        try:
            conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
            with conn.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            run(["pg_dump", "-Fc", f"--snapshot={snapshot}", "-f", str(self.dump)], self.url)
            self.source_tables = table_checksums(conn)
        finally:
            conn.rollback()
            conn.close()
        self.source_files = file_checksums(self.media_root)
        with tarfile.open(self.archive, "w:gz") as tar:
            if self.media_root.exists():
                tar.add(self.media_root, arcname="media")

    def restore(self) -> None:
        self.drop_scratch()
        self._admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.scratch)))
        run(["pg_restore", "--no-owner", "--exit-on-error", str(self.dump)], self.scratch_url)
        with tarfile.open(self.archive) as tar:
            tar.extractall(self.workdir, filter="data")
        self.restored_media.mkdir(exist_ok=True)

    def compare(self) -> list[Line]:
        conn = connect(self.scratch_url)
        try:
            restored = table_checksums(conn)
        finally:
            conn.close()
        lines = [
            Line(name, self.source_tables.get(name, ()), restored.get(name, ()))
            for name in sorted(set(self.source_tables) | set(restored))
        ]
        files = file_checksums(self.restored_media)
        lines.append(
            Line(
                "media files",
                (len(self.source_files), digest_of(self.source_files)),
                (len(files), digest_of(files)),
            )
        )
        return lines

    def drop_scratch(self) -> None:
        self._admin(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.scratch))
        )

    def _admin(self, statement) -> None:
        conn = psycopg2.connect(self.url)
        conn.autocommit = True  # CREATE / DROP DATABASE cannot run in a transaction
        try:
            with conn.cursor() as cursor:
                cursor.execute(statement)
        finally:
            conn.close()


def digest_of(files: dict) -> str:
    return hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()


def run(command: list[str], url: str) -> None:
    """Run a PostgreSQL client on the database at `url`. The password goes in the environment
    (PGPASSWORD), not on the command line, where `ps` would show it to every local user."""
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        host = parts.netloc.rsplit("@", 1)[1]
        parts = parts._replace(netloc=f"{parts.username}@{host}")
    subprocess.run([*command, f"--dbname={urlunsplit(parts)}"], check=True, env=env)


def report(lines: list[Line], out=None) -> bool:
    out = out or sys.stdout
    width = max(len(line.name) for line in lines)
    print(f"{'table':<{width}}  {'rows':>8}  {'restored':>8}  checksum", file=out)
    for line in lines:
        source = line.source or (0, "—missing—")
        restored = line.restored or (0, "—missing—")
        verdict = "ok" if line.ok else f"DIFFERS ({source[1][:12]} ≠ {restored[1][:12]})"
        print(f"{line.name:<{width}}  {source[0]:>8}  {restored[0]:>8}  {verdict}", file=out)
    bad = [line.name for line in lines if not line.ok]
    print(
        f"\n{len(lines) - len(bad)} of {len(lines)} match"
        + (f"; DIFFER: {', '.join(bad)}" if bad else ""),
        file=out,
    )  # noqa: E501
    return not bad


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--media", type=Path, default=Path(os.environ.get("MEDIA_ROOT", "var/media"))
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="restore-check-") as workdir:
        check = RestoreCheck(args.database_url, args.media, Path(workdir))
        try:
            check.backup()
            check.restore()
            ok = report(check.compare())
        finally:
            check.drop_scratch()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
