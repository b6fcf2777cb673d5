"""The site's URLs plus test-only pages that break the cookie promise in each way the audit must notice."""

import time

from django.http import HttpResponse
from django.urls import include, path

ANALYTICS_PATH = "/analytics-test/script.js"
# What a real analytics tag does: a cookie and a storage key.
FAKE_TAG = 'document.cookie = "_ga=GA1.1.test; Path=/; Max-Age=3600";localStorage.setItem("analytics_visits", "1");'


def html(body, status=200):
    return HttpResponse(f"<!doctype html><html lang=en><title>Test</title><body>{body}</body></html>", status=status)


def fake_tag(request):
    return HttpResponse(FAKE_TAG, content_type="text/javascript")


def undeclared_cookie(request):
    response = html("<p>A cookie nobody declared.</p>")
    response.set_cookie("planted_undeclared", "1", max_age=3600)
    return response


def unguarded_analytics(request):
    # The analytics tag as it would be with the consent guard removed: a real script.
    return html(f'<script src="{ANALYTICS_PATH}"></script>')


# A tag that waits a little after the page has loaded before it runs, as many tag managers do.
LATE_LOADER = (
    'addEventListener("load", () => setTimeout(() => {'
    f'const tag = document.createElement("script"); tag.src = "{ANALYTICS_PATH}"; document.body.append(tag);'
    "}, 800));"
)


def late_loader(request):
    return HttpResponse(LATE_LOADER, content_type="text/javascript")


def late_analytics(request):
    return html('<p>Late.</p><script src="/audit-test/late-loader.js"></script>')


def sticky_marketing_cookie(request):
    # Set by the server on every visit, whatever the visitor chose: refusing cannot get rid of it.
    response = html("<p>Sticky.</p>")
    response.set_cookie("_fbp", "fb.1.test", max_age=3600, httponly=True)
    return response


SLOW_SECONDS = 10  # longer than the slow-page test's bound, which leaves the other pages room on a busy machine


def slow(request):
    time.sleep(SLOW_SECONDS)
    return html("<p>Slow.</p>")


urlpatterns = [
    path(ANALYTICS_PATH.lstrip("/"), fake_tag),
    path("audit-test/undeclared/", undeclared_cookie),
    path("audit-test/unguarded/", unguarded_analytics),
    path("audit-test/late/", late_analytics),
    path("audit-test/late-loader.js", late_loader),
    path("audit-test/sticky/", sticky_marketing_cookie),
    path("audit-test/slow/", slow),
    path("", include("synergi_site.urls")),
]
