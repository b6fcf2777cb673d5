"""What pages carry for consent: the same bytes for everyone, the cookies page never cached."""

import hashlib
import re
from base64 import b64encode
from datetime import UTC, datetime

from django.utils.cache import get_max_age

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from consent import cookie
from consent.inline_scripts import INLINE_SCRIPTS, csp_hash_sources
from consent.models import ConsentSettings, CookiesPage
from home.factories import StandardPageFactory
from home.models import HomePage, StandardPage


def decision_cookie(version=1, **choices):
    values = dict.fromkeys(cookie.CATEGORIES, False) | choices
    return cookie.encode(
        cookie.Decision(version=version, at=datetime(2026, 11, 1, tzinfo=UTC), consent_id="d" * 32, **values)
    )


def set_analytics(site, provider, analytics_id, script_url=""):
    consent_settings = ConsentSettings.for_site(site)
    consent_settings.analytics_provider = provider
    consent_settings.analytics_id = analytics_id
    consent_settings.analytics_script_url = script_url
    consent_settings.full_clean()
    consent_settings.save()
    return consent_settings


class TestTreeRules(WagtailPageTestCase):
    def test_cookies_page_lives_once_under_home(self):
        self.assertCanCreateAt(HomePage, CookiesPage)
        self.assertCanNotCreateAt(Page, CookiesPage)
        self.assertCanNotCreateAt(StandardPage, CookiesPage)
        self.assertCanNotCreateAt(CookiesPage, StandardPage)
        assert CookiesPage.max_count == 1


@pytest.mark.parametrize("path", ["/", "/about/", "/no-such-page/"])
def test_every_visitor_gets_the_same_bytes_and_no_cookie_headers(client, home_page, declarations, path):
    StandardPageFactory(parent=home_page, slug="about", body=[("paragraph", "<p>About us.</p>")])
    set_analytics(home_page.get_site(), "plausible", "example.org")
    visitors = [
        {},
        {cookie.COOKIE_NAME: decision_cookie(functional=True, analytics=True, marketing=True)},
        {cookie.COOKIE_NAME: decision_cookie()},
        {cookie.COOKIE_NAME: "garbage", "_ga": "GA1.1.1"},
    ]
    bodies = []
    for cookies in visitors:
        client.cookies.clear()
        for name, value in cookies.items():
            client.cookies[name] = value
        response = client.get(path, HTTP_SEC_GPC="1" if cookies else "0")
        assert not response.cookies, f"Set-Cookie on {path}: {list(response.cookies)}"
        assert "cookie" not in response.get("Vary", "").lower()
        bodies.append(response.content)
    assert all(body == bodies[0] for body in bodies)


def test_banner_is_first_in_body_hidden_and_labelled(client, home_page, declarations):
    html = client.get("/").content.decode()
    body = html[html.index("<body") :]
    first_element = re.search(r"<body[^>]*>\s*<(\w+)([^>]*)>", body, re.DOTALL)
    assert first_element[1] == "div" and 'id="cookie-banner"' in first_element[2]
    banner = first_element[2]
    assert 'role="region"' in banner
    assert 'aria-label="Cookies on this website"' in banner
    assert re.search(r"\shidden\s", banner)
    assert 'data-policy-version="1"' in banner
    assert 'data-cookies-analytics="_ga _ga_*"' in banner
    assert 'data-cookies-functional="YSC"' in banner
    assert body.index("cookie-banner") < body.index("skip-link")
    # Two buttons of the same style, a real form to the endpoint, and the link to the cookies page.
    assert '<form class="cookie-banner__actions"\n                          method="post"' in html
    assert '<button class="button" type="submit" name="action" value="accept">Accept all cookies</button>' in html
    assert (
        '<button class="button" type="submit" name="action" value="reject">Reject all non-essential cookies</button>'
        in html
    )
    assert ">Find out more</a>" in html
    assert "csrfmiddlewaretoken" not in html


