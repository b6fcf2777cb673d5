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


def test_skip_link_moves_focus_to_main(live_server, live_home_page, browser_page):
    browser_page.goto(live_server.url + "/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert browser_page.locator(".skip-link").is_visible()
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main-content"
