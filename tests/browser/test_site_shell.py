"""The page skeleton in a real browser: accessible at phone and desktop widths, usable by keyboard."""

import pytest

from home.factories import StandardPageFactory
from tests.accessibility import VIEWPORTS, assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_home_and_standard_page_have_no_axe_violations(live_server, live_home_page, new_browser_page, viewport):
    StandardPageFactory(
        parent=live_home_page,
        slug="about",
        title="About the Centre",
        show_in_menus=True,
        body=[("paragraph", "<p>Who we are.</p>"), ("quote", {"quote": "Words.", "attribution": "Someone"})],
    )
    browser_page = new_browser_page(viewport=viewport)
    for path in ["/", "/about/"]:
        response = browser_page.goto(live_server.url + path)
        assert response.status == 200
        assert_no_axe_violations(browser_page)
    # Nothing is wider than a 320px screen: no horizontal scrolling.
    overflow = browser_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def tab_to(browser_page, text, limit=10):
    """Press Tab until the focused element's text is `text`; the elements passed on the way."""
    passed = []
    for _ in range(limit):
        browser_page.keyboard.press("Tab")
        focused = browser_page.evaluate("document.activeElement.textContent.trim()")
        if focused == text:
            return passed
        passed.append(focused)
    raise AssertionError(f"{text!r} not reached by keyboard; focus passed {passed}")


def test_skip_link_comes_straight_after_the_cookie_banner(live_server, live_home_page, browser_page):
    browser_page.goto(live_server.url + "/")
    passed = tab_to(browser_page, "Skip to main content")
    banner = browser_page.locator("#cookie-banner")
    # Like GOV.UK, the banner is first in the body; nothing else comes before the skip link.
    controls = banner.locator("button:visible, a:visible").all_text_contents()
    assert [text.strip() for text in controls] == passed
    assert browser_page.locator(".skip-link").is_visible()
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main-content"


def test_skip_link_is_first_once_cookies_are_decided(live_server, live_home_page, browser_page):
    browser_page.goto(live_server.url + "/")
    browser_page.get_by_role("button", name="Reject all non-essential cookies").click()
    browser_page.get_by_role("button", name="Hide this message").click()
    browser_page.reload()
    assert tab_to(browser_page, "Skip to main content") == []
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main-content"
