"""The stored sort date lists are ordered by: it follows the date shown, and only what is published."""

import datetime
import re
import zoneinfo

from django.db.models.functions import Coalesce
from django.test import override_settings
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from news.factories import NewsPageFactory
from news.models import NewsPage

LONDON = zoneinfo.ZoneInfo("Europe/London")

# Every request renders afresh: a stale cached listing must not pass for an unchanged order.
pytestmark = pytest.mark.usefixtures("_no_page_cache")


@pytest.fixture
def _no_page_cache():
    with override_settings(PAGE_CACHE_ENABLED=False):
        yield


@pytest.fixture
def comms(django_user_model):
    return django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-test-password")


def when(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def titles(html):
    return re.findall(r'<h3 class="card__title">\s*<a href="[^"]+">([^<]+)</a>', html)


def listed(client, url="/news/"):
    response = client.get(url)
    assert response.status_code == 200
    return titles(response.content.decode())


def edit_form(page, press_contact, **overrides):
    data = {
        "title": page.title,
        "slug": page.slug,
        "standfirst": page.standfirst,
        "display_date": "",
        "press_contact": press_contact.pk,
        "body": streamfield([("paragraph", rich_text("<p>The body.</p>"))]),
        "notes_to_editors": rich_text(""),
        "related_links": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def edit(client, page, press_contact, **overrides):
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), edit_form(page, press_contact, **overrides)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()


def test_the_sort_date_follows_the_display_date_and_else_the_first_publication(
    client, news_index, comms, press_contact
):
    client.force_login(comms)
    page = NewsPageFactory(parent=news_index, title="Undated", display_date=None, live=False)
    assert page.sort_date is None  # a draft never published has no date to sort by

    edit(client, page, press_contact, **{"action-publish": "publish"})
    assert page.first_published_at is not None
    assert page.sort_date == page.first_published_at

    edit(client, page, press_contact, display_date="25/05/2021 09:00", **{"action-publish": "publish"})
    assert page.sort_date == when(2021, 5, 25)

    # Clearing the display date goes back to the first publication, not to the latest one.
    edit(client, page, press_contact, display_date="", **{"action-publish": "publish"})
    assert page.last_published_at > page.first_published_at
    assert page.sort_date == page.first_published_at


def test_a_draft_date_change_does_not_reorder_the_live_listing_until_published(
    client, news_index, comms, press_contact
):
    older = NewsPageFactory(parent=news_index, title="Older", display_date=when(2021, 1, 1))
    NewsPageFactory(parent=news_index, title="Newer", display_date=when(2022, 1, 1))
    assert listed(client) == ["Newer", "Older"]

    client.force_login(comms)
    edit(client, older, press_contact, display_date="01/01/2023 09:00")  # saved as a draft
    assert older.has_unpublished_changes
    assert older.get_latest_revision_as_object().display_date == when(2023, 1, 1)
    assert older.sort_date == when(2021, 1, 1)
    client.logout()
    assert listed(client) == ["Newer", "Older"]
    assert listed(client, "/news/?year=2021") == ["Older"]
    assert client.get("/news/?year=2023").status_code == 404

    client.force_login(comms)
    edit(client, older, press_contact, display_date="01/01/2023 09:00", **{"action-publish": "publish"})
    assert older.sort_date == when(2023, 1, 1)
    client.logout()
    assert listed(client) == ["Older", "Newer"]
    assert listed(client, "/news/?year=2023") == ["Older"]


def test_a_back_dated_release_sorts_by_its_date_not_by_when_it_was_published(client, news_index, comms, press_contact):
    NewsPageFactory(parent=news_index, title="Last year", display_date=when(2021, 6, 1))
    NewsPageFactory(parent=news_index, title="Two years ago", display_date=when(2020, 6, 1))
    page = NewsPageFactory(parent=news_index, title="Archive release", display_date=None, live=False)

    client.force_login(comms)
    edit(client, page, press_contact, display_date="01/01/2021 09:00", **{"action-publish": "publish"})
    client.logout()
    assert listed(client) == ["Last year", "Archive release", "Two years ago"]
    assert listed(client, "/news/?year=2021") == ["Last year", "Archive release"]


def test_the_listing_order_is_the_date_shown_newest_first_then_the_newest_page(client, news_index):
    """The order lists had when they sorted by Coalesce(display_date, first_published_at), then -pk."""
    for n, display_date in enumerate(
        [when(2021, 3, 1), None, when(2020, 1, 1), when(2021, 3, 1), None, when(2019, 12, 31, 23), None]
    ):
        page = NewsPageFactory(parent=news_index, title=f"Release {n}", display_date=display_date)
        if display_date is None:
            # Undated releases sort by their first publication, between the dated ones.
            page.first_published_at = when(2020, 6, n)
            page.save()
    for n in range(6):  # a second page of the listing
        NewsPageFactory(parent=news_index, title=f"Later release {n}", display_date=when(2022, 1, 1 + n))

    expected = list(
        NewsPage.objects.annotate(shown=Coalesce("display_date", "first_published_at"))
        .order_by("-shown", "-pk")
        .values_list("title", flat=True)
    )
    assert listed(client) + listed(client, "/news/?page=2") == expected
    assert expected.index("Release 3") < expected.index("Release 0")  # the same date: the newest page first
    assert listed(client, "/news/?year=2020") == ["Release 6", "Release 4", "Release 1", "Release 2"]
