"""The report library: filters by kind, year, round and signatory; bad values; download link text."""

import datetime
import re

import pytest

from pledge.factories import PdfDocumentFactory, ReportFileFactory, ReportPageFactory, SignatoryPageFactory
from pledge.models import ReportKind


@pytest.fixture
def reports(section):
    valley = SignatoryPageFactory(parent=section.directory, title="Valley Trust (fictional)")
    city = SignatoryPageFactory(parent=section.directory, title="City Trust (fictional)")
    made = {}
    for title, kind, date, signatory, reporting_round in [
        ("Valley inaugural", ReportKind.PROGRESS, (2021, 5, 25), valley, section.inaugural),
        ("City inaugural", ReportKind.PROGRESS, (2021, 5, 25), city, section.inaugural),
        ("Valley second", ReportKind.PROGRESS, (2021, 11, 1), valley, section.second),
        ("Centre briefing", ReportKind.BRIEFING, (2022, 2, 1), None, None),
        ("Centre research", ReportKind.RESEARCH, (2020, 10, 1), None, None),
    ]:
        made[title] = ReportPageFactory(
            parent=section.library,
            title=title,
            kind=kind,
            publication_date=datetime.date(*date),
            signatory=signatory,
            round=reporting_round,
        )
    return made | {"valley": valley, "city": city}


def titles(response):
    return re.findall(r'<h3 class="card__title">\s*<a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_lists_newest_first(client, reports):
    response = client.get("/reports/")
    assert response.status_code == 200
    assert titles(response) == [
        "Centre briefing",
        "Valley second",
        "City inaugural",
        "Valley inaugural",
        "Centre research",
    ]


def test_each_filter_and_combinations(client, section, reports):
    valley, city = reports["valley"].pk, reports["city"].pk
    cases = {
        "kind=progress": ["Valley second", "City inaugural", "Valley inaugural"],
        "kind=briefing": ["Centre briefing"],
        "kind=consultation": [],
        "year=2021": ["Valley second", "City inaugural", "Valley inaugural"],
        "year=2020": ["Centre research"],
        f"round={section.inaugural.pk}": ["City inaugural", "Valley inaugural"],
        f"signatory={valley}": ["Valley second", "Valley inaugural"],
        f"signatory={valley}&round={section.second.pk}": ["Valley second"],
        f"signatory={city}&year=2021&kind=progress&round={section.inaugural.pk}": ["City inaugural"],
        "kind=research&year=2021": [],
    }
    for query, expected in cases.items():
        response = client.get(f"/reports/?{query}")
        assert response.status_code == 200, query
        assert titles(response) == expected, query


def test_year_choices_come_from_the_reports(client, reports):
    html = client.get("/reports/").content.decode()
    year_select = html[html.index('name="year"') : html.index("</select>", html.index('name="year"'))]
    assert re.findall(r'<option value="(\d+)"', year_select) == ["2022", "2021", "2020"]


@pytest.mark.parametrize(
    "query",
    ["kind=novel", "year=1999", "year=abc", "round=x", "round=99999", "signatory=abc", "signatory=99999"],
)
def test_bad_values_give_a_clear_page(client, reports, query):
    response = client.get(f"/reports/?{query}")
    assert response.status_code == 400
    assert "Some of the choices in this address are not ones we know" in response.content.decode()
    assert titles(response) == []


def test_paginates_and_answers_bad_page_numbers_with_not_found(client, section):
    for number in range(21):
        ReportPageFactory(parent=section.library, title=f"Paper {number:02d}", kind=ReportKind.BRIEFING)
    assert len(titles(client.get("/reports/"))) == 20
    assert len(titles(client.get("/reports/?page=2"))) == 1
    for bad in ("abc", "0", "99"):
        response = client.get(f"/reports/?page={bad}")
        assert response.status_code == 404, bad
        assert "Paper" not in response.content.decode()


def test_download_links_say_what_they_download(client, section, reports):
    report = reports["Valley inaugural"]
    main = ReportFileFactory(report=report, document=PdfDocumentFactory(title="Valley file"), sort_order=0)
    easy = ReportFileFactory(
        report=report, document=PdfDocumentFactory(title="Easy read"), label="Easy read version", sort_order=1
    )
    html = client.get("/reports/").content.decode()
    links = re.findall(
        r'<a href="(/documents/\d+/[^"]+)">(Download [^<]+)<span class="download__meta">([^<]+)</span>', html
    )
    assert [(text.strip(), meta) for _url, text, meta in links] == [
        ("Download Valley inaugural", f"(PDF, {main.document.file_size} bytes)"),
        ("Download Easy read version", f"(PDF, {easy.document.file_size} bytes)"),
    ]
