"""Production's security settings applied on top of the test settings."""

import importlib

from django.test import override_settings

import pytest

PRODUCTION_ENV = {
    "SECRET_KEY": "a-production-like-secret-key-for-tests-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "testserver",
}
SECURITY_PREFIXES = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "CONTENT_SECURITY_", "CSP_", "PERMISSIONS_")


@pytest.fixture
def production_security(monkeypatch):
    """The security-related settings exactly as production.py sets them."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    importlib.reload(importlib.import_module("synergi_site.settings.base"))  # it read the environment at import
    production = importlib.reload(importlib.import_module("synergi_site.settings.production"))
    values = {name: getattr(production, name) for name in dir(production) if name.startswith(SECURITY_PREFIXES)}
    with override_settings(**values):
        yield values
