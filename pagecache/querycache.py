"""The query cache (django-cachalot) made safe against a write that overlaps a read.

Cachalot keeps each query's result with a timestamp, and each table with the time of its
last write; a result is good while it is newer than every table it read. It takes the
result's timestamp after the query has run, so a write committed while the query ran
(the query saw the old rows) is dated before the result, and the old rows are served
until the next write to that table, up to a day later. Two visitors' first requests on a
new site were enough: both read "no sharing settings", one created them, and the other,
told by the database that they existed, was told by the cache that they did not (a 500).

Three changes close it, applied once from this app's ready():

- a result is dated when its query starts, and a table's date is only filled in if no
  write has dated it meanwhile (never moved back), so a result that may predate a write
  is never trusted after it;
- a write outside a transaction (autocommit) also re-dates its table once it has run: cachalot
  dates it just before, and a query started between the two would otherwise carry the
  later date. Inside a transaction cachalot already re-dates every table on commit;
- a write the database refuses as a duplicate (IntegrityError) drops, at once and everywhere,
  what the cache holds for its table: the row it collided with was committed by another
  request that has not yet re-dated the table (it does so just after its commit), and
  get_or_create's second look must find it in the database, not "none" in the cache.
"""

import types
from collections.abc import Iterable
from functools import wraps
from time import time

from django.apps import apps
from django.core.cache import caches
from django.db import IntegrityError
from django.db.models.sql.compiler import SQLDeleteCompiler, SQLInsertCompiler, SQLUpdateCompiler
from django.db.transaction import get_connection

WRITE_COMPILERS = (SQLInsertCompiler, SQLUpdateCompiler, SQLDeleteCompiler)


def result_or_query(execute_query, cache, cache_key, table_cache_keys):
    """Cachalot's lookup, with the result dated before its query runs."""
    from cachalot.settings import ITERABLES, cachalot_settings  # noqa: PLC0415 - only when cachalot is installed
    from cachalot.transaction import AtomicCache  # noqa: PLC0415

    try:
        found = cache.get_many([*table_cache_keys, cache_key])
    except (KeyError, ModuleNotFoundError):
        found = None
    undated_tables = set(table_cache_keys)
    if found:
        undated_tables.difference_update(found)
        if not undated_tables:
            try:
                timestamp, result = found.pop(cache_key)
                if timestamp >= max(found.values()):
                    return result
            except (KeyError, TypeError, ValueError):
                pass  # not stored, or unreadable: run the query and store it again

    started = time()
    result = execute_query()
    if isinstance(result, types.GeneratorType) and not cachalot_settings.CACHALOT_CACHE_ITERATORS:
        return result
    if result.__class__ not in ITERABLES and isinstance(result, Iterable):
        result = list(result)

    timeout = cachalot_settings.CACHALOT_TIMEOUT
    for table_key in undated_tables:
        # Only if still undated: a write that dated it meanwhile must keep its (later) date.
        if isinstance(cache, AtomicCache):
            cache.setdefault(table_key, started)
        else:
            cache.add(table_key, started, timeout)
    cache.set(cache_key, (started, result), timeout)
    return result


def forget_table_everywhere(table, db_alias):
    """Re-date `table` in the shared cache and in every open transaction's own layer of it."""
    from cachalot.cache import cachalot_caches  # noqa: PLC0415
    from cachalot.settings import cachalot_settings  # noqa: PLC0415
    from cachalot.utils import _invalidate_tables  # noqa: PLC0415

    cache_alias = cachalot_settings.CACHALOT_CACHE
    _invalidate_tables(caches[cache_alias], db_alias, [table])
    for level in cachalot_caches.atomic_caches[db_alias]:
        if cache_alias in level:
            _invalidate_tables(level[cache_alias], db_alias, [table])


def redate_around_write(original):
    """A write compiler's execute_sql, re-dating its table after an autocommit write or a refused duplicate."""
    from cachalot.api import invalidate  # noqa: PLC0415
    from cachalot.settings import cachalot_settings  # noqa: PLC0415
    from cachalot.utils import is_cachable  # noqa: PLC0415

    @wraps(original)
    def execute_sql(compiler, *args, **kwargs):
        table = compiler.query.get_meta().db_table
        cachable = is_cachable(table)
        try:
            result = original(compiler, *args, **kwargs)
        except IntegrityError:
            if cachable:
                forget_table_everywhere(table, compiler.using)
            raise
        if cachable and not get_connection(compiler.using).in_atomic_block:
            invalidate(table, db_alias=compiler.using, cache_alias=cachalot_settings.CACHALOT_CACHE)
        return result

    execute_sql.redates_after_write = True
    return execute_sql


def make_query_cache_safe():
    """Apply the three changes (once), when the query cache is installed."""
    if not apps.is_installed("cachalot"):
        return
    from cachalot import monkey_patch  # noqa: PLC0415 - only when cachalot is installed

    monkey_patch._get_result_or_execute_query = result_or_query
    for compiler in WRITE_COMPILERS:
        if not getattr(compiler.execute_sql, "redates_after_write", False):
            compiler.execute_sql = redate_around_write(compiler.execute_sql)
