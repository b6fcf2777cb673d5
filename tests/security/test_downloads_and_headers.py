"""Document downloads by collection privacy, Cross-Origin-Resource-Policy, and analytics origins in the CSP."""

import csv
import io

from django.urls import reverse

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from consent.models import AnalyticsProvider, ConsentSettings
from pledge.factories import PdfDocumentFactory, SignatoryPageFactory
from tests.pledge.conftest import build_pledge_section
from tests.security.test_headers import parse_csp

pytestmark = pytest.mark.django_db
GOOGLE = ("googletagmanager.com", "google-analytics.com", "analytics.google.com")


@pytest.fixture
def board_papers(home_page):
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="board-only-2026"
    )
    return collection


def test_a_public_document_has_a_short_public_lifetime(client, home_page):
    document = PdfDocumentFactory(title="Annual report")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_document_in_a_private_collection_is_never_kept_by_a_shared_cache(client, board_papers):
    document = PdfDocumentFactory(title="Minutes", collection=board_papers)
    form = client.get(document.url)
    assert form.status_code == 200 and b"%PDF" not in form.content, "the password form, not the file"
    assert form["Cache-Control"] == "private, no-store"
    restriction = CollectionViewRestriction.objects.get(collection=board_papers)
    client.post(
        f"/documents/authenticate_with_password/{restriction.pk}/",
        {"password": "board-only-2026", "return_url": document.url},
    )
    response = client.get(document.url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


def test_a_document_below_a_private_collection_is_private_too(client, board_papers):
    document = PdfDocumentFactory(title="Annex", collection=board_papers.add_child(name="2026"))
    assert client.get(document.url)["Cache-Control"] == "private, no-store"


def test_pages_and_downloads_send_cross_origin_resource_policy(client, home_page):
    assert client.get("/")["Cross-Origin-Resource-Policy"] == "same-origin"
    assert client.get(PdfDocumentFactory().url)["Cross-Origin-Resource-Policy"] == "same-origin"
    assert client.get("/no-such-page/")["Cross-Origin-Resource-Policy"] == "same-origin"


def test_no_analytics_origin_in_the_policy_without_a_provider(client, home_page):
    policy = client.get("/")["Content-Security-Policy"]
    assert not any(origin in policy for origin in (*GOOGLE, "plausible.io"))


def test_only_the_configured_providers_origins_are_allowed(client, home_page):
    settings_row = ConsentSettings.for_site(home_page.get_site())
    settings_row.analytics_provider = AnalyticsProvider.PLAUSIBLE
    settings_row.analytics_id = "example.org"
    settings_row.save()
    policy = parse_csp(client.get("/")["Content-Security-Policy"])
    assert "https://plausible.io" in policy["script-src"] and "https://plausible.io" in policy["connect-src"]
    assert not any(origin in " ".join(sum(policy.values(), [])) for origin in GOOGLE)

    settings_row.analytics_provider = AnalyticsProvider.GA4
    settings_row.analytics_id = "G-ABCDE12345"
    settings_row.save()
    policy = parse_csp(client.get("/")["Content-Security-Policy"])
    assert "https://www.googletagmanager.com" in policy["script-src"]
    assert "https://*.google-analytics.com" in policy["connect-src"]
    assert "https://plausible.io" not in " ".join(sum(policy.values(), []))


HOSTILE_TITLE = '=HYPERLINK("https://example.org/x","Click")'


@pytest.fixture
def hostile_signatories(home_page):
    section = build_pledge_section(home_page)
    for title in (HOSTILE_TITLE, "Trust a;=1+1;b", "-2+3 Partnership", "Plain Organisation"):
        SignatoryPageFactory(parent=section.directory, title=title)
    return section


def csv_cells(text):
    return {cell for row in csv.reader(io.StringIO(text)) for cell in row}


def test_the_admin_csv_export_neutralises_formulas(client, django_user_model, hostile_signatories):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-test-password")
    client.force_login(admin)
    response = client.get(reverse("signatories:index") + "?export=csv")
    assert response.status_code == 200
    cells = csv_cells(b"".join(response.streaming_content).decode())
    assert {"'" + HOSTILE_TITLE, "'Trust a;=1+1;b", "'-2+3 Partnership", "Plain Organisation"} <= cells
    assert HOSTILE_TITLE not in cells


def test_the_public_csv_neutralises_formulas_after_separators_too(client, hostile_signatories):
    response = client.get(hostile_signatories.directory.url + "csv/")
    assert response.status_code == 200
    cells = csv_cells(response.content.decode())
    assert {"'" + HOSTILE_TITLE, "'Trust a;=1+1;b", "'-2+3 Partnership", "Plain Organisation"} <= cells
