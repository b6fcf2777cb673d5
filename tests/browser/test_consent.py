"""Cookie consent in a real browser: what loads when, by mouse, keyboard and without JavaScript.

The analytics address points at the live server (a route answers it with a tiny fake
tag), so the browser's own request log proves whether the tag was ever asked for.
"""

import re

from django.core.cache import cache

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

import pytest

from consent import cookie
from consent.factories import CookieDeclarationFactory, CookiesPageFactory
from consent.models import ConsentRecord, ConsentSettings
from home.factories import StandardPageFactory
from tests.accessibility import VIEWPORTS, assert_no_axe_violations

pytestmark = pytest.mark.browser

ANALYTICS_PATH = "/analytics-test/script.js"
FAKE_TAG = (
    'window.analyticsRuns = (window.analyticsRuns || 0) + 1;document.cookie = "_ga=GA1.1.test; Path=/; Max-Age=3600";'
)
VIDEO_URL = "https://www.youtube.com/watch?v=abcdefghijk"
PLAYER_URL = "https://www.youtube-nocookie.com/embed/abcdefghijk"


@pytest.fixture
def consent_site(live_server, live_home_page):
    """A site with a cookies page, declared cookies, a page with a video and analytics pointed at the test tag."""
    CookiesPageFactory(parent=live_home_page)
    StandardPageFactory(parent=live_home_page, slug="about", title="About the Centre", show_in_menus=True)
    Embed.objects.create(
        hash=get_embed_hash(VIDEO_URL),
        url=VIDEO_URL,
        type="video",
        html=f'<iframe src="{PLAYER_URL}" title="Our film" width="640" height="360"></iframe>',
        provider_name="YouTube",
        thumbnail_url="",
    )
    StandardPageFactory(parent=live_home_page, slug="film", title="Our film", body=[("embed", VIDEO_URL)])
    CookieDeclarationFactory(name="cookies_policy", category="essential")
    CookieDeclarationFactory(name="YSC", provider="YouTube", category="functional")
    CookieDeclarationFactory(name="_ga", provider="Google Analytics", category="analytics")
    CookieDeclarationFactory(name="_fbp", provider="Meta", category="marketing")
    consent_settings = ConsentSettings.for_site(live_home_page.get_site())
    consent_settings.analytics_provider = "plausible"
    consent_settings.analytics_id = "example.org"
    consent_settings.analytics_script_url = live_server.url + ANALYTICS_PATH
    consent_settings.full_clean()
    consent_settings.save()
    cache.clear()
    return live_server


def open_page(new_browser_page, **options):
    """A browser page that answers the test analytics address and the video player, logging every request."""
    page = new_browser_page(**options)
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.route("**" + ANALYTICS_PATH, lambda route: route.fulfill(content_type="text/javascript", body=FAKE_TAG))
    page.route(PLAYER_URL, lambda route: route.fulfill(content_type="text/html", body="<p>The film</p>"))
    return page


def analytics_requested(page):
    return any(ANALYTICS_PATH in url for url in page.requests)


def banner(page):
    return page.locator("#cookie-banner")


def choose_in_banner(page, button, message):
    """Press a banner button and wait for its confirmation ('accepted' or 'rejected'), which is returned."""
    page.get_by_role("button", name=button).click()
    confirmation = page.locator(f'[data-consent-message="{message}"]')
    confirmation.wait_for(state="visible")
    return confirmation


def consent_cookie(page):
    values = [c["value"] for c in page.context.cookies() if c["name"] == cookie.COOKIE_NAME]
    return values[0] if values else None


def test_first_visit_shows_the_banner_and_requests_no_analytics(consent_site, new_browser_page):
    page = open_page(new_browser_page)
    page.goto(consent_site.url + "/")
    page.wait_for_load_state("networkidle")
    assert banner(page).is_visible()
    assert page.get_by_role("region", name="Cookies on this website").is_visible()
    assert page.get_by_role("button", name="Accept all cookies").is_visible()
    assert page.get_by_role("button", name="Reject all non-essential cookies").is_visible()
    assert not analytics_requested(page)
    assert not page.evaluate("window.analyticsRuns")
    assert consent_cookie(page) is None
    assert not page.context.cookies()


