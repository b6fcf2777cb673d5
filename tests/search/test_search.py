"""Site search through HTTP: results across page types, highlighting, pagination, any input."""

import re

from django.test import override_settings

import pytest

from home.factories import StandardPageFactory
from news.factories import NewsIndexPageFactory, NewsPageFactory
from pledge.factories import PledgePageFactory
from search.views import MAX_QUERY_LENGTH, highlight


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


def result_titles(html):
    return re.findall(r'<h3 class="card__title">\s*<a href="[^"]+">([^<]+)</a>', html)


def test_empty_search_shows_the_form(client, home_page):
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split('<main id="main-content"')[1].split("</main>")[0]
    assert re.search(r'<form class="search-form"\s+action="/search/"\s+method="get"\s+role="search">', main)
    assert "result" not in main.split("</form>", 1)[1]


def test_finds_news_by_standfirst_and_highlights_it(client, news_index):
    NewsPageFactory(parent=news_index, title="Alliance launched", standfirst="The Pledge Alliance was launched.")
    NewsPageFactory(parent=news_index, title="Unrelated", standfirst="Nothing to see.")
    response = client.get("/search/?q=alliance")
    assert response.status_code == 200
    html = response.content.decode()
    assert result_titles(html) == ["Alliance launched"]
    assert "The Pledge <mark>Alliance</mark> was launched." in html
    assert "1 result for “alliance”" in html


def test_finds_other_page_types_too(client, home_page, news_index):
    StandardPageFactory(parent=home_page, title="About the Centre", introduction="Who runs the symposium.")
    NewsPageFactory(parent=news_index, title="Symposium news", standfirst="A symposium took place.")
    titles = result_titles(client.get("/search/?q=symposium").content.decode())
    assert sorted(titles) == ["About the Centre", "Symposium news"]


def test_a_rich_text_introduction_is_summarised_as_plain_text(client, home_page):
    PledgePageFactory(parent=home_page, introduction="<p>Trusts &amp; councils <b>signed</b> the pledge.</p>")
    html = client.get("/search/?q=councils").content.decode()
    assert "Trusts &amp; <mark>councils</mark> signed the pledge." in html
    assert "&lt;p&gt;" not in html


def test_drafts_and_private_pages_are_not_found(client, news_index):
    draft = NewsPageFactory(parent=news_index, title="Secret draft", standfirst="Confidential plans.")
    draft.unpublish()
    assert result_titles(client.get("/search/?q=confidential").content.decode()) == []


def test_results_are_paginated_and_bad_page_numbers_are_safe(client, news_index):
    for n in range(13):
        NewsPageFactory(parent=news_index, title=f"Pledge report {n}", standfirst="A pledge report.")
    first = client.get("/search/?q=pledge").content.decode()
    assert len(result_titles(first)) == 10
    assert '<a href="?q=pledge&amp;page=2"' in first and 'rel="next"' in first
    second = client.get("/search/?q=pledge&page=2").content.decode()
    assert len(result_titles(second)) == 3
    assert 'rel="prev"' in second
    for bad in ["abc", "-1", "99999", "", "1e9"]:
        response = client.get(f"/search/?q=pledge&page={bad}")
        assert response.status_code == 200
        assert result_titles(response.content.decode())


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '" onmouseover="alert(1)',
        "AND OR NOT ( ) * : ^ ~ \\ ' \" %",
        "x" * 10_000,
        "pledge " * 500,
        "日本語 مرحبا 🙂",
        "%00",
        "-",
        "\t \n",
    ],
)
def test_any_query_is_safe(client, news_index, query):
    NewsPageFactory(parent=news_index, title="Pledge news", standfirst="About the pledge.")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert 'onmouseover="alert(1)' not in html


def test_long_queries_are_cut(client, news_index):
    response = client.get("/search/", {"q": "a" * 5000})
    assert response.status_code == 200
    main = response.content.decode().split('<main id="main-content"')[1].split("</main>")[0]
    assert "a" * MAX_QUERY_LENGTH in main
    assert "a" * (MAX_QUERY_LENGTH + 1) not in main


def test_punctuation_is_not_query_syntax(client, news_index):
    NewsPageFactory(parent=news_index, title="Women's mental health", standfirst="Care for women.")
    html = client.get("/search/", {"q": '"women\'s" (care*'}).content.decode()
    assert result_titles(html) == ["Women&#x27;s mental health"]


def test_highlight_escapes_first_and_never_breaks_entities():
    assert highlight("Tom & Jerry <b>", "jerry") == "Tom &amp; <mark>Jerry</mark> &lt;b&gt;"
    assert highlight("Tom & Jerry", "amp") == "Tom &amp; Jerry"
    assert highlight("a <mark> b", "<mark>") == "a <mark>&lt;mark&gt;</mark> b"
    assert highlight("Progress", "") == "Progress"


@override_settings(PAGE_CACHE_ENABLED=False)
def test_search_is_linked_from_every_page(client, home_page):
    html = client.get("/").content.decode()
    assert '<form class="site-search" action="/search/" method="get" role="search">' in html
