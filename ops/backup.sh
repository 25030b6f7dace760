#!/usr/bin/env bash
# The nightly backup (docs/operations.md, section 4): the database as a pg_dump custom-format file
# and the uploaded files as a tar, stamped together; backups older than RETENTION_DAYS removed.
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/ipcity/media BACKUP_DIR=/srv/backup/ipcity ops/backup.sh
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL=postgres://… is needed}"
MEDIA_ROOT=${MEDIA_ROOT:-var/media}
BACKUP_DIR=${BACKUP_DIR:-/srv/backup/ipcity}
RETENTION_DAYS=${RETENTION_DAYS:-30}
STAMP=$(date +%Y%m%d-%H%M)

# The password goes to pg_dump in PGPASSWORD, not on its command line (where `ps` shows it).
DB_URL=$DATABASE_URL
if [[ $DATABASE_URL =~ ^([a-z]+://[^:/@]+):([^@]*)@(.*)$ ]]; then
  PGPASSWORD=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "${BASH_REMATCH[2]}")
  export PGPASSWORD
  DB_URL="${BASH_REMATCH[1]}@${BASH_REMATCH[3]}"
fi

mkdir -p "$BACKUP_DIR"
# Written under a temporary name first, so a half-written file is never taken for a backup.
pg_dump -Fc --dbname="$DB_URL" -f "$BACKUP_DIR/db-$STAMP.dump.part"
pg_restore --list "$BACKUP_DIR/db-$STAMP.dump.part" >/dev/null  # readable, or fail loudly
mv "$BACKUP_DIR/db-$STAMP.dump.part" "$BACKUP_DIR/db-$STAMP.dump"
tar -czf "$BACKUP_DIR/media-$STAMP.tar.gz.part" -C "$(dirname "$MEDIA_ROOT")" "$(basename "$MEDIA_ROOT")"
mv "$BACKUP_DIR/media-$STAMP.tar.gz.part" "$BACKUP_DIR/media-$STAMP.tar.gz"

find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'db-*.dump' -o -name 'media-*.tar.gz' \) \
  -mtime "+$RETENTION_DAYS" -delete
echo "backup written: $BACKUP_DIR/db-$STAMP.dump $BACKUP_DIR/media-$STAMP.tar.gz"
