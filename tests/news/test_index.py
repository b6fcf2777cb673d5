"""The news index through HTTP: order, filters, their combination, pagination and bad values."""

import datetime
import re
import zoneinfo

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.models import HomePage
from news.factories import NewsPageFactory
from news.models import NewsIndexPage, NewsPage
from tests.conftest import build_site

LONDON = zoneinfo.ZoneInfo("Europe/London")


def when(year, month, day):
    return datetime.datetime(year, month, day, 9, tzinfo=LONDON)


def titles(html):
    return re.findall(r'<h3 class="card__title">\s*<a href="[^"]+">([^<]+)</a>', html)


class TestTreeRules(WagtailPageTestCase):
    def test_news_index_lives_under_home_and_holds_only_news(self):
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanNotCreateAt(Page, NewsIndexPage)
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(NewsIndexPage, NewsIndexPage)

    def test_news_page_lives_only_under_the_index_and_has_no_children(self):
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(NewsPage, NewsPage)
        assert NewsPage.subpage_types == []

    def test_news_index_is_a_singleton(self):
        home = build_site()
        from news.factories import NewsIndexPageFactory

        NewsIndexPageFactory(parent=home)
        assert NewsIndexPage.max_count == 1
        assert not NewsIndexPage.can_create_at(home)


@pytest.fixture
def dated_news(news_index, topics):
    """Five releases over three years and two topics, created out of date order."""
    pledge, reports = topics["pledge"], topics["reports"]
    return {
        "launch": NewsPageFactory(
            parent=news_index, title="Pledge launch", display_date=when(2020, 8, 5), topics=[pledge]
        ),
        "third": NewsPageFactory(
            parent=news_index, title="Third round", display_date=when(2022, 7, 29), topics=[reports]
        ),
        "inaugural": NewsPageFactory(
            parent=news_index, title="Inaugural reports", display_date=when(2021, 5, 25), topics=[reports, pledge]
        ),
        "alliance": NewsPageFactory(
            parent=news_index, title="Alliance launch", display_date=when(2021, 11, 25), topics=[pledge]
        ),
        "second": NewsPageFactory(
            parent=news_index, title="Second round", display_date=when(2021, 11, 30), topics=[reports]
        ),
    }


def test_index_lists_news_newest_first_by_display_date(client, dated_news):
    response = client.get("/news/")
    assert response.status_code == 200
    assert titles(response.content.decode()) == [
        "Third round",
        "Second round",
        "Alliance launch",
        "Inaugural reports",
        "Pledge launch",
    ]


def test_dates_are_shown_in_a_time_element_in_uk_time(client, news_index):
    # 23:30 UTC on 30 June is already 1 July in London (BST).
    NewsPageFactory(parent=news_index, display_date=datetime.datetime(2021, 6, 30, 23, 30, tzinfo=datetime.UTC))
    html = client.get("/news/").content.decode()
    assert '<time datetime="2021-07-01T00:30:00+01:00">1 July 2021</time>' in html


def test_a_release_without_display_date_uses_its_first_publication(client, news_index):
    page = NewsPageFactory(parent=news_index, title="Undated", display_date=None)
    page.first_published_at = when(2019, 3, 1)
    page.save()
    NewsPageFactory(parent=news_index, title="Dated", display_date=when(2020, 1, 1))
    html = client.get("/news/").content.decode()
    assert titles(html) == ["Dated", "Undated"]
    assert "1 March 2019" in html


def test_filter_by_topic(client, dated_news):
    response = client.get("/news/?topic=progress-reports")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == ["Third round", "Second round", "Inaugural reports"]
    assert '<a href="/news/?topic=progress-reports" aria-current="page">Progress reports</a>' in html
    assert "3 releases about Progress reports" in html


def test_filter_by_year(client, dated_news):
    html = client.get("/news/?year=2021").content.decode()
    assert titles(html) == ["Second round", "Alliance launch", "Inaugural reports"]
    assert '<a href="/news/?year=2021" aria-current="page">2021</a>' in html


def test_topic_and_year_combine_and_each_link_keeps_the_other(client, dated_news):
    html = client.get("/news/?topic=national-pledge&year=2021").content.decode()
    assert titles(html) == ["Alliance launch", "Inaugural reports"]
    # Choosing another year keeps the topic; choosing another topic keeps the year.
    assert '<a href="/news/?topic=national-pledge&amp;year=2020">2020</a>' in html
    assert '<a href="/news/?topic=progress-reports&amp;year=2021">Progress reports</a>' in html
    assert '<a href="/news/?year=2021">All topics</a>' in html
    assert '<a href="/news/?topic=national-pledge">All years</a>' in html


