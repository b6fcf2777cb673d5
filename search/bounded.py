"""Site search on PostgreSQL whose work is bounded: the newest matches, ranked, never all of them.

Wagtail's database backend counts and ranks every match, joined to the pages in a way the planner
cannot serve from an index: its cost grows with the square of the matches. Here one query reads
Wagtail's own search index (IndexEntry):

1. The candidates: the newest live, public pages whose index entry matches, at most
   CANDIDATE_LIMIT + 1 of them. Every condition can be served by an index, so the planner either
   walks the pages newest first (the index on first_published_at) and stops at the limit, for a
   common word, or reads the few matches from the GIN indexes on `title` and `body`, for a rare
   one. (That second plan reads the pages table once, for the join: a cost that follows the size of
   the site, not the number of matches, about 2 ms at 10,000 pages.)
2. Their rank, for those candidates only: ts_rank on the title (times Wagtail's title_norm) plus
   ts_rank on the body, with the weights Wagtail's backend uses, so a title match comes first.

A word on more pages than the limit gives the best matches among the newest CANDIDATE_LIMIT, and
the results page says so.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, router
from django.db.models import F, OuterRef, Q, Subquery

from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend
from wagtail.search.backends.database.postgres.weights import get_sql_weights
from wagtail.search.models import IndexEntry

from home.public import public_pages

# The most matches ranked and counted: thirty pages of ten results, several months of news at the
# one or two releases a day of a busy newsroom, which is what a visitor searching a newsroom mostly
# wants. Ranking them reads 300 body vectors (about 1.5 ms); a word on more pages than this is
# better narrowed with a second word than paged through.
CANDIDATE_LIMIT = 300


@dataclass
class RankedMatches:
    """The matching pages as (page id, content type id), best first, and whether some were left out."""

    pages: list
    capped: bool


def is_available():
    """Whether pages are searched through Wagtail's PostgreSQL index (its default on PostgreSQL)."""
    if connections[router.db_for_read(Page)].vendor != "postgresql":
        return False
    return isinstance(get_search_backend(), PostgresSearchBackend)


@functools.cache
def database_text_search_config(alias):
    """The text search configuration Wagtail indexed with when SEARCH_CONFIG is unset: the database's default."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW default_text_search_config")
        return cursor.fetchone()[0]


def tsquery_for(terms):
    """Every word must match, as with Wagtail's backend: each word quoted, so none is read as syntax.

    `terms` holds letters, digits and underscores only (views.search_terms), so no quote can end one early.
    The configuration is always named: to_tsquery() with one is computed once when the query is planned,
    without one it runs again for every row compared.
    """
    config = get_search_backend().config or database_text_search_config(router.db_for_read(IndexEntry))
    return SearchQuery(" & ".join(f"'{word}'" for word in terms.split()), search_type="raw", config=config)


def ranked_matches(terms):
    """The live, public pages matching every word in `terms`, best first, from at most CANDIDATE_LIMIT candidates."""
    query = tsquery_for(terms)
    # `index_entries` is the relation Wagtail's backend joins pages to their index entries by; pinning
    # the entry's content type to the page's own lets the unique (content_type, object_id) index find it.
    matching = Q(index_entries__content_type_id=F("content_type_id")) & (
        Q(index_entries__title=query) | Q(index_entries__body=query)
    )
    weights = get_sql_weights()
    entry_rank = IndexEntry.objects.filter(pk=OuterRef("index_entries__pk")).annotate(
        rank=SearchRank(F("title"), query, weights=weights) * F("title_norm")
        + SearchRank(F("body"), query, weights=weights)
    )
    # Newest first, one more than the limit only to tell whether there are more. A page never
    # published through Wagtail (no first_published_at, such as the root) sorts as newest: DESC puts
    # nulls first, as the index is read backwards. The rank is a subquery so that PostgreSQL computes
    # it after the limit, for the candidates only.
    candidates = list(
        public_pages()
        .filter(matching)
        .order_by(F("first_published_at").desc(), "-pk")
        .annotate(rank=Subquery(entry_rank.values("rank")))
        .values_list("pk", "content_type_id", "rank")[: CANDIDATE_LIMIT + 1]
    )
    capped = len(candidates) > CANDIDATE_LIMIT
    # Best first; between equals, the newer (sorted() keeps the newest-first order of equals).
    ranked = sorted(candidates[:CANDIDATE_LIMIT], key=lambda candidate: candidate[2], reverse=True)
    return RankedMatches(pages=[(pk, content_type_id) for pk, content_type_id, _ in ranked], capped=capped)


def specific_pages(page_refs):
    """The pages for (page id, content type id) pairs, as their own types, in the same order: a query a type."""
    ids_by_type = defaultdict(list)
    for pk, content_type_id in page_refs:
        ids_by_type[content_type_id].append(pk)
    pages = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            pages.update(model.objects.in_bulk(ids))
    return [pages[pk] for pk, _ in page_refs if pk in pages]
