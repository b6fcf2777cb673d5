"""A visitor gets a cached page; an editor changes something; the next request shows the change."""

from django.core.management import call_command
from django.test import Client, override_settings

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Page, PageViewRestriction, Site

import pytest

from consent.models import ConsentSettings
from home.factories import SiteImageFactory, StandardPageFactory
from home.models import SiteSettings
from news.factories import NewsIndexPageFactory, NewsPageFactory, PressContactFactory, TopicFactory
from pagecache import store

PURGED_URLS = []


class RecordingCDN(BaseBackend):
    """A frontend cache backend that writes down what it was told to purge."""

    def purge_batch(self, urls):
        PURGED_URLS.extend(urls)

    def purge(self, url):
        PURGED_URLS.append(url)


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, slug="about", title="About the Centre", show_in_menus=True)


def cached(client, path):
    """Fill the cache for path and prove the next visitor is served from it."""
    client.get(path)
    response = client.get(path)
    assert response["X-Cache"] == "HIT", path
    return response.content.decode()


def test_publishing_a_change_shows_on_the_page_and_in_menus(client, about):
    assert "About the Centre" in cached(client, "/about/")
    cached(client, "/")
    about.title = "About Synergi"
    about.save_revision().publish()
    page = client.get("/about/")
    assert page["X-Cache"] == "MISS"
    assert "About Synergi" in page.content.decode()
    # The home page's menu lists it too.
    assert "About Synergi" in client.get("/").content.decode()


def test_a_draft_changes_nothing_visitors_see(client, about):
    cached(client, "/about/")
    about.title = "Not yet"
    about.save_revision()
    response = client.get("/about/")
    assert response["X-Cache"] == "HIT"
    assert "Not yet" not in response.content.decode()


def test_unpublishing_removes_the_page_and_its_menu_entry(client, about):
    cached(client, "/about/")
    assert "About the Centre" in cached(client, "/")
    about.unpublish()
    assert client.get("/about/").status_code == 404
    assert "About the Centre" not in client.get("/").content.decode()


def test_moving_a_page_moves_it_everywhere(client, home_page, about):
    team = StandardPageFactory(parent=home_page, slug="team", title="Our team")
    cached(client, "/team/")
    team.move(about, pos="last-child")
    # The old address now redirects (Wagtail adds the redirect) instead of serving the old copy.
    old = client.get("/team/")
    assert old.status_code == 301
    assert old["Location"].endswith("/about/team/")
    assert client.get("/about/team/").status_code == 200


def test_deleting_a_page_removes_it(client, about):
    cached(client, "/about/")
    cached(client, "/")
    Page.objects.get(pk=about.pk).delete()
    assert client.get("/about/").status_code == 404
    assert "About the Centre" not in client.get("/").content.decode()


def test_a_site_setting_change_shows_on_every_page(client, about):
    site_settings = SiteSettings.for_site(about.get_site())
    site_settings.save()
    cached(client, "/about/")
    cached(client, "/")
    site_settings.footer_text = "© Synergi 2026"
    site_settings.save()
    assert "© Synergi 2026" in client.get("/about/").content.decode()
    assert "© Synergi 2026" in client.get("/").content.decode()


