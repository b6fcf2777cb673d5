"""The consent endpoint: what each choice sets, records and refuses."""

from datetime import UTC, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from consent import cookie
from consent.models import ConsentRecord, ConsentSettings

ENDPOINT = "/cookies/consent/"
SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


def post(client, data, **headers):
    return client.post(ENDPOINT, data, **{**SAME_ORIGIN, **headers})


def decision_in(response, version=1):
    return cookie.parse(response.cookies[cookie.COOKIE_NAME].value, current_version=version)


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("accept", {"functional": True, "analytics": True, "marketing": True}),
        ("reject", {"functional": False, "analytics": False, "marketing": False}),
    ],
)
def test_banner_choice_sets_the_cookie_with_its_attributes(client, home_page, action, expected):
    before = timezone.now().replace(microsecond=0)
    response = post(client, {"action": action, "source": "banner", "next": "/about/"})
    assert response.status_code == 303
    assert response["Location"] == "/about/"
    morsel = response.cookies[cookie.COOKIE_NAME]
    assert morsel["max-age"] == 365 * 24 * 60 * 60
    assert morsel["samesite"] == "Lax"
    assert morsel["path"] == "/"
    assert not morsel["secure"]  # plain HTTP in tests; see the HTTPS test below
    assert not morsel["httponly"]  # the consent script reads it
    decision = decision_in(response)
    assert decision.choices == expected
    assert decision.version == 1
    assert before <= decision.at <= timezone.now()
    assert len(decision.consent_id) == 32
    assert "no-store" in response["Cache-Control"]


def test_cookie_is_secure_on_https_and_by_setting(client, home_page, settings):
    response = post(client, {"action": "reject"}, secure=True, HTTP_ORIGIN="https://testserver")
    assert response.cookies[cookie.COOKIE_NAME]["secure"]
    settings.CONSENT_COOKIE_SECURE = True
    response = post(client, {"action": "reject"})
    assert response.cookies[cookie.COOKIE_NAME]["secure"]


def test_cookies_page_choice_per_category(client, home_page, declarations):
    response = post(
        client,
        {"action": "save", "source": "cookies_page", "functional": "no", "analytics": "yes", "marketing": "no"},
    )
    assert decision_in(response).choices == {"functional": False, "analytics": True, "marketing": False}
    record = ConsentRecord.objects.get()
    assert record.decision == ConsentRecord.Decision.CUSTOM
    assert record.method == ConsentRecord.Method.COOKIES_PAGE_FORM
    # A missing category means No: nothing is assumed.
    response = post(client, {"action": "save", "source": "cookies_page"})
    assert decision_in(response).choices == dict.fromkeys(cookie.CATEGORIES, False)


