"""The "Use our data" page explains the endpoints, states the licence and describes each Dataset."""

import pytest

from opendata.models import OpenDataPage
from tests.sharing.head import parse_head

ROOT = "http://localhost"


@pytest.fixture
def data_page(home_page):
    page = OpenDataPage(title="Use our data", slug="use-our-data", introduction="Take our data.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_page_lists_every_endpoint_with_the_licence(client, data_page):
    response = client.get("/use-our-data/")
    assert response.status_code == 200
    html = response.content.decode()
    for dataset in ("news", "signatories", "rounds", "responses", "extra-answers"):
        assert f'href="{ROOT}/api/v2/{dataset}/"' in html
        assert f'href="{ROOT}/open-data/{dataset}.csv"' in html
    assert 'rel="license">Open Government Licence v3.0</a>' in html
    assert "/api/v2/news/?topic=national-pledge&amp;published_after=2021-01-01" in html


def test_the_page_has_dataset_structured_data_and_a_sharing_card(client, data_page):
    head = parse_head(client.get("/use-our-data/"))
    assert head.meta["description"] == "Take our data."
    assert head.link("canonical")["href"] == ROOT + "/use-our-data/"
    [graph] = [item for item in head.json_ld if "@graph" in item]
    datasets = graph["@graph"]
    assert [item["@type"] for item in datasets] == ["Dataset"] * 5
    for dataset in datasets:
        assert dataset["license"].startswith("https://www.nationalarchives.gov.uk/doc/open-government-licence/")
        formats = {download["encodingFormat"]: download["contentUrl"] for download in dataset["distribution"]}
        assert formats["text/csv"].startswith(ROOT + "/open-data/")
        assert formats["application/json"].startswith(ROOT + "/api/v2/")
        assert client.get(formats["text/csv"].removeprefix(ROOT)).status_code == 200
    assert head.of_type("BreadcrumbList")


def test_tree_rules(home_page):
    from wagtail.test.utils import WagtailPageTestCase

    case = WagtailPageTestCase()
    case.assertCanCreateAt(type(home_page), OpenDataPage)
    case.assertAllowedSubpageTypes(OpenDataPage, {})
