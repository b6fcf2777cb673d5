"""A reader signs up for news by email on a cached release, confirms from the email, changes topics
and unsubscribes: by keyboard alone, with zero axe violations on every page."""

import re
import urllib.request

import pytest

from alerts.models import Subscriber, Suppression, address_hash
from news.factories import NewsIndexPageFactory, NewsPageFactory, TopicFactory
from tests.accessibility import assert_no_axe_violations

pytestmark = pytest.mark.browser

ADDRESS = "keyboard.reader@example.org"
MAX_TABS = 120


@pytest.fixture
def release(live_server, live_home_page, smtp_server, settings):
    settings.ALERTS_MIN_FILL_SECONDS = 0  # a test types faster than a person; the form is otherwise as served
    health = TopicFactory(name="Health", slug="health")
    pledge = TopicFactory(name="National Pledge", slug="pledge")
    index = NewsIndexPageFactory(parent=live_home_page)
    return NewsPageFactory(parent=index, title="Clinics join the pledge", topics=[health, pledge])


def focused(page, selector):
    return page.evaluate("(selector) => document.activeElement && document.activeElement.matches(selector)", selector)


def tab_to(page, selector):
    """Press Tab until the element matching `selector` has the focus (as a keyboard user moves through a page)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def press_enter_and_wait(page, heading):
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector(f"h1:has-text('{heading}')")
    assert_no_axe_violations(page)


def test_a_reader_subscribes_confirms_changes_topics_and_unsubscribes_by_keyboard(
    live_server, release, smtp_server, browser_page
):
    page = browser_page
    # An earlier visitor's request stored the page; this reader gets the shared copy.
    urllib.request.urlopen(live_server.url + release.url).read()  # noqa: S310 - the live test server
    response = page.goto(live_server.url + release.url)
    assert response.headers.get("x-cache") == "HIT"
    # The cached form asks for a fresh start time; wait until it has it.
    page.wait_for_selector('form[data-alerts-started="fresh"]', state="attached")
    assert_no_axe_violations(page)

    tab_to(page, "#alerts-email")
    page.keyboard.type(ADDRESS)
    # Both of the release's topics are ticked; the reader wants only Health.
    tab_to(page, "#alerts-topic-pledge")
    assert page.is_checked("#alerts-topic-pledge")
    page.keyboard.press("Space")
    page.wait_for_function("() => !document.querySelector('#alerts-topic-pledge').checked")
    assert page.is_checked("#alerts-topic-health")
    tab_to(page, ".alerts-signup button[type=submit]")
    press_enter_and_wait(page, "Check your inbox")

    (message,) = smtp_server.inbox.wait_for(1)
    assert message.envelope_to == [ADDRESS]
    text = message.get_body(preferencelist=("plain",)).get_content()
    confirm_path = re.search(r"https?://[^/\s]+(/news/alerts/confirm/\S+)", text).group(1)
    page.goto(live_server.url + confirm_path)
    page.wait_for_selector("h1:has-text('Confirm your news alerts')")
    assert_no_axe_violations(page)
    tab_to(page, "main button[type=submit]")
    press_enter_and_wait(page, "You are subscribed")
    reader = Subscriber.objects.get(email=ADDRESS)
    assert reader.confirmed_at is not None
    assert [topic.slug for topic in reader.topics.all()] == ["health"]

    tab_to(page, "a[href*='/news/alerts/preferences/']")
    press_enter_and_wait(page, "Your news alerts")
    tab_to(page, "#prefs-topic-pledge")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('#prefs-topic-pledge').checked")
    tab_to(page, "button[value=save]")
    press_enter_and_wait(page, "Your news alerts")
    page.wait_for_selector("text=Your choices are saved.")
    assert sorted(topic.slug for topic in reader.topics.all()) == ["health", "pledge"]

    tab_to(page, "button[value=unsubscribe]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("h1")
    assert_no_axe_violations(page)
    assert not Subscriber.objects.filter(email=ADDRESS).exists()
    assert Suppression.objects.filter(email_hash=address_hash(ADDRESS)).exists()
    assert len(smtp_server.messages) == 1  # only the confirmation: no alert was published meanwhile
