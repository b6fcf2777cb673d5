"""Production: behind a TLS-terminating proxy, with hashed compressed static files.

Required environment: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL.
Optional: REDIS_URL, CSRF_TRUSTED_ORIGINS, WAGTAILADMIN_BASE_URL, MEDIA_ROOT.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable (50+ random characters).")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS, e.g. ALLOWED_HOSTS=www.example.org")

DEBUG = False

# The proxy or load balancer terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# The load balancer's health check reaches the app over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 63072000  # two years, as the preload list asks
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CONSENT_COOKIE_SECURE = True

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed names (every {% static %} URL) are sent as immutable for ten years by WhiteNoise's
# immutable_file_test; an unhashed name may change under the same URL, so only a day.
WHITENOISE_MAX_AGE = 86400

# Each worker's memory cache cannot be purged from another worker: without Redis the
# page cache is off unless PAGE_CACHE=on says otherwise (one worker, or the benchmark).
if PAGE_CACHE_ENABLED is None:  # noqa: F405
    PAGE_CACHE_ENABLED = bool(REDIS_URL)  # noqa: F405

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
