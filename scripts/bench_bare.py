"""The floor the page cache is measured against: a Django app with no middleware and no apps.

One view returns a page's bytes (BENCH_BARE_BODY, a file the benchmark writes),
so the difference between it and a cached page is the cost of the site's own
middleware and the cache lookup. Served by gunicorn as `scripts.bench_bare`.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = Path(os.environ["BENCH_BARE_BODY"]).read_bytes() if os.environ.get("BENCH_BARE_BODY") else b""


def bare_page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", bare_page)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-only",  # noqa: S106 - a throwaway process on 127.0.0.1
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
application = get_wsgi_application()