def test_banner_wording_is_the_seed_text_and_editable(client, home_page):
    html = client.get("/").content.decode()
    assert "We use cookies to ensure that we give you the best experience on our website." in html
    consent_settings = ConsentSettings.for_site(home_page.get_site())
    consent_settings.banner_text = "We use a few cookies."
    consent_settings.accepted_message = "Thanks, all cookies are on."
    consent_settings.save()
    html = client.get("/").content.decode()
    assert "We use a few cookies." in html and "Thanks, all cookies are on." in html


def test_the_only_inline_script_is_registered_and_hashed(client, home_page):
    html = client.get("/").content.decode()
    inline = [
        m["body"]
        for m in re.finditer(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", html, re.DOTALL)
        if "src=" not in m["attrs"] and 'type="application/ld+json"' not in m["attrs"]
    ]
    assert inline == [INLINE_SCRIPTS["banner_reveal"]]
    expected = "'sha256-" + b64encode(hashlib.sha256(inline[0].encode()).digest()).decode() + "'"
    assert csp_hash_sources() == [expected]
    assert "onclick" not in html and "javascript:" not in html


@pytest.mark.parametrize(
    ("provider", "analytics_id", "script_url", "expected"),
    [
        (
            "plausible",
            "example.org",
            "",
            ['data-src="https://plausible.io/js/script.js"', 'data-domain="example.org"'],
        ),
        (
            "matomo",
            "3",
            "https://analytics.example.org/",
            [
                'data-src="https://analytics.example.org/matomo.js"',
                'data-tracker-url="https://analytics.example.org/matomo.php"',
                'data-site-id="3"',
            ],
        ),
        (
            "ga4",
            "G-ABC123DEF4",
            "",
            ['data-src="https://www.googletagmanager.com/gtag/js?id=G-ABC123DEF4"', "/static/js/consent-mode.js"],
        ),
    ],
)
def test_analytics_tag_is_inert_until_consent(client, home_page, provider, analytics_id, script_url, expected):  # noqa: PLR0917
    set_analytics(home_page.get_site(), provider, analytics_id, script_url)
    html = client.get("/").content.decode()
    assert '<script type="text/plain" data-consent-category="analytics"' in html
    for fragment in expected:
        assert fragment in html
    # No executable script from the provider.
    assert not re.search(r'<script[^>]*\ssrc="https?://(?!testserver)', html)
    if provider == "ga4":
        # Consent Mode defaults are loaded before the tag and the consent script.
        assert html.index("consent-mode.js") < html.index("consent.js") < html.index('type="text/plain"')


def test_no_analytics_tag_without_a_provider(client, home_page):
    assert "data-consent-category" not in client.get("/").content.decode()


def test_nothing_loads_in_a_wagtail_preview(admin_client, home_page):
    set_analytics(home_page.get_site(), "ga4", "G-ABC123DEF4")
    response = admin_client.get(f"/admin/pages/{home_page.pk}/view_draft/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="cookie-banner"' in html  # the page itself, as editors see it
    assert "data-consent-category" not in html
    assert "consent-mode.js" not in html
    # The same page outside the preview carries the (inert) tag.
    assert "data-consent-category" in admin_client.get("/").content.decode()


class TestCookiesPage:
    def test_lists_declared_cookies_and_offers_only_declared_categories(self, client, cookies_page, declarations):
        response = client.get("/cookies/")
        assert response.status_code == 200
        html = response.content.decode()
        for name in ("cookies_policy", "YSC", "_ga", "_ga_*"):
            assert f"<code>{name}</code>" in html
        assert 'name="functional"' in html and 'name="analytics"' in html
        assert 'name="marketing"' not in html  # no marketing cookies declared
        assert "Essential cookies" in html
        # Nothing pre-ticked: No until the visitor says yes.
        assert re.search(r'id="analytics-no"[^>]*checked', html)
        assert not re.search(r'id="analytics-yes"[^>]*checked', html)

    def test_is_never_cached(self, client, cookies_page):
        response = client.get("/cookies/")
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control
        assert get_max_age(response) == 0

    def test_defaults_to_the_current_choice(self, client, cookies_page, declarations):
        client.cookies[cookie.COOKIE_NAME] = decision_cookie(analytics=True)
        html = client.get("/cookies/").content.decode()
        assert re.search(r'id="analytics-yes"[^>]*checked', html)
        assert re.search(r'id="functional-no"[^>]*checked', html)

    def test_banner_does_not_appear_on_the_cookies_page(self, client, cookies_page):
        assert "data-cookies-page" in client.get("/cookies/").content.decode()

    def test_works_without_javascript_and_returns_to_where_you_were(self, client, cookies_page, declarations):
        html = client.get("/cookies/?next=/about/").content.decode()
        assert 'name="next" value="/cookies/?saved=1&amp;next=%2Fabout%2F"' in html
        response = client.post(
            "/cookies/consent/",
            {
                "action": "save",
                "source": "cookies_page",
                "next": "/cookies/?saved=1&next=%2Fabout%2F",
                "functional": "yes",
                "analytics": "no",
            },
            HTTP_ORIGIN="http://testserver",
        )
        assert response.status_code == 303
        assert response["Location"] == "/cookies/?saved=1&next=%2Fabout%2F"
        response = client.get(response["Location"])
        html = response.content.decode()
        assert "You've set your cookie preferences." in html
        assert '<a href="/about/">Go back to the page you were looking at</a>' in html
        assert re.search(r'id="functional-yes"[^>]*checked', html)

    def test_referer_on_this_site_is_the_way_back(self, client, cookies_page, declarations):
        html = client.get("/cookies/", HTTP_REFERER="http://testserver/news/").content.decode()
        assert "next=%2Fnews%2F" in html
        html = client.get("/cookies/", HTTP_REFERER="https://evil.example/").content.decode()
        assert 'name="next" value="/cookies/?saved=1"' in html

    @pytest.mark.parametrize("next_url", ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:x"])
    def test_way_back_link_is_only_ever_this_site(self, client, cookies_page, declarations, next_url):
        client.cookies[cookie.COOKIE_NAME] = decision_cookie()
        response = client.get("/cookies/", {"saved": "1", "next": next_url})
        main = response.content.decode().split("<main", 1)[1]
        assert "Go back to the page" not in main
        assert 'name="next" value="/cookies/?saved=1"' in main
        assert "evil.example" not in main and "javascript:" not in main

    def test_gpc_is_explained_on_the_cookies_page(self, client, cookies_page, declarations):
        from consent.factories import CookieDeclarationFactory

        CookieDeclarationFactory(name="_fbp", provider="Meta", category="marketing")
        html = client.get("/cookies/", HTTP_SEC_GPC="1").content.decode()
        assert "Global Privacy Control" in html.split("<main", 1)[1]


def test_video_embed_is_a_placeholder_until_consent(client, home_page):
    url = "https://www.youtube.com/watch?v=abcdefghijk"
    Embed.objects.create(
        hash=get_embed_hash(url),
        url=url,
        max_width=None,
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/abcdefghijk" title="A talk"></iframe>',
        provider_name="YouTube",
        thumbnail_url="",
        width=640,
        height=360,
    )
    StandardPageFactory(parent=home_page, slug="talk", body=[("embed", url)])
    html = client.get("/talk/").content.decode()
    placeholder = html[html.index("data-consent-embed") :]
    assert "This video is on YouTube." in placeholder
    assert "data-consent-embed-load hidden>Load this video</button>" in placeholder
    assert f'<a href="{url}">Watch the video on YouTube</a>' in placeholder
    # The iframe is inert inside a <template> until the consent script takes it out.
    template = re.search(r"<template data-consent-embed-html>(.*?)</template>", html, re.DOTALL)
    assert "<iframe" in template[1]
    assert html.count("<iframe") == 1
