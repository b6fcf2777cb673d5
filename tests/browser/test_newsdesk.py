"""An editor writes a release, schedules it and shares it under embargo; a journalist opens the link."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest

from news.models import NewsIndexPage, NewsPage, PressContact
from newsdesk.models import EmbargoLink
from tests.accessibility import assert_no_axe_violations
from tests.twofactor import browser_sign_in

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def newsroom(live_home_page, django_user_model):
    index = NewsIndexPage(title="News", slug="news")
    live_home_page.add_child(instance=index)
    index.save_revision().publish()
    PressContact.objects.create(name="Press office", role="Synergi Collaborative Centre", email="press@example.org")
    django_user_model.objects.create_superuser("comms", "comms@example.org", PASSWORD)
    return index


def test_editor_schedules_a_release_and_shares_it_under_embargo(
    live_server, newsroom, new_browser_page, settings, django_user_model
):
    # Wagtail 8's autosave would race the explicit saves this journey makes (and lock SQLite).
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    in_two_days = (timezone.now() + timedelta(days=2)).astimezone(LONDON)
    go_live = in_two_days.replace(hour=9, minute=30, second=0, microsecond=0)
    editor = new_browser_page()
    browser_sign_in(editor, live_server.url, django_user_model.objects.get(username="comms"), PASSWORD)
    editor.wait_for_url(f"{live_server.url}/admin/")

    # Write the release.
    editor.goto(f"{live_server.url}/admin/pages/add/news/newspage/{newsroom.pk}/")
    editor.fill("#id_title", "Synergi marks five years of the National Pledge")
    editor.fill("#id_standfirst", "Signatories report on what has changed since they signed.")
    editor.get_by_role("tab", name="Promote").click()
    editor.fill("#id_slug", "five-years-of-the-pledge")
    editor.get_by_role("tab", name="Content").click()
    editor.get_by_role("button", name="Choose press contact").click()
    editor.get_by_role("link", name="Press office").click()
    editor.wait_for_selector("text=Press office, Synergi Collaborative Centre")

    # Schedule it: the Status side panel's schedule dialog, then 'Schedule to publish'.
    editor.get_by_role("button", name="Toggle status").click()
    editor.get_by_role("button", name="Set schedule").click()
    editor.fill("#id_go_live_at", go_live.strftime("%d/%m/%Y %H:%M"))
    # The date pickers open on focus and cover the dialog's buttons: finish by keyboard, as many editors do.
    save_schedule = editor.get_by_role("button", name="Save schedule")
    save_schedule.focus()
    save_schedule.press("Enter")
    editor.wait_for_url("**/admin/pages/*/edit/")
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Schedule to publish").click()
    editor.wait_for_url("**/admin/pages/*/")

    release = NewsPage.objects.get(slug="five-years-of-the-pledge")
    assert not release.live
    assert release.scheduled_revision.approved_go_live_at == go_live

    # Share it from the page's header menu.
    editor.goto(f"{live_server.url}/admin/pages/{release.pk}/edit/")
    editor.get_by_role("navigation", name="Actions", exact=True).get_by_role("button", name="Actions").click()
    editor.get_by_role("link", name="Share under embargo").click()
    editor.fill("#id_recipient", "Health correspondents")
    assert editor.input_value("#id_expires_at") == go_live.strftime("%d/%m/%Y %H:%M")
    editor.get_by_role("button", name="Create embargoed preview link").click()
    link_url = editor.input_value("#embargo-link-url")
    assert link_url.startswith(f"{live_server.url}/embargo/")
    assert EmbargoLink.objects.get().recipient == "Health correspondents"

    # A journalist, not logged in, opens the link in another browser.
    journalist = new_browser_page()
    response = journalist.goto(link_url)
    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex"
    notice = journalist.locator(".embargo-notice")
    assert "EMBARGOED until 09:30 on" in notice.inner_text()
    assert journalist.locator("h1").inner_text() == "Synergi marks five years of the National Pledge"
    assert journalist.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    assert_no_axe_violations(journalist)
