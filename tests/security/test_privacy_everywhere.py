"""A page behind Wagtail's Privacy setting appears nowhere public: no listing, count, chart, filter, export or name.

Each address is fetched twice, as anonymous visitors would, so the second answer comes from
the full-page cache: what a private page holds must not be in it, before or after the cache is warm.
"""

import csv
import datetime
import io
import re

from wagtail.models import PageViewRestriction

import pytest

from home.factories import StandardPageFactory
from news.factories import NewsIndexPageFactory, NewsPageFactory
from pledge.factories import CommitmentResponseFactory, ReportPageFactory, SignatoryPageFactory
from pledge.models import Region, Role
from tests.pledge.conftest import build_pledge_section

HIDDEN_REPORT = "Hidden progress report"
HIDDEN_ANSWER = "Confidential answer from the hidden report"
HIDDEN_ORGANISATION = "Secret Trust (fictional)"
HIDDEN_RELEASE = "Unannounced partnership"
HIDDEN_SECTION = "Staff only area"


def protect(page, kind=PageViewRestriction.PASSWORD):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password="a-long-shared-password")


class Site:
    """A pledge section and a newsroom, each with public pages and private ones."""

    def __init__(self, home_page):
        self.section = build_pledge_section(home_page)
        section = self.section
        self.valley = SignatoryPageFactory(parent=section.directory, title="Valley Trust (fictional)")
        self.public_report = ReportPageFactory(
            parent=section.library, title="Valley progress report", signatory=self.valley, round=section.inaugural
        )
        CommitmentResponseFactory(
            report=self.public_report, commitment=section.commitments[1], response="<p>Public answer from Valley.</p>"
        )
        # The case: a progress report behind a password, with its answers, in a year of its own.
        self.hidden_report = ReportPageFactory(
            parent=section.library,
            title=HIDDEN_REPORT,
            signatory=self.valley,
            round=section.inaugural,
            publication_date=datetime.date(2019, 3, 1),
        )
        CommitmentResponseFactory(
            report=self.hidden_report, commitment=section.commitments[1], response=f"<p>{HIDDEN_ANSWER}.</p>"
        )
        # An organisation whose profile is for logged-in users only; its report is public but must not name it.
        self.hidden_organisation = SignatoryPageFactory(
            parent=section.directory, title=HIDDEN_ORGANISATION, role=Role.PLEDGE_SUPPORTER, region=Region.WALES
        )
        self.unnamed_report = ReportPageFactory(
            parent=section.library,
            title="Report by an organisation not yet announced",
            signatory=self.hidden_organisation,
            round=section.inaugural,
        )
        CommitmentResponseFactory(
            report=self.unnamed_report, commitment=section.commitments[1], response="<p>An unnamed answer.</p>"
        )

        self.news_index = NewsIndexPageFactory(parent=home_page)
        self.public_release = NewsPageFactory(parent=self.news_index, title="Pledge anniversary")
        self.hidden_release = NewsPageFactory(parent=self.news_index, title=HIDDEN_RELEASE, slug="unannounced")
        self.hidden_section = StandardPageFactory(
            parent=home_page, title=HIDDEN_SECTION, slug="staff", show_in_menus=True
        )
        self.about = StandardPageFactory(parent=home_page, title="About us", slug="about", show_in_menus=True)

    def make_private(self):
        protect(self.hidden_report)
        protect(self.hidden_organisation, PageViewRestriction.LOGIN)
        protect(self.hidden_release)
        protect(self.hidden_section)

    def secrets(self):
        return [
            HIDDEN_REPORT,
            HIDDEN_ANSWER,
            HIDDEN_ORGANISATION,
            HIDDEN_RELEASE,
            HIDDEN_SECTION,
            self.hidden_report.url,
            self.hidden_organisation.url,
            self.hidden_release.url,
            self.hidden_section.url,
        ]

    def public_addresses(self):
        """Every public address that lists, counts, charts, names or exports pages."""
        inaugural = self.section.inaugural.pk
        return [
            "/",
            "/pledge/",
            f"/pledge/commitments/1/?round={inaugural}",
            "/pledge/commitments/1/",
            "/reports/",
            f"/reports/?round={inaugural}",
            "/reports/?kind=progress",
            "/pledge/signatories/",
            "/pledge/signatories/?role=supporter",
            "/pledge/signatories/csv/",
            self.valley.url,
            self.public_report.url,
            self.unnamed_report.url,
            "/news/",
            self.public_release.url,
            "/about/",
            "/sitemap.xml",
            "/search/?q=hidden",
            "/search/?q=unannounced",
            "/search/?q=secret",
            "/search/?q=staff",
        ]


@pytest.fixture
def site(home_page):
    return Site(home_page)


