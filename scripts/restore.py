"""Restore a backup made by scripts/backup.py into an empty database.

    .venv/bin/python scripts/restore.py backups/20260101T020000Z [--create-database]

Uses DATABASE_URL and MEDIA_ROOT like the site. It refuses a database that already
has tables (restore into a fresh one, then point the site at it), checks the files
against the backup's manifest, restores the database, then unpacks the media.
"""

import argparse
import json
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import dj_database_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from backup import database_url, media_root, postgres_env, sha256  # noqa: E402


def verify(folder):
    manifest = json.loads((folder / "manifest.json").read_text())
    for name, details in manifest["files"].items():
        if sha256(folder / name) != details["sha256"]:
            raise SystemExit(f"{folder / name} does not match the manifest: the backup is damaged")
    return manifest


def postgres_table_count(env):
    result = subprocess.run(
        ["psql", "-XAtq", "-c", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return int(result.stdout.strip()) if result.returncode == 0 else None


def restore_postgres(config, folder, create):
    env = postgres_env(config)
    tables = postgres_table_count(env)
    if tables is None and create:
        subprocess.run(["createdb", config["NAME"]], env={**env, "PGDATABASE": "postgres"}, check=True)
        tables = postgres_table_count(env)
    if tables is None:
        raise SystemExit(f"Cannot connect to database {config['NAME']!r}; create it, or pass --create-database")
    if tables:
        raise SystemExit(f"Database {config['NAME']!r} already has {tables} tables; restore into an empty one")
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={config['NAME']}",
            str(folder / "database.pgdump"),
        ],
        env=env,
        check=True,
    )


def restore_sqlite(config, folder):
    target = Path(config["NAME"])
    if target.exists() and target.stat().st_size:
        with sqlite3.connect(target) as existing:
            tables = existing.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise SystemExit(f"{target} already has {tables} tables; restore into an empty database")
    source = sqlite3.connect(folder / "database.sqlite3")
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)
    copy.close()
    source.close()


def restore_media(folder):
    root = media_root()
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar.gz") as archive:
        for member in archive.getmembers():
            if member.name == "media" or not member.name.startswith("media/"):
                continue
            member.name = member.name.removeprefix("media/")
            # The "data" filter refuses absolute paths, links out of the folder and device files.
            archive.extract(member, root, filter="data")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("backup", help="a folder made by scripts/backup.py, e.g. backups/20260101T020000Z")
    parser.add_argument("--create-database", action="store_true", help="create the PostgreSQL database if missing")
    args = parser.parse_args(argv)

    folder = Path(args.backup)
    manifest = verify(folder)
    config = dj_database_url.parse(database_url())
    if config["ENGINE"] != manifest["engine"]:
        raise SystemExit(f"The backup is of a {manifest['engine']} database, DATABASE_URL is {config['ENGINE']}")
    if config["ENGINE"] == "django.db.backends.postgresql":
        restore_postgres(config, folder, args.create_database)
    else:
        restore_sqlite(config, folder)
    restore_media(folder)
    print(f"Restored {folder} into {config['NAME']} and {media_root()}")
    print("Next: python manage.py migrate (a no-op unless the code is newer than the backup)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
