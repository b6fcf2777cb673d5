"""The Site record says where the site is served: from SITE_URL, by the demo loader and by set_site_address."""

from django.core.management import CommandError, call_command

from wagtail.models import Site

import pytest

from tests.sharing.head import parse_head


def test_the_demo_points_its_links_at_the_served_address(db, client, settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    call_command("load_demo_content", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123, "http://127.0.0.1:8123")
    head = parse_head(client.get("/", HTTP_HOST="127.0.0.1:8123"))
    assert head.link("canonical")["href"] == "http://127.0.0.1:8123/"
    assert head.meta["og:url"] == "http://127.0.0.1:8123/"
    about = parse_head(client.get("/about/", HTTP_HOST="127.0.0.1:8123"))
    assert about.link("canonical")["href"] == "http://127.0.0.1:8123/about/"
    robots = client.get("/robots.txt", HTTP_HOST="127.0.0.1:8123").content.decode()
    assert "Sitemap: http://127.0.0.1:8123/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8123").content.decode()
    assert "<loc>http://127.0.0.1:8123/news/" in sitemap and "localhost" not in sitemap
    # Served on another port next time: loading again moves the links with it.
    settings.SITE_URL = "http://127.0.0.1:9000"
    call_command("load_demo_content", verbosity=0)
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:9000"


def test_an_operator_sets_the_address_once(home_page, capsys):
    call_command("set_site_address", "https://www.example.org")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("www.example.org", 443, "https://www.example.org")
    assert "https://www.example.org/" in capsys.readouterr().out
    call_command("set_site_address", "http://staging.example.org:8080/")
    assert Site.objects.get(is_default_site=True).root_url == "http://staging.example.org:8080"


def test_the_command_defaults_to_the_setting(home_page, settings):
    settings.SITE_URL = "https://news.example.org"
    call_command("set_site_address")
    assert Site.objects.get(is_default_site=True).root_url == "https://news.example.org"


@pytest.mark.parametrize(
    "url",
    ["www.example.org", "ftp://example.org", "https://example.org:8443", "https://example.org/path", "http://:80"],
)
def test_addresses_the_site_record_cannot_hold_are_refused(home_page, url):
    with pytest.raises(CommandError):
        call_command("set_site_address", url)
    assert Site.objects.get(is_default_site=True).root_url == "http://localhost"
