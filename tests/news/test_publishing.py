"""Comms staff in the admin: publish-time checks, drafts, dates, embargo, sign-off workflow, redirects."""

import datetime
import zoneinfo

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import feedparser
import pytest

from news.demo import load_workflow
from news.factories import NewsPageFactory
from news.models import PRESS_CONTACT_MISSING, STANDFIRST_MISSING, NewsPage

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def comms(django_user_model):
    return django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-test-password")


def user_in(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def release_form(**overrides):
    data = {
        "title": "Progress reports published",
        "slug": "progress-reports-published",
        "standfirst": "Signatories report their progress.",
        "display_date": "",
        "body": streamfield([("paragraph", rich_text("<p>The reports are out.</p>"))]),
        "notes_to_editors": rich_text(""),
        "related_links": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(news_index):
    return reverse("wagtailadmin_pages:add", args=("news", "newspage", news_index.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def listed_everywhere(client, page):
    """Where a visitor, a feed reader, a search engine and site search could find the release."""
    client.logout()
    return {
        "page": client.get(f"/news/{page.slug}/").status_code == 200,
        "index": page.title in client.get("/news/").content.decode(),
        "rss": page.title in [e.title for e in feedparser.parse(client.get("/feeds/news/rss/").content).entries],
        "atom": page.title in [e.title for e in feedparser.parse(client.get("/feeds/news/atom/").content).entries],
        "search": f"/news/{page.slug}/" in client.get("/search/?q=Embargoed").content.decode(),
        "sitemap": f"/news/{page.slug}/" in client.get("/sitemap.xml").content.decode(),
    }


def test_editor_creates_and_publishes_a_release(client, news_index, comms, press_contact, topics):
    client.force_login(comms)
    assert client.get(add_url(news_index)).status_code == 200
    data = release_form(
        press_contact=press_contact.pk, display_date="25/05/2021 09:00", **{"action-publish": "publish"}
    )
    data["topics"] = [topics["reports"].pk]
    response = client.post(add_url(news_index), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = NewsPage.objects.get(slug="progress-reports-published")
    assert page.live
    assert list(page.topics.all()) == [topics["reports"]]
    assert page.display_date == datetime.datetime(2021, 5, 25, 9, tzinfo=LONDON)
    client.logout()
    assert "The reports are out." in client.get("/news/progress-reports-published/").content.decode()


def test_publishing_without_standfirst_or_press_contact_is_refused_with_a_clear_message(client, news_index, comms):
    client.force_login(comms)
    response = client.post(add_url(news_index), release_form(standfirst="", **{"action-publish": "publish"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert STANDFIRST_MISSING.replace("'", "&#x27;") in html
    assert PRESS_CONTACT_MISSING in html
    assert not NewsPage.objects.filter(slug="progress-reports-published").exists()


def test_a_draft_may_be_saved_without_them_and_published_once_complete(client, news_index, comms, press_contact):
    client.force_login(comms)
    response = client.post(add_url(news_index), release_form(standfirst=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    page = NewsPage.objects.get(slug="progress-reports-published")
    assert not page.live

    # Publishing the still-incomplete draft is refused...
    response = client.post(edit_url(page), release_form(standfirst="", **{"action-publish": "publish"}))
    assert response.status_code == 200
    assert PRESS_CONTACT_MISSING in response.content.decode()
    page.refresh_from_db()
    assert not page.live

    # ...and accepted once the standfirst and contact are there.
    data = release_form(press_contact=press_contact.pk, **{"action-publish": "publish"})
    assert client.post(edit_url(page), data).status_code == 302
    page.refresh_from_db()
    assert page.live


def test_a_release_without_press_contact_cannot_go_live_by_any_route(news_index):
    page = NewsPageFactory(parent=news_index, live=False)
    page.press_contact = None
    revision = page.save_revision(clean=False)  # as the admin saves a draft
    with pytest.raises(ValidationError) as error:
        revision.publish()
    assert PRESS_CONTACT_MISSING in str(error.value)


def test_display_date_survives_save_draft_and_republishing(client, news_index, comms, press_contact):
    client.force_login(comms)
    published = release_form(
        press_contact=press_contact.pk, display_date="25/05/2021 09:00", **{"action-publish": "publish"}
    )
    client.post(add_url(news_index), published)
    page = NewsPage.objects.get(slug="progress-reports-published")

    # The edit form shows the date the editor set...
    assert 'value="25/05/2021 09:00"' in client.get(edit_url(page)).content.decode()
    # ...saving a draft keeps it on the live release and in the draft...
    draft = release_form(press_contact=press_contact.pk, display_date="25/05/2021 09:00", standfirst="Changed.")
    assert client.post(edit_url(page), draft).status_code == 302
    page.refresh_from_db()
    assert page.display_date == datetime.datetime(2021, 5, 25, 9, tzinfo=LONDON)
    assert page.get_latest_revision_as_object().display_date == page.display_date
    # ...and publishing again keeps it.
    client.post(edit_url(page), {**draft, "action-publish": "publish"})
    page.refresh_from_db()
    assert page.standfirst == "Changed."
    assert page.date == datetime.datetime(2021, 5, 25, 9, tzinfo=LONDON)


def test_without_a_display_date_the_date_stays_the_first_publication(client, news_index, comms, press_contact):
    client.force_login(comms)
    client.post(add_url(news_index), release_form(press_contact=press_contact.pk, **{"action-publish": "publish"}))
    page = NewsPage.objects.get(slug="progress-reports-published")
    first_published = page.first_published_at
    NewsPage.objects.filter(pk=page.pk).update(first_published_at=first_published - datetime.timedelta(days=30))
    client.post(edit_url(page), release_form(press_contact=press_contact.pk, standfirst="Edited."))
    client.post(edit_url(page), release_form(press_contact=press_contact.pk, **{"action-publish": "publish"}))
    page.refresh_from_db()
    assert page.last_published_at > page.first_published_at
    # (revisions keep times to the millisecond)
    assert abs(page.date - (first_published - datetime.timedelta(days=30))) < datetime.timedelta(seconds=1)


def test_draft_preview_works(client, news_index, comms):
    client.force_login(comms)
    client.post(add_url(news_index), release_form(standfirst="", title="A draft headline"))
    page = NewsPage.objects.get(slug="progress-reports-published")
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=(page.pk,)))
    assert response.status_code == 200
    assert "A draft headline" in response.content.decode()


def test_scheduled_release_is_embargoed_until_publish_scheduled_runs_past_its_time(
    client, news_index, comms, press_contact, django_capture_on_commit_callbacks
):
    client.force_login(comms)
    data = release_form(
        title="Embargoed news",
        slug="embargoed-news",
        press_contact=press_contact.pk,
        go_live_at="01/07/2099 09:30",  # UK time: BST in July
        **{"action-publish": "publish"},
    )
    assert client.post(add_url(news_index), data).status_code == 302
    page = NewsPage.objects.get(slug="embargoed-news")
    assert page.go_live_at == datetime.datetime(2099, 7, 1, 8, 30, tzinfo=datetime.UTC)
    assert not page.live

    call_command("publish_scheduled")  # before its time: nothing happens
    assert listed_everywhere(client, page) == dict.fromkeys(
        ["page", "index", "rss", "atom", "search", "sitemap"], False
    )

    # Move the clock past the embargo: the approved go-live time is now in the past.
    past = timezone.now() - datetime.timedelta(minutes=1)
    [revision] = Revision.objects.filter(object_id=str(page.pk), approved_go_live_at__isnull=False)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    NewsPage.objects.filter(pk=page.pk).update(go_live_at=past)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert listed_everywhere(client, page) == dict.fromkeys(
        ["page", "index", "rss", "atom", "search", "sitemap"], True
    )


def test_comms_sign_off_workflow_submit_approve_live(client, news_index, press_contact, django_user_model):
    workflow = load_workflow(news_index)
    assert workflow.name == "Comms sign-off"
    editor = user_in(django_user_model, "editor", "Editors")
    moderator = user_in(django_user_model, "moderator", "Moderators")

    client.force_login(editor)
    data = release_form(press_contact=press_contact.pk, **{"action-submit": "submit"})
    assert client.post(add_url(news_index), data).status_code == 302
    page = NewsPage.objects.get(slug="progress-reports-published")
    assert not page.live
    state = page.current_workflow_state
    assert state.workflow == workflow
    assert state.current_task_state.task.specific.groups.filter(name="Moderators").exists()
    client.logout()
    assert client.get("/news/progress-reports-published/").status_code == 404

    client.force_login(moderator)
    approve = release_form(
        press_contact=press_contact.pk, **{"action-workflow-action": "true", "workflow-action-name": "approve"}
    )
    assert client.post(edit_url(page), approve).status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.current_workflow_state is None
    client.logout()
    assert client.get("/news/progress-reports-published/").status_code == 200


def test_old_address_redirects_after_the_slug_changes(
    client, news_index, comms, press_contact, django_capture_on_commit_callbacks
):
    client.force_login(comms)
    client.post(add_url(news_index), release_form(press_contact=press_contact.pk, **{"action-publish": "publish"}))
    page = NewsPage.objects.get(slug="progress-reports-published")
    renamed = release_form(press_contact=press_contact.pk, slug="reports-published", **{"action-publish": "publish"})
    # Wagtail creates the redirect once the rename is committed.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url(page), renamed).status_code == 302
    client.logout()
    response = client.get("/news/progress-reports-published/")
    assert response.status_code == 301
    assert response["Location"].endswith("/news/reports-published/")
    assert client.get(response["Location"]).status_code == 200