def test_accept_confirms_with_focus_loads_analytics_and_hides(consent_site, new_browser_page):
    page = open_page(new_browser_page)
    page.goto(consent_site.url + "/")
    confirmation = choose_in_banner(page, "Accept all cookies", "accepted")
    assert "You've accepted all cookies." in confirmation.inner_text()
    assert page.evaluate("document.activeElement.dataset.consentMessage") == "accepted"
    page.wait_for_function("() => window.analyticsRuns === 1")
    assert analytics_requested(page)
    value = consent_cookie(page)
    assert value.startswith("v:1&functional:1&analytics:1&marketing:1&")
    record = ConsentRecord.objects.get()
    assert (record.decision, record.method) == ("accept", "banner_js")
    page.get_by_role("button", name="Hide this message").click()
    assert banner(page).count() == 0
    # The next page: no banner, and the tag loads straight away.
    page.goto(consent_site.url + "/about/")
    page.wait_for_function("() => window.analyticsRuns === 1")
    assert not banner(page).is_visible()


def test_reject_loads_nothing_and_the_banner_stays_gone(consent_site, new_browser_page):
    page = open_page(new_browser_page)
    page.goto(consent_site.url + "/")
    confirmation = choose_in_banner(page, "Reject all non-essential cookies", "rejected")
    assert "You've rejected non-essential cookies." in confirmation.inner_text()
    assert page.evaluate("document.activeElement.dataset.consentMessage") == "rejected"
    for path in ["/about/", "/", "/film/"]:
        page.goto(consent_site.url + path)
        page.wait_for_load_state("networkidle")
        assert not banner(page).is_visible()
    assert not analytics_requested(page)
    assert not any(PLAYER_URL in url for url in page.requests)
    assert consent_cookie(page).startswith("v:1&functional:0&analytics:0&marketing:0&")


def test_withdrawing_consent_stops_the_tag_and_deletes_its_cookies(consent_site, new_browser_page):
    page = open_page(new_browser_page)
    page.goto(consent_site.url + "/")
    page.get_by_role("button", name="Accept all cookies").click()
    page.wait_for_function("() => window.analyticsRuns === 1")
    assert any(c["name"] == "_ga" for c in page.context.cookies())
    page.goto(consent_site.url + "/cookies/")
    page.locator("#analytics-no").check()
    page.get_by_role("button", name="Save cookie settings").click()
    page.get_by_text("You've set your cookie preferences.").wait_for()
    page.requests.clear()
    page.goto(consent_site.url + "/about/")
    page.wait_for_load_state("networkidle")
    assert not analytics_requested(page)
    assert not page.evaluate("window.analyticsRuns")
    assert not any(c["name"] == "_ga" for c in page.context.cookies())


def test_a_new_policy_version_asks_again_and_clears_cookies(consent_site, live_home_page, new_browser_page):
    page = open_page(new_browser_page)
    page.goto(consent_site.url + "/")
    page.get_by_role("button", name="Accept all cookies").click()
    page.wait_for_function("() => window.analyticsRuns === 1")
    consent_settings = ConsentSettings.for_site(live_home_page.get_site())
    consent_settings.policy_version = 2
    consent_settings.save()
    cache.clear()
    page.requests.clear()
    page.goto(consent_site.url + "/about/")
    page.wait_for_load_state("networkidle")
    assert banner(page).is_visible()
    assert not analytics_requested(page)
    assert not any(c["name"] == "_ga" for c in page.context.cookies())


def test_cookies_page_changes_a_choice_without_javascript(consent_site, new_browser_page):
    page = open_page(new_browser_page, java_script_enabled=False)
    page.goto(consent_site.url + "/about/")
    # Without JavaScript nothing non-essential can load, so the banner stays out of the way.
    assert not banner(page).is_visible()
    # Arriving from the about page (as from a footer link): the browser sends it as the Referer.
    page.goto(consent_site.url + "/cookies/", referer=consent_site.url + "/about/")
    assert page.locator("#analytics-no").is_checked()
    page.locator("#analytics-yes").check()
    page.get_by_role("button", name="Save cookie settings").click()
    page.get_by_text("You've set your cookie preferences.").wait_for()
    back = page.get_by_role("link", name="Go back to the page you were looking at")
    assert back.get_attribute("href") == "/about/"
    assert page.locator("#analytics-yes").is_checked()
    assert consent_cookie(page).startswith("v:1&functional:0&analytics:1&marketing:0&")
    record = ConsentRecord.objects.get()
    assert (record.method, record.analytics, record.functional) == ("cookies_page_form", True, False)
    back.click()
    page.wait_for_url(consent_site.url + "/about/")
    assert not analytics_requested(page)  # no JavaScript, no tag


