"""Site search on PostgreSQL (search/bounded.py), through HTTP: ranking, what is never found, the cap, fixed cost.

CI runs these on PostgreSQL; on SQLite (the local default) the view keeps Wagtail's own backend and they skip.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

import pytest

from home.factories import StandardPageFactory
from news.factories import NewsIndexPageFactory, NewsPageFactory
from search import bounded
from tests.search.test_search import result_titles

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the bounded search is PostgreSQL's")


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


def search(client, query, page=None):
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def releases_dated(news_index, count, word):
    """`count` releases mentioning `word`, created newest first: creation order is not date order."""
    base = datetime.datetime(2024, 6, 1, 9, tzinfo=datetime.UTC)
    for n in range(count):
        release = NewsPageFactory(
            parent=news_index, title=f"{word.capitalize()} release {n:02d}", standfirst=f"About the {word}."
        )
        Page.objects.filter(pk=release.pk).update(first_published_at=base - datetime.timedelta(days=n))


def test_postgresql_uses_the_bounded_search(db):
    assert bounded.is_available()


def test_a_title_match_ranks_above_a_body_only_match(client, news_index):
    # The body-only match is the newer, so only the rank can put the title match first.
    NewsPageFactory(parent=news_index, title="Zeppelin archive opens", standfirst="A new collection.")
    NewsPageFactory(parent=news_index, title="Museum news", standfirst="The zeppelin hangar reopens.")
    assert result_titles(search(client, "zeppelin")) == ["Zeppelin archive opens", "Museum news"]


def test_words_are_stemmed_as_the_index_was(client, news_index):
    NewsPageFactory(parent=news_index, title="Trusts pledging support", standfirst="Support.")
    html = search(client, "pledged")
    assert result_titles(html) == ["Trusts pledging support"]


def test_every_word_must_match(client, news_index):
    NewsPageFactory(parent=news_index, title="Walrus and carpenter", standfirst="A poem.")
    NewsPageFactory(parent=news_index, title="Walrus sighted", standfirst="A report.")
    assert result_titles(search(client, "walrus carpenter")) == ["Walrus and carpenter"]


def test_only_live_public_pages_are_found(client, home_page, news_index):
    NewsPageFactory(parent=news_index, title="Quokka public", standfirst="Quokka news.")
    NewsPageFactory(parent=news_index, title="Quokka unpublished", standfirst="Quokka news.").unpublish()
    NewsPageFactory(parent=news_index, title="Quokka draft", standfirst="Quokka news.", live=False)
    private_section = StandardPageFactory(parent=home_page, title="Members", slug="members")
    PageViewRestriction.objects.create(
        page=private_section, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    StandardPageFactory(parent=private_section, title="Quokka private", introduction="Quokka news.")
    private_news = NewsIndexPageFactory(parent=home_page, title="Private news", slug="private-news")
    PageViewRestriction.objects.create(page=private_news, restriction_type=PageViewRestriction.LOGIN)
    NewsPageFactory(parent=private_news, title="Quokka restricted release", standfirst="Quokka news.")
    html = search(client, "quokka")
    assert result_titles(html) == ["Quokka public"]
    assert "1 result for “quokka”" in html


def test_matches_up_to_the_limit_are_counted_exactly(client, news_index, monkeypatch):
    monkeypatch.setattr(bounded, "CANDIDATE_LIMIT", 4)
    releases_dated(news_index, 4, "heron")
    html = search(client, "heron")
    assert "4 results for “heron”" in html
    assert "More than" not in html
    assert len(result_titles(html)) == 4


def test_past_the_limit_only_the_newest_matches_are_ranked_and_the_page_says_so(client, news_index, monkeypatch):
    monkeypatch.setattr(bounded, "CANDIDATE_LIMIT", 12)
    releases_dated(news_index, 15, "heron")  # Heron release 00 is the newest, 14 the oldest
    first = search(client, "heron")
    assert "More than 12 results for “heron”" in first
    assert "Showing the best matches among the 12 most recent. Add words to narrow your search." in first
    assert "Page 1 of 2" in first
    second = search(client, "heron", page=2)
    shown = result_titles(first) + result_titles(second)
    assert sorted(shown) == [f"Heron release {n:02d}" for n in range(12)]
    assert 'rel="next"' not in second
    # Past the last page, or not a page at all: the last page, or the first.
    assert result_titles(search(client, "heron", page=99999)) == result_titles(second)
    for bad in ["abc", "-1", "", "1e9", "0"]:
        assert result_titles(search(client, "heron", page=bad)) in (result_titles(first), result_titles(second))


def test_the_query_count_does_not_grow_with_the_matches(client, news_index, monkeypatch, cold_queries):
    def queries_for(query):
        client.get("/search/", {"q": query})  # the first request may fill caches (site, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": query}).status_code == 200
        return len(queries)

    monkeypatch.setattr(bounded, "CANDIDATE_LIMIT", 20)
    releases_dated(news_index, 3, "otter")
    releases_dated(news_index, 40, "badger")
    assert "More than 20 results" in search(client, "badger")
    assert queries_for("otter") == queries_for("badger")