def test_javascript_choice_gets_json_and_the_cookie(client, home_page):
    response = post(client, {"action": "accept", "source": "banner"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "choices": {"functional": True, "analytics": True, "marketing": True},
        "gpc": False,
        "version": 1,
    }
    assert decision_in(response).analytics
    assert ConsentRecord.objects.get().method == ConsentRecord.Method.BANNER_JS


def test_each_decision_is_recorded_without_ip_or_user_agent(client, home_page):
    response = post(client, {"action": "accept"}, HTTP_USER_AGENT="TestBrowser/1.0", REMOTE_ADDR="203.0.113.9")
    record = ConsentRecord.objects.get()
    decision = decision_in(response)
    assert record.consent_id == decision.consent_id
    assert record.policy_version == 1
    assert record.decision == ConsentRecord.Decision.ACCEPT
    assert (record.functional, record.analytics, record.marketing) == (True, True, True)
    assert record.method == ConsentRecord.Method.BANNER_FORM
    assert record.gpc is False
    assert record.banner_text_sha256 == ConsentSettings.for_site(home_page.get_site()).banner_text_sha256
    assert record.created_at == decision.at
    stored = " ".join(str(value) for value in ConsentRecord.objects.values().get().values())
    assert "203.0.113.9" not in stored and "TestBrowser" not in stored
    field_names = {field.name for field in ConsentRecord._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user_agent"}


def test_changing_your_mind_keeps_the_consent_id(client, home_page):
    first = post(client, {"action": "accept"})
    client.cookies[cookie.COOKIE_NAME] = first.cookies[cookie.COOKIE_NAME].value
    second = post(client, {"action": "reject"})
    assert decision_in(second).consent_id == decision_in(first).consent_id
    assert list(ConsentRecord.objects.order_by("created_at", "pk").values_list("decision", flat=True)) == [
        "accept",
        "reject",
    ]


def test_gpc_keeps_marketing_off_even_on_accept_all(client, home_page):
    response = post(client, {"action": "accept"}, HTTP_SEC_GPC="1", HTTP_ACCEPT="application/json")
    assert response.json()["gpc"] is True
    assert decision_in(response).choices == {"functional": True, "analytics": True, "marketing": False}
    assert ConsentRecord.objects.get().gpc is True
    response = post(client, {"action": "save", "source": "cookies_page", "marketing": "yes"}, HTTP_SEC_GPC="1")
    assert decision_in(response).marketing is False


def test_refused_categories_cookies_are_deleted(client, home_page, declarations):
    client.cookies["_ga"] = "GA1.1.123"
    client.cookies["_ga_ABC123"] = "GS1.1.456"
    client.cookies["YSC"] = "video"
    client.cookies["unrelated"] = "keep"
    response = post(client, {"action": "save", "source": "cookies_page", "functional": "yes", "analytics": "no"})
    for name in ("_ga", "_ga_ABC123"):
        assert response.cookies[name].value == ""
        assert response.cookies[name]["max-age"] == 0
    assert "YSC" not in response.cookies
    assert "unrelated" not in response.cookies


@pytest.mark.parametrize(
    "next_url",
    [
        "//evil.example",
        "//evil.example/path",
        "https://evil.example",
        "http://testserver.evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_open_redirect_attempts_go_home(client, home_page, next_url):
    response = post(client, {"action": "reject", "next": next_url})
    assert response.status_code == 303
    assert response["Location"] == "/"


def test_a_path_on_this_site_is_kept(client, home_page):
    response = post(client, {"action": "reject", "next": "/news/?topic=pledge"})
    assert response["Location"] == "/news/?topic=pledge"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
    ],
)
def test_cross_site_post_is_refused_and_changes_nothing(client, home_page, headers):
    response = client.post(ENDPOINT, {"action": "accept", "next": "/"}, **headers)
    assert response.status_code == 403
    assert cookie.COOKIE_NAME not in response.cookies
    assert not ConsentRecord.objects.exists()


def test_a_post_without_browser_headers_is_accepted(client, home_page):
    """Browsers always send Origin or Sec-Fetch-Site on a POST; other clients cannot forge a visitor's choice."""
    assert client.post(ENDPOINT, {"action": "reject"}).status_code == 303


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "maybe"}, "Unknown action"),
        ({}, "Unknown action"),
        ({"action": "save", "advertising": "yes"}, "Unknown cookie category or field: advertising"),
        ({"action": "save", "analytics": "please"}, "must be 'yes' or 'no'"),
        ({"action": "accept", "source": "popup"}, "Unknown source"),
    ],
)
def test_unknown_category_or_action_is_a_clear_400(client, home_page, data, message):
    response = post(client, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert cookie.COOKIE_NAME not in response.cookies
    assert not ConsentRecord.objects.exists()


def test_get_is_not_allowed(client, home_page):
    assert client.get(ENDPOINT).status_code == 405


def test_version_bump_makes_old_decisions_void_and_deletes_their_cookies(
    client, home_page, cookies_page, declarations
):
    old = cookie.encode(
        cookie.Decision(
            version=1,
            functional=True,
            analytics=True,
            marketing=True,
            at=datetime(2026, 1, 1, tzinfo=UTC),
            consent_id="c" * 32,
        )
    )
    consent_settings = ConsentSettings.for_site(home_page.get_site())
    consent_settings.policy_version = 2
    consent_settings.save()
    client.cookies[cookie.COOKIE_NAME] = old
    client.cookies["_ga"] = "GA1.1.123"
    client.cookies["YSC"] = "video"
    # The cookies page no longer counts the old choice and deletes what it allowed.
    response = client.get("/cookies/")
    assert response.context["decision"] is None
    assert 'id="analytics-no"' in response.content.decode()
    assert response.cookies["_ga"]["max-age"] == 0
    assert response.cookies["YSC"]["max-age"] == 0
    # The banner data tells the browser about the new version, for everyone alike.
    assert 'data-policy-version="2"' in client.get("/").content.decode()
    # A new choice is stored under the new version.
    response = post(client, {"action": "reject"})
    assert decision_in(response, version=2) is not None
    assert ConsentRecord.objects.get().policy_version == 2


def test_old_records_are_purged_after_the_retention_period(db, settings):
    from django.core.management import call_command

    from consent.factories import ConsentRecordFactory

    settings.CONSENT_RECORD_RETENTION_DAYS = 730
    now = timezone.now()
    old = ConsentRecordFactory(created_at=now - timedelta(days=731))
    kept = ConsentRecordFactory(created_at=now - timedelta(days=729))
    call_command("purge_consent_records", "--dry-run")
    assert ConsentRecord.objects.count() == 2
    call_command("purge_consent_records")
    assert list(ConsentRecord.objects.all()) == [kept]
    assert not ConsentRecord.objects.filter(pk=old.pk).exists()
    settings.CONSENT_RECORD_RETENTION_DAYS = 30
    call_command("purge_consent_records")
    assert not ConsentRecord.objects.exists()


# Refusals: files, oversized bodies and floods -----------------------------


def test_a_file_part_is_refused_and_nothing_recorded(client, home_page):
    upload = SimpleUploadedFile("choices.txt", b"accept", content_type="text/plain")
    response = post(client, {"action": "accept", "file": upload})
    assert response.status_code == 400
    assert "no files" in response.content.decode()
    assert not ConsentRecord.objects.exists()
    assert cookie.COOKIE_NAME not in response.cookies


def test_a_large_body_is_refused_before_it_is_read(client, home_page):
    upload = SimpleUploadedFile("big.bin", b"\0" * (5 * 1024 * 1024), content_type="application/octet-stream")
    assert post(client, {"action": "accept", "file": upload}).status_code == 413
    assert post(client, {"action": "accept", "next": "/" + "a" * 10_000}).status_code == 413
    assert not ConsentRecord.objects.exists()


def test_the_banners_own_form_fits_in_the_limit(client, home_page):
    """What consent.js sends (multipart FormData) and the plain form both stay well within it."""
    assert post(client, {"action": "accept", "source": "banner", "next": "/news/?topic=policy"}).status_code == 303
    response = client.post(
        ENDPOINT,
        "action=reject&source=banner&next=%2F",
        content_type="application/x-www-form-urlencoded",
        **SAME_ORIGIN,
    )
    assert response.status_code == 303


def test_a_flood_from_one_client_is_refused_with_a_friendly_page(client, home_page, settings):
    statuses = [post(client, {"action": "accept"}).status_code for _ in range(settings.CONSENT_RATE_LIMIT + 15)]
    assert statuses == [303] * settings.CONSENT_RATE_LIMIT + [429] * 15
    assert ConsentRecord.objects.count() == settings.CONSENT_RATE_LIMIT, "nothing recorded beyond the limit"
    response = post(client, {"action": "reject"})
    assert response.status_code == 429
    assert "wait a minute" in response.content.decode()
    assert response["Retry-After"] == str(settings.CONSENT_RATE_WINDOW)
    assert "no-store" in response["Cache-Control"]
    assert cookie.COOKIE_NAME not in response.cookies
    assert post(client, {"action": "accept"}, HTTP_ACCEPT="application/json").status_code == 429
    # Another visitor is not affected.
    assert post(client, {"action": "accept"}, REMOTE_ADDR="198.51.100.8").status_code == 303


def test_the_limit_counts_the_address_our_proxy_saw_not_a_forged_one(client, home_page, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    limit = settings.CONSENT_RATE_LIMIT
    # Straight to the app with a made-up X-Forwarded-For each time: all one client.
    forged = [
        post(client, {"action": "accept"}, REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        for n in range(limit + 1)
    ]
    assert forged[-1].status_code == 429
    # Through our proxy, two visitors are told apart by the address it added.
    for visitor in ("198.51.100.1", "198.51.100.2"):
        response = post(client, {"action": "accept"}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=visitor)
        assert response.status_code == 303
