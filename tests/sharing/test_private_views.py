"""Pages that must not be indexed or shared carry noindex and no sharing card, and the icons cost no page render."""

import datetime
import json

from django.contrib.auth import get_user_model
from django.utils import timezone

from news.models import NewsPage
from newsdesk.models import EmbargoLink
from tests.sharing.head import parse_head

SHARING_PREFIXES = ("og:", "twitter:", "article:")


def test_an_embargo_preview_is_noindex_with_no_sharing_tags(client, full_site):
    news_index = full_site.pages["news_index"]
    release = NewsPage(
        title="Embargoed figures",
        slug="embargoed",
        standfirst="Not out yet.",
        live=False,
        press_contact=full_site.pages["news"].press_contact,
    )
    news_index.add_child(instance=release)
    release.go_live_at = timezone.now() + datetime.timedelta(days=1)
    release.save_revision().publish()
    editor = get_user_model().objects.create_superuser("comms", "comms@example.org", "a-long-test-password")
    _link, token = EmbargoLink.create_for(release, editor)
    response = client.get(f"/embargo/{token}/")
    assert response.status_code == 200
    assert "Embargoed figures" in response.content.decode()
    head = parse_head(response)
    assert head.meta["robots"] == "noindex"
    assert head.link("canonical") is None
    assert "description" not in head.meta
    assert not [key for key in head.meta if key.startswith(SHARING_PREFIXES)]
    assert head.json_ld == []


def test_favicon_ico_is_a_file_not_a_page(client, home_page):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert not response.templates  # WhiteNoise answered: no page was rendered
    assert "X-Cache" not in response


def test_pages_link_the_icons_and_the_manifest(client, full_site):
    head = parse_head(client.get("/"))
    icons = {(link["rel"], link.get("type")): link["href"] for link in head.links if "icon" in link["rel"]}
    assert icons[("icon", "image/svg+xml")].endswith(".svg")
    assert icons[("icon", "image/png")].endswith(".png")
    assert icons[("apple-touch-icon", None)].endswith("apple-touch-icon.png")
    for href in icons.values():
        response = client.get(href)
        assert response.status_code == 200
    manifest = client.get(head.link("manifest")["href"])
    assert manifest.status_code == 200
    data = json.loads(b"".join(manifest.streaming_content))
    assert data["name"] == "Synergi Collaborative Centre"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert client.get("/static/icons/" + icon["src"]).status_code == 200
