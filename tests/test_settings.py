"""Production settings are safe by default and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "synergi_site.settings.production",
    "SECRET_KEY": "a" * 10 + "-production-like-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "www.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    # A mail transport and real sender addresses, or check --deploy warns (synergi_site/checks.py).
    "EMAIL_URL": "smtp+tls://synergi:a-mail-password@smtp.synergi.test:587",
    "DEFAULT_FROM_EMAIL": "Synergi Collaborative Centre <newsroom@synergi.test>",
    "SERVER_EMAIL": "server@synergi.test",
}


def manage(*args, env):
    """Run manage.py in a child process with exactly the given environment on top."""
    clean_env = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_base_settings_are_safe_on_their_own():
    from synergi_site.settings import base

    assert base.DEBUG is False
    assert base.DEMO_EDITOR_ACCOUNT is None


def test_production_trusts_the_proxy_and_is_strict(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", PRODUCTION_ENV["SECRET_KEY"])
    monkeypatch.setenv("ALLOWED_HOSTS", "www.example.org, synergi.example.org")
    from synergi_site.settings import base

    importlib.reload(base)  # base read the environment when first imported
    production = importlib.reload(importlib.import_module("synergi_site.settings.production"))
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production.ALLOWED_HOSTS == ["www.example.org", "synergi.example.org"]
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.DEMO_EDITOR_ACCOUNT is None
    assert "CompressedManifestStaticFilesStorage" in production.STORAGES["staticfiles"]["BACKEND"]
