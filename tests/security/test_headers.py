"""Security headers on public pages and in the admin, under production's settings."""

import base64
import hashlib
import re

from django.test import Client

import pytest

from consent.inline_scripts import csp_hash_sources

pytestmark = pytest.mark.django_db


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def common_headers_are_set(response):
    assert response["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "browsing-topics=()"):
        assert feature in permissions


@pytest.fixture
def https_client():
    """A visitor reaching the app through the TLS-terminating proxy, as in production."""
    return Client(secure=True, headers={"X-Forwarded-Proto": "https"}, raise_request_exception=False)


def test_public_page_headers(home_page, production_security, https_client):
    response = https_client.get("/")
    assert response.status_code == 200
    common_headers_are_set(response)
    assert response["X-Frame-Options"] == "DENY"
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert not any(source.startswith("'nonce-") for source in csp["script-src"])
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert "https://www.youtube-nocookie.com" in csp["frame-src"]
    assert "https://player.vimeo.com" in csp["frame-src"]


def test_every_inline_script_on_the_page_is_allowed_by_its_hash(home_page, production_security, https_client):
    """An inline script not registered in consent/inline_scripts.py would be blocked by browsers."""
    response = https_client.get("/")
    script_src = parse_csp(response["Content-Security-Policy"])["script-src"]
    html = response.content.decode()
    for match in re.finditer(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", html, re.DOTALL):
        # Scripts from files, inert analytics tags and data blocks (JSON, JSON-LD) are not run inline.
        if "src=" in match["attrs"] or re.search(r'type="(text/plain|application/(ld\+)?json)"', match["attrs"]):
            continue
        digest = base64.b64encode(hashlib.sha256(match["body"].encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src, f"inline script not allowed by the CSP: {match['body'][:80]}"


def test_registered_inline_script_hashes_reach_the_policy(home_page, https_client):
    sources = csp_hash_sources()
    assert sources, "consent.inline_scripts registers scripts but no hash source was found"
    script_src = parse_csp(https_client.get("/")["Content-Security-Policy"])["script-src"]
    for source in sources:
        assert source in script_src


def test_error_pages_carry_the_headers_too(home_page, production_security, https_client):
    response = https_client.get("/no-such-page/")
    assert response.status_code == 404
    common_headers_are_set(response)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_admin_has_its_own_looser_policy(home_page, production_security, https_client):
    response = https_client.get("/admin/login/")
    assert response.status_code == 200
    common_headers_are_set(response)
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'self'"], "admin previews are framed by the admin itself"
    assert "'unsafe-inline'" in csp["style-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]


def test_cookies_are_secure_httponly_and_samesite(home_page, production_security, https_client, django_user_model):
    django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-test-password")
    login_page = https_client.get("/admin/login/")
    csrf_cookie = login_page.cookies["csrftoken"]
    assert csrf_cookie["secure"] and csrf_cookie["httponly"] and csrf_cookie["samesite"] == "Lax"
    response = https_client.post(
        "/admin/login/",
        {"username": "comms", "password": "a-long-test-password", "csrfmiddlewaretoken": csrf_cookie.value},
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"] and session_cookie["samesite"] == "Lax"


def test_plain_http_is_redirected_to_https(home_page, production_security):
    response = Client().get("/about/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_embeds_come_only_from_youtube_and_vimeo():
    from wagtail.embeds.finders import get_finders

    def accepted(url):
        return any(finder.accept(url) for finder in get_finders())

    assert accepted("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert accepted("https://vimeo.com/76979871")
    assert not accepted("https://www.scribd.com/document/123/report")
    assert not accepted("https://evil.example/embed?html=<script>")
