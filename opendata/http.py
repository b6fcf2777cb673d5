"""What every open-data answer carries: open CORS for GET, a licence, shared-cache lifetimes, a rate limit."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from synergi_site import ratelimit

RATE_LIMIT_WINDOW = 60


def licence_link():
    licence = settings.OPEN_DATA_LICENCE
    return f'<{licence["url"]}>; rel="license"; title="{licence["name"]}"'


def too_many_requests(request):
    """A 429 once a client has made more than OPEN_DATA_RATE_LIMIT requests in a minute, else None."""
    if ratelimit.allow_client(request, "opendata", settings.OPEN_DATA_RATE_LIMIT, RATE_LIMIT_WINDOW):
        return None
    response = HttpResponse(
        "Too many requests: wait a minute, then try again.", status=429, content_type="text/plain; charset=utf-8"
    )
    response["Retry-After"] = str(RATE_LIMIT_WINDOW)
    patch_cache_control(response, private=True, no_store=True)
    return response


def add_open_data_headers(response):
    # Anyone's page may read the data: it is public and sent without credentials.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Link"] = licence_link()
    if response.status_code == 200:
        patch_cache_control(
            response,
            public=True,
            max_age=settings.OPEN_DATA_BROWSER_MAX_AGE,
            s_maxage=settings.OPEN_DATA_SHARED_MAX_AGE,
        )
    return response
