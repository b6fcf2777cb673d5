"""Local development: DEBUG on, a throwaway secret, the demo editor account."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

DEMO_EDITOR_ACCOUNT = {"username": "editor", "password": "synergi-local-demo"}

# --- Media and mail ---
# Background tasks go to the database queue, which `make run` works with `manage.py db_worker`.
# `make run` prints every email (password resets, sign-off notifications) in its terminal,
# unless the environment names a real transport (EMAIL_URL, a provider's API key).
if not EMAIL_TRANSPORT:  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    EMAIL_TRANSPORT = "console"

# --- Accounts and security ---
# The demo account signs in with the password `make run` prints, without a second factor.
TWO_FACTOR_EXEMPT_USERNAMES = [DEMO_EDITOR_ACCOUNT["username"]]
