"""The pledge's demo content: real commitments and dates, fictional signatories, loaded once."""

from pledge import demo
from pledge.models import Commitment, ReportingRound, ReportKind, ReportPage, Role, SignatoryPage


def test_demo_content_is_complete_fictional_and_idempotent(client, home_page):
    demo.load(home_page)
    counts = (SignatoryPage.objects.count(), ReportPage.objects.count(), Commitment.objects.count())
    demo.load(home_page)
    assert (SignatoryPage.objects.count(), ReportPage.objects.count(), Commitment.objects.count()) == counts
    assert [c.short_title for c in Commitment.objects.all()][1] == "Measure, monitor and report"
    assert Commitment.objects.count() == 7
    assert ReportingRound.objects.count() == 3
    signatories = SignatoryPage.objects.all()
    assert signatories.count() >= 8
    assert all("(fictional)" in s.title and s.is_fictional_example for s in signatories)
    assert {s.role for s in signatories} == {Role.PLEDGE_MAKER, Role.PLEDGE_SUPPORTER}
    assert len({s.organisation_type for s in signatories}) >= 4
    assert len({s.region for s in signatories}) >= 5
    progress = ReportPage.objects.filter(kind=ReportKind.PROGRESS)
    assert all(r.commitment_responses.count() == 7 and r.files.count() == 1 for r in progress)
    assert ReportPage.objects.filter(kind=ReportKind.BRIEFING).count() == 2
    html = client.get("/pledge/").content.decode()
    assert "5 August 2020" in html and "25 November 2021" in html and "28 of the 33" in html
    document = progress.first().files.first().document
    assert client.get(document.url)["Content-Type"] == "application/pdf"
