"""Checks on what a visitor's browser sends to the consent endpoint."""

import re

from django.utils.http import url_has_allowed_host_and_scheme

# Backslashes, whitespace and control characters: browsers "repair" them into
# other addresses (`/\evil.example` and `/\t/evil.example` both become `//evil.example`).
UNSAFE_IN_PATH = re.compile(r"[\\\s\x00-\x1f\x7f]")


def safe_next(request, value, default="/"):
    """`value` when it is a path on this site, otherwise `default`."""
    if not isinstance(value, str) or len(value) > 2000:
        return default
    if not value.startswith("/") or value.startswith("//") or UNSAFE_IN_PATH.search(value):
        return default
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    return value


def is_same_origin(request):
    """Whether a POST comes from a page of this site.

    Cacheable pages carry no CSRF token, so the browser's own Fetch Metadata and
    Origin headers stand in for it. Browsers send at least one of them on every
    POST; a request with neither comes from outside a browser, where forgery is
    not possible.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in {"same-origin", "none"}:
        return False
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == f"{request.scheme}://{request.get_host()}"
    return True
