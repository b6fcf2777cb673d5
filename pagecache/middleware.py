"""The full-page cache and the public Cache-Control headers.

A middleware of our own rather than Django's UpdateCacheMiddleware and
FetchFromCacheMiddleware, because those
- key each page on the request headers its response Varies on, so a page that
  Varies on Cookie gets one entry per visitor, and need two cache reads per hit;
- overwrite Cache-Control max-age and Expires with the cache's own timeout,
  where we want a short browser lifetime and a longer one for the CDN;
- cannot be purged without knowing every stored URL.
This one keys on the URL alone (store.key_for), reads the page and the purge
generation in one cache round trip, and stores only responses that are the same
for everyone: a 200 without Set-Cookie, without Vary: Cookie and without
Cache-Control private/no-store/no-cache. Views that must never be cached (the
cookies page, the consent endpoint) say so with never_cache, and are skipped.

It sits after SecurityMiddleware and WhiteNoise and before SessionMiddleware:
a hit is answered before any session, CSRF or database work, and on the way
out it sees the Vary: Cookie that SessionMiddleware adds when a view read the
session.
"""

from importlib import import_module

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_cache_control

from . import store

NEVER_STORED_CACHE_CONTROL = {"private", "no-store", "no-cache"}


def is_enabled():
    """PAGE_CACHE_ENABLED: True/False, or None for 'on unless DEBUG' (template edits show at once)."""
    enabled = settings.PAGE_CACHE_ENABLED
    return (not settings.DEBUG) if enabled is None else enabled


def has_editor_session(request):
    """True for a logged-in editor; anonymous visitors have no session cookie, so their session is never read."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    # A leftover cookie (logged out, expired) is anonymous; any doubt counts as an editor.
    try:
        return "_auth_user_id" in session
    except Exception:  # an unreadable session store must not break the page
        return True


def excluded_path(path):
    admin_prefix = "/" + settings.WAGTAIL_ADMIN_PATH.strip("/") + "/"
    prefixes = [admin_prefix, *settings.PAGE_CACHE_EXCLUDED_PATHS]
    return any(path.startswith(prefix) for prefix in prefixes)


def bypass_reason(request):
    """Why this request must neither be served from nor stored in the cache, or None."""
    if request.method not in {"GET", "HEAD"}:
        return "method"
    if excluded_path(request.path):
        return "path"
    if any(request.GET.get(name) for name in settings.PAGE_CACHE_BYPASS_QUERY_PARAMETERS):
        return "query"
    if has_editor_session(request):
        return "editor"
    return None


def is_shareable(response):
    """A response every anonymous visitor may be given: no cookies, nothing private."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = {
        directive.split("=")[0].strip().lower() for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & NEVER_STORED_CACHE_CONTROL:
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    return not (vary & {"cookie", "*"}) and "attachment" not in response.get("Content-Disposition", "")


def add_public_headers(response):
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_BROWSER_MAX_AGE,
        s_maxage=settings.PAGE_CACHE_SHARED_MAX_AGE,
    )


def response_from_entry(request, entry):
    _generation, status, headers, content = entry
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(content))
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with store.request_scope():
            return self.respond(request)

    def respond(self, request):
        reason = bypass_reason(request)
        if reason is not None:
            response = self.get_response(request)
            if reason == "editor" and not excluded_path(request.path):
                # An editor's view of a page (userbar, drafts they can see) is theirs alone.
                patch_cache_control(response, private=True)
                response["X-Cache"] = "BYPASS"
            return response

        enabled = is_enabled() and settings.PAGE_CACHE_STORE_PAGES
        key = generation = None
        if enabled:
            key = store.key_for(request)
            entry, generation = store.lookup(key)
            if entry is not None:
                response = response_from_entry(request, entry)
                response["X-Cache"] = "HIT"
                return response

        response = self.get_response(request)
        if not is_shareable(response):
            return response
        add_public_headers(response)
        if enabled:
            if request.method == "GET":
                store.store(key, generation, response)
            response["X-Cache"] = "MISS"
        return response
