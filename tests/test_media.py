"""Under production settings with local MEDIA_ROOT the app serves uploaded images itself, and nothing else."""

import html
import importlib
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import Client, override_settings
from django.urls import clear_url_caches

import pytest

from home.factories import SiteImageFactory
from home.renditions import ALL_SPECS, OPEN_GRAPH
from news.factories import NewsIndexPageFactory, NewsPageFactory

PRODUCTION_ENV = {
    "SECRET_KEY": "a-production-like-secret-key-for-tests-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "testserver,localhost",
}
IMMUTABLE = "public, max-age=31536000, immutable"


def reload_urls():
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


@pytest.fixture
def production(monkeypatch):
    """production.py's settings for what serving media touches: DEBUG off, its middleware, HTTPS, media."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    importlib.reload(importlib.import_module("synergi_site.settings.base"))  # it read the environment at import
    prod = importlib.reload(importlib.import_module("synergi_site.settings.production"))
    values = {
        name: getattr(prod, name)
        for name in dir(prod)
        if name.startswith(("SECURE_", "MEDIA_", "WAGTAILDOCS_")) and name != "MEDIA_ROOT"
    }
    assert prod.DEBUG is False and prod.MEDIA_SERVED_BY_APP
    # The test's own MEDIA_ROOT and static files storage (no collectstatic manifest in tests).
    with override_settings(DEBUG=False, MIDDLEWARE=prod.MIDDLEWARE, ALLOWED_HOSTS=prod.ALLOWED_HOSTS, **values):
        reload_urls()  # the URLconf as production builds it
        yield prod
    reload_urls()


@pytest.fixture
def visitor():
    """An anonymous visitor through the TLS-terminating proxy."""
    return Client(secure=True, headers={"X-Forwarded-Proto": "https"}, raise_request_exception=False)


@pytest.fixture
def release(home_page):
    image = SiteImageFactory(file__width=1600, file__height=1000, file__filename="launch.jpg")
    return NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page), featured_image=image)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_a_releases_images_and_its_open_graph_image_answer_200(production, visitor, release):
    page = visitor.get(release.url)
    assert page.status_code == 200
    text = page.content.decode()
    og_image = html.unescape(re.search(r'<meta property="og:image" content="([^"]+)"', text).group(1))
    srcset_urls = [
        url for srcset in re.findall(r'srcset="([^"]+)"', text) for url in re.findall(r"(/media/\S+) \d+w", srcset)
    ]
    assert len(srcset_urls) == 9  # three formats at three widths
    for url in [og_image, *srcset_urls]:
        response = visitor.get(path_of(url))
        assert response.status_code == 200, url
        assert response["Content-Type"] in {"image/jpeg", "image/webp", "image/avif"}
        assert response["Cache-Control"] == IMMUTABLE
        assert response["X-Content-Type-Options"] == "nosniff"
        body = b"".join(response.streaming_content)
        assert body == (Path(settings.MEDIA_ROOT) / path_of(url).removeprefix("/media/")).read_bytes()


def test_the_original_is_served_for_a_shorter_time(production, visitor, release):
    response = visitor.get(release.featured_image.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_unchanged_file_answers_304(production, visitor, release):
    url = release.featured_image.file.url
    last_modified = visitor.get(url)["Last-Modified"]
    response = visitor.get(url, headers={"If-Modified-Since": last_modified})
    assert response.status_code == 304
    assert response["Cache-Control"] == "public, max-age=3600"


@pytest.fixture
def media_files(db):
    """A document, a web page and an SVG in MEDIA_ROOT, a secret outside it and a symlink pointing at it."""
    root = Path(settings.MEDIA_ROOT)
    outside = Path(tempfile.mkdtemp(prefix="synergi-outside-media-"))
    (outside / "secret.png").write_bytes(b"\x89PNG SECRET-7f3a")
    for name, content in {
        "documents/private-report.pdf": b"%PDF-1.4 PRIVATE-DOC-9b2",
        "images/page.html": b"<script>alert(1)</script>",
        "images/drawing.svg": b"<svg><script>alert(1)</script></svg>",
        "images/sub/nested.png": b"\x89PNG NESTED-41c",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    link = root / "images" / "link-out.png"
    if not link.exists():
        os.symlink(outside / "secret.png", link)
    return outside


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/private-report.pdf",  # documents go through Wagtail's serve view, with its privacy
        "/media/images/page.html",  # only image types
        "/media/images/drawing.svg",
        "/media/images/",  # never a listing
        "/media/images",
        "/media/images/sub/",
        "/media/original_images/",
        "/media/",
        "/media/images/missing.png",
        "/media/images/link-out.png",  # a symlink out of MEDIA_ROOT
        "/media/images/../documents/private-report.pdf",
        "/media/images/%2e%2e/documents/private-report.pdf",
        "/media/images/..%2f..%2f{outside}/secret.png",
        "/media/images/%2e%2e/%2e%2e/{outside}/secret.png",
        "/media/images/../../../../../../etc/passwd",
        "/media/images/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/media//etc/passwd",
        "/media/%2fetc%2fpasswd",
        "/media/images//{outside_abs}/secret.png",
        "/media/images/..%5c..%5cetc%5cpasswd",
    ],
)
def test_nothing_else_is_served(production, visitor, media_files, path):
    path = path.format(outside=media_files.name, outside_abs=str(media_files).lstrip("/"))
    response = visitor.get(path)
    assert response.status_code == 404, path
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    assert not re.search(rb"SECRET-7f3a|PRIVATE-DOC-9b2|NESTED-41c|alert\(1\)|root:", body)


@pytest.mark.parametrize("path", ["/media/images/sub/nested.png%00.html", "/media/images/%00"])
def test_a_null_byte_is_a_bad_request_before_any_file_is_looked_at(production, visitor, media_files, path):
    """As everywhere on the site (synergi_site/errors.py): a null byte in a request is a 400."""
    response = visitor.get(path)
    assert response.status_code == 400
    assert b"NESTED-41c" not in response.content


def test_a_nested_image_is_served(production, visitor, media_files):
    """The same folders, any depth: the path rules above refuse what leaves them, not subfolders."""
    response = visitor.get("/media/images/sub/nested.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG NESTED-41c"


def test_only_get_and_head(production, visitor, release):
    url = release.featured_image.file.url
    assert visitor.head(url).status_code == 200
    assert visitor.post(url).status_code == 405


def test_plain_http_is_sent_to_https(production, release):
    response = Client().get(release.featured_image.file.url)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.fixture
def bucket_settings(monkeypatch):
    """base.py as it reads MEDIA_S3_BUCKET and friends (credentials are not needed to build URLs)."""

    def load(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(importlib.import_module("synergi_site.settings.base"))

    yield load
    monkeypatch.undo()
    importlib.reload(importlib.import_module("synergi_site.settings.base"))
    reload_urls()


@pytest.mark.parametrize(
    ("env", "origin"),
    [
        ({"MEDIA_S3_BUCKET": "synergi-media"}, "https://synergi-media.s3.amazonaws.com/"),
        (
            {"MEDIA_S3_BUCKET": "synergi-media", "MEDIA_S3_CUSTOM_DOMAIN": "media.example.org"},
            "https://media.example.org/",
        ),
    ],
)
def test_with_a_bucket_image_urls_point_at_it_and_the_app_serves_no_media(
    bucket_settings, visitor, release, env, origin
):
    image = release.featured_image
    image.get_renditions(*ALL_SPECS)  # made while storage is local: nothing is sent to a bucket here
    rendition = image.get_rendition(OPEN_GRAPH)
    local_url = rendition.url
    base = bucket_settings(**env)
    assert base.MEDIA_SERVED_BY_APP is False
    with override_settings(STORAGES=base.STORAGES, MEDIA_SERVED_BY_APP=False):
        reload_urls()
        assert rendition.url == origin + rendition.file.name
        assert image.file.url == origin + image.file.name
        page = visitor.get(release.url).content.decode()
        assert f'property="og:image" content="{origin}images/' in page
        assert f'srcset="{origin}images/' in page
        assert visitor.get(local_url).status_code == 404
