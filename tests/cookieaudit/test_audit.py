"""The audit in a real browser against the live test server: each kind of finding planted, and a clean site."""

import pytest
from django.core.management import CommandError, call_command

from consent.factories import CookieDeclarationFactory
from consent.models import ConsentRecord
from cookieaudit.models import AuditRun, Finding

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


def test_undeclared_cookie_is_reported_and_bad_pages_are_skipped(audit_site):
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
        audit_site, "/", "/about/", states=["no-decision", "rejected", "accepted", "accepted+gpc", "accepted-then-rejected"]
    )
    assert not failed, list(run.findings.values_list("detail", flat=True))
    assert not run.findings.exists()
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
