"""The full-page cache and the public Cache-Control headers.

A middleware of our own rather than Django's cache middleware, because that
keys each page on the request headers its response Varies on (one entry per
visitor for a page that Varies on Cookie), overwrites max-age with the cache's
own timeout, and cannot be purged without knowing every stored URL.

It is the first middleware: a hit is answered with the complete stored response
(security headers included, since they were added on the way out when it was
stored) before any other middleware, session or database work. It stores only
responses that are the same for everyone: a 200 without Set-Cookie, without
Vary: Cookie and without Cache-Control private/no-store/no-cache, for a page
that is not private (pagecache.wagtail_hooks) and not a preview.

What a request's entry is keyed on (query.py): the path and the query
parameters the page reads. Tracking parameters (utm_*, fbclid, ...) are taken
off the request before the page sees it, so no page can echo them; a parameter
the page did not read sends the visitor to the address without it; a page
parameter given twice is a 400.
"""

from importlib import import_module

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers

from . import store
from .conf import excluded_path, is_enabled, private_parameters
from .query import ReadRecordingQueryDict, RepeatedParameter, encode, split_query

NEVER_STORED_CACHE_CONTROL = {"private", "no-store", "no-cache"}


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


def is_shareable(request, response):
    """A response every anonymous visitor may be given: no cookies, nothing private, not a preview."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "is_preview", False) or getattr(request, "pagecache_private", False):
        return False
    cache_control = {
        directive.split("=")[0].strip().lower() for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & NEVER_STORED_CACHE_CONTROL:
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    return not (vary & {"cookie", "*"}) and "attachment" not in response.get("Content-Disposition", "")


def add_public_headers(response):
    """The site's public lifetimes, unless the view chose its own (the open-data API, for one)."""
    if "max-age" in response.get("Cache-Control", ""):
        patch_cache_control(response, public=True)
    else:
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_BROWSER_MAX_AGE,
            s_maxage=settings.PAGE_CACHE_SHARED_MAX_AGE,
        )
    patch_vary_headers(response, ["Accept-Encoding"])


def accepted_encoding(request):
    """br or gzip if the client takes it (q=0 refuses), else None."""
    offered = {}
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip().replace(" ", "")
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        offered[name.strip().lower()] = quality
    for encoding in store.ENCODINGS:
        if offered.get(encoding, offered.get("*", 0)) > 0:
            return encoding
    return None


def send_body(request, response, bodies):
    """Set the response's body to the variant the client accepts."""
    encoding = accepted_encoding(request)
    if encoding is not None and encoding in bodies:
        content = bodies[encoding]
        response["Content-Encoding"] = encoding
    else:
        content = bodies["identity"]
    response.content = b"" if request.method == "HEAD" else content
    response["Content-Length"] = str(len(content))
    return response


def response_from_entry(request, entry):
    _generation, status, headers, bodies = entry
    response = HttpResponse(status=status)
    for name, value in headers:
        response[name] = value
    return send_body(request, response, bodies)


def repeated_parameter(name):
    return HttpResponseBadRequest(
        f"The parameter '{name}' appears more than once in the address. Give it once.",
        content_type="text/plain; charset=utf-8",
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"} or excluded_path(request.path):
            return self.get_response(request)
        try:
            page_pairs, tracking_pairs = split_query(request.META.get("QUERY_STRING", ""))
        except RepeatedParameter as repeated:
            return repeated_parameter(repeated)
        # The page sees the query without tracking parameters, and is watched for what it reads.
        request.META["QUERY_STRING"] = encode(page_pairs)
        request.GET = ReadRecordingQueryDict(request.META["QUERY_STRING"], encoding=request.encoding)
        if has_editor_session(request):
            return self.editor_view(request)

        key = generation = None
        if is_enabled():
            key = store.key_for(request.scheme, request.get_host(), request.path, page_pairs)
            entry, generation = store.lookup(key)
            if entry is not None:
                response = response_from_entry(request, entry)
                response["X-Cache"] = "HIT"
                return response

        response = self.get_response(request)
        unread = request.GET.unread(name for name, _value in page_pairs)
        if response.status_code == 200 and unread:
            # Nothing on this page depends on them: send the visitor to the address without them.
            kept = [(name, value) for name, value in page_pairs if name not in unread] + tracking_pairs
            return HttpResponseRedirect(request.path + ("?" + encode(kept) if kept else ""))
        if getattr(request, "pagecache_private", False):
            # A page behind Wagtail's Privacy setting (or its password form): no CDN or browser may keep it either.
            patch_cache_control(response, private=True, no_store=True)
        elif any(request.GET.get(name) for name in private_parameters() if request.GET.was_read(name)):
            patch_cache_control(response, private=True)
        elif is_shareable(request, response):
            self.share(request, response, key, generation)
        return response

    def editor_view(self, request):
        response = self.get_response(request)
        # An editor's view of a page (userbar, drafts they can see) is theirs alone.
        patch_cache_control(response, private=True)
        response["X-Cache"] = "BYPASS"
        return response

    def share(self, request, response, key, generation):
        """Public headers; stored (with its compressed forms) when the cache is on; compressed for this client."""
        add_public_headers(response)
        bodies = None
        if key is not None and request.method == "GET":
            variants = store.variants_key(request.scheme, request.get_host(), request.path, generation)
            bodies = store.store(key, generation, response, variants)
            response["X-Cache"] = "MISS"
        encoding = accepted_encoding(request)
        if bodies is None and encoding and store.compressible(response):
            bodies = {"identity": response.content, encoding: store.compress(response.content, encoding)}
        if bodies is not None:
            send_body(request, response, bodies)