def fetch_twice(client, address):
    """The answer to a first visitor and to a second, who gets the stored copy where there is one."""
    first = client.get(address)
    second = client.get(address)
    return first, second


def assert_nothing_private(site, address, response):
    assert response.status_code == 200, address
    body = response.content.decode()
    if address.startswith("/search/"):
        # The query is echoed in the search box; what matters is that no result names or links a private page.
        body = body.replace(f'value="{address.split("=", 1)[1]}"', "")
    for secret in site.secrets():
        assert secret not in body, (address, secret)


def figure(html, label):
    return int(re.search(rf'<span class="figures__number">(\d+)</span> {label}', html).group(1))


def options(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def explorer_columns(html):
    return re.findall(r'<h3 class="comparison__title">([^<]+)</h3>', html)


def test_a_private_page_appears_nowhere_public_even_from_a_warm_cache(client, site):
    site.make_private()
    for address in site.public_addresses():
        first, second = fetch_twice(client, address)
        assert_nothing_private(site, address, first)
        assert_nothing_private(site, address, second)
        assert first.content == second.content, address
    # The cache was really in use: an ordinary page's second view was the stored copy.
    assert client.get("/reports/")["X-Cache"] == "HIT"


def test_counts_charts_filters_and_exports_leave_private_pages_out(client, site):
    site.make_private()
    for _visit in range(2):
        pledge = client.get("/pledge/").content.decode()
        assert figure(pledge, "Pledge Maker") == 1
        assert figure(pledge, "Pledge Supporter") == 0  # the private organisation is not counted
        assert figure(pledge, "progress report") == 2  # of three, one behind a password
        assert "Inaugural reports, May 2021: 2 reports." in " ".join(pledge.split())

        library = client.get("/reports/").content.decode()
        assert re.search(r'<h2 id="results">\s*2 reports', library)
        assert options(library, "year") == ["Any year", "2021"]  # 2019 is the hidden report's year
        assert options(library, "signatory") == ["Any organisation", "Valley Trust (fictional)"]

        explorer = client.get(f"/pledge/commitments/1/?round={site.section.inaugural.pk}").content.decode()
        # The unnamed organisation's answer is shown under its report's title, not the organisation's name.
        assert explorer_columns(explorer) == [
            "Report by an organisation not yet announced",
            "Valley Trust (fictional)",
        ]
        assert "Public answer from Valley." in explorer

        rows = list(csv.reader(io.StringIO(client.get("/pledge/signatories/csv/").content.decode())))
        assert [row[0] for row in rows[1:]] == ["Valley Trust (fictional)"]

        directory = client.get("/pledge/signatories/").content.decode()
        assert re.search(r'<h2 id="results">\s*1 signatory', directory)

    # Their values are not even accepted as filters: the same answer as for a value that never existed.
    assert client.get("/reports/?year=2019").status_code == 400
    assert client.get(f"/reports/?signatory={site.hidden_organisation.pk}").status_code == 400


def test_the_private_report_itself_is_never_stored(client, site):
    site.make_private()
    for _visit in range(3):
        response = client.get(site.hidden_report.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="password"' in html  # Wagtail's password form
        assert HIDDEN_ANSWER not in html
        assert response.get("X-Cache") != "HIT"
        # Nor by a CDN or the browser.
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    # A login-only page sends visitors to log in, and that is not stored either.
    login = client.get(site.hidden_organisation.url)
    assert login.status_code == 302
    assert "no-store" in login["Cache-Control"]
    # After all that, the explorer still does not show the report's answers.
    explorer = client.get(f"/pledge/commitments/1/?round={site.section.inaugural.pk}").content.decode()
    assert HIDDEN_ANSWER not in explorer


def test_making_a_page_private_takes_it_out_of_cached_listings(client, site):
    """The issue's sequence: the listings are cached while the report is public; then it is made private."""
    explorer_url = f"/pledge/commitments/1/?round={site.section.inaugural.pk}"
    warm = [explorer_url, "/pledge/", "/reports/", "/", "/news/", "/sitemap.xml", site.valley.url]
    for address in warm:
        fetch_twice(client, address)
    assert HIDDEN_ANSWER in client.get(explorer_url).content.decode()
    assert client.get(explorer_url)["X-Cache"] == "HIT"

    site.make_private()

    for address in warm:
        for response in fetch_twice(client, address):
            assert_nothing_private(site, address, response)


def test_private_sections_are_left_out_of_the_menu_and_related_news(client, site):
    site.make_private()
    home = client.get("/").content.decode()
    assert 'href="/about/"' in home
    assert HIDDEN_SECTION not in home
    release = client.get(site.public_release.url).content.decode()
    assert HIDDEN_RELEASE not in release
    # The public release is the only one left to relate to, and the home page's latest news is the same.
    assert "Pledge anniversary" in home
