"""The audit in a real browser against the live test server: each kind of finding planted, and a clean site."""

from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from consent.factories import CookieDeclarationFactory
from consent.models import ConsentRecord
from cookieaudit.models import AuditRun, Finding
from tests.conftest import ensure_wagtail_tree
from tests.cookieaudit.urls import SLOW_SECONDS

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.cookieaudit.urls")]


def audit(server, *urls, states=(), limit=None):
    """Run the command; (the run, whether it exited non-zero)."""
    args = ["--base-url", server.url, "--block-third-party"]
    for url in urls:
        args += ["--url", url]
    for state in states:
        args += ["--state", state]
    if limit:
        args += ["--limit", str(limit)]
    failed = False
    try:
        call_command("audit_cookies", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115
    except CommandError as error:
        assert error.returncode == 1, error
        failed = True
    return AuditRun.objects.latest(), failed


def findings(run, kind):
    return {(f.item, f.name) for f in run.findings.filter(kind=kind)}


def test_undeclared_cookie_is_reported_and_bad_pages_are_skipped(audit_site, settings):
    settings.COOKIE_AUDIT_PAGE_TIMEOUT = SLOW_SECONDS - 3
    run, failed = audit(
        audit_site, "/audit-test/undeclared/", "/no-such-page/", "/audit-test/slow/", "/", states=["rejected"]
    )
    assert failed
    assert run.status == AuditRun.Status.FINISHED
    assert findings(run, Finding.Kind.UNDECLARED) == {("cookie", "planted_undeclared")}
    finding = run.findings.get(kind=Finding.Kind.UNDECLARED)
    assert finding.page_url == audit_site.url + "/audit-test/undeclared/"
    assert finding.state == "rejected"
    errors = {error["url"]: error["error"] for error in run.page_errors}
    assert errors[audit_site.url + "/no-such-page/"] == "answered 404"
    assert errors[audit_site.url + "/audit-test/slow/"].startswith("no answer in")
    assert audit_site.url + "/" in run.pages
    cookie = run.observations.get(item="cookie", name="planted_undeclared")
    assert (cookie.path, cookie.third_party, cookie.expires is not None) == ("/", False, True)


def test_guarded_analytics_is_clean_and_withdrawal_leaves_nothing(audit_site):
    run, failed = audit(
        audit_site,
        "/",
        "/about/",
        states=["no-decision", "rejected", "accepted", "accepted+gpc", "accepted-then-rejected"],
    )
    assert not failed, list(run.findings.values_list("detail", flat=True))
    assert not run.findings.exists()
    assert not run.page_errors, run.page_errors  # every page answered in every state
    # It looked: the tag ran once analytics was allowed, and set what it declares.
    accepted = {(o.item, o.name) for o in run.observations.filter(state="accepted")}
    assert {("cookie", "_ga"), ("local", "analytics_visits"), ("cookie", "cookies_policy")} <= accepted
    assert not run.observations.filter(state="no-decision").exists()
    # The withdrawal went through the real cookies page form, and its record was the audit's own.
    assert not ConsentRecord.objects.exists()
    assert {(o.item, o.name) for o in run.observations.filter(state="accepted-then-rejected")} == {
        ("cookie", "cookies_policy")
    }


def test_analytics_without_its_guard_is_a_violation_before_consent(audit_site):
    run, failed = audit(audit_site, "/audit-test/unguarded/", states=["no-decision", "rejected+gpc"])
    assert failed
    violations = findings(run, Finding.Kind.VIOLATION)
    assert ("cookie", "_ga") in violations
    assert ("local", "analytics_visits") in violations
    assert ("request", "localhost") in violations
    detail = run.findings.get(kind=Finding.Kind.VIOLATION, name="_ga").detail
    assert "no-decision" in detail and "rejected+gpc" in detail


def test_a_tag_that_fires_after_load_is_waited_for(audit_site):
    # Several pages at once, the late one among ordinary ones: still seen, and on the page that set it.
    run, failed = audit(audit_site, "/", "/about/", "/audit-test/late/", "/cookies/", states=["rejected"])
    assert failed
    assert {("cookie", "_ga"), ("local", "analytics_visits")} <= findings(run, Finding.Kind.VIOLATION)
    assert run.findings.get(name="_ga").page_url == audit_site.url + "/audit-test/late/"
    assert not run.page_errors


def test_declaration_with_nothing_behind_it_is_stale(audit_site):
    CookieDeclarationFactory(name="_hj*", provider="Hotjar", category="analytics")
    CookieDeclarationFactory(name="sessionid", category="essential", audience="staff")
    run, failed = audit(audit_site, "/", states=["accepted"])
    assert failed
    assert findings(run, Finding.Kind.STALE) == {("cookie", "_hj*")}


def test_cookie_that_stays_after_a_refusal_is_a_violation(audit_site):
    CookieDeclarationFactory(name="_fbp", provider="Meta", category="marketing")
    run, failed = audit(audit_site, "/audit-test/sticky/", states=["rejected", "accepted-then-rejected"])
    assert failed
    finding = run.findings.get(kind=Finding.Kind.VIOLATION, name="_fbp")
    assert "accepting, then rejecting" in finding.detail
    assert "'rejected'" in finding.detail


def test_accepted_finding_stays_accepted_in_the_next_audit(audit_site, admin_client):
    CookieDeclarationFactory(name="_hj*", provider="Hotjar", category="analytics")
    first, failed = audit(audit_site, "/", states=["accepted"])
    assert failed
    stale = first.findings.get(kind=Finding.Kind.STALE)
    admin_client.post(reverse("cookieaudit_accept", args=[stale.pk]), {"reason": "Hotjar starts next month"})
    second, failed = audit(audit_site, "/", states=["accepted"])
    assert not failed
    carried = second.findings.get(kind=Finding.Kind.STALE)
    assert (carried.accepted_reason, carried.is_new) == ("Hotjar starts next month", False)


def test_scheduled_audit_emails_new_violations_once(audit_site, smtp_server, settings):
    settings.COOKIE_AUDIT_ALERT_EMAILS = ["dpo@example.org"]
    args = ["--base-url", audit_site.url, "--block-third-party", "--url", "/audit-test/unguarded/"]
    args += ["--state", "no-decision", "--scheduled"]
    with pytest.raises(CommandError):
        call_command("audit_cookies", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115
    (message,) = smtp_server.inbox.wait_for(1)
    assert message.envelope_to == ["dpo@example.org"]
    assert "new violation" in message["Subject"]
    body = message.get_payload(decode=True).decode()
    assert "'_ga' (analytics) was there without consent" in body
    assert reverse("cookieaudit_run", args=[AuditRun.objects.latest().pk]) in body
    # The same violation next time is not news.
    with pytest.raises(CommandError):
        call_command("audit_cookies", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(smtp_server.messages) == 1


def test_run_now_in_the_admin_audits_in_the_background(audit_site, admin_client, settings):
    settings.COOKIE_AUDIT_BASE_URL = audit_site.url
    settings.COOKIE_AUDIT_STATES = ["rejected"]
    settings.COOKIE_AUDIT_BLOCK_THIRD_PARTY = True
    response = admin_client.post(reverse("cookieaudit_run_now"), follow=True)
    assert "The cookie audit is queued" in response.content.decode()
    run = AuditRun.objects.get()
    assert (run.trigger, run.status) == (AuditRun.Trigger.ADMIN, AuditRun.Status.FINISHED)
    # The sitemap's pages, in the one state asked for.
    assert {audit_site.url + "/", audit_site.url + "/about/", audit_site.url + "/cookies/"} <= set(run.pages)
    assert run.states == ["rejected"]
    # The analytics declarations were not seen when rejecting: stale, in this one-state audit.
    assert {f.name for f in run.findings.all()} == {"_ga", "analytics_visits"}
    assert {f.kind for f in run.findings.all()} == {Finding.Kind.STALE}


def test_a_url_outside_the_site_is_refused(audit_site):
    with pytest.raises(CommandError, match="is not on this website"):
        call_command("audit_cookies", "--base-url", audit_site.url, "--url", "https://example.org/")
    with pytest.raises(CommandError, match="Unknown state"):
        call_command("audit_cookies", "--base-url", audit_site.url, "--state", "maybe")


@pytest.fixture
def demo_site(live_server, transactional_db):
    ensure_wagtail_tree()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server


def test_the_demo_site_is_clean(demo_site):
    run, failed = audit(
        demo_site, states=["no-decision", "rejected+gpc", "accepted", "accepted-then-rejected"], limit=3
    )
    assert not failed, list(run.findings.values_list("detail", flat=True))
    assert not run.findings.exists()
    assert len(run.pages) == 3 and not run.page_errors
    assert run.observations.filter(name="cookies_policy", declaration__category="essential").exists()
