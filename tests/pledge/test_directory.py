"""The signatory directory: filters, sorting, pages, the CSV export and bad values."""

import csv
import datetime
import io
import re

import pytest

from pledge.factories import SignatoryPageFactory
from pledge.models import OrganisationType, Region, Role


@pytest.fixture
def signatories(section):
    rows = [
        (
            "Alpha NHS Trust (fictional)",
            Role.PLEDGE_MAKER,
            OrganisationType.NHS_TRUST,
            Region.NORTH_WEST,
            (2020, 8, 5),
        ),
        ("Bravo NHS Trust (fictional)", Role.PLEDGE_MAKER, OrganisationType.NHS_TRUST, Region.LONDON, (2021, 3, 1)),
        (
            "Charlie Council (fictional)",
            Role.PLEDGE_MAKER,
            OrganisationType.LOCAL_AUTHORITY,
            Region.NORTH_WEST,
            (2020, 9, 1),
        ),
        (
            "Delta Voices (fictional)",
            Role.PLEDGE_SUPPORTER,
            OrganisationType.VOLUNTARY,
            Region.NORTH_WEST,
            (2021, 6, 1),
        ),
        ("Echo Forum (fictional)", Role.PLEDGE_SUPPORTER, OrganisationType.OTHER, Region.WALES, (2020, 8, 5)),
    ]
    return {
        title: SignatoryPageFactory(
            parent=section.directory,
            title=title,
            role=role,
            organisation_type=kind,
            region=region,
            date_signed=datetime.date(*signed),
        )
        for title, role, kind, region, signed in rows
    }


def names(response):
    return re.findall(r'<h3 class="card__title">\s*<a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_lists_everyone_a_to_z_by_default(client, signatories):
    response = client.get("/pledge/signatories/")
    assert response.status_code == 200
    assert names(response) == sorted(signatories)
    assert "5 signatories" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("role=maker", ["Alpha NHS Trust (fictional)", "Bravo NHS Trust (fictional)", "Charlie Council (fictional)"]),
        ("role=supporter", ["Delta Voices (fictional)", "Echo Forum (fictional)"]),
        ("organisation_type=nhs-trust", ["Alpha NHS Trust (fictional)", "Bravo NHS Trust (fictional)"]),
        ("organisation_type=voluntary", ["Delta Voices (fictional)"]),
        (
            "region=north-west",
            ["Alpha NHS Trust (fictional)", "Charlie Council (fictional)", "Delta Voices (fictional)"],
        ),
        ("region=wales", ["Echo Forum (fictional)"]),
        ("organisation_type=nhs-trust&region=north-west", ["Alpha NHS Trust (fictional)"]),
        ("role=maker&region=north-west", ["Alpha NHS Trust (fictional)", "Charlie Council (fictional)"]),
        ("role=supporter&organisation_type=other&region=wales", ["Echo Forum (fictional)"]),
        ("role=supporter&organisation_type=nhs-trust", []),
        ("role=&organisation_type=&region=", None),  # empty choices mean "any"
    ],
)
def test_filters_and_their_combinations(client, signatories, query, expected):
    response = client.get(f"/pledge/signatories/?{query}")
    assert response.status_code == 200
    assert names(response) == (sorted(signatories) if expected is None else expected)


def test_sorts_by_date_signed(client, signatories):
    newest = names(client.get("/pledge/signatories/?sort=newest"))
    assert newest[:2] == ["Delta Voices (fictional)", "Bravo NHS Trust (fictional)"]
    oldest = names(client.get("/pledge/signatories/?sort=oldest"))
    # Same day: A to Z within the day.
    assert oldest[:2] == ["Alpha NHS Trust (fictional)", "Echo Forum (fictional)"]
    assert names(client.get("/pledge/signatories/?sort=name")) == sorted(signatories)


@pytest.mark.parametrize(
    "query",
    ["role=chief", "organisation_type=bank", "region=mars", "sort=random", "region=north-west&role=x"],
)
def test_unknown_filter_values_give_a_clear_page(client, signatories, query):
    response = client.get(f"/pledge/signatories/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some of the choices in this address are not ones we know" in html
    assert "is not one of the available choices" in html
    assert names(response) == []
    assert "site-header" in html


def test_paginates_and_answers_bad_page_numbers_with_not_found(client, section):
    for number in range(25):
        SignatoryPageFactory(parent=section.directory, title=f"Org {number:02d} (fictional)", role=Role.PLEDGE_MAKER)
    SignatoryPageFactory(parent=section.directory, title="Supporter (fictional)", role=Role.PLEDGE_SUPPORTER)
    first = client.get("/pledge/signatories/?role=maker")
    assert len(names(first)) == 20
    assert "Page 1 of 2" in first.content.decode()
    # The next-page link keeps the filter.
    assert 'href="?role=maker&amp;page=2"' in first.content.decode()
    second = client.get("/pledge/signatories/?role=maker&page=2")
    assert names(second) == [f"Org {n:02d} (fictional)" for n in range(20, 25)]
    # An empty page number is the first page; anything else that is not one of the pages is a 404.
    assert len(names(client.get("/pledge/signatories/?role=maker&page="))) == 20
    for bad in ("abc", "-1", "999", "1.5"):
        response = client.get(f"/pledge/signatories/?role=maker&page={bad}")
        assert response.status_code == 404, bad
        assert "(fictional)" not in response.content.decode()


def parse_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pledge-signatories.csv"'
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_export_holds_the_filtered_list(client, signatories):
    html = client.get("/pledge/signatories/?organisation_type=nhs-trust&sort=newest").content.decode()
    assert 'href="/pledge/signatories/csv/?organisation_type=nhs-trust&amp;sort=newest"' in html
    rows = parse_csv(client.get("/pledge/signatories/csv/?organisation_type=nhs-trust&sort=newest"))
    assert [row["Organisation"] for row in rows] == ["Bravo NHS Trust (fictional)", "Alpha NHS Trust (fictional)"]
    assert rows[1] == {
        "Organisation": "Alpha NHS Trust (fictional)",
        "Role": "Pledge Maker",
        "Organisation type": "NHS trust",
        "Region": "North West England",
        "Date signed": "2020-08-05",
        "Website": "",
        "Profile": "http://localhost/pledge/signatories/" + signatories["Alpha NHS Trust (fictional)"].slug + "/",
    }
    everyone = parse_csv(client.get("/pledge/signatories/csv/"))
    assert len(everyone) == 5
    wales = parse_csv(client.get("/pledge/signatories/csv/?region=wales&role=supporter"))
    assert [row["Organisation"] for row in wales] == ["Echo Forum (fictional)"]


def test_csv_export_refuses_bad_values_and_neutralises_formulas(client, section):
    SignatoryPageFactory(parent=section.directory, title="=HYPERLINK(1) (fictional)")
    assert client.get("/pledge/signatories/csv/?region=atlantis").status_code == 400
    rows = parse_csv(client.get("/pledge/signatories/csv/"))
    assert rows[0]["Organisation"] == "'=HYPERLINK(1) (fictional)"


def test_unpublished_signatories_are_not_listed(client, signatories):
    signatories["Echo Forum (fictional)"].unpublish()
    assert "Echo Forum (fictional)" not in names(client.get("/pledge/signatories/"))
    assert len(parse_csv(client.get("/pledge/signatories/csv/"))) == 4
