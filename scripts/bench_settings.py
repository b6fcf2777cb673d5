"""The benchmark's settings: production's, plus one URL for the bare view (scripts/bench_urls.py)."""

from synergi_site.settings.production import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_urls"
# The bare view is the floor the cached pages are compared with: it never goes through the page cache.
PAGE_CACHE_EXCLUDED_PATHS = [*PAGE_CACHE_EXCLUDED_PATHS, "/__bench__/"]  # noqa: F405