def test_gpc_browser_keeps_marketing_off_and_says_so(consent_site, new_browser_page):
    page = open_page(new_browser_page, extra_http_headers={"Sec-GPC": "1"})
    page.add_init_script("Object.defineProperty(navigator, 'globalPrivacyControl', {get: () => true});")
    page.goto(consent_site.url + "/")
    question_note = page.locator('[data-consent-message="question"] [data-consent-gpc]')
    assert question_note.is_visible()
    assert "Global Privacy Control" in question_note.inner_text()
    confirmation = choose_in_banner(page, "Accept all cookies", "accepted")
    assert confirmation.locator("[data-consent-gpc]").is_visible()
    assert consent_cookie(page).startswith("v:1&functional:1&analytics:1&marketing:0&")
    record = ConsentRecord.objects.get()
    assert record.gpc and not record.marketing


def test_no_gpc_note_without_the_signal(consent_site, new_browser_page):
    page = open_page(new_browser_page)
    page.goto(consent_site.url + "/")
    assert not page.locator("[data-consent-gpc]").first.is_visible()


def test_video_waits_for_the_visitor(consent_site, new_browser_page):
    page = open_page(new_browser_page)
    page.goto(consent_site.url + "/film/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("This video is on YouTube.").is_visible()
    assert page.get_by_role("link", name="Allow video cookies on every page in your cookie settings").is_visible()
    assert page.locator("main iframe").count() == 0
    assert not any(PLAYER_URL in url for url in page.requests)
    page.get_by_role("button", name="Load this video").click()
    page.locator("main iframe").wait_for()
    assert any(PLAYER_URL in url for url in page.requests)
    assert page.get_by_role("button", name="Load this video").count() == 0
    # Loading one video is not consent: the next visit shows the placeholder again.
    page.reload()
    assert page.get_by_role("button", name="Load this video").is_visible()


def test_video_loads_by_itself_once_functional_cookies_are_allowed(consent_site, new_browser_page):
    page = open_page(new_browser_page)
    page.goto(consent_site.url + "/")
    choose_in_banner(page, "Accept all cookies", "accepted")
    page.goto(consent_site.url + "/film/")
    page.locator("main iframe").wait_for()
    assert page.get_by_role("button", name="Load this video").count() == 0


def test_keyboard_only(consent_site, new_browser_page):
    page = open_page(new_browser_page)
    page.goto(consent_site.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Accept all cookies"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Reject all non-essential cookies"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Find out more"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.locator('[data-consent-message="rejected"]').wait_for(state="visible")
    assert page.evaluate("document.activeElement.dataset.consentMessage") == "rejected"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "change your cookie settings"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Hide this message"
    page.keyboard.press("Enter")
    assert banner(page).count() == 0
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    assert not analytics_requested(page)


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_no_axe_violations_with_the_banner_after_a_choice_and_on_the_cookies_page(
    consent_site, new_browser_page, viewport
):
    page = open_page(new_browser_page, viewport=viewport)
    page.goto(consent_site.url + "/")
    assert banner(page).is_visible()
    assert_no_axe_violations(page)
    choose_in_banner(page, "Accept all cookies", "accepted")
    assert_no_axe_violations(page)
    page.goto(consent_site.url + "/cookies/")
    assert_no_axe_violations(page)
    page.locator("#analytics-no").check()
    page.get_by_role("button", name="Save cookie settings").click()
    page.get_by_text("You've set your cookie preferences.").wait_for()
    assert_no_axe_violations(page)
    page.goto(consent_site.url + "/film/")
    assert_no_axe_violations(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert re.search(r"^v:1&", consent_cookie(page))
