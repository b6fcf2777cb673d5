"""An editor who can publish turns on two-factor login and signs in with a code, by keyboard alone."""

import re
from base64 import b32decode

import pytest

from tests.accessibility import assert_no_axe_violations
from tests.twofactor import code_for

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password"


def tab_to(page, text=None, selector=None, limit=200):
    """Press Tab until the focused element's text or label contains `text` (or it matches `selector`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(selector) => { const e = document.activeElement;"
            " if (selector) return e.closest(selector) ? 'match' : '';"
            " return (e.getAttribute('aria-label') || '') + ' ' + (e.innerText || e.value || '') + ' #' + e.id; }",
            selector,
        )
        if (selector and focused == "match") or (text and text in focused):
            return
    raise AssertionError(f"Tab never reached {text or selector!r} on {page.url}")


def sign_in_with_password(page, base_url):
    page.goto(f"{base_url}/admin/login/")
    # The username field has focus on arrival; wait for it, so no keystroke goes before the focus does.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type("comms")
    page.keyboard.press("Tab")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_password'")
    page.keyboard.type(PASSWORD)
    assert page.locator("#id_username").input_value() == "comms"
    assert page.locator("#id_password").input_value() == PASSWORD
    page.keyboard.press("Enter")


def test_an_editor_enrols_signs_out_and_back_in_with_a_code(
    live_server, live_home_page, new_browser_page, django_user_model
):
    django_user_model.objects.create_superuser("comms", "comms@example.org", PASSWORD)
    page = new_browser_page()
    sign_in_with_password(page, live_server.url)

    # Enrolment: the QR code is on the page (drawn inline) and so is the key, for typing into the app.
    page.wait_for_url("**/admin/two-factor/set-up/**")
    assert page.locator(".two-factor-qr svg").first.is_visible()
    assert_no_axe_violations(page)
    secret = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8)).hex()
    tab_to(page, "#id_code")
    page.keyboard.type(code_for(key))
    page.keyboard.press("Enter")

    # The recovery codes, once.
    page.wait_for_selector("#recovery-codes")
    assert len(re.findall(r"[a-z2-9]{5}-[a-z2-9]{5}", page.locator("#recovery-codes").inner_text())) == 10
    assert_no_axe_violations(page)
    tab_to(page, "I have saved them")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")

    # Sign out from the admin's account menu.
    tab_to(page, selector=".sidebar-footer")
    page.keyboard.press("Enter")
    tab_to(page, "Log out")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/login/**")

    # Back in: password, then the code the app shows now.
    sign_in_with_password(page, live_server.url)
    page.wait_for_url("**/admin/two-factor/?next=**")
    assert_no_axe_violations(page)
    tab_to(page, "#id_code")
    device = django_user_model.objects.get(username="comms").totpdevice_set.get(confirmed=True)
    page.keyboard.type(code_for(device))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", level=1).count() >= 1
