"""A reporting contact writes and submits the report by keyboard alone, at phone and desktop widths,
with zero axe violations; and the form saves with JavaScript off."""

import datetime
import re
import time

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from pledge.factories import SignatoryPageFactory
from reporting.models import AccessLink, Invitation, Report, ReportingContact, ReportStep, RoundWindow
from reporting.steps import report_for, steps_for
from tests.accessibility import DESKTOP, VIEWPORTS, assert_no_axe_violations
from tests.pledge.conftest import build_pledge_section
from tests.twofactor import browser_sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def contact_link(live_home_page):
    section = build_pledge_section(live_home_page)
    signatory = SignatoryPageFactory(parent=section.directory, title="Keyboard Trust (fictional)")
    now = timezone.now()
    window = RoundWindow.objects.create(
        round=section.second,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=7),
        state=RoundWindow.State.OPEN,
    )
    invitation = Invitation.objects.create(window=window, signatory=signatory)
    contact = ReportingContact.objects.create(signatory=signatory, name="Kay Example", email="kay@example.org")
    report = report_for(invitation)
    # Every page but the first is already written: the keyboard does the first, then submits.
    for step in steps_for(invitation)[1:]:
        ReportStep.objects.create(report=report, key=step.key, status="on-track", answer=f"Written {step.key}.")
    _link, token = AccessLink.issue(contact, invitation)
    return f"/reporting/{token}/"


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_a_contact_writes_and_submits_by_keyboard(live_server, contact_link, new_browser_page, viewport):
    page = new_browser_page(viewport=viewport)
    page.goto(live_server.url + contact_link)
    assert_no_axe_violations(page)

    tab_to(page, 'a[href$="/commitment-1/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/commitment-1/")
    page.wait_for_selector("#id_answer")
    assert_no_axe_violations(page)

    # A bad answer: the error summary links to the field.
    # Tab reaches the radio group once; the arrow keys choose within it.
    tab_to(page, "#id_status_0")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("document.querySelector('#id_status_1').checked")
    tab_to(page, "#id_answer")
    page.keyboard.type("<p onclick=x()>Hi</p>")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert_no_axe_violations(page)
    tab_to(page, '.error-summary a[href="#id_answer"]')
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_answer'")
    page.keyboard.press("Control+A")
    page.keyboard.type("We did what we said.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    # The browser keeps the #id_answer fragment across the redirect.
    page.wait_for_url(re.compile(r"/commitment-2/(#id_answer)?$"))

    page.goto(live_server.url + contact_link + "check/")
    page.wait_for_selector("text=We did what we said.")
    assert_no_axe_violations(page)
    tab_to(page, "#submit-report")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=The report was submitted")
    assert_no_axe_violations(page)
    assert Report.objects.get().state == Report.State.SUBMITTED
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_the_form_saves_with_javascript_off(live_server, contact_link, new_browser_page):
    page = new_browser_page(java_script_enabled=False)
    page.goto(live_server.url + contact_link + "commitment-1/")
    page.get_by_label("Achieved").check()
    page.get_by_label("Your answer").fill("Saved without JavaScript.")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/commitment-2/")
    step = ReportStep.objects.get(key="commitment-1")
    assert (step.status, step.answer) == ("achieved", "Saved without JavaScript.")
    # And the fresh-link page works the same way.
    page.goto(live_server.url + "/reporting/new-link/")
    page.get_by_label("Your email address").fill("kay@example.org")
    page.get_by_role("button", name="Send me a new link").click()
    page.wait_for_selector("h1:has-text('Check your email')")


def test_the_answer_saves_itself_while_typing_and_is_there_in_a_fresh_browser(live_server, contact_link, browser):
    """The autosave timer: no Save pressed, the page says (politely, to screen readers too) when it saved,
    and the words are there when the link is opened again in a browser with nothing kept from before."""
    context = browser.new_context(viewport=DESKTOP, timezone_id="Europe/London")
    page = context.new_page()
    # The page's clock, under the test's control: 14:05 UK time, and 20 seconds pass when the test says.
    page.clock.install(time=datetime.datetime(2026, 6, 1, 13, 5, tzinfo=datetime.UTC))
    saves = []

    def note_save(request):
        if request.method == "POST" and request.url.endswith("/commitment-1/"):
            saves.append(request)

    page.on("request", note_save)
    page.goto(live_server.url + contact_link + "commitment-1/")
    version = ReportStep.objects.get(key="commitment-1").version
    status = page.locator("form[data-autosave]").get_by_role("status")
    expect(status).to_have_text("")
    page.get_by_label("Your answer").press_sequentially("Typed, and never saved by hand.")
    page.clock.run_for(20_000)
    expect(status).to_have_text("Saved a draft at 14:05.")
    assert ReportStep.objects.get(key="commitment-1").answer == "Typed, and never saved by hand."

    # Nothing changed for a minute: nothing is saved again (another contact's page would see a new version).
    page.clock.run_for(60_000)
    page.get_by_label("Your answer").press_sequentially(" And a second sentence.")
    page.clock.run_for(20_000)
    page.wait_for_function(f"() => document.querySelector('input[name=version]').value === '{version + 2}'")
    expect(status).to_have_text("Saved a draft at 14:06.")
    assert len(saves) == 2
    context.close()

    fresh = browser.new_context(viewport=DESKTOP)
    try:
        page = fresh.new_page()
        page.goto(live_server.url + contact_link + "commitment-1/")
        expect(page.get_by_label("Your answer")).to_have_value(
            "Typed, and never saved by hand. And a second sentence."
        )
        step = ReportStep.objects.get(key="commitment-1")
        assert (step.version, step.status) == (version + 2, "")
    finally:
        fresh.close()


def test_the_round_overview_and_the_review_have_no_axe_violations(
    live_server, contact_link, new_browser_page, django_user_model
):
    """The reviewer's side: the round's overview and a submitted report beside the previous one."""
    report = Report.objects.get()
    report.state = Report.State.SUBMITTED
    report.submitted_at = timezone.now()
    report.save()
    user = django_user_model.objects.create_superuser("reviewer", "reviewer@example.org", "a-long-test-password")
    page = new_browser_page()
    browser_sign_in(page, live_server.url, user, "a-long-test-password")
    pages = {
        f"/admin/reporting/rounds/{report.invitation.window.pk}/": "Keyboard Trust (fictional)",
        f"/admin/reporting/reports/{report.pk}/": "Written commitment-2.",
    }
    for path, text in pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_selector(f"text={text}")
        assert_no_axe_violations(page)


def test_the_overview_while_the_invitations_are_being_prepared_has_no_axe_violations(
    live_server, contact_link, new_browser_page, django_user_model
):
    window = RoundWindow.objects.get()
    RoundWindow.objects.filter(pk=window.pk).update(preparing_invitations=True)
    user = django_user_model.objects.create_superuser("opener", "opener@example.org", "a-long-test-password")
    page = new_browser_page()
    browser_sign_in(page, live_server.url, user, "a-long-test-password")
    response = page.goto(live_server.url + f"/admin/reporting/rounds/{window.pk}/")
    assert response.status == 200
    page.wait_for_selector("text=The invitations are being prepared.")
    assert_no_axe_violations(page)


def wait_for_answer(key, expected, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ReportStep.objects.filter(key=key, answer=expected).exists():
            return
        time.sleep(0.1)
    raise AssertionError(f"{key} was not saved as {expected!r}")


def test_what_was_typed_since_the_last_tick_is_saved_when_the_tab_is_closed(live_server, contact_link, browser):
    """Closing the tab before the 20-second timer has fired loses nothing: the page saves as it goes."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + contact_link + "commitment-1/")
    page.get_by_label("Your answer").press_sequentially("Written, then the tab was closed at once.")
    page.close(run_before_unload=True)
    wait_for_answer("commitment-1", "Written, then the tab was closed at once.")

    # And leaving for another page does the same.
    page = context.new_page()
    page.goto(live_server.url + contact_link + "commitment-1/")
    page.get_by_label("Your answer").fill("Rewritten, then off to the home page.")
    page.goto(live_server.url + "/")
    wait_for_answer("commitment-1", "Rewritten, then off to the home page.")
    context.close()
