"""The pledge page, a signatory's profile and a report, as visitors see them."""

import datetime
import re

from django.core.exceptions import ValidationError

import pytest

from pledge.factories import (
    CommitmentResponseFactory,
    PdfDocumentFactory,
    ReportFileFactory,
    ReportPageFactory,
    SignatoryLeaderFactory,
    SignatoryPageFactory,
)
from pledge.models import PledgeSettings, ReportKind, Role


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()  # live is set on the published copy, not this instance
    return page


def figures(client):
    html = client.get("/pledge/").content.decode()
    found = re.findall(r'<span class="figures__number">(\d+)</span>\s*([^<]+?)\s*</li>', html)
    return {label.strip(): int(number) for number, label in found}


def test_pledge_page_shows_commitments_join_and_alliance(client, section):
    section.pledge.alliance_text = "<p>Launched at a virtual symposium on 25 November 2021.</p>"
    section.pledge.save_revision().publish()
    pledge_settings = PledgeSettings.for_site(section.pledge.get_site())
    pledge_settings.join_email = "join@example.org"
    pledge_settings.save()
    response = client.get("/pledge/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="commitments__item"') == 7
    assert "Commitment title 2" in html
    assert 'href="/pledge/commitments/2/"' in html
    assert 'href="mailto:join@example.org"' in html
    assert "The Synergi National Pledge Alliance" in html
    assert "25 November 2021" in html
    assert 'href="/pledge/signatories/"' in html


def test_figures_follow_the_content(client, section):
    assert figures(client) == {"Pledge Makers": 0, "Pledge Supporters": 0, "progress reports published": 0}
    # Made as drafts and published as an editor would, so the site's caches hear about it.
    maker = publish(SignatoryPageFactory(parent=section.directory, role=Role.PLEDGE_MAKER, live=False))
    publish(SignatoryPageFactory(parent=section.directory, role=Role.PLEDGE_MAKER, live=False))
    publish(SignatoryPageFactory(parent=section.directory, role=Role.PLEDGE_SUPPORTER, live=False))
    report = publish(ReportPageFactory(parent=section.library, signatory=maker, round=section.inaugural, live=False))
    publish(ReportPageFactory(parent=section.library, kind=ReportKind.BRIEFING, live=False))
    assert figures(client) == {"Pledge Makers": 2, "Pledge Supporter": 1, "progress report published": 1}
    # Unpublishing takes a signatory and a report out of the figures.
    maker.unpublish()
    report.unpublish()
    assert figures(client) == {"Pledge Maker": 1, "Pledge Supporter": 1, "progress reports published": 0}


def test_chart_is_accessible_svg_with_a_table(client, section):
    maker = SignatoryPageFactory(parent=section.directory)
    other = SignatoryPageFactory(parent=section.directory)
    ReportPageFactory(parent=section.library, signatory=maker, round=section.inaugural)
    ReportPageFactory(parent=section.library, signatory=other, round=section.inaugural)
    ReportPageFactory(parent=section.library, signatory=maker, round=section.second)
    html = client.get("/pledge/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "Inaugural reports, May 2021: 2 reports." in svg
    assert "Second round reports, November 2021: 1 report." in svg
    # The longest bar is the round with most reports; the other is half as long.
    widths = [int(w) for w in re.findall(r'<rect class="chart__bar"[^>]* width="(\d+)"', svg)]
    assert widths == [520, 260]
    table = html[html.index("<table") : html.index("</table>")]
    assert re.search(r"Inaugural reports, May 2021</th>\s*<td>2</td>", table)


@pytest.mark.parametrize(
    ("fields", "valid"),
    [
        ({}, False),
        ({"join_email": "pledge@example.org"}, True),
        ({"join_form_url": "https://example.org/join"}, True),
        ({"join_email": "pledge@example.org", "join_phone": "call me"}, False),
        ({"join_email": "pledge@example.org", "join_phone": "+44 (0)1865 000000"}, True),
    ],
)
def test_pledge_settings_need_a_way_to_join(home_page, fields, valid):
    pledge_settings = PledgeSettings.for_site(home_page.get_site())  # made with the site
    for name, value in fields.items():
        setattr(pledge_settings, name, value)
    if valid:
        pledge_settings.full_clean()
    else:
        with pytest.raises(ValidationError):
            pledge_settings.full_clean()


def test_signatory_profile_lists_facts_leaders_and_reports_newest_round_first(client, section):
    signatory = SignatoryPageFactory(
        parent=section.directory,
        title="Example Valley NHS Foundation Trust (fictional)",
        slug="example-valley",
        website="https://example.org/valley",
        statement_of_intent="<p>We will listen.</p>",
    )
    SignatoryLeaderFactory(signatory=signatory, name="Alex Example", job_title="Chief Executive", sort_order=1)
    SignatoryLeaderFactory(signatory=signatory, name="Sam Sample", job_title="Chair", sort_order=0)
    older = ReportPageFactory(
        parent=section.library, title="Inaugural report", signatory=signatory, round=section.inaugural
    )
    newer = ReportPageFactory(
        parent=section.library,
        title="Second report",
        signatory=signatory,
        round=section.second,
        publication_date=datetime.date(2021, 11, 1),
    )
    ReportFileFactory(report=newer, document=PdfDocumentFactory(title="Second report file"))
    html = client.get("/pledge/signatories/example-valley/").content.decode()
    assert "<h1>Example Valley NHS Foundation Trust (fictional)</h1>" in html
    assert "This is a fictional organisation." in html
    assert "Pledge Maker" in html and "NHS trust" in html and "London" in html
    assert "5 August 2020" in html
    assert html.index("Sam Sample, Chair") < html.index("Alex Example, Chief Executive")
    assert "We will listen." in html
    assert html.index(newer.title) < html.index(older.title)
    assert re.search(r">Download Second report <span class=\"download__meta\">\(PDF, \d+ bytes\)</span></a>", html)


def test_report_page_reads_commitment_by_commitment(client, section):
    signatory = SignatoryPageFactory(parent=section.directory, title="Example Trust (fictional)")
    report = ReportPageFactory(
        parent=section.library,
        slug="inaugural",
        title="Inaugural progress report",
        signatory=signatory,
        round=section.inaugural,
        next_steps="<p>Hire community link workers.</p>",
    )
    for number in (2, 1):
        CommitmentResponseFactory(
            report=report, commitment=section.commitments[number], response=f"<p>Answer to {number}.</p>"
        )
    ReportFileFactory(report=report, document=PdfDocumentFactory(title="Inaugural file"))
    html = client.get("/reports/inaugural/").content.decode()
    assert html.index("1. Commitment title 1") < html.index("Answer to 1.") < html.index("2. Commitment title 2")
    assert "Answer to 2." in html
    assert "Hire community link workers." in html
    assert "Inaugural reports, May 2021" in html
    assert 'href="/pledge/signatories/' in html
    assert re.search(r"Download Inaugural progress report <span class=\"download__meta\">\(PDF, \d+ bytes\)", html)


def test_progress_report_needs_a_signatory_and_round(section):
    report = ReportPageFactory.build(kind=ReportKind.PROGRESS, title="Orphan", slug="orphan")
    with pytest.raises(ValidationError) as error:
        report.clean()
    assert set(error.value.message_dict) == {"signatory", "round"}
    briefing = ReportPageFactory.build(kind=ReportKind.BRIEFING, title="Paper", slug="paper")
    briefing.clean()