def test_year_links_list_only_years_with_news(client, dated_news):
    html = client.get("/news/").content.decode()
    year_nav = html.split('id="year-filter-heading"')[1].split("</nav>")[0]
    assert re.findall(r">(\d{4})</a>", year_nav) == ["2022", "2021", "2020"]


def test_filters_are_lists_of_links_in_labelled_navigation(client, dated_news):
    html = client.get("/news/").content.decode()
    assert '<nav aria-labelledby="topic-filter-heading">' in html
    assert '<a href="/news/" aria-current="page">All topics</a>' in html


@pytest.fixture
def many_news(news_index, topics):
    """23 releases, one a day; the odd ones about the pledge."""
    return [
        NewsPageFactory(
            parent=news_index,
            title=f"Release {n:02d}",
            display_date=when(2021, 1, 1) + datetime.timedelta(days=n),
            topics=[topics["pledge"]] if n % 2 else [topics["reports"]],
        )
        for n in range(23)
    ]


def test_ten_a_page_with_previous_and_next_links(client, many_news):
    first = client.get("/news/").content.decode()
    assert titles(first) == [f"Release {n:02d}" for n in range(22, 12, -1)]
    assert '<nav aria-label="Pagination">' in first
    assert '<a href="/news/?page=2" rel="next">Next page</a>' in first
    assert 'rel="prev"' not in first
    assert "Page 1 of 3" in first

    second = client.get("/news/?page=2").content.decode()
    assert titles(second) == [f"Release {n:02d}" for n in range(12, 2, -1)]
    assert '<a href="/news/" rel="prev">Previous page</a>' in second
    assert '<a href="/news/?page=3" rel="next">Next page</a>' in second

    third = client.get("/news/?page=3").content.decode()
    assert titles(third) == ["Release 02", "Release 01", "Release 00"]
    assert 'rel="next"' not in third


def test_pagination_keeps_the_filters(client, many_news):
    html = client.get("/news/?topic=national-pledge").content.decode()
    assert len(titles(html)) == 10
    assert '<a href="/news/?topic=national-pledge&amp;page=2" rel="next">Next page</a>' in html
    second = client.get("/news/?topic=national-pledge&page=2").content.decode()
    assert titles(second) == ["Release 01"]
    assert '<a href="/news/?topic=national-pledge" rel="prev">Previous page</a>' in second


def test_a_filter_link_goes_back_to_the_first_page(client, many_news):
    html = client.get("/news/?page=2").content.decode()
    assert '<a href="/news/?topic=national-pledge">National Pledge</a>' in html


@pytest.mark.parametrize("query", ["page=abc", "page=-1", "page=0", "page=99999", "page=1.5", "page=4"])
def test_a_page_number_that_is_not_one_of_the_pages_is_not_found(client, many_news, query):
    response = client.get(f"/news/?{query}")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() or "not found" in response.content.decode().lower()


def test_an_empty_page_number_is_the_first_page(client, many_news):
    response = client.get("/news/?page=")
    assert response.status_code == 200
    assert "Page 1 of 3" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "topic=%3Cscript%3Ealert(1)%3C/script%3E",
        "topic=no-such-topic",
        "topic=../admin",
        "year=20x5",
        "year=1999",
        "year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%91",  # '２０２１' in full-width digits
        "year=-2021",
        "year=2021&topic=nope",
    ],
)
def test_a_bad_filter_value_is_a_404_not_an_error(client, dated_news, query):
    response = client.get(f"/news/?{query}")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.content.decode()


def test_drafts_and_private_releases_are_not_listed(client, news_index):
    NewsPageFactory(parent=news_index, title="Live one")
    draft = NewsPageFactory(parent=news_index, title="Draft one")
    draft.unpublish()
    html = client.get("/news/").content.decode()
    assert titles(html) == ["Live one"]


def test_empty_index_says_so(client, news_index):
    response = client.get("/news/")
    assert response.status_code == 200
    assert "There is no news here yet." in response.content.decode()


def test_home_page_shows_the_three_latest(client, dated_news):
    html = client.get("/").content.decode()
    assert "Third round" in html and "Second round" in html and "Alliance launch" in html
    assert "Pledge launch" not in html
