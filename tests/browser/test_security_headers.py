"""The Content-Security-Policy in a real browser: nothing the site or the admin needs is blocked."""

import pytest

from home.factories import StandardPageFactory
from tests.twofactor import browser_sign_in

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password"


def collect_csp_violations(browser_page):
    """Every CSP violation the page reports, from the DOM event and the console."""
    violations = []
    browser_page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    browser_page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return violations


def test_public_pages_run_under_the_policy(live_server, live_home_page, browser_page):
    StandardPageFactory(parent=live_home_page, slug="about", title="About", body=[("paragraph", "<p>Hi.</p>")])
    violations = collect_csp_violations(browser_page)
    for path in ("/", "/about/", "/no-such-page/"):
        response = browser_page.goto(live_server.url + path)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    browser_page.wait_for_load_state("networkidle")
    assert not violations, violations


def test_an_editor_logs_in_and_edits_a_page_under_the_admin_policy(
    live_server, live_home_page, browser_page, django_user_model
):
    comms = django_user_model.objects.create_superuser("comms", "comms@example.org", PASSWORD)
    page = StandardPageFactory(parent=live_home_page, slug="about", title="About", body=[("paragraph", "<p>Hi</p>")])
    violations = collect_csp_violations(browser_page)
    errors = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))

    browser_sign_in(browser_page, live_server.url, comms, PASSWORD)
    browser_page.wait_for_url(live_server.url + "/admin/")

    response = browser_page.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    # The rich text editor (Draftail, React) only appears if the admin's scripts ran.
    browser_page.locator(".Draftail-Editor").first.wait_for(state="visible", timeout=15000)
    browser_page.fill("#id_title", "About the Centre")
    browser_page.locator("button.action-save").first.click()
    browser_page.locator(".messages .success, [data-w-messages] .success").first.wait_for(timeout=15000)
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "About the Centre", "the draft was saved"
    # Leaving the editor releases its editing session with a beacon; let it land before the test ends.
    browser_page.goto(live_server.url + "/admin/")
    browser_page.wait_for_load_state("networkidle")
    assert not violations, violations
    assert not errors, errors
