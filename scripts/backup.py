"""Back up the database and the uploaded media into backups/<UTC timestamp>/.

    .venv/bin/python scripts/backup.py [--into backups]

Reads the same environment as the site: DATABASE_URL (PostgreSQL or SQLite, as in
settings/base.py) and MEDIA_ROOT. PostgreSQL is dumped with pg_dump in its custom
format (one consistent snapshot, restored with pg_restore); SQLite with its online
backup API. The database is dumped first and the media second: uploads are only ever
added, so every file the dump refers to is in the archive.
"""

import argparse
import datetime
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent


def database_url():
    return os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'db.sqlite3'}"


def media_root():
    return Path(os.environ.get("MEDIA_ROOT", ROOT / "media"))


def postgres_env(config):
    """libpq's variables for pg_dump/pg_restore/psql, so no password appears in a process list."""
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if config.get(key):
            env[name] = str(config[key])
    env["PGDATABASE"] = config["NAME"]
    return env


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def dump_database(config, folder):
    if config["ENGINE"] == "django.db.backends.postgresql":
        target = folder / "database.pgdump"
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            env=postgres_env(config),
            check=True,
        )
        return target
    if config["ENGINE"] == "django.db.backends.sqlite3":
        target = folder / "database.sqlite3"
        source = sqlite3.connect(config["NAME"])
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)  # consistent even while the site is writing
        copy.close()
        source.close()
        return target
    raise SystemExit(f"Cannot back up a {config['ENGINE']} database")


def archive_media(folder):
    target = folder / "media.tar.gz"
    root = media_root()
    with tarfile.open(target, "w:gz") as archive:
        if root.is_dir():
            archive.add(root, arcname="media")
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--into", default=str(ROOT / "backups"), help="folder that receives the dated backup")
    args = parser.parse_args(argv)

    config = dj_database_url.parse(database_url())
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(args.into) / stamp
    folder.mkdir(parents=True, exist_ok=False)
    database = dump_database(config, folder)
    media = archive_media(folder)
    manifest = {
        "created": stamp,
        "engine": config["ENGINE"],
        "database": config["NAME"] if config["ENGINE"] != "django.db.backends.sqlite3" else "sqlite",
        "files": {path.name: {"bytes": path.stat().st_size, "sha256": sha256(path)} for path in (database, media)},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"Backed up to {folder}")
    for name, details in manifest["files"].items():
        print(f"  {name}: {details['bytes']:,} bytes")
    return folder


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
