"""Report files download through Wagtail's document view, as attachments."""

from pledge.factories import PdfDocumentFactory, ReportFileFactory, ReportPageFactory
from pledge.pdf import text_pdf


def test_report_file_downloads_as_an_attachment(client, section):
    report = ReportPageFactory(parent=section.library, kind="briefing", title="Briefing")
    document = PdfDocumentFactory(title="Inaugural progress report")
    ReportFileFactory(report=report, document=document)
    html = client.get(report.url).content.decode()
    assert f'href="{document.url}"' in html
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="inaugural-progress-report' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert body == text_pdf("Inaugural progress report")
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")


def test_missing_document_is_a_404(client, section):
    assert client.get("/documents/99999/nothing.pdf").status_code == 404
