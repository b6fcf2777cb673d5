"""make backup, then make restore into an empty database, gives back exactly the same site.

Runs against a scratch database of the same engine as DATABASE_URL (PostgreSQL in
CI, SQLite otherwise), entirely through the scripts and manage.py in child
processes, as an operator would.
"""

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
MAKE_CONTENT = """
from django.core.files.images import ImageFile
from io import BytesIO
from PIL import Image as PILImage
from home import demo
from home.models import SiteImage, StandardPage
home = demo.load()
demo.get_or_create_child(home, StandardPage, "backed-up", title="Backed-up page",
    introduction="Restored intact.", body=[("paragraph", "<p>Every word of this comes back.</p>")])
buffer = BytesIO()
PILImage.new("RGB", (8, 8), (200, 30, 90)).save(buffer, "PNG")
SiteImage.objects.create(title="Backed-up image", alt_text="A small square", file=ImageFile(buffer, name="square.png"))
"""
# Everything in the database but sessions, in primary-key order: equal dumps mean equal content.
DUMP_ARGS = ["dumpdata", "--exclude=sessions", "--indent=1", "--database=default"]


def run(*args, env, check=True):
    result = subprocess.run(  # noqa: S603 - our own scripts and PostgreSQL's tools, fixed arguments
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def manage(*args, env):
    return run(sys.executable, "manage.py", *args, env=env)


def media_fingerprint(media_root):
    return {
        str(path.relative_to(media_root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(media_root).rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def scratch(tmp_path):
    """An environment pointing the site at a scratch database and media folder of its own."""
    configured = dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite:///db.sqlite3")
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="synergi_site.settings.dev", MEDIA_ROOT=str(tmp_path / "media"))
    if configured["ENGINE"] == "django.db.backends.postgresql":
        name = f"synergi_backup_test_{uuid.uuid4().hex[:8]}"
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        env["DATABASE_URL"] = url

        server = ["-h", configured["HOST"] or "127.0.0.1", "-p", str(configured["PORT"] or 5432)]
        server += ["-U", configured["USER"] or "postgres"]

        def createdb():
            run("createdb", *server, name, env=env)

        def dropdb():
            run("dropdb", "--if-exists", *server, name, env=env)

        if configured.get("PASSWORD"):
            env["PGPASSWORD"] = configured["PASSWORD"]
        createdb()
        yield {"env": env, "drop_and_recreate": lambda: (dropdb(), createdb()), "media": tmp_path / "media"}
        dropdb()
    else:
        database = tmp_path / "site.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{database}"
        yield {"env": env, "drop_and_recreate": lambda: database.unlink(missing_ok=True), "media": tmp_path / "media"}


def test_backup_then_restore_into_an_empty_database_gives_identical_content(scratch, tmp_path):
    env = scratch["env"]
    manage("migrate", "--noinput", env=env)
    manage("shell", "-c", MAKE_CONTENT, env=env)
    before = manage(*DUMP_ARGS, env=env).stdout
    media_before = media_fingerprint(scratch["media"])
    assert '"Backed-up page"' in before
    assert any(name.startswith("original_images/square") for name in media_before)

    backups = tmp_path / "backups"
    run(sys.executable, "scripts/backup.py", f"--into={backups}", env=env)
    (backup,) = backups.iterdir()
    assert {path.name for path in backup.iterdir()} >= {"manifest.json", "media.tar.gz"}

    # Disaster: the database and the media are gone.
    scratch["drop_and_recreate"]()
    for path in sorted(scratch["media"].rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()

    run(sys.executable, "scripts/restore.py", str(backup), env=env)
    assert manage(*DUMP_ARGS, env=env).stdout == before
    assert media_fingerprint(scratch["media"]) == media_before
    assert "No migrations to apply" in manage("migrate", "--noinput", env=env).stdout

    # A second restore on top of the live data is refused, not merged.
    refused = run(sys.executable, "scripts/restore.py", str(backup), env=env, check=False)
    assert refused.returncode != 0
    assert "restore into an empty" in refused.stderr


def test_a_damaged_backup_is_refused(scratch, tmp_path):
    env = scratch["env"]
    backups = tmp_path / "backups"
    run(sys.executable, "scripts/backup.py", f"--into={backups}", env=env)
    (backup,) = backups.iterdir()
    with open(backup / "media.tar.gz", "ab") as archive:
        archive.write(b"corrupted")
    scratch["drop_and_recreate"]()
    refused = run(sys.executable, "scripts/restore.py", str(backup), env=env, check=False)
    assert refused.returncode != 0
    assert "does not match the manifest" in refused.stderr
