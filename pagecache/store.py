"""Where cached pages live: one entry per URL, all sharing one generation number.

Purging bumps the generation instead of finding and deleting entries: every
stored page remembers the generation it was rendered under, and a lookup reads
the page and the current generation in one round trip (get_many), so an entry
from an older generation is simply a miss. A site this size republishes a few
times a day, so emptying the whole cache on any change costs a few hundred
re-renders, and in return no change can leave a stale listing, feed or footer
behind: nothing has to know which pages show what.

What every page repeats (the Site, routes, the menu: remember()) is also kept
in each process's memory under the generation it belongs to, and a request
reads the generation from the shared cache once (request_scope()): an
uncached page then costs one round trip to Redis, not one per lookup.
"""

import hashlib
import pickle
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches

GENERATION_KEY = "pagecache:generation"
# Links shared on social media and in newsletters carry these; the page is the same.
TRACKING_PARAMETERS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga"}
# remember()'s copies in this process: key -> (generation, expiry, pickled value). Pickled, so no
# request can change another's copy; emptied when full rather than tracked entry by entry.
LOCAL_ENTRIES_MAX = 2000
_local_entries = {}
_OUTSIDE_REQUEST, _NOT_READ = object(), object()
_request_generation = ContextVar("pagecache_generation", default=_OUTSIDE_REQUEST)


def get_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def normalised_query(query_string):
    """The query string sorted, without tracking parameters, so equal pages share an entry."""
    pairs = [
        (name, value)
        for name, value in parse_qsl(query_string, keep_blank_values=True)
        if name not in TRACKING_PARAMETERS and not name.startswith("utm_")
    ]
    return urlencode(sorted(pairs))


def key_for(request):
    """One key per scheme, host, path and normalised query: shared by every visitor."""
    query = normalised_query(request.META.get("QUERY_STRING", ""))
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return "pagecache:page:" + hashlib.sha256(url.encode()).hexdigest()


@contextmanager
def request_scope():
    """Within a request, the generation is read from the shared cache once, at first need."""
    token = _request_generation.set(_NOT_READ)
    try:
        yield
    finally:
        _request_generation.reset(token)


def current_generation():
    """The purge generation: once per request (inside request_scope), else every time."""
    generation = _request_generation.get()
    if generation is _OUTSIDE_REQUEST:
        return get_cache().get(GENERATION_KEY)
    if generation is _NOT_READ:
        generation = get_cache().get(GENERATION_KEY)
        _note_generation(generation)
    return generation


def _note_generation(generation):
    if _request_generation.get() is not _OUTSIDE_REQUEST:
        _request_generation.set(_NOT_READ if generation is None else generation)


def start_generation():
    """The current generation, starting one if there is none (first use, or the cache was emptied)."""
    get_cache().add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)  # add() keeps a rival's
    generation = get_cache().get(GENERATION_KEY)
    _note_generation(generation)
    return generation


def lookup(key):
    """(entry, generation): the stored entry if it belongs to the current generation."""
    found = get_cache().get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    _note_generation(generation)
    entry = found.get(key)
    if entry is None or generation is None or entry[0] != generation:
        return None, generation
    return entry, generation


def store(key, generation, response):
    if generation is None:
        generation = start_generation()
    headers = [(name, value) for name, value in response.items() if name.lower() != "x-cache"]
    entry = (generation, response.status_code, headers, response.content)
    get_cache().set(key, entry, timeout=settings.PAGE_CACHE_TIMEOUT)


def purge_all():
    """Every stored page becomes a miss at once, in every process sharing the cache."""
    generation = uuid.uuid4().hex
    get_cache().set(GENERATION_KEY, generation, timeout=None)
    _note_generation(generation)


def remember(name, build, keep=None):
    """build(), kept across requests until the next purge: for what every page shows (menus, footer).

    Only while the page cache is on: its purge is what keeps these current, and
    without a shared cache another worker's copy could not be purged. With
    `keep`, a value is stored only if keep(value) is true (a route that led to a
    page, not every address a crawler tries).
    """
    from .middleware import is_enabled  # noqa: PLC0415 - the middleware imports this module

    if not is_enabled():
        return build()
    key = "pagecache:fragment:" + hashlib.sha256(name.encode()).hexdigest()
    generation = current_generation()
    if generation is not None:
        local = _local_entries.get(key)
        if local is not None and local[0] == generation and local[1] > time.monotonic():
            return pickle.loads(local[2])  # noqa: S301 - pickled by this process, below
        entry = get_cache().get(key)
        if entry is not None and entry[0] == generation:
            _keep_locally(key, generation, entry[1])
            return entry[1]
    value = build()
    if keep is not None and not keep(value):
        return value
    if generation is None:
        generation = start_generation()
    get_cache().set(key, (generation, value), timeout=settings.PAGE_CACHE_TIMEOUT)
    _keep_locally(key, generation, value)
    return value


def _keep_locally(key, generation, value):
    if len(_local_entries) >= LOCAL_ENTRIES_MAX:
        _local_entries.clear()
    expires = time.monotonic() + settings.PAGE_CACHE_TIMEOUT
    _local_entries[key] = (generation, expires, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
