"""The cookie audit's admin pages in a real browser: no axe violations, and the accept form works by keyboard."""

from datetime import timedelta

from django.utils import timezone

import pytest

from consent.factories import ConsentRecordFactory, CookieDeclarationFactory, CookiesPageFactory
from consent.models import ConsentSettings, PolicySnapshot
from cookieaudit.models import AuditRun, Finding, Observation
from tests.accessibility import assert_no_axe_violations
from tests.twofactor import browser_sign_in

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"


@pytest.fixture
def audited_site(live_home_page, django_user_model, settings):
    """An audit with every kind of finding (one accepted), skipped pages, changes, records and two policy versions."""
    settings.PAGE_CACHE_ENABLED = False
    CookiesPageFactory(parent=live_home_page)
    essential = CookieDeclarationFactory(name="cookies_policy", category="essential")
    CookieDeclarationFactory(name="_hj*", provider="Hotjar", category="analytics")
    consent_settings = ConsentSettings.for_site(live_home_page.get_site())
    consent_settings.banner_text = "The first wording."
    consent_settings.save()
    consent_settings.banner_text = "The second wording."
    consent_settings.policy_version = 2
    consent_settings.save()
    now = timezone.now()
    for days, decision in [(1, "accept"), (2, "reject"), (9, "custom"), (10, "accept")]:
        ConsentRecordFactory(decision=decision, policy_version=2, created_at=now - timedelta(days=days))
    previous = AuditRun.objects.create(
        status=AuditRun.Status.FINISHED, finished_at=now - timedelta(days=7), pages=[], states=["rejected"]
    )
    run = AuditRun.objects.create(
        status=AuditRun.Status.FINISHED,
        started_at=now - timedelta(minutes=3),
        finished_at=now,
        base_url="http://127.0.0.1:8000",
        pages=["http://127.0.0.1:8000/", "http://127.0.0.1:8000/about/"],
        states=["no-decision", "rejected", "accepted", "accepted-then-rejected"],
        page_errors=[{"url": "http://127.0.0.1:8000/slow/", "state": "rejected", "error": "no answer in 15 s"}],
        changes={"added": ["cookie:planted"], "removed": ["cookie:old"], "previous_run": previous.pk},
    )
    findings = [
        (Finding.Kind.VIOLATION, "_fbp", "Cookie '_fbp' (marketing) was there without consent in 'rejected'."),
        (Finding.Kind.UNDECLARED, "planted", "Cookie 'planted' matches no entry in Cookies we set."),
        (Finding.Kind.STALE, "_hj*", "Cookie '_hj*' is declared but no page set it."),
    ]
    for kind, name, detail in findings:
        Finding.objects.create(
            run=run,
            kind=kind,
            item="cookie",
            name=name,
            key=f"{kind}:cookie:{name}",
            detail=detail,
            page_url="http://127.0.0.1:8000/",
            state="rejected",
            is_new=kind != Finding.Kind.STALE,
        )
    user = django_user_model.objects.create_superuser("dpo", "dpo@example.org", PASSWORD)
    Finding.objects.filter(kind=Finding.Kind.STALE).update(
        accepted_at=now, accepted_by=user, accepted_reason="Hotjar starts next month"
    )
    Observation.objects.create(
        run=run,
        item="cookie",
        name="cookies_policy",
        domain="127.0.0.1",
        path="/",
        page_url="http://127.0.0.1:8000/",
        state="accepted",
        declaration=essential,
        category="essential",
    )
    Observation.objects.create(
        run=run,
        item="request",
        name="www.example.org",
        domain="https://www.example.org/tag.js",
        request_type="script",
        third_party=True,
        page_url="http://127.0.0.1:8000/about/",
        state="accepted",
    )
    return run, user


def test_audit_and_evidence_pages_have_no_axe_violations(live_server, audited_site, new_browser_page):
    run, user = audited_site
    page = new_browser_page()
    browser_sign_in(page, live_server.url, user, PASSWORD)
    old_version = PolicySnapshot.objects.filter(policy_version=1).first()
    assert old_version is not None
    pages = {
        "/admin/reports/cookie-audit/": "Run the audit now",
        f"/admin/reports/cookie-audit/{run.pk}/": "matches no entry in Cookies we set",
        "/admin/reports/cookie-audit/evidence/": "Policy versions as shown",
        f"/admin/reports/cookie-audit/evidence/snapshots/{old_version.pk}/": "The first wording.",
        "/admin/reports/cookie-audit/evidence/statement/": "Statement of our cookie practice",
    }
    for path, text in pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_selector(f"text={text}")
        assert_no_axe_violations(page)


def test_a_finding_is_accepted_by_typing_the_reason_and_pressing_enter(live_server, audited_site, new_browser_page):
    run, user = audited_site
    page = new_browser_page()
    browser_sign_in(page, live_server.url, user, PASSWORD)
    page.goto(f"{live_server.url}/admin/reports/cookie-audit/{run.pk}/")
    undeclared = run.findings.get(kind=Finding.Kind.UNDECLARED)
    reason = page.locator(f'form[action$="/findings/{undeclared.pk}/accept/"] [name="reason"]')
    reason.focus()
    page.wait_for_function("el => document.activeElement === el", arg=reason.element_handle())
    page.keyboard.type("Set by the payment page, declared next week")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("text=Set by the payment page, declared next week")
    undeclared.refresh_from_db()
    assert undeclared.accepted_reason == "Set by the payment page, declared next week"
    # The admin's message slides and fades in: judge its colours once it has arrived.
    page.wait_for_function(
        """() => [...document.querySelectorAll('.messages, .messages *')].every(
            (el) => el.getAnimations().every((a) => a.playState !== 'running')
                && getComputedStyle(el).opacity === '1')"""
    )
    assert_no_axe_violations(page)
