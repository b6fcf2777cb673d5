"""The site's URLs plus a bare Django view returning a page's bytes: the floor the cache is measured against."""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import include, path

BARE_BODY = Path(os.environ["BENCH_BARE_BODY"]).read_bytes() if os.environ.get("BENCH_BARE_BODY") else b""


def bare_page(request):
    return HttpResponse(BARE_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("__bench__/bare/", bare_page),
    path("", include("synergi_site.urls")),
]
