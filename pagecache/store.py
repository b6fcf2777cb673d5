"""Where cached pages live: one entry per address, all sharing one purge generation.

Purging bumps the generation instead of finding and deleting entries: every
stored page carries the generation it was rendered under, and a lookup reads
the page and the cache's copy of the generation in one round trip (get_many),
so an entry from an older generation is simply a miss. A site this size
republishes a few times a day, so emptying the whole cache on any change costs a
few hundred re-renders, and in return no change can leave a stale listing, feed
or footer behind: nothing has to know which pages show what.

The generation itself lives in the database (models.Generation), bumped in the
same transaction as the change; the cache holds a copy for a few seconds. So a
Redis that evicts the copy, restarts empty, or misses a purge while unreachable
costs at most GENERATION_COPY_SECONDS of staleness, never a page from before a
purge served for an hour.

Each entry keeps the page already compressed (Brotli and gzip, made once when
it is stored), so a hit costs no compression.
"""

import gzip
import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.db.models import F

import brotli

from .models import Generation

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# How long the cache's copy of the generation may be trusted without asking the database.
GENERATION_COPY_SECONDS = 10
ENCODINGS = ("br", "gzip")
COMPRESSIBLE_TYPES = ("text/", "application/xml", "application/json", "application/atom+xml", "application/rss+xml")


def get_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def key_for(scheme, host, path, pairs):
    """One key per scheme, host, path and (sorted) query parameters: shared by every visitor."""
    query = "&".join(f"{name}={value}" for name, value in sorted(pairs))
    url = f"{scheme}://{host}{path}?{query}"
    return "pagecache:page:" + hashlib.sha256(url.encode()).hexdigest()


def variants_key(scheme, host, path, generation):
    digest = hashlib.sha256(f"{scheme}://{host}{path}".encode()).hexdigest()
    return f"pagecache:variants:{generation}:{digest}"


# The generation ----------------------------------------------------------------


def log_database_error(doing):
    # Before pagecache's migration has run (while other apps migrate) there is nothing to purge.
    try:
        migrated = Generation._meta.db_table in connection.introspection.table_names()
    except DatabaseError:
        migrated = True  # the database itself is unreachable: worth a warning
    if migrated:
        logger.warning("Page cache: could not %s in the database", doing, exc_info=True)


def generation_from_database():
    """The generation as the database has it (None if the database cannot be read)."""
    try:
        with transaction.atomic():
            value = Generation.objects.values_list("value", flat=True).first()
            if value is None:
                Generation.objects.get_or_create(pk=1)
                value = Generation.objects.values_list("value", flat=True).first()
    except DatabaseError:
        log_database_error("read the generation")
        return None
    return value


def current_generation(cached=None):
    """The generation: the cache's copy if it has one (`cached`, if already read), else the database's."""
    if cached is not None:
        return cached
    value = generation_from_database()
    if value is not None:
        # add(), not set(): a purge that raced this read has already set the newer value.
        get_cache().add(GENERATION_KEY, value, timeout=GENERATION_COPY_SECONDS)
    return value


def purge_all():
    """Every stored page becomes a miss, in every process, once this transaction commits (and in it at once)."""
    try:
        # In a savepoint: a failure (the table not migrated yet) must not break the caller's transaction.
        with transaction.atomic():
            updated = Generation.objects.filter(pk=1).update(value=F("value") + 1)
            if not updated:
                Generation.objects.get_or_create(pk=1, defaults={"value": 2})
    except DatabaseError:
        log_database_error("record a purge")
    # At once, so later reads in this transaction (and tests) ask the database; after commit, so
    # other processes stop trusting their copy without waiting for it to expire.
    get_cache().delete(GENERATION_KEY)
    transaction.on_commit(_publish_generation)


def _publish_generation():
    value = generation_from_database()
    if value is not None:
        get_cache().set(GENERATION_KEY, value, timeout=GENERATION_COPY_SECONDS)


# Entries -------------------------------------------------------------------------


def lookup(key):
    """(entry, generation): the stored entry if it belongs to the current generation."""
    found = get_cache().get_many([GENERATION_KEY, key])
    generation = current_generation(found.get(GENERATION_KEY))
    entry = found.get(key)
    if entry is None or generation is None or entry[0] != generation:
        return None, generation
    return entry, generation


def compressible(response):
    content_type = response.get("Content-Type", "")
    return content_type.startswith(COMPRESSIBLE_TYPES) and len(response.content) >= 200


def compress(content, encoding):
    if encoding == "br":
        return brotli.compress(content, quality=settings.PAGE_CACHE_BROTLI_QUALITY)
    return gzip.compress(content, compresslevel=6, mtime=0)


def store(key, generation, response, variants):
    """Keep the response (and its compressed forms), unless this address already has too many variants."""
    if generation is None:
        return  # the database could not say which generation this is: keep nothing
    cache = get_cache()
    if settings.PAGE_CACHE_MAX_VARIANTS is not None:
        try:
            cache.add(variants, 0, timeout=settings.PAGE_CACHE_TIMEOUT)
            count = cache.incr(variants)
        except ValueError:  # expired between the two calls
            count = 1
        if count is not None and count > settings.PAGE_CACHE_MAX_VARIANTS:
            return None
    bodies = {"identity": response.content}
    if compressible(response):
        bodies.update((encoding, compress(response.content, encoding)) for encoding in ENCODINGS)
    headers = [(name, value) for name, value in response.items() if name.lower() not in {"x-cache", "content-length"}]
    cache.set(key, (generation, response.status_code, headers, bodies), timeout=settings.PAGE_CACHE_TIMEOUT)
    return bodies