def test_a_snippet_change_shows_on_the_pages_that_display_it(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    contact = PressContactFactory(name="Press office")
    release = NewsPageFactory(parent=index, press_contact=contact, topics=[TopicFactory(name="Pledge Alliance")])
    assert "Pledge Alliance" in cached(client, release.url)
    topic = release.topics.get()
    topic.name = "National Pledge Alliance"
    topic.save()
    assert "National Pledge Alliance" in client.get(release.url).content.decode()
    cached(client, release.url)
    contact.name = "Media team"
    contact.save()
    assert "Media team" in client.get(release.url).content.decode()


def test_deleting_a_snippet_empties_the_cache(client, home_page):
    topic = TopicFactory()
    cached(client, "/")
    topic.delete()
    assert client.get("/")["X-Cache"] == "MISS"


def test_saving_an_unrelated_model_keeps_the_cache(client, home_page, django_user_model):
    cached(client, "/")
    django_user_model.objects.create_user("someone", "someone@example.org", "a-long-test-password")
    assert client.get("/")["X-Cache"] == "HIT"


def test_an_image_change_empties_the_cache(client, about):
    image = SiteImageFactory()
    cached(client, "/about/")
    image.alt_text = "A new description"
    image.save()
    assert client.get("/about/")["X-Cache"] == "MISS"


def test_rendering_bookkeeping_does_not_empty_the_cache(client, about):
    image = SiteImageFactory()
    cached(client, "/about/")
    image.file_size = 1234
    image.save(update_fields=["file_size"])
    assert client.get("/about/")["X-Cache"] == "HIT"


def test_a_change_in_one_process_reaches_every_process_sharing_the_cache(client, about):
    # Another worker's view of the same cache: its entries carry the old generation.
    cached(client, "/about/")
    generation = store.get_cache().get(store.GENERATION_KEY)
    store.purge_all()
    assert store.get_cache().get(store.GENERATION_KEY) != generation
    assert Client().get("/about/")["X-Cache"] == "MISS"


def test_the_purge_command_empties_the_cache(client, about):
    cached(client, "/about/")
    call_command("purge_page_cache", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert client.get("/about/")["X-Cache"] == "MISS"


@override_settings(
    WAGTAILFRONTENDCACHE={"test": {"BACKEND": "tests.performance.test_purge.RecordingCDN"}},
    PAGE_CACHE_CDN_LISTING_PATHS=["/sitemap.xml"],
)
def test_publishing_purges_the_page_its_listings_and_the_sitemap_from_the_cdn(
    about, django_capture_on_commit_callbacks
):
    team = StandardPageFactory(parent=about, slug="team", title="Our team")
    PURGED_URLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        team.save_revision().publish()
    assert {
        "http://localhost/about/team/",
        "http://localhost/about/",
        "http://localhost/",
        "http://localhost/sitemap.xml",
    } <= set(PURGED_URLS)


@override_settings(WAGTAILFRONTENDCACHE={"test": {"BACKEND": "tests.performance.test_purge.RecordingCDN"}})
def test_a_setting_change_purges_the_home_page_and_sections_from_the_cdn(about, django_capture_on_commit_callbacks):
    site_settings = SiteSettings.for_site(about.get_site())
    PURGED_URLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.footer_text = "New"
        site_settings.save()
    assert {"http://localhost/", "http://localhost/about/"} <= set(PURGED_URLS)


def test_without_a_cdn_configured_nothing_is_sent(about, django_capture_on_commit_callbacks):
    PURGED_URLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    assert PURGED_URLS == []


def test_making_a_section_private_takes_its_pages_out_of_the_cache(client, about):
    Site.objects.update(hostname="testserver")
    cached(client, "/about/")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/about/")
    assert response.status_code == 302
    assert "login" in response["Location"]


# With the page cache off, pages are rendered afresh from the query cache (django-cachalot),
# which drops what a change touches: the next request shows it.
@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_new_release_shows_in_related_news_on_the_next_request(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    topic = TopicFactory()
    release = NewsPageFactory(parent=index, topics=[topic])
    client.get(release.url)
    newer = NewsPageFactory(parent=index, topics=[topic], title="A newer release on the same topic")
    assert "A newer release on the same topic" in client.get(release.url).content.decode()
    newer.unpublish()
    assert "A newer release on the same topic" not in client.get(release.url).content.decode()


@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_consent_setting_change_shows_on_the_next_request(client, about):
    consent_settings = ConsentSettings.for_site(about.get_site())
    consent_settings.save()
    client.get("/about/")
    consent_settings.banner_heading = "Cookies on the Synergi website"
    consent_settings.save()
    assert "Cookies on the Synergi website" in client.get("/about/").content.decode()
