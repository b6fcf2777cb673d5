"""The full-page cache: anonymous visitors share one copy; everyone and everything else goes round it."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client, override_settings

from wagtail.documents.models import Document

import pytest

from home.factories import StandardPageFactory

pytestmark = pytest.mark.urls("tests.performance.urls")


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, slug="about", title="About the Centre", show_in_menus=True)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")


def test_anonymous_visitors_share_one_cached_copy(client, about):
    first = client.get("/about/")
    assert first["X-Cache"] == "MISS"
    assert "About the Centre" in first.content.decode()
    second = client.get("/about/")
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Another visitor, with other (non-session) cookies such as a consent choice, gets the same entry.
    other = Client(HTTP_COOKIE="synergi_consent=analytics; _ga=GA1.1.123")
    third = other.get("/about/")
    assert third["X-Cache"] == "HIT"
    assert third.content == first.content


def test_a_hit_runs_no_sql(client, about, django_assert_num_queries):
    client.get("/about/")
    with django_assert_num_queries(0):
        assert client.get("/about/")["X-Cache"] == "HIT"


def test_query_strings_are_normalised(client, about):
    assert client.get("/test/plain/?b=2&a=1")["X-Cache"] == "MISS"
    assert client.get("/test/plain/?a=1&b=2&utm_source=newsletter&fbclid=x")["X-Cache"] == "HIT"
    assert client.get("/test/plain/?a=1&b=3")["X-Cache"] == "MISS"


def test_each_host_has_its_own_entry(client, about):
    assert client.get("/about/", HTTP_HOST="localhost")["X-Cache"] == "MISS"
    assert client.get("/about/", HTTP_HOST="testserver")["X-Cache"] == "MISS"
    assert client.get("/about/", HTTP_HOST="localhost")["X-Cache"] == "HIT"


def test_head_is_answered_from_the_cached_get(client, about):
    body = client.get("/about/").content
    response = client.head("/about/")
    assert response["X-Cache"] == "HIT"
    assert response.content == b""
    assert response["Content-Length"] == str(len(body))


def test_logged_in_editors_go_round_the_cache(client, about, editor):
    client.get("/about/")  # an anonymous visitor fills the cache
    client.force_login(editor)
    response = client.get("/about/")
    assert response["X-Cache"] == "BYPASS"
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "wagtail-userbar" in response.content.decode()
    # The editor's page, userbar and all, never reaches anonymous visitors.
    anonymous = Client().get("/about/")
    assert anonymous["X-Cache"] == "HIT"
    assert "wagtail-userbar" not in anonymous.content.decode()


def test_anonymous_pages_do_not_vary_on_cookie_or_touch_the_session(client, about):
    response = client.get("/about/")
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_a_leftover_session_cookie_is_still_anonymous(client, about):
    client.get("/about/")
    stale = Client(HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=no-such-session")
    assert stale.get("/about/")["X-Cache"] == "HIT"


def test_the_admin_is_never_cached(client, editor, home_page):
    client.force_login(editor)
    admin_home = f"/{settings.WAGTAIL_ADMIN_PATH.strip('/')}/"
    for _ in range(2):
        response = client.get(admin_home)
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")
    # Anonymous visitors are sent to the login page, which is not kept either.
    login = Client().get(admin_home + "login/")
    assert "X-Cache" not in login


def test_everything_under_the_admin_path_is_left_alone(client, home_page):
    with override_settings(WAGTAIL_ADMIN_PATH="test"):
        for _ in range(2):
            response = client.get("/test/plain/")
            assert "X-Cache" not in response
            assert "public" not in response.get("Cache-Control", "")


def test_previews_are_never_cached(client, editor, about):
    client.force_login(editor)
    preview = f"/{settings.WAGTAIL_ADMIN_PATH.strip('/')}/pages/{about.pk}/edit/preview/"
    for _ in range(2):
        response = client.get(preview)
        assert "X-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")


def test_search_results_for_a_query_are_not_cached(client, home_page):
    for _ in range(2):
        response = client.get("/test/plain/?q=pledge")
        assert "X-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")
    # Without a query the page is the same for everyone.
    client.get("/test/plain/?q=")
    assert client.get("/test/plain/?q=")["X-Cache"] == "HIT"


@pytest.mark.parametrize("path", ["/test/private/", "/test/cookie/", "/test/varies/"])
def test_responses_that_are_not_for_everyone_are_not_stored(client, home_page, path):
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")


def test_only_200s_are_stored(client, home_page):
    for _ in range(2):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "X-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")


def test_posts_are_never_answered_from_the_cache(client, about):
    client.get("/test/plain/")
    response = client.post("/test/plain/")
    assert "X-Cache" not in response


def test_documents_are_never_cached(client, home_page):
    document = Document.objects.create(title="Report", file=ContentFile(b"%PDF-1.4 report", name="report.pdf"))
    for _ in range(2):
        response = client.get(document.url)
        assert response.status_code == 200
        assert "X-Cache" not in response


def test_the_cache_can_be_switched_off(client, about):
    with override_settings(PAGE_CACHE_ENABLED=False):
        for _ in range(2):
            response = client.get("/about/")
            assert "X-Cache" not in response
            # The CDN headers do not depend on our own cache.
            assert "public" in response["Cache-Control"]


def test_off_under_debug_unless_asked_for(client, about):
    with override_settings(PAGE_CACHE_ENABLED=None, DEBUG=True):
        client.get("/about/")
        assert "X-Cache" not in client.get("/about/")
    with override_settings(PAGE_CACHE_ENABLED=True, DEBUG=True):
        client.get("/about/")
        assert client.get("/about/")["X-Cache"] == "HIT"
