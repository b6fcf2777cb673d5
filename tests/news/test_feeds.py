"""RSS 2.0 and Atom feeds, sitemap.xml and robots.txt, read by real parsers and a strict validator."""

import datetime
import html
import re
import xml.etree.ElementTree as ET  # noqa: N817
import zoneinfo

from django.core.files.storage import default_storage
from django.utils import timezone

from wagtail.models import PageViewRestriction

import feedparser
import pytest

from home.factories import SiteImageFactory
from home.models import SharingSettings
from news.factories import NewsPageFactory
from tests.news.feed_validator import FeedError, validate_atom, validate_rss

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
            featured_image=SiteImageFactory(alt_text="Signatories", file__width=1600, file__height=1000),
            body=[
                ("paragraph", '<p>Read <a href="/about/">about us</a> &amp; <b>more</b>.</p>'),
                ("image", {"image": SiteImageFactory(alt_text="A meeting"), "caption": "At the launch"}),
                ("quote", {"quote": "We will do better.", "attribution": "A leader"}),
            ],
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
    assert feed.feed.link == "http://localhost/news/"
    assert [entry.title for entry in feed.entries] == ["Newer report news", "Older pledge news"]
    older = feed.entries[1]
    assert older.link == "http://localhost/news/older/"
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


FEEDS = [
    ("/feeds/news/rss/", validate_rss),
    ("/feeds/news/atom/", validate_atom),
    ("/feeds/news/national-pledge/rss/", validate_rss),
    ("/feeds/news/national-pledge/atom/", validate_atom),
]


@pytest.mark.parametrize(("url", "validate"), FEEDS)
def test_every_feed_passes_the_strict_validator(client, feed_news, url, validate):
    response = client.get(url)
    assert response.status_code == 200
    result = validate(response.content, "http://localhost" + url)
    assert len(result.get("entries", result.get("items"))) >= 1


def test_the_validator_catches_what_the_old_feeds_got_wrong(client, feed_news):
    atom = client.get("/feeds/news/atom/").content.decode()
    without_authors = re.sub(r"<author>.*?</author>", "", atom)
    with pytest.raises(FeedError, match="missing author"):
        validate_atom(without_authors.encode(), "http://localhost/feeds/news/atom/")
    with pytest.raises(FeedError, match="self link"):
        validate_atom(atom.encode(), "http://testserver/feeds/news/atom/")
    relative = atom.replace("http://localhost/about/", "/about/")
    with pytest.raises(FeedError, match="relative"):
        validate_atom(relative.encode(), "http://localhost/feeds/news/atom/")
    rss = client.get("/feeds/news/rss/").content.decode()
    first_guid = re.search(r"<guid[^>]*>(.*?)</guid>", rss).group(1)
    duplicated = re.sub(r"(<guid[^>]*>)(.*?)(</guid>)", rf"\g<1>{first_guid}\g<3>", rss)
    with pytest.raises(FeedError, match="not unique"):
        validate_rss(duplicated.encode(), "http://localhost/feeds/news/rss/")


@pytest.mark.parametrize("url", ["/feeds/news/rss/", "/feeds/news/atom/"])
def test_feed_identity_and_links_come_from_the_site_not_the_host_header(client, feed_news, settings, url):
    settings.PAGE_CACHE_ENABLED = False  # each Host is rendered afresh, not served from one kept copy
    by_name = client.get(url, HTTP_HOST="localhost").content
    by_address = client.get(url, HTTP_HOST="127.0.0.1").content
    assert by_name == by_address
    assert b"127.0.0.1" not in by_address and b"testserver" not in by_address


def test_atom_feed_and_entries_have_authors_ids_and_self_link(client, feed_news):
    feed = get_feed(client, "/feeds/news/atom/", "application/atom+xml")
    assert feed.feed.id == "tag:localhost,2020:news-feed"
    assert feed.feed.author_detail.name == "Synergi Collaborative Centre"
    assert {link.rel: link.href for link in feed.feed.links}["self"] == "http://localhost/feeds/news/atom/"
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids) == 2
    for entry, page in zip(feed.entries, reversed(feed_news), strict=True):
        assert entry.id == f"tag:localhost,2020:news-release:{page.pk}"
        assert entry.author_detail.name == "Synergi Collaborative Centre"
    topic_feed = get_feed(client, "/feeds/news/national-pledge/atom/", "application/atom+xml")
    assert topic_feed.feed.id == "tag:localhost,2020:news-feed:topic:national-pledge"


def test_an_entry_id_survives_a_slug_change(client, feed_news):
    before = get_feed(client, "/feeds/news/atom/", "application/atom+xml").entries[1].id
    feed_news[0].slug = "older-renamed"
    feed_news[0].save_revision().publish()
    entry = get_feed(client, "/feeds/news/atom/", "application/atom+xml").entries[1]
    assert entry.link == "http://localhost/news/older-renamed/"
    assert entry.id == before


@pytest.mark.parametrize(("url", "content_type"), [("/feeds/news/rss/", "rss"), ("/feeds/news/atom/", "atom")])
def test_full_content_with_absolute_links_and_an_image_enclosure(client, feed_news, url, content_type):
    feed = get_feed(client, url, f"application/{content_type}+xml")
    older = feed.entries[1]
    [content] = older.content
    html_content = content.value
    assert 'Read <a href="http://localhost/about/">about us</a> &amp; <b>more</b>.' in html_content
    img = re.search(r"<img [^>]*>", html_content).group(0)
    assert re.search(r'src="http://localhost/media/images/[^"]+"', img) and 'alt="A meeting"' in img
    assert "We will do better." in html_content
    assert "<picture" not in html_content and "srcset" not in html_content and "loading=" not in html_content
    [enclosure] = older.enclosures
    assert enclosure.href.startswith("http://localhost/media/images/") and "fill-1200x630" in enclosure.href
    assert enclosure.type == "image/jpeg"
    stored = enclosure.href.removeprefix("http://localhost/media/")
    assert int(enclosure.length) == default_storage.size(stored) > 0


def test_editors_can_send_only_the_standfirst(client, feed_news, home_page):
    options = SharingSettings.for_site(home_page.get_site())
    options.feed_full_content = False
    options.save()
    for url, validate in FEEDS[:2]:
        body = client.get(url).content
        validate(body, "http://localhost" + url)
        assert b"about us" not in body
        assert b"Older &amp;amp; &amp;lt;wiser&amp;gt;" in body


def test_private_and_scheduled_releases_stay_out_of_feeds(client, feed_news, news_index):
    PageViewRestriction.objects.create(page=feed_news[0], restriction_type="password", password="secret-words")
    scheduled = NewsPageFactory(parent=news_index, title="Embargoed release", live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=1)
    scheduled.save_revision().publish()
    for url, _validate in FEEDS[:2]:
        body = client.get(url).content.decode()
        assert "Newer report news" in body
        assert "Older pledge news" not in body and "Embargoed release" not in body
