"""The syndication and open-data API and its CSV downloads, through HTTP."""

import csv
import io

import pytest

ROOT = "http://localhost"


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content[:500]
    return response, response.json()


def test_news_listing_has_what_a_partner_needs_newest_first(client, data):
    response, body = get_json(client, "/api/v2/news/")
    assert body["meta"]["total_count"] == 2
    assert body["meta"]["licence"]["name"] == "Open Government Licence v3.0"
    assert [item["headline"] for item in body["items"]] == ["Progress reported", "Pledge launched"]
    launch = body["items"][1]
    assert launch["canonical_url"] == ROOT + "/news/launch/"
    assert launch["date_published"].startswith("2020-08-05")
    assert launch["topics"] == [{"name": "National Pledge", "slug": "national-pledge"}]


def test_news_detail_has_body_html_dates_and_image_renditions_with_alt_and_credit(client, data):
    launch = data.public["news"][1]
    _response, item = get_json(client, f"/api/v2/news/{launch.pk}/")
    assert item["headline"] == "Pledge launched"
    assert item["standfirst"] == "The pledge is launched."
    assert item["body_html"] == f'<p>See <a href="{ROOT}/pledge/">the pledge</a>.</p>'
    assert item["date_modified"] >= item["date_published"]
    image = item["image"]
    assert image["alt"] == "Leaders at the launch" and image["credit"] == "Jo Example"
    sizes = {name: (size["width"], size["height"]) for name, size in image["renditions"].items()}
    assert sizes["16x9"] == (1200, 675) and sizes["4x3"] == (1200, 900) and sizes["1x1"] == (1200, 1200)
    assert all(size["url"].startswith(ROOT + "/media/images/") for size in image["renditions"].values())
    assert item["meta"]["licence"]["url"].startswith("https://www.nationalarchives.gov.uk/")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?topic=national-pledge", ["Pledge launched"]),
        ("?topic=progress-reports", ["Progress reported"]),
        ("?published_after=2021-01-01", ["Progress reported"]),
        ("?published_before=2020-12-31", ["Pledge launched"]),
        ("?published_after=2020-08-05&published_before=2020-08-05", ["Pledge launched"]),
        ("?limit=1", ["Progress reported"]),
        ("?limit=1&offset=1", ["Pledge launched"]),
        ("?fields=headline", ["Progress reported", "Pledge launched"]),
    ],
)
def test_news_filters_and_pages(client, data, query, expected):
    _response, body = get_json(client, "/api/v2/news/" + query)
    assert [item["headline"] for item in body["items"]] == expected


@pytest.mark.parametrize(
    "query",
    [
        "?topic=no-such-topic",
        "?published_after=yesterday",
        "?published_before=2021-02-30",
        "?published_after=2022-01-01&published_before=2021-01-01",
        "?limit=abc",
        "?limit=-1",
        "?offset=x",
        "?limit=1000",
        "?colour=red",
        "?fields=password",
        "?order=nonsense",
    ],
)
def test_bad_parameters_are_a_400_that_says_why(client, data, query):
    _response, body = get_json(client, "/api/v2/news/" + query, status=400)
    assert body["message"]


@pytest.mark.parametrize("url", ["/api/v2/news/", "/open-data/news.csv"])
def test_private_draft_and_embargoed_news_never_appear(client, data, url):
    text = client.get(url).content.decode()
    assert "Pledge launched" in text
    for hidden in data.hidden["news"]:
        assert hidden.title not in text
        assert f"/api/v2/news/{hidden.pk}/" not in text


def test_hidden_news_has_no_detail(client, data):
    for hidden in data.hidden["news"]:
        assert client.get(f"/api/v2/news/{hidden.pk}/").status_code == 404


