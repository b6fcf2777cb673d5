"""Where cached pages live: one entry per URL, all sharing one generation number.

Purging bumps the generation instead of finding and deleting entries: every
stored page remembers the generation it was rendered under, and a lookup reads
the page and the current generation in one round trip (get_many), so an entry
from an older generation is simply a miss. A site this size republishes a few
times a day, so emptying the whole cache on any change costs a few hundred
re-renders, and in return no change can leave a stale listing, feed or footer
behind: nothing has to know which pages show what.
"""

import hashlib
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches

GENERATION_KEY = "pagecache:generation"
# Links shared on social media and in newsletters carry these; the page is the same.
TRACKING_PARAMETERS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga"}


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


def lookup(key):
    """(entry, generation): the stored entry if it belongs to the current generation."""
    found = get_cache().get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if entry is None or generation is None or entry[0] != generation:
        return None, generation
    return entry, generation


def store(key, generation, response):
    if generation is None:
        # First use, or the cache was emptied: start a generation (add() keeps a rival's).
        get_cache().add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = get_cache().get(GENERATION_KEY)
    headers = [(name, value) for name, value in response.items() if name.lower() != "x-cache"]
    entry = (generation, response.status_code, headers, response.content)
    get_cache().set(key, entry, timeout=settings.PAGE_CACHE_TIMEOUT)


def purge_all():
    """Every stored page becomes a miss at once, in every process sharing the cache."""
    get_cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


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
    found = get_cache().get_many([GENERATION_KEY, key])
    generation, entry = found.get(GENERATION_KEY), found.get(key)
    if entry is not None and generation is not None and entry[0] == generation:
        return entry[1]
    value = build()
    if keep is not None and not keep(value):
        return value
    if generation is None:
        get_cache().add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = get_cache().get(GENERATION_KEY)
    get_cache().set(key, (generation, value), timeout=settings.PAGE_CACHE_TIMEOUT)
    return value
