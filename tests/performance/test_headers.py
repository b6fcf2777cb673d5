"""CDN-ready headers: public pages short for browsers and longer for a CDN; static files forever."""

import gzip
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import RequestFactory, override_settings

import brotli
import pytest
from whitenoise.middleware import WhiteNoiseMiddleware

from consent.factories import CookiesPageFactory
from home.factories import SiteImageFactory, StandardPageFactory
from news.factories import NewsIndexPageFactory, NewsPageFactory, PressContactFactory, TopicFactory

ONE_YEAR = 365 * 24 * 60 * 60
# A news release before images: its HTML, CSS and JS together, compressed.
MOST_NEWS_ITEM_BYTES = 50 * 1024


def cache_control(response):
    directives = {}
    for directive in response["Cache-Control"].split(","):
        name, _, value = directive.strip().partition("=")
        directives[name] = value
    return directives


def test_public_pages_are_public_short_for_browsers_longer_for_a_cdn(client, home_page):
    StandardPageFactory(parent=home_page, slug="about")
    for path in ("/", "/about/"):
        directives = cache_control(client.get(path))
        assert "public" in directives
        assert directives["max-age"] == "60"
        assert directives["s-maxage"] == "600"


@override_settings(PAGE_CACHE_BROWSER_MAX_AGE=30, PAGE_CACHE_SHARED_MAX_AGE=3600)
def test_lifetimes_come_from_settings(client, home_page):
    directives = cache_control(client.get("/"))
    assert (directives["max-age"], directives["s-maxage"]) == ("30", "3600")


def test_a_cached_copy_keeps_the_headers(client, home_page):
    first = client.get("/")
    second = client.get("/")
    assert second["X-Cache"] == "HIT"
    assert second["Cache-Control"] == first["Cache-Control"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_the_cookies_page_and_the_consent_endpoint_are_never_cached(client, home_page):
    page = CookiesPageFactory(parent=home_page)
    for _ in range(2):
        response = client.get(page.url)
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert {"private", "no-store"} <= set(cache_control(response))
    for _ in range(2):
        response = client.post("/cookies/consent/", {"action": "reject", "source": "banner", "next": "/"})
        assert "X-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")
    assert "X-Cache" not in client.get("/cookies/consent/")


def test_search_results_are_not_cached_but_the_empty_search_page_is(client, home_page):
    for _ in range(2):
        response = client.get("/search/?q=pledge")
        assert response.status_code == 200
        assert "X-Cache" not in response
    client.get("/search/")
    assert client.get("/search/")["X-Cache"] == "HIT"


@pytest.fixture
def static_root(tmp_path):
    """Production's static storage (hashed names, gzip and Brotli) over one file, collected for real."""
    source = tmp_path / "source" / "css"
    source.mkdir(parents=True)
    (source / "site.css").write_text("body { color: #0b0c0c; }\n" * 200)
    root = tmp_path / "collected"
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(
        STORAGES=storages,
        STATIC_ROOT=root,
        STATICFILES_DIRS=[tmp_path / "source"],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        WHITENOISE_MAX_AGE=86400,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_hashed_static_files_are_compressed_and_immutable(static_root):
    from django.contrib.staticfiles.storage import staticfiles_storage

    hashed = staticfiles_storage.url("css/site.css")
    assert re.search(r"/css/site\.[0-9a-f]{12}\.css$", hashed)
    name = hashed.removeprefix("/static/")
    assert (Path(static_root) / (name + ".gz")).exists()
    assert (Path(static_root) / (name + ".br")).exists()

    middleware = WhiteNoiseMiddleware(lambda request: None)
    request = RequestFactory().get(hashed, HTTP_ACCEPT_ENCODING="gzip, br")
    response = middleware(request)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    directives = cache_control(response)
    assert "immutable" in directives and "public" in directives
    assert int(directives["max-age"]) >= ONE_YEAR
    gzipped = middleware(RequestFactory().get(hashed, HTTP_ACCEPT_ENCODING="gzip"))
    assert gzipped["Content-Encoding"] == "gzip"

    # The unhashed name may change under the same address: not immutable, a day at most.
    plain = middleware(RequestFactory().get("/static/css/site.css"))
    assert "immutable" not in plain["Cache-Control"]
    assert int(cache_control(plain)["max-age"]) <= 86400


def linked_assets(html):
    """The site's own CSS and JS a page links to, read from the static files."""
    paths = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert paths, "the page links no CSS or JS"
    return [Path(finders.find(path)).read_bytes() for path in paths]


def test_a_news_release_weighs_under_50_kb_compressed(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    topics = [TopicFactory(), TopicFactory()]
    for _ in range(4):
        NewsPageFactory(parent=index, featured_image=SiteImageFactory(), topics=topics)
    release = NewsPageFactory(
        parent=index,
        featured_image=SiteImageFactory(),
        topics=topics,
        press_contact=PressContactFactory(),
        body=[("paragraph", "<p>" + "Progress on the National Pledge. " * 40 + "</p>")] * 8,
        notes_to_editors="<p>About the Centre.</p>",
    )
    response = client.get(release.url)
    assert response.status_code == 200
    html = response.content.decode()
    files = [response.content, *linked_assets(html)]
    gzipped = sum(len(gzip.compress(data, compresslevel=9)) for data in files)
    brotlied = sum(len(brotli.compress(data)) for data in files)
    assert gzipped < MOST_NEWS_ITEM_BYTES, gzipped
    assert brotlied < MOST_NEWS_ITEM_BYTES, brotlied
    # Images are renditions sized for their slot: srcset, explicit size, lazy below the fold.
    for img in re.findall(r"<img [^>]+>", html):
        assert 'width="' in img and 'height="' in img, img
    assert "srcset=" in html
    assert 'loading="lazy"' in html
    # Nothing render-blocking from another origin.
    assert not re.search(r'<link rel="stylesheet"[^>]+href="https?://', html)
    assert not re.search(r'<script[^>]+ src="https?://', html)