def test_signatories_rounds_and_responses_only_public(client, data):
    _response, body = get_json(client, "/api/v2/signatories/")
    assert [item["name"] for item in body["items"]] == ["Example Trust (fictional)"]
    assert body["items"][0]["profile_url"] == ROOT + "/pledge/signatories/trust/"
    _response, body = get_json(client, "/api/v2/rounds/")
    counts = {item["name"]: item["progress_reports"] for item in body["items"]}
    assert counts == {"Inaugural reports": 1, "Second round": 0}  # hidden, draft and embargoed not counted
    _response, body = get_json(client, "/api/v2/responses/")
    answers = [item["response_html"] for item in body["items"]]
    assert answers == ["<p>We measured.</p>", "<p>We listened.</p>"]
    assert body["items"][0]["signatory"] == "Example Trust (fictional)"
    assert body["items"][0]["report_url"] == ROOT + "/reports/trust-report/"


def test_responses_filter_by_commitment_and_round(client, data):
    _response, body = get_json(client, "/api/v2/responses/?commitment=2")
    assert [item["response_html"] for item in body["items"]] == ["<p>We listened.</p>"]
    _response, body = get_json(client, f"/api/v2/responses/?round={data.rounds['second'].pk}")
    assert body["items"] == []
    for query in ("?commitment=two", "?round=999999", "?round=-1"):
        get_json(client, "/api/v2/responses/" + query, status=400)


def test_answers_to_extra_questions_only_public_and_by_round(client, data):
    _response, body = get_json(client, "/api/v2/extra-answers/")
    assert [(item["question"], item["status"], item["answer_html"]) for item in body["items"]] == [
        ("Who did you involve?", "achieved", "<p>A panel.</p>")
    ]
    assert body["items"][0]["report_url"] == ROOT + "/reports/trust-report/"
    assert body["items"][0]["round"] == "Inaugural reports"
    _response, body = get_json(client, f"/api/v2/extra-answers/?round={data.rounds['second'].pk}")
    assert body["items"] == []
    for query in ("?round=999999", "?round=two", "?commitment=1"):
        get_json(client, "/api/v2/extra-answers/" + query, status=400)


@pytest.mark.parametrize("dataset", ["news", "signatories", "rounds", "responses", "extra-answers"])
def test_csv_downloads_have_the_same_rows(client, data, dataset):
    response = client.get(f"/open-data/{dataset}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'rel="license"' in response["Link"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    api = client.get(f"/api/v2/{dataset}/").json()
    assert len(rows) == api["meta"]["total_count"]
    text = response.content.decode()
    for hidden in ("Hidden Org", "Draft Org", "Draft answer", "Hidden answer", "Embargoed answer", "Private release"):
        assert hidden not in text


def test_csv_rejects_bad_parameters(client, data):
    assert client.get("/open-data/news.csv?topic=nope").status_code == 400
    assert client.get("/open-data/news.csv?colour=red").status_code == 400
    assert client.get("/open-data/responses.csv?commitment=x").status_code == 400


@pytest.mark.parametrize("url", ["/api/v2/news/", "/api/v2/responses/", "/open-data/signatories.csv"])
def test_open_for_any_site_to_read_and_cacheable(client, data, url, settings):
    response = client.get(url, HTTP_ORIGIN="https://partner.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in cache_control
    # The data's own lifetimes, not the pages' shorter ones, whether the page cache stored it or not.
    assert f"max-age={settings.OPEN_DATA_BROWSER_MAX_AGE}" in cache_control
    assert f"s-maxage={settings.OPEN_DATA_SHARED_MAX_AGE}" in cache_control
    assert not response.cookies


def test_a_publish_shows_at_once(client, data):
    assert client.get("/api/v2/news/").json()["meta"]["total_count"] == 2
    draft = data.hidden["news"][1]
    draft.save_revision().publish()
    assert client.get("/api/v2/news/").json()["meta"]["total_count"] == 3


def test_rate_limited(client, data, settings):
    settings.OPEN_DATA_RATE_LIMIT = 3
    settings.PAGE_CACHE_ENABLED = False
    statuses = [client.get("/api/v2/rounds/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/open-data/rounds.csv")
    assert limited.status_code == 429 and limited["Retry-After"] == "60"


def test_only_get(client, data):
    assert client.post("/api/v2/news/").status_code in {403, 405}
    assert client.post("/open-data/news.csv").status_code == 405
