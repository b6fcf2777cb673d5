"""What a cached page is keyed on: the parameters the page reads, nothing a visitor can slip in."""

import gzip
import secrets

from django.core.cache import cache
from django.test import Client

import brotli
import pytest

from home.factories import StandardPageFactory
from news.factories import NewsIndexPageFactory, NewsPageFactory, TopicFactory
from pledge.factories import PledgePageFactory, SignatoryIndexPageFactory, SignatoryPageFactory

pytestmark = pytest.mark.urls("tests.performance.urls")


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, slug="about", title="About the Centre")


@pytest.fixture
def newsroom(home_page):
    index = NewsIndexPageFactory(parent=home_page, slug="news")
    pledge, reports = TopicFactory(slug="national-pledge"), TopicFactory(slug="progress-reports")
    NewsPageFactory(parent=index, title="About the pledge", topics=[pledge])
    NewsPageFactory(parent=index, title="About the reports", topics=[reports])
    return index


def stored_entries():
    """How many things the page cache holds (the test cache is a local-memory one)."""
    return sum(1 for key in cache._cache if ":pagecache:page:" in key)


def test_tracking_parameters_never_reach_the_page_nor_another_visitors_copy(client, about):
    tracked = client.get("/about/?utm_source=newsletter&fbclid=SECRET123")
    assert tracked.status_code == 200
    assert b"SECRET123" not in tracked.content
    assert b"utm_source" not in tracked.content
    plain = Client().get("/about/")
    assert plain["X-Cache"] == "HIT"
    assert b"SECRET123" not in plain.content
    assert b"utm_source" not in plain.content


def test_tracking_parameters_are_not_echoed_in_the_signatory_directory(client, home_page):
    pledge = PledgePageFactory(parent=home_page)
    directory = SignatoryIndexPageFactory(parent=pledge)
    SignatoryPageFactory(parent=directory)
    response = client.get(directory.url + "?utm_campaign=PWNED")
    assert response.status_code == 200
    assert b"PWNED" not in response.content
    assert b"PWNED" not in Client().get(directory.url).content


def test_a_parameter_the_page_does_not_read_sends_the_visitor_to_the_address_without_it(client, about):
    response = client.get("/about/?cb=PWNED&utm_source=mail")
    assert response.status_code == 302
    # Tracking parameters stay in the address (analytics reads them there), never in the page.
    assert response["Location"] == "/about/?utm_source=mail"
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert b"PWNED" not in followed.content


def test_a_stray_q_does_not_bypass_the_cache(client, about):
    client.get("/about/")
    response = client.get("/about/?q=1")
    assert response.status_code == 302
    assert response["Location"] == "/about/"
    assert client.get("/about/")["X-Cache"] == "HIT"


def test_parameters_the_page_reads_are_in_its_key(client, newsroom):
    pledge = client.get("/news/?topic=national-pledge")
    reports = client.get("/news/?topic=progress-reports")
    assert pledge["X-Cache"] == reports["X-Cache"] == "MISS"
    assert b"About the pledge" in pledge.content and b"About the reports" not in pledge.content
    assert b"About the reports" in reports.content and b"About the pledge" not in reports.content
    again = client.get("/news/?topic=national-pledge")
    assert again["X-Cache"] == "HIT"
    assert again.content == pledge.content


def test_a_repeated_parameter_is_refused_not_answered_from_another_address(client, newsroom):
    client.get("/news/?topic=national-pledge")
    for query in ("topic=national-pledge&topic=progress-reports", "topic=progress-reports&topic=national-pledge"):
        response = client.get(f"/news/?{query}")
        assert response.status_code == 400
        assert "X-Cache" not in response
        assert b"more than once" in response.content


def test_random_parameters_cannot_grow_the_cache(client, about, newsroom):
    client.get("/about/")
    client.get("/news/")
    before = stored_entries()
    for _ in range(100):
        client.get(f"/about/?cb={secrets.token_hex(8)}")
        client.get(f"/news/?{secrets.token_hex(4)}={secrets.token_hex(8)}")
    assert stored_entries() - before <= 2


def test_bad_values_for_a_parameter_the_page_reads_are_not_kept(client, newsroom):
    client.get("/news/")
    before = stored_entries()
    for _ in range(50):
        assert client.get(f"/news/?topic={secrets.token_hex(6)}").status_code == 404
        assert client.get(f"/news/?page={secrets.token_hex(6)}").status_code == 404
    assert stored_entries() == before


def test_the_search_page_is_cached_but_its_results_are_not(client, home_page):
    client.get("/search/")
    assert client.get("/search/")["X-Cache"] == "HIT"
    for _ in range(2):
        results = client.get("/search/?q=pledge")
        assert results.status_code == 200
        assert "X-Cache" not in results
        assert "private" in results["Cache-Control"]


# Compression ---------------------------------------------------------------------------------


def test_a_hit_is_sent_compressed_as_the_client_accepts(client, about):
    plain = client.get("/about/")
    assert "Accept-Encoding" in plain["Vary"]
    br = client.get("/about/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert br["X-Cache"] == "HIT"
    assert br["Content-Encoding"] == "br"
    assert brotli.decompress(br.content) == plain.content
    assert int(br["Content-Length"]) == len(br.content) < len(plain.content)
    gz = client.get("/about/", HTTP_ACCEPT_ENCODING="gzip")
    assert gz["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.content) == plain.content
    refused = client.get("/about/", HTTP_ACCEPT_ENCODING="br;q=0, gzip;q=0")
    assert "Content-Encoding" not in refused
    assert refused.content == plain.content


def test_the_first_visitor_gets_a_compressed_page_too(client, about):
    first = client.get("/about/", HTTP_ACCEPT_ENCODING="br")
    assert first["X-Cache"] == "MISS"
    assert first["Content-Encoding"] == "br"
    assert b"About the Centre" in brotli.decompress(first.content)


def test_a_hit_keeps_the_security_headers(client, about):
    first = client.get("/about/")
    hit = client.get("/about/")
    assert hit["X-Cache"] == "HIT"
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"):
        assert hit[header] == first[header]
