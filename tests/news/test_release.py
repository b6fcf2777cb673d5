"""A news release through HTTP: what it shows, related news, and what it tells sharing sites."""

import datetime
import json
import re
import zoneinfo
from html.parser import HTMLParser

from django.core.files.base import ContentFile

from wagtail.documents.models import Document

import pytest

from home.factories import SiteImageFactory
from news.factories import NewsPageFactory, PressContactFactory
from news.models import NewsPageRelatedLink

LONDON = zoneinfo.ZoneInfo("Europe/London")


class HeadParser(HTMLParser):
    """Collects <meta>, <link> and JSON-LD blocks, as a sharing site's crawler reads them."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld = {}, [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False


def parse_head(html):
    parser = HeadParser()
    parser.feed(html)
    return parser


@pytest.fixture
def release(news_index, topics):
    image = SiteImageFactory(alt_text="Colourful silhouette of different figures", credit="Jo Bloggs")
    document = Document.objects.create(title="Full report", file=ContentFile(b"%PDF-1.4 " + b"x" * 1500, "report.pdf"))
    page = NewsPageFactory(
        parent=news_index,
        title="Senior leaders report progress",
        slug="senior-leaders-report-progress",
        standfirst="Progress reports show greater investment to tackle ethnic inequalities.",
        display_date=datetime.datetime(2021, 5, 25, 9, tzinfo=LONDON),
        featured_image=image,
        featured_image_caption="Pledge signatories",
        press_contact=PressContactFactory(name="Press office", email="press@example.org", phone="01234 567890"),
        notes_to_editors="<p>The Centre works to reduce ethnic inequalities.</p>",
        body=[
            ("paragraph", "<p>The reports also reveal where steps are being taken.</p>"),
            ("quote", {"quote": "It is an encouraging start.", "attribution": "Joy Francis, Co-Director"}),
            ("heading", {"text": "Background", "level": "h2"}),
            ("document", {"document": document, "label": "Read the report"}),
        ],
        topics=[topics["reports"], topics["pledge"]],
    )
    page.save_revision().publish()  # as an editor would: sets the publication dates
    return page


def test_release_shows_its_date_topics_contact_and_notes(client, release):
    response = client.get("/news/senior-leaders-report-progress/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Senior leaders report progress</h1>" in html
    assert '<p class="lead">Progress reports show greater investment' in html
    assert '<time datetime="2021-05-25T09:00:00+01:00">25 May 2021</time>' in html
    assert '<a href="/news/?topic=progress-reports">Progress reports</a>' in html
    assert '<a href="/news/?topic=national-pledge">National Pledge</a>' in html
    assert '<h2 id="press-contact">Press contact</h2>' in html
    assert '<a href="mailto:press@example.org">press@example.org</a>' in html
    assert '<a href="tel:01234567890">01234 567890</a>' in html
    assert '<h2 id="notes-to-editors">Notes to editors</h2>' in html
    assert "The Centre works to reduce ethnic inequalities." in html


def test_release_body_blocks_render(client, release):
    html = client.get(release.url).content.decode()
    assert "<figcaption>Joy Francis, Co-Director</figcaption>" in html
    assert "<h2>Background</h2>" in html
    assert re.search(r"Read the report <span class=\"download__meta\">\(PDF, \d+ KB\)</span>", html)


def test_featured_image_is_a_responsive_picture_with_alt_caption_and_credit(client, release):
    html = client.get(release.url).content.decode()
    figure = html.split('<figure class="figure figure--featured">')[1].split("</figure>")[0]
    assert 'type="image/avif"' in figure and 'type="image/webp"' in figure
    assert 'sizes="(min-width: 50rem) 46rem, 100vw"' in figure
    assert 'alt="Colourful silhouette of different figures"' in figure
    img = re.search(r"<img [^>]*>", figure).group(0)
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert 'loading="lazy"' not in figure  # the top of the page loads at once
    assert "Pledge signatories" in figure and "Credit: Jo Bloggs" in figure


def test_standfirst_is_the_meta_description_unless_the_seo_one_is_set(client, release):
    head = parse_head(client.get(release.url).content.decode())
    assert head.meta["description"] == release.standfirst
    release.search_description = "A shorter description for search engines."
    release.save_revision().publish()
    head = parse_head(client.get(release.url).content.decode())
    assert head.meta["description"] == "A shorter description for search engines."


def test_open_graph_and_twitter_tags_with_image_alt(client, release):
    head = parse_head(client.get(release.url).content.decode())
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == "Senior leaders report progress"
    assert head.meta["og:description"] == release.standfirst
    assert head.meta["og:url"] == "http://localhost/news/senior-leaders-report-progress/"
    assert head.meta["og:image"].startswith("http://localhost/media/images/")
    assert "fill-1200x630" in head.meta["og:image"]
    assert head.meta["og:image:alt"] == "Colourful silhouette of different figures"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:image:alt"] == "Colourful silhouette of different figures"
    assert {"rel": "canonical", "href": "http://localhost/news/senior-leaders-report-progress/"} in head.links


def test_without_an_image_the_card_is_a_summary(client, news_index):
    page = NewsPageFactory(parent=news_index, featured_image=None)
    head = parse_head(client.get(page.url).content.decode())
    assert head.meta["twitter:card"] == "summary"
    assert "og:image" not in head.meta
    [article] = [item for item in head.json_ld if item["@type"] == "NewsArticle"]
    assert "image" not in article


def test_news_article_json_ld(client, release):
    head = parse_head(client.get(release.url).content.decode())
    [article] = [item for item in head.json_ld if item["@type"] == "NewsArticle"]
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Senior leaders report progress"
    assert datetime.datetime.fromisoformat(article["datePublished"]) == datetime.datetime(
        2021, 5, 25, 9, tzinfo=LONDON
    )
    release.refresh_from_db()
    assert datetime.datetime.fromisoformat(article["dateModified"]) == release.last_published_at
    assert len(article["image"]) == 3  # 16:9, 4:3 and 1:1 (tests/sharing)
    assert article["publisher"] == {
        "@type": "Organization",
        "name": "Synergi Collaborative Centre",
        "url": "http://localhost/",
    }
    assert article["mainEntityOfPage"] == "http://localhost/news/senior-leaders-report-progress/"


def test_json_ld_cannot_be_broken_out_of(client, news_index):
    page = NewsPageFactory(parent=news_index, title="</script><script>alert('x')</script> & more")
    html = client.get(page.url).content.decode()
    json_ld = html.split('<script type="application/ld+json">')[2].split("</script>")[0]
    assert "<" not in json_ld and ">" not in json_ld
    assert json.loads(json_ld)["headline"] == "</script><script>alert('x')</script> & more"
    assert "<script>alert('x')" not in html


def test_feeds_are_discoverable(client, release):
    head = parse_head(client.get(release.url).content.decode())
    alternates = {(link["type"], link["href"]) for link in head.links if link.get("rel") == "alternate"}
    assert ("application/rss+xml", "/feeds/news/rss/") in alternates
    assert ("application/atom+xml", "/feeds/news/atom/") in alternates
    index_head = parse_head(client.get("/news/?topic=progress-reports").content.decode())
    alternates = {(link["type"], link["href"]) for link in index_head.links if link.get("rel") == "alternate"}
    assert ("application/rss+xml", "/feeds/news/progress-reports/rss/") in alternates
    assert ("application/atom+xml", "/feeds/news/progress-reports/atom/") in alternates


def test_chosen_related_news_in_the_chosen_order(client, news_index, topics):
    page = NewsPageFactory(parent=news_index, title="Main", topics=[topics["pledge"]])
    first = NewsPageFactory(parent=news_index, title="Chosen first")
    second = NewsPageFactory(parent=news_index, title="Chosen second")
    NewsPageFactory(parent=news_index, title="Same topic, not chosen", topics=[topics["pledge"]])
    page.related_links = [NewsPageRelatedLink(related_page=second), NewsPageRelatedLink(related_page=first)]
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    related = html.split('id="related-news"')[1]
    assert re.findall(r'<a href="[^"]+">(Chosen [a-z]+)</a>', related) == ["Chosen second", "Chosen first"]
    assert "Same topic, not chosen" not in related


def test_related_news_falls_back_to_the_latest_in_the_same_topic(client, news_index, topics):
    page = NewsPageFactory(parent=news_index, title="Main", topics=[topics["pledge"]])
    for n in range(4):
        NewsPageFactory(
            parent=news_index,
            title=f"Pledge news {n}",
            display_date=datetime.datetime(2022, 1, 1 + n, tzinfo=LONDON),
            topics=[topics["pledge"]],
        )
    NewsPageFactory(parent=news_index, title="Reports news", topics=[topics["reports"]])
    html = client.get(page.url).content.decode()
    related = html.split('id="related-news"')[1]
    assert re.findall(r">(Pledge news \d|Reports news|Main)</a>", related) == [
        "Pledge news 3",
        "Pledge news 2",
        "Pledge news 1",
    ]


def test_unpublished_related_news_is_not_linked(client, news_index, topics):
    page = NewsPageFactory(parent=news_index, title="Main")
    gone = NewsPageFactory(parent=news_index, title="Withdrawn release")
    page.related_links = [NewsPageRelatedLink(related_page=gone)]
    page.save_revision().publish()
    gone.unpublish()
    assert "Withdrawn release" not in client.get(page.url).content.decode()
