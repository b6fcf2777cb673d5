"""What editors manage: the consent setting's checks, the cookie declarations, the weekly report, the demo."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from consent.factories import ConsentRecordFactory, CookieDeclarationFactory
from consent.models import ConsentRecord, ConsentSettings, CookieDeclaration, CookiesPage


@pytest.fixture
def consent_settings(home_page):
    return ConsentSettings.for_site(home_page.get_site())


@pytest.mark.parametrize(
    ("provider", "analytics_id", "script_url", "field"),
    [
        ("ga4", "UA-1234-1", "", "analytics_id"),
        ("ga4", "", "", "analytics_id"),
        ("plausible", "not a domain", "", "analytics_id"),
        ("matomo", "three", "https://analytics.example.org/", "analytics_id"),
        ("matomo", "3", "", "analytics_script_url"),
        ("plausible", "example.org", "http://plausible.example.org/js/script.js", "analytics_script_url"),
        ("", "G-ABC123DEF4", "", "analytics_id"),
    ],
)
def test_analytics_setting_is_checked(consent_settings, provider, analytics_id, script_url, field):
    consent_settings.analytics_provider = provider
    consent_settings.analytics_id = analytics_id
    consent_settings.analytics_script_url = script_url
    with pytest.raises(ValidationError) as error:
        consent_settings.full_clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("provider", "analytics_id", "script_url"),
    [
        ("ga4", "G-ABC123DEF4", ""),
        ("plausible", "synergicollaborativecentre.co.uk", ""),
        ("matomo", "3", "https://analytics.example.org/"),
        ("plausible", "example.org", "http://localhost:8000/static/test-analytics.js"),  # test address
        ("", "", ""),
    ],
)
def test_valid_analytics_settings(consent_settings, provider, analytics_id, script_url):
    consent_settings.analytics_provider = provider
    consent_settings.analytics_id = analytics_id
    consent_settings.analytics_script_url = script_url
    consent_settings.full_clean()


def test_policy_version_must_be_positive(consent_settings):
    consent_settings.policy_version = 0
    with pytest.raises(ValidationError):
        consent_settings.full_clean()


def test_analytics_origin_for_the_content_security_policy(consent_settings):
    assert consent_settings.analytics_origin() is None
    consent_settings.analytics_provider = "matomo"
    consent_settings.analytics_id = "3"
    consent_settings.analytics_script_url = "https://analytics.example.org/"
    assert consent_settings.analytics_origin() == "https://analytics.example.org"


def test_cookie_declaration_names_are_checked(db):
    declaration = CookieDeclarationFactory.build(name="bad name;", category="analytics")
    with pytest.raises(ValidationError):
        declaration.full_clean()


def test_editor_adds_a_cookie_declaration_in_the_admin(admin_client, home_page):
    url = reverse("wagtailsnippets_consent_cookiedeclaration:add")
    response = admin_client.post(
        url,
        {
            "name": "_pk_id.*",
            "provider": "Matomo",
            "purpose": "Tells visits apart.",
            "duration": "13 months",
            "category": "analytics",
            "storage": "cookie",
            "hosts": "analytics.example.org",
            "audience": "visitors",
        },
    )
    assert response.status_code == 302
    assert CookieDeclaration.objects.get().name == "_pk_id.*"
    listing = admin_client.get(reverse("wagtailsnippets_consent_cookiedeclaration:list"))
    assert "_pk_id.*" in listing.content.decode()


def test_editor_changes_banner_text_and_version_in_the_admin(admin_client, home_page, consent_settings):
    url = reverse("wagtailsettings:edit", args=["consent", "consentsettings", home_page.get_site().pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    data = {
        field: getattr(consent_settings, field)
        for field in [
            "banner_heading",
            "banner_text",
            "accept_button_label",
            "reject_button_label",
            "more_link_label",
            "accepted_message",
            "rejected_message",
            "change_settings_label",
            "hide_button_label",
            "gpc_message",
        ]
    }
    data |= {"policy_version": 2, "analytics_provider": "ga4", "analytics_id": "nonsense", "analytics_script_url": ""}
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form comes back with the error
    assert "G-ABC123DEF4" in response.content.decode()
    data["analytics_id"] = "G-ABC123DEF4"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    consent_settings.refresh_from_db()
    assert consent_settings.policy_version == 2


def test_weekly_report_counts_accept_reject_and_custom(admin_client, db):
    now = timezone.now()
    for decision, count in [("accept", 3), ("reject", 2), ("custom", 1)]:
        for _ in range(count):
            ConsentRecordFactory(decision=decision, created_at=now)
    ConsentRecordFactory(decision="accept", created_at=now - timedelta(days=14))
    response = admin_client.get(reverse("consent_report"))
    assert response.status_code == 200
    rows = list(response.context["weeks"])
    assert len(rows) == 2
    newest = rows[0]
    assert (newest["accept"], newest["reject"], newest["custom"], newest["total"]) == (3, 2, 1, 6)
    assert (rows[1]["accept"], rows[1]["total"]) == (1, 1)
    html = response.content.decode()
    assert "Cookie consent by week" in html
    # It is in the Reports menu.
    assert "cookie-consent" in admin_client.get(reverse("wagtailadmin_home")).content.decode()


def test_report_needs_permission(client, django_user_model, db):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("press", password="a-long-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("consent_report")).status_code in {302, 403}
    user.user_permissions.add(Permission.objects.get(codename="view_consentrecord"))
    assert client.get(reverse("consent_report")).status_code == 200


def test_demo_content_is_idempotent(home_page):
    from consent import demo
    from home.models import SiteSettings

    demo.load(home_page)
    demo.load(home_page)
    assert CookiesPage.objects.count() == 1
    page = CookiesPage.objects.get()
    assert page.url == "/cookies/" and page.live
    assert set(CookieDeclaration.objects.filter(category="essential").values_list("name", flat=True)) == {
        "cookies_policy",
        "csrftoken",
        "sessionid",
    }
    # The demo has no videos and no analytics, so it declares nothing else (the cookie audit checks it).
    assert not CookieDeclaration.objects.non_essential().exists()
    assert set(CookieDeclaration.objects.filter(audience="staff").values_list("name", flat=True)) == {
        "csrftoken",
        "sessionid",
    }
    links = [block.value["label"] for block in SiteSettings.for_site(home_page.get_site()).footer_links]
    assert links.count("Cookies") == 1
    consent_settings = ConsentSettings.objects.get()
    assert consent_settings.banner_heading == "Cookies on this website"
    assert "Find out more" in consent_settings.banner_text
    assert ConsentRecord.objects.count() == 0


def test_declaration_hosts_are_host_names(db):
    declaration = CookieDeclarationFactory.build(name="YSC", category="functional", hosts="https://youtube.com/x")
    with pytest.raises(ValidationError) as error:
        declaration.full_clean()
    assert "Write host names only" in str(error.value)
    declaration.hosts = "  WWW.YouTube-nocookie.com   *.youtube.com "
    declaration.full_clean()
    assert declaration.host_patterns() == ["www.youtube-nocookie.com", "*.youtube.com"]
