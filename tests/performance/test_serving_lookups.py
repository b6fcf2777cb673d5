"""The lookups kept across requests (home/serving.py) follow every change on the next request.

Whole pages are not stored here (PAGE_CACHE_STORE_PAGES off), so each request
renders afresh and only the kept Site, route and privacy answers could be stale.
"""

from unittest.mock import patch

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from home.factories import StandardPageFactory
from news.factories import NewsIndexPageFactory, NewsPageFactory
from pagecache import store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_rendered_afresh(settings):
    settings.PAGE_CACHE_STORE_PAGES = False


@pytest.fixture
def about(home_page):
    Site.objects.update(hostname="testserver")
    return StandardPageFactory(parent=home_page, slug="about", title="About the Centre")


def visit_twice(client, path):
    """The first visit fills the kept lookups; the second is served with them."""
    client.get(path)
    return client.get(path)


def route_queries(client, path):
    """The queries that walked the path (HomePage.pages_along) during one request."""
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return [query for query in queries if '"slug" IN' in query["sql"]]


def test_a_kept_route_serves_the_page_without_walking_the_path(client, about):
    assert visit_twice(client, "/about/").status_code == 200
    assert route_queries(client, "/about/") == []


def test_a_renamed_page_answers_at_its_new_address_at_once(client, about):
    assert visit_twice(client, "/about/").status_code == 200
    about.slug = "about-us"
    about.save_revision().publish()
    assert client.get("/about-us/").status_code == 200
    assert client.get("/about/").status_code == 404  # not the kept route to the old slug


def test_a_moved_page_answers_at_its_new_address_at_once(client, home_page, about):
    team = StandardPageFactory(parent=home_page, slug="team")
    assert visit_twice(client, "/team/").status_code == 200
    team.move(about, pos="last-child")
    assert client.get("/about/team/").status_code == 200
    assert client.get("/team/").status_code == 301


def test_an_unpublished_page_is_gone_at_once(client, about):
    assert visit_twice(client, "/about/").status_code == 200
    about.unpublish()
    assert client.get("/about/").status_code == 404


def test_a_deleted_page_is_gone_at_once(client, about):
    assert visit_twice(client, "/about/").status_code == 200
    Page.objects.get(pk=about.pk).delete()
    assert client.get("/about/").status_code == 404


def test_a_page_deleted_without_a_purge_is_a_404_not_an_error(client, about):
    """Rows removed behind Wagtail's back (a bulk delete sends no signal) must not break the route."""
    assert visit_twice(client, "/about/").status_code == 200
    Page.objects.filter(pk=about.pk).delete()  # QuerySet.delete: no purge
    assert client.get("/about/").status_code == 404


def test_addresses_that_lead_nowhere_are_not_kept(client, about):
    """A crawler trying made-up addresses must not fill the cache with them."""
    assert visit_twice(client, "/about/no-such-page/").status_code == 404
    assert len(route_queries(client, "/about/no-such-page/")) == 1


def test_making_a_section_private_asks_for_a_login_at_once(client, about):
    child = StandardPageFactory(parent=about, slug="team")
    assert visit_twice(client, "/about/team/").status_code == 200
    restriction = PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/about/team/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    restriction.delete()
    assert client.get(child.url).status_code == 200


def test_without_private_pages_the_privacy_check_runs_no_query(client, about):
    visit_twice(client, "/about/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/about/")
    assert not [query for query in queries if "pageviewrestriction" in query["sql"]]


def test_a_new_site_root_takes_effect_at_once(client, home_page, about):
    visit_twice(client, "/")
    news_index = NewsIndexPageFactory(parent=home_page, slug="news", title="Newsroom")
    NewsPageFactory(parent=news_index, slug="a-release")
    Site.objects.update(root_page=news_index)
    response = client.get("/a-release/")
    assert response.status_code == 200
    assert client.get("/about/").status_code == 404


@override_settings(ALLOWED_HOSTS=["testserver", "press.example.org"])
def test_each_host_is_served_by_its_own_site(client, home_page, about):
    press_home = StandardPageFactory(parent=home_page, slug="press", title="Press office")
    Site.objects.create(hostname="press.example.org", port=80, root_page=press_home, site_name="Press")
    assert visit_twice(client, "/about/").status_code == 200
    response = client.get("/", HTTP_HOST="press.example.org")
    assert response.status_code == 200
    assert "Press office" in response.content.decode()
    assert "Press office" not in client.get("/").content.decode()


def test_a_purge_by_another_process_reaches_this_process_kept_copies(client, home_page, about):
    """This process keeps what it remembers in memory too; a new generation in the shared cache,
    set by any process, makes those copies misses on the next request."""
    team = StandardPageFactory(parent=home_page, slug="team", title="Our team", show_in_menus=True)
    assert "Our team" in visit_twice(client, "/").content.decode()  # the menu is kept
    Page.objects.filter(pk=team.pk).update(title="About Synergi")  # no signal, so no purge
    assert "About Synergi" not in client.get("/").content.decode()
    store.get_cache().set(store.GENERATION_KEY, "set-by-another-worker", timeout=None)
    assert "About Synergi" in client.get("/").content.decode()


def test_one_request_reads_the_generation_once(client, about):
    visit_twice(client, "/about/")
    with patch.object(store, "get_cache", wraps=store.get_cache) as shared_cache:
        assert client.get("/about/").status_code == 200
    # The generation (with the page cache's own lookup skipped: pages are not stored here).
    assert shared_cache.call_count == 1
