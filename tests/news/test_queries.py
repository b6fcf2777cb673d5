"""The index and a release run the same number of SQL queries with 10 or 100 releases."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

import pytest

from home.factories import SiteImageFactory
from news.factories import NewsPageFactory

# Measure the views themselves, not the full-page cache in front of them.
pytestmark = pytest.mark.usefixtures("_no_page_cache", "cold_queries")


@pytest.fixture
def _no_page_cache():
    with override_settings(PAGE_CACHE_ENABLED=False):
        yield


def add_news(news_index, topics, images, count, start=0):
    return [
        NewsPageFactory(
            parent=news_index,
            featured_image=images[n % len(images)],
            display_date=datetime.datetime(2022, 12, 31, tzinfo=datetime.UTC) - datetime.timedelta(days=n),
            topics=[topics["pledge"], topics["reports"]] if n % 2 else [topics["reports"]],
        )
        for n in range(start, start + count)
    ]


def queries_for(client, url):
    client.get(url)  # first visit makes the image renditions; later visits find them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/news/", "/news/?page=2", "/news/?topic=national-pledge&year=2022"])
def test_index_queries_do_not_grow_with_the_number_of_releases(client, news_index, topics, url):
    images = [SiteImageFactory() for _ in range(3)]
    add_news(news_index, topics, images, 20)
    with_20 = queries_for(client, url)
    add_news(news_index, topics, images, 80, start=20)
    with_100 = queries_for(client, url)
    assert with_20 == with_100
    # A guard against waste; the shell (menus, footer, cookie banner) takes about half.
    assert with_100 <= 30


def test_release_queries_do_not_grow_with_the_number_of_releases(client, news_index, topics):
    images = [SiteImageFactory() for _ in range(3)]
    page = add_news(news_index, topics, images, 10)[0]
    with_10 = queries_for(client, page.url)
    add_news(news_index, topics, images, 90, start=10)
    with_100 = queries_for(client, page.url)
    assert with_10 == with_100
    assert with_100 <= 30
