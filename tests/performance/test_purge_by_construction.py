"""Nothing has to be listed for the cache to follow a change: every model purges unless declared never shown.

And whatever happens to Redis (an evicted key, a restart, an outage) a visitor
never gets a page from before a change.
"""

from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

import pytest

from consent.models import ConsentRecord
from home.factories import StandardPageFactory
from news.factories import NewsIndexPageFactory, NewsPageFactory
from news.models import NewsPage
from pagecache import store
from tests.purgeapp.models import Notice

pytestmark = pytest.mark.urls("tests.performance.urls")


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, slug="about", title="About the Centre")


def cached(client, path):
    client.get(path)
    response = client.get(path)
    assert response["X-Cache"] == "HIT", path
    return response.content.decode()


def test_a_model_added_later_purges_without_a_line_of_cache_code(client, home_page):
    Notice.objects.create(text="First notice")
    assert "First notice" in cached(client, "/test/notices/")
    notice = Notice.objects.create(text="Second notice")
    fresh = client.get("/test/notices/")
    assert fresh["X-Cache"] == "MISS"
    assert "Second notice" in fresh.content.decode()
    cached(client, "/test/notices/")
    notice.text = "Corrected notice"
    notice.save()
    assert "Corrected notice" in client.get("/test/notices/").content.decode()
    cached(client, "/test/notices/")
    notice.delete()
    assert "Corrected notice" not in client.get("/test/notices/").content.decode()


def test_models_declared_never_shown_leave_the_cache_alone(client, about, django_user_model):
    cached(client, "/about/")
    ConsentRecord.objects.create(
        consent_id="a" * 32,
        policy_version=1,
        decision=ConsentRecord.Decision.REJECT,
        functional=False,
        analytics=False,
        marketing=False,
        method=ConsentRecord.Method.BANNER_FORM,
        gpc=False,
        banner_text_sha256="0" * 64,
        created_at=timezone.now(),
    )
    session = SessionStore()
    session["anything"] = 1
    session.save()
    django_user_model.objects.create_user("someone", "someone@example.org", "a-long-test-password")
    assert client.get("/about/")["X-Cache"] == "HIT"


def test_a_draft_save_leaves_the_cache_alone(client, about):
    cached(client, "/about/")
    about.title = "A draft title"
    about.save_revision()
    response = client.get("/about/")
    assert response["X-Cache"] == "HIT"
    assert "A draft title" not in response.content.decode()


@override_settings(PAGE_CACHE_ENABLED=False)
def test_pages_rendered_afresh_follow_a_bulk_update_at_once(client, home_page):
    # The query cache is dropped by any write to a table it read, QuerySet.update() included.
    index = NewsIndexPageFactory(parent=home_page, slug="news")
    release = NewsPageFactory(parent=index, standfirst="The first standfirst")
    assert "The first standfirst" in client.get(release.url).content.decode()
    assert "The first standfirst" in client.get(release.url).content.decode()
    NewsPage.objects.filter(pk=release.pk).update(standfirst="A standfirst changed in bulk")
    assert "A standfirst changed in bulk" in client.get(release.url).content.decode()


# Redis ----------------------------------------------------------------------------------------


def test_an_evicted_generation_does_not_empty_the_cache(client, about):
    cached(client, "/about/")
    cache.delete(store.GENERATION_KEY)  # what a memory-capped Redis may do to any key
    assert client.get("/about/")["X-Cache"] == "HIT"


def test_an_evicted_generation_never_brings_back_a_page_from_before_a_purge(client, about):
    old = cached(client, "/about/")
    about.title = "About us, corrected"
    about.save_revision().publish()
    cache.delete(store.GENERATION_KEY)
    fresh = client.get("/about/").content.decode()
    assert "About us, corrected" in fresh
    assert fresh != old


def test_a_restarted_redis_starts_afresh(client, about):
    cached(client, "/about/")
    cache.clear()
    response = client.get("/about/")
    assert response.status_code == 200
    assert response["X-Cache"] == "MISS"


REDIS_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2, "IGNORE_EXCEPTIONS": True},
    }
}


def test_with_redis_down_pages_are_rendered_and_publishing_still_works(client, about):
    with override_settings(CACHES=REDIS_DOWN, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        response = client.get("/about/")
        assert response.status_code == 200
        assert "About the Centre" in response.content.decode()
        about.title = "Published while Redis was down"
        about.save_revision().publish()
        assert "Published while Redis was down" in Client().get("/about/").content.decode()


def test_a_purge_missed_while_redis_was_unreachable_is_not_lost(client, about):
    cached(client, "/about/")
    # The publish happens while this process cannot reach the cache...
    with override_settings(CACHES=REDIS_DOWN, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        about.title = "Published during the outage"
        about.save_revision().publish()
    # ...and Redis comes back with its old entries. Its copy of the generation lives a few
    # seconds (store.GENERATION_COPY_SECONDS); once it lapses the database's newer one rules.
    cache.delete(store.GENERATION_KEY)
    assert "Published during the outage" in client.get("/about/").content.decode()


def test_another_address_is_never_served_for_this_one(client, about):
    StandardPageFactory(parent=about.get_parent(), slug="contact", title="Contact the Centre")
    cached(client, "/about/")
    contact = client.get("/contact/")
    assert contact["X-Cache"] == "MISS"
    assert "Contact the Centre" in contact.content.decode()
    assert client.get("/about/", HTTP_HOST="127.0.0.1")["X-Cache"] == "MISS"
