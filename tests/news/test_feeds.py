"""RSS 2.0 and Atom feeds, sitemap.xml and robots.txt, read by real parsers."""

import datetime
import html
import xml.etree.ElementTree as ET  # noqa: N817
import zoneinfo

from django.utils import timezone

import feedparser
import pytest

from news.factories import NewsPageFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def feed_news(news_index, topics):
    return [
        NewsPageFactory(
            parent=news_index,
            title="Older pledge news",
            slug="older",
            standfirst="Older & <wiser>",
            display_date=datetime.datetime(2020, 8, 5, 9, tzinfo=LONDON),
            topics=[topics["pledge"]],
        ),
        NewsPageFactory(
            parent=news_index,
            title="Newer report news",
            slug="newer",
            display_date=datetime.datetime(2021, 11, 30, 9, tzinfo=LONDON),
            topics=[topics["reports"]],
        ),
    ]


def get_feed(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_rss_feed_of_all_news(client, feed_news):
    feed = get_feed(client, "/feeds/news/rss/", "application/rss+xml")
    assert feed.version == "rss20"
    assert feed.feed.title == "News from the Synergi Collaborative Centre"
    assert feed.feed.link == "http://testserver/news/"
    assert [entry.title for entry in feed.entries] == ["Newer report news", "Older pledge news"]
    older = feed.entries[1]
    assert older.link == "http://testserver/news/older/"
    assert html.unescape(older.summary) == "Older & <wiser>"
    assert older.published_parsed[:3] == (2020, 8, 5)
    assert [tag.term for tag in older.tags] == ["National Pledge"]


def test_atom_feed_of_all_news(client, feed_news):
    feed = get_feed(client, "/feeds/news/atom/", "application/atom+xml")
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Newer report news", "Older pledge news"]
    assert feed.entries[0].id.startswith("tag:localhost,2020:news-release:")
    assert feed.entries[0].updated_parsed is not None


@pytest.mark.parametrize(("kind", "version"), [("rss", "rss20"), ("atom", "atom10")])
def test_feed_per_topic(client, feed_news, kind, version):
    feed = get_feed(client, f"/feeds/news/progress-reports/{kind}/", f"application/{kind}+xml")
    assert feed.version == version
    assert feed.feed.title == "News from the Synergi Collaborative Centre: Progress reports"
    assert [entry.title for entry in feed.entries] == ["Newer report news"]


def test_feed_for_an_unknown_topic_is_a_404(client, feed_news):
    assert client.get("/feeds/news/no-such-topic/rss/").status_code == 404


def test_drafts_are_not_in_feeds(client, feed_news):
    feed_news[0].unpublish()
    feed = get_feed(client, "/feeds/news/rss/", "application/rss+xml")
    assert [entry.title for entry in feed.entries] == ["Newer report news"]


def test_sitemap_lists_every_live_release_with_last_modified(client, feed_news, news_index):
    for page in feed_news:
        page.save_revision().publish()
    draft = NewsPageFactory(parent=news_index, slug="draft")
    draft.unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    entries = {
        url.find("sm:loc", SITEMAP_NS).text: getattr(url.find("sm:lastmod", SITEMAP_NS), "text", None)
        for url in root.findall("sm:url", SITEMAP_NS)
    }
    assert "http://localhost/news/" in entries
    for page in feed_news:
        page.refresh_from_db()
        loc = f"http://localhost/news/{page.slug}/"
        assert loc in entries
        assert entries[loc] == timezone.localtime(page.last_published_at).strftime("%Y-%m-%d")
    assert "http://localhost/news/draft/" not in entries


def test_robots_txt_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
