"""The library's filter lists and count: read through the query cache, yet current after every publish."""

import datetime
import re

from django import forms
from django.test import override_settings

import pytest

from pledge.factories import ReportingRoundFactory, ReportPageFactory, SignatoryPageFactory

# Pages rendered afresh (no page cache), their queries answered by the query cache (django-cachalot).
pytestmark = pytest.mark.usefixtures("_pages_rendered_afresh")


@pytest.fixture
def _pages_rendered_afresh():
    with override_settings(PAGE_CACHE_ENABLED=False):
        yield


def options(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def report_count(html):
    return int(re.search(r'<h2 id="results">\s*(\d+) reports?', html).group(1))


def titles(html):
    return re.findall(r'<h3 class="card__title">\s*<a href="[^"]+">([^<]+)</a>', html)


def library(client, query=""):
    response = client.get(f"/reports/{query}")
    return response.status_code, response.content.decode()


def test_the_lists_and_the_count_follow_publishing_and_unpublishing(client, section):
    valley = SignatoryPageFactory(parent=section.directory, title="Valley Trust (fictional)")
    ReportPageFactory(parent=section.library, signatory=valley, round=section.inaugural)
    status, html = library(client)
    assert status == 200
    assert options(html, "signatory") == ["Any organisation", "Valley Trust (fictional)"]
    assert options(html, "year") == ["Any year", "2021"]
    assert options(html, "round") == [
        "Any round",
        "Second round reports, November 2021",
        "Inaugural reports, May 2021",
    ]
    assert report_count(html) == 1
    assert report_count(library(client, "?year=2021")[1]) == 1

    # A new organisation signs, a round is added, and its first report is published in a new year.
    hill = SignatoryPageFactory(parent=section.directory, title="Hill Trust (fictional)", live=False)
    hill.save_revision().publish()
    third = ReportingRoundFactory(name="Third round reports", date=datetime.date(2022, 7, 29))
    report = ReportPageFactory(
        parent=section.library,
        title="Hill third round",
        live=False,
        signatory=hill,
        round=third,
        publication_date=datetime.date(2022, 8, 1),
    )
    report.save_revision().publish()

    status, html = library(client)
    assert options(html, "signatory") == ["Any organisation", "Hill Trust (fictional)", "Valley Trust (fictional)"]
    assert options(html, "year") == ["Any year", "2022", "2021"]
    assert options(html, "round")[1] == "Third round reports, July 2022"
    assert report_count(html) == 2
    status, html = library(client, f"?signatory={hill.pk}&round={third.pk}&year=2022")
    assert status == 200
    assert titles(html) == ["Hill third round"]
    assert report_count(html) == 1

    # Unpublished, they leave the lists, the count and the filters again.
    for page in (report, hill):
        page.refresh_from_db()  # live since published, not as the factory left it
        page.unpublish()
    status, html = library(client)
    assert options(html, "signatory") == ["Any organisation", "Valley Trust (fictional)"]
    assert options(html, "year") == ["Any year", "2021"]
    assert report_count(html) == 1
    assert library(client, f"?signatory={hill.pk}")[0] == 400
    assert library(client, "?year=2022")[0] == 400


def test_an_organisation_option_is_escaped_and_marked_chosen_as_django_would(client, section):
    odd = SignatoryPageFactory(parent=section.directory, title='Smith & "Jones" <Trust>\'s')
    ReportPageFactory(parent=section.library, signatory=odd, round=section.inaugural)
    status, html = library(client, f"?signatory={odd.pk}")
    assert status == 200
    assert f'<option value="{odd.pk}" selected>Smith &amp; &quot;Jones&quot; &lt;Trust&gt;&#x27;s</option>' in html

    # The markup is the one Django's own Select gives, but for whitespace between tags.
    django_select = forms.Select(choices=[("", "Any organisation"), (odd.pk, odd.title)]).render(
        "signatory", str(odd.pk), attrs={"id": "id_signatory"}
    )
    ours = re.search(r'<select name="signatory".*?</select>', html, re.DOTALL).group(0)
    assert ours == re.sub(r">\s+<", "><", django_select)
