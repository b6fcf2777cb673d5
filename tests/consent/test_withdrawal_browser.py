"""Withdrawal in a real browser: a refusal on the page unloads players and clears declared storage keys."""

import pytest

from consent.factories import CookieDeclarationFactory
from tests.browser.test_consent import consent_site, open_page  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.browser


def test_rejecting_unloads_the_video_and_clears_storage(consent_site, new_browser_page):  # noqa: F811
    CookieDeclarationFactory(name="analytics_visits", category="analytics", storage="local")
    page = open_page(new_browser_page)
    page.goto(consent_site.url + "/film/")
    page.get_by_role("button", name="Load this video").click()
    page.locator("main iframe").wait_for()
    page.evaluate(
        """() => {
            localStorage.setItem("analytics_visits", "3");
            sessionStorage.setItem("analytics_visits", "1");
            localStorage.setItem("font_size", "large");
            document.cookie = "_ga=GA1.1.test; Path=/";
        }"""
    )
    page.get_by_role("button", name="Reject all non-essential cookies").click()
    page.locator('[data-consent-message="rejected"]').wait_for(state="visible")
    assert page.locator("main iframe").count() == 0
    assert page.get_by_text("This video is on YouTube.").is_visible()
    assert page.get_by_role("button", name="Load this video").is_visible()
    left = page.evaluate(
        "() => [localStorage.getItem('analytics_visits'), sessionStorage.getItem('analytics_visits'),"
        " localStorage.getItem('font_size'), document.cookie]"
    )
    # Only undeclared keys of the visitor's own stay; the declared analytics ones are gone.
    assert left[:3] == [None, None, "large"]
    assert "_ga=" not in left[3]
