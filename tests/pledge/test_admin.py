"""The editor's side: admin listings filter and export; a progress report is created through the admin."""

import csv
import io

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from pledge.factories import PdfDocumentFactory, ReportPageFactory, SignatoryPageFactory
from pledge.models import OrganisationType, ReportPage, Role


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-test-password")
    client.force_login(user)
    return user


def test_signatory_listing_filters_and_exports(client, section, editor):
    SignatoryPageFactory(
        parent=section.directory, title="Trust A (fictional)", organisation_type=OrganisationType.NHS_TRUST
    )
    SignatoryPageFactory(
        parent=section.directory,
        title="Charity B (fictional)",
        role=Role.PLEDGE_SUPPORTER,
        organisation_type=OrganisationType.VOLUNTARY,
    )
    url = reverse("signatories:index")
    listing = client.get(url, {"organisation_type": "voluntary"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Charity B (fictional)" in html and "Trust A (fictional)" not in html
    export = client.get(url, {"role": "maker", "export": "csv"})
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [row["Organisation"] for row in rows] == ["Trust A (fictional)"]


def test_report_listing_filters_by_round(client, section, editor):
    signatory = SignatoryPageFactory(parent=section.directory)
    ReportPageFactory(parent=section.library, title="First", signatory=signatory, round=section.inaugural)
    ReportPageFactory(parent=section.library, title="Second", signatory=signatory, round=section.second)
    html = client.get(reverse("reports:index"), {"round": section.second.pk}).content.decode()
    assert "Second" in html and ">First<" not in html


def test_snippet_listings_for_rounds_and_commitments(client, section, editor):
    rounds = client.get(reverse("wagtailsnippets_pledge_reportinground:list"))
    assert rounds.status_code == 200 and "Inaugural reports" in rounds.content.decode()
    commitments = client.get(reverse("wagtailsnippets_pledge_commitment:list"))
    assert "Commitment title 7" in commitments.content.decode()


def test_editor_creates_a_progress_report_with_responses(client, section, editor):
    signatory = SignatoryPageFactory(parent=section.directory)
    document = PdfDocumentFactory(title="Inaugural report file")
    url = reverse("wagtailadmin_pages:add", args=("pledge", "reportpage", section.library.pk))
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Inaugural progress report",
            "slug": "inaugural-progress-report",
            "kind": "progress",
            "publication_date": "2021-05-25",
            "summary": "What we did in the first year.",
            "signatory": signatory.pk,
            "round": section.inaugural.pk,
            "next_steps": rich_text("<p>More to do.</p>"),
            "files": inline_formset([{"document": document.pk, "label": ""}]),
            "commitment_responses": inline_formset(
                [{"commitment": section.commitments[2].pk, "response": rich_text("<p>We now publish data.</p>")}]
            ),
            "extra_answers": inline_formset(
                [{"question": "Who did you involve?", "status": "achieved", "answer": rich_text("<p>A panel.</p>")}]
            ),
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    report = ReportPage.objects.get(slug="inaugural-progress-report")
    assert report.live
    assert report.commitment_responses.get().commitment == section.commitments[2]
    html = client.get("/reports/inaugural-progress-report/").content.decode()
    assert "We now publish data." in html
    assert '<h3 id="question-1">Who did you involve?</h3>' in html and "<strong>Achieved</strong>" in html


def test_admin_refuses_a_progress_report_without_signatory(client, section, editor):
    url = reverse("wagtailadmin_pages:add", args=("pledge", "reportpage", section.library.pk))
    data = nested_form_data(
        {
            "title": "Orphan report",
            "slug": "orphan",
            "kind": "progress",
            "publication_date": "2021-05-25",
            "summary": "Summary.",
            "next_steps": rich_text(""),
            "files": inline_formset([{"document": PdfDocumentFactory().pk, "label": ""}]),
            "commitment_responses": inline_formset([]),
            "extra_answers": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A progress report needs the signatory that wrote it." in response.content.decode()
    assert not ReportPage.objects.filter(slug="orphan").exists()
