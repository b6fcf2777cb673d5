"""Local development: DEBUG on, a throwaway secret, the demo editor account."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

DEMO_EDITOR_ACCOUNT = {"username": "editor", "password": "synergi-local-demo"}

# --- Accounts and security ---
# The demo account signs in with the password `make run` prints, without a second factor.
TWO_FACTOR_EXEMPT_USERNAMES = [DEMO_EDITOR_ACCOUNT["username"]]
