"""Withdrawal that really withdraws: the server expires refused cookies on this host and its parent domains."""

from http.cookies import SimpleCookie

import pytest

from consent import cookie
from consent.factories import CookieDeclarationFactory
from consent.models import Category

ENDPOINT = "/cookies/consent/"
HOST = "www.synergi.example.org"


@pytest.fixture
def on_a_real_host(settings):
    settings.ALLOWED_HOSTS = [HOST]
    return {"HTTP_HOST": HOST, "HTTP_ORIGIN": f"http://{HOST}", "HTTP_SEC_FETCH_SITE": "same-origin"}


def set_cookie_headers(response):
    """Every Set-Cookie header the response sends (the WSGI handler writes one per morsel), parsed back."""
    parsed = []
    for morsel in response.cookies.values():
        jar = SimpleCookie()
        jar.load(morsel.output(header="").strip())
        parsed.extend(jar.values())
    return parsed


def test_refusing_expires_cookies_on_the_host_and_every_parent_domain(client, home_page, on_a_real_host):
    CookieDeclarationFactory(name="_ga", category=Category.ANALYTICS)
    CookieDeclarationFactory(name="_ga_*", category=Category.ANALYTICS)
    CookieDeclarationFactory(name="YSC", category=Category.FUNCTIONAL)
    client.cookies.load({"_ga": "GA1.2.3", "_ga_ABC": "GS1.1", "YSC": "keep", "unrelated": "x"})
    response = client.post(
        ENDPOINT, {"action": "save", "source": "cookies_page", "functional": "yes"}, **on_a_real_host
    )
    assert response.status_code == 303
    expired = {(m.key, m["domain"]) for m in set_cookie_headers(response) if str(m["max-age"]) == "0"}
    for name in ("_ga", "_ga_ABC"):
        assert {(name, ""), (name, f".{HOST}"), (name, ".synergi.example.org"), (name, ".example.org")} <= expired
    # Allowed and unknown cookies are left alone, and the decision cookie is written once.
    assert not {name for name, _ in expired} & {"YSC", "unrelated", cookie.COOKIE_NAME}
    decisions = [m for m in set_cookie_headers(response) if m.key == cookie.COOKIE_NAME]
    assert len(decisions) == 1 and decisions[0]["domain"] == ""


def test_an_ip_address_has_no_parent_domains():
    assert cookie.parent_domains("127.0.0.1:8000") == []
    assert cookie.parent_domains("[::1]:8000") == []
    assert cookie.parent_domains("localhost") == []
    assert cookie.parent_domains("www.example.org") == [".www.example.org", ".example.org"]
