"""The test suite: fast hashing, no real email, files in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"  # noqa: S105
# A model made for the tests, to show a new model is purged without a line of cache code.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.purgeapp"]  # noqa: F405
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="synergi-test-media-"))  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# Each test starts with an empty cache: tests run in one process, so the query cache can run on it.
CACHALOT_ENABLED = True
if "cachalot" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.append("cachalot")  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("TEST_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["TEST_REDIS_URL"],
        }
    }

# Tasks run as they are queued, after the saving transaction commits (tests of the queue itself override this).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Sharing, feeds and API ---
SITE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_BASE_URL = SITE_URL

# --- News by email ---
ALERTS_SENDS_PER_MINUTE = 0
ALERTS_RETRY_DELAYS = [0, 0]
ALERTS_BASE_URL = WAGTAILADMIN_BASE_URL

# --- Reporting rounds ---
REPORTING_BASE_URL = WAGTAILADMIN_BASE_URL
