"""Supporting documents: checked by content, private until the report page that lists them is published."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from pledge.pdf import text_pdf
from reporting import review, sending
from reporting.models import Report, ReportDocument

from .conftest import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(world, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sending.open_round(world["window"])
    smtp_server.inbox.wait_for(3)
    return link_in(smtp_server.inbox.to("ada@example.org")[0])


def test_a_wrong_file_is_refused_with_a_message(client, link):
    fake = SimpleUploadedFile("plan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(f"{link}documents/", {"title": "Plan", "file": fake})
    assert response.status_code == 400
    assert "but its content is not" in response.content.decode()
    assert 'href="#id_file"' in response.content.decode()
    assert not ReportDocument.objects.exists()


def test_a_document_stays_private_until_its_report_is_published(client, link):
    pdf = SimpleUploadedFile("action-plan.pdf", text_pdf("Action plan"), content_type="application/pdf")
    assert client.post(f"{link}documents/", {"title": "Action plan", "file": pdf}).status_code == 302
    document = ReportDocument.objects.get().document
    assert "Action plan" in client.get(f"{link}documents/").content.decode()
    client.cookies.clear()
    assert client.get(document.url).status_code in (302, 403)  # the collection needs a staff sign-in
    report = Report.objects.get()
    Report.objects.filter(pk=report.pk).update(state=Report.State.SUBMITTED)
    report.refresh_from_db()
    page = review.approve(report)
    assert client.get(document.url).status_code in (302, 403)
    page.get_latest_revision().publish()
    response = client.get(document.url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
