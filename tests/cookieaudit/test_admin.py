"""Reports › Cookie audit and the evidence pack, through the admin: history, accepting, queuing, exports, statement."""

import csv
import io
import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from consent.factories import ConsentRecordFactory, CookieDeclarationFactory, CookiesPageFactory
from consent.models import ConsentSettings, PolicySnapshot
from cookieaudit.models import AuditRun, Finding, Observation

RECORD_KEYS = {
    "consent_id",
    "policy_version",
    "decision",
    "functional",
    "analytics",
    "marketing",
    "method",
    "gpc",
    "banner_text_sha256",
    "created_at",
}


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def finished_run(db):
    run = AuditRun.objects.create(
        status=AuditRun.Status.FINISHED,
        finished_at=timezone.now(),
        pages=["http://127.0.0.1/"],
        states=["rejected"],
        base_url="http://127.0.0.1",
    )
    Finding.objects.create(
        run=run,
        kind=Finding.Kind.UNDECLARED,
        item="cookie",
        name="planted",
        key="undeclared:cookie:planted",
        detail="Cookie 'planted' matches no entry in Cookies we set.",
        page_url="http://127.0.0.1/",
        state="rejected",
    )
    return run


def test_history_and_run_pages_list_audits_and_findings(admin_client, finished_run):
    response = admin_client.get(reverse("cookieaudit_history"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    html = response.content.decode()
    assert "Run the audit now" in html
    assert reverse("cookieaudit_run", args=[finished_run.pk]) in html
    # In the Reports menu.
    assert reverse("cookieaudit_history") in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    detail = admin_client.get(reverse("cookieaudit_run", args=[finished_run.pk])).content.decode()
    assert "matches no entry in Cookies we set" in detail
    assert admin_client.get(reverse("cookieaudit_run", args=[finished_run.pk + 99])).status_code == 404


def test_accepting_a_finding_needs_a_reason_and_keeps_it(admin_client, admin_user, finished_run):
    finding = finished_run.findings.get()
    url = reverse("cookieaudit_accept", args=[finding.pk])
    response = admin_client.post(url, {"reason": "  "}, follow=True)
    assert "Say why this finding is acceptable" in response.content.decode()
    finding.refresh_from_db()
    assert finding.accepted_at is None
    admin_client.post(url, {"reason": "Set by the payment page, declared next week"})
    finding.refresh_from_db()
    assert (finding.accepted_reason, finding.accepted_by) == (
        "Set by the payment page, declared next week",
        admin_user,
    )
    assert not finished_run.failed
    html = admin_client.get(reverse("cookieaudit_run", args=[finished_run.pk])).content.decode()
    assert "Set by the payment page, declared next week" in html


def test_run_now_refuses_a_second_audit_while_one_runs(admin_client, db):
    running = AuditRun.objects.create(status=AuditRun.Status.RUNNING)
    response = admin_client.post(reverse("cookieaudit_run_now"), follow=True)
    assert "An audit is already running" in response.content.decode()
    assert list(AuditRun.objects.all()) == [running]
    # A run abandoned long ago (its worker died) does not block for ever.
    AuditRun.objects.filter(pk=running.pk).update(created_at=timezone.now() - timedelta(days=1))
    assert not AuditRun.objects.running().exists()


def test_audit_pages_need_permission(client, django_user_model, finished_run):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("press", password="a-long-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("cookieaudit_history")).status_code in {302, 403}
    # Wagtail answers a refusal in the admin with a redirect to the dashboard.
    assert client.post(reverse("cookieaudit_run_now")).status_code in {302, 403}
    assert AuditRun.objects.count() == 1
    finding = finished_run.findings.get()
    assert client.post(reverse("cookieaudit_accept", args=[finding.pk]), {"reason": "x"}).status_code in {302, 403}
    finding.refresh_from_db()
    assert finding.accepted_at is None
    export = client.get(reverse("cookieaudit_records", args=["csv"]), {"from": "2026-01-01", "to": "2026-01-02"})
    assert export.status_code in {302, 403}
    assert not export.get("Content-Disposition")


def test_records_export_as_csv_and_json_for_a_date_range(admin_client, db):
    inside = ConsentRecordFactory(decision="reject", analytics=False, created_at=timezone.now() - timedelta(days=2))
    ConsentRecordFactory(created_at=timezone.now() - timedelta(days=40))
    today = timezone.localdate()
    query = {"from": (today - timedelta(days=7)).isoformat(), "to": today.isoformat()}
    response = admin_client.get(reverse("cookieaudit_records", args=["csv"]), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert set(rows[0]) == RECORD_KEYS
    assert (rows[0]["consent_id"], rows[0]["decision"], rows[0]["analytics"]) == (inside.consent_id, "reject", "False")
    data = json.loads(admin_client.get(reverse("cookieaudit_records", args=["json"]), query).content)
    assert data["from"] == query["from"]
    assert [record["consent_id"] for record in data["records"]] == [inside.consent_id]
    assert set(data["records"][0]) == RECORD_KEYS


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("yesterday", "2026-01-01", "Give both dates as year-month-day"),
        ("2026-02-30", "2026-03-01", "Give both dates as year-month-day"),
        ("2026-03-01", "2026-02-01", "The start date is after the end date."),
        ("2020-01-01", "2026-01-01", "Choose at most 800 days at a time."),
        ("", "", "Give both dates as year-month-day"),
    ],
)
def test_malformed_date_ranges_get_a_clear_message(admin_client, db, start, end, message):
    response = admin_client.get(reverse("cookieaudit_records", args=["json"]), {"from": start, "to": end})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_unknown_export_format_is_a_404(admin_client, db):
    assert admin_client.get("/admin/reports/cookie-audit/evidence/records.xml").status_code == 404


def test_policy_snapshot_for_an_old_version_shows_that_versions_text(admin_client, home_page):
    CookiesPageFactory(parent=home_page, introduction="Version one's introduction.")
    CookieDeclarationFactory(name="old_cookie", category="analytics")
    consent_settings = ConsentSettings.for_site(home_page.get_site())
    consent_settings.banner_text = "The first wording."
    consent_settings.save()
    old = PolicySnapshot.objects.get(policy_version=1, banner_text_sha256=consent_settings.banner_text_sha256)
    ConsentRecordFactory(policy_version=1, banner_text_sha256=old.banner_text_sha256)
    consent_settings.banner_text = "The second wording."
    consent_settings.policy_version = 2
    consent_settings.save()
    assert PolicySnapshot.objects.filter(policy_version=2).exists()
    evidence = admin_client.get(reverse("cookieaudit_evidence")).content.decode()
    assert reverse("cookieaudit_snapshot", args=[old.pk]) in evidence
    html = admin_client.get(reverse("cookieaudit_snapshot", args=[old.pk])).content.decode()
    assert "The first wording." in html
    assert "The second wording." not in html
    assert "Version one&#x27;s introduction." in html or "Version one's introduction." in html
    assert "old_cookie" in html
    assert "carried by 1 consent record" in html


def test_weekly_rates_per_version_as_chart_and_table(admin_client, db):
    now = timezone.now()
    for decision in ["accept", "accept", "reject", "custom"]:
        ConsentRecordFactory(decision=decision, policy_version=3, created_at=now)
    html = admin_client.get(reverse("cookieaudit_evidence")).content.decode()
    assert "<svg" in html and '<title id="rates-chart-title">' in html
    assert "2 (50%)" in html and "1 (25%)" in html


def test_statement_as_html_and_pdf(admin_client, home_page, finished_run):
    CookieDeclarationFactory(name="cookies_policy", category="essential")
    html = admin_client.get(reverse("cookieaudit_statement")).content.decode()
    assert "Statement of our cookie practice" in html
    assert "Cookie policy version 1" in html
    assert "Open findings: 1" in html
    response = admin_client.get(reverse("cookieaudit_statement_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert b"Statement of our cookie practice" in pdf
    assert b"cookies_policy" in pdf
    # The cross-reference table points at each object.
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref:].startswith(b"xref")


def test_cookies_page_shows_when_each_cookie_was_last_checked(client, home_page, finished_run):
    page = CookiesPageFactory(parent=home_page)
    seen = CookieDeclarationFactory(name="cookies_policy", category="essential")
    CookieDeclarationFactory(name="_ga", category="analytics")
    html = client.get(page.url).content.decode()
    assert "Last checked" in html
    Observation.objects.create(
        run=finished_run, item="cookie", name="cookies_policy", page_url="/", state="rejected", declaration=seen
    )
    html = client.get(page.url).content.decode()
    assert "(seen)" in html
    assert "(not seen by a visitor)" in html
