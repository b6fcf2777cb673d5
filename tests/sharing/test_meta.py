"""Every public page type tells search engines and sharing sites what it is: parsed from its HTML."""

import datetime

import pytest

from home.models import SharingSettings
from tests.sharing.conftest import INTRODUCTION
from tests.sharing.head import parse_head

ROOT = "http://localhost"
SHARING_TAGS = ["og:title", "og:description", "og:url", "og:type", "twitter:card", "twitter:title"]


def page_types(full_site):
    return full_site.pages.items()


@pytest.mark.parametrize(
    "kind",
    [
        "home",
        "standard",
        "news_index",
        "news",
        "pledge",
        "signatory_index",
        "signatory",
        "report_index",
        "report",
        "cookies",
    ],
)
def test_every_page_type_has_description_canonical_and_sharing_card(client, full_site, kind):
    page = full_site.pages[kind]
    response = client.get(page.url)
    assert response.status_code == 200
    head = parse_head(response)
    description = head.meta["description"]
    assert description and len(description) <= 160
    assert head.link("canonical")["href"] == ROOT + page.url
    assert head.meta["og:url"] == ROOT + page.url
    for tag in SHARING_TAGS:
        assert head.meta.get(tag), f"{tag} missing on {kind}"
        assert head.meta_count[tag] == 1, f"{tag} given twice on {kind}"
    assert head.meta["og:title"] == head.meta["twitter:title"] == (page.seo_title or page.title)
    assert head.meta["og:description"] == description
    assert "robots" not in head.meta


def test_description_is_the_introduction_trimmed_at_a_word(client, full_site):
    head = parse_head(client.get("/about/"))
    description = head.meta["description"]
    assert description.endswith("…")
    words = description[:-1].split()
    assert words == INTRODUCTION.split()[: len(words)]  # whole words only, none cut


def test_search_description_wins_then_standfirst_then_site_default(client, full_site):
    release = full_site.pages["news"]
    assert parse_head(client.get(release.url)).meta["description"] == "Leaders of NHS trusts say what they did."
    release.search_description = "For search engines."
    release.save_revision().publish()
    assert parse_head(client.get(release.url)).meta["description"] == "For search engines."
    signatory = full_site.pages["signatory"]  # no introduction or standfirst of its own
    options = SharingSettings.for_site(full_site.home.get_site())
    options.default_description = "The Centre's default summary."
    options.save()
    assert parse_head(client.get(signatory.url)).meta["description"] == "The Centre's default summary."


def test_a_page_without_its_own_image_shares_the_default_image(client, full_site, share_image):
    about = full_site.pages["standard"]
    head = parse_head(client.get(about.url))
    assert "og:image" not in head.meta
    assert head.meta["twitter:card"] == "summary"
    options = SharingSettings.for_site(full_site.home.get_site())
    options.default_image = share_image
    options.save()
    head = parse_head(client.get(about.url))
    assert head.meta["og:image"].startswith(ROOT + "/media/images/")
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
    assert head.meta["og:image:alt"] == "Colourful silhouettes of different people"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:image"] == head.meta["og:image"]
    assert head.meta["twitter:image:alt"] == head.meta["og:image:alt"]


def test_a_release_shares_its_own_image_as_an_article(client, full_site):
    release = full_site.pages["news"]
    head = parse_head(client.get(release.url))
    assert head.meta["og:type"] == "article"
    assert "fill-1200x630" in head.meta["og:image"]
    assert head.meta["article:published_time"].startswith("2021-05-25")
    assert head.meta["article:tag"] == "National Pledge"


def test_home_page_has_organization_with_logo_and_same_as(client, full_site, share_image):
    options = SharingSettings.for_site(full_site.home.get_site())
    options.logo = share_image
    options.same_as = "https://social.example.org/@synergi\nhttps://www.example.org/synergi\n"
    options.save()
    head = parse_head(client.get("/"))
    [organization] = head.of_type("Organization")
    assert organization["@context"] == "https://schema.org"
    assert organization["name"] == "Synergi Collaborative Centre"
    assert organization["url"] == ROOT + "/"
    assert organization["logo"]["url"].startswith(ROOT + "/media/images/")
    assert organization["logo"]["width"] <= 600 and organization["logo"]["height"] <= 600
    assert organization["sameAs"] == ["https://social.example.org/@synergi", "https://www.example.org/synergi"]
    assert not head.of_type("BreadcrumbList")


def test_same_as_must_be_web_addresses(full_site):
    from django.core.exceptions import ValidationError

    options = SharingSettings.for_site(full_site.home.get_site())
    options.same_as = "https://www.example.org/ok\nnot an address"
    with pytest.raises(ValidationError) as error:
        options.full_clean()
    assert "not an address" in str(error.value)


@pytest.mark.parametrize(
    ("kind", "trail"),
    [("standard", ["home", "standard"]), ("signatory", ["home", "pledge", "signatory_index", "signatory"])],
)
def test_pages_below_home_have_breadcrumbs(client, full_site, kind, trail):
    head = parse_head(client.get(full_site.pages[kind].url))
    [breadcrumbs] = head.of_type("BreadcrumbList")
    items = breadcrumbs["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(trail) + 1))
    assert [item["item"] for item in items] == [ROOT + full_site.pages[name].url for name in trail]
    assert [item["name"] for item in items] == [full_site.pages[name].title for name in trail]
    assert not head.of_type("Organization")


def test_news_article_has_whole_headline_three_crops_author_publisher_and_modified_date(client, full_site):
    release = full_site.pages["news"]
    release.refresh_from_db()
    head = parse_head(client.get(release.url))
    [article] = head.of_type("NewsArticle")
    assert article["headline"] == release.title and len(release.title) > 110
    assert len(article["image"]) == 3
    assert {crop.split("fill-")[1].split(".")[0] for crop in article["image"]} == {
        "1200x675",
        "1200x900",
        "1200x1200",
    }
    assert all(url.startswith(ROOT + "/media/images/") for url in article["image"])
    assert datetime.datetime.fromisoformat(article["datePublished"]) == datetime.datetime(
        2021, 5, 25, 9, tzinfo=datetime.UTC
    )
    assert datetime.datetime.fromisoformat(article["dateModified"]) == release.last_published_at
    assert article["author"]["name"] == article["publisher"]["name"] == "Synergi Collaborative Centre"
    assert article["publisher"]["@type"] == "Organization"
    assert article["mainEntityOfPage"] == ROOT + release.url
    assert head.of_type("BreadcrumbList")


def test_date_modified_moves_with_a_new_publish_not_a_draft(client, full_site):
    release = full_site.pages["news"]
    release.refresh_from_db()
    first = release.last_published_at
    release.title = "A changed headline, still a draft"
    release.save_revision()
    [article] = parse_head(client.get(release.url)).of_type("NewsArticle")
    assert datetime.datetime.fromisoformat(article["dateModified"]) == first
    release.get_latest_revision().publish()
    release.refresh_from_db()
    [article] = parse_head(client.get(release.url)).of_type("NewsArticle")
    assert datetime.datetime.fromisoformat(article["dateModified"]) == release.last_published_at > first
    assert article["headline"] == "A changed headline, still a draft"


def test_addresses_come_from_the_site_record_not_the_host_header(client, full_site):
    release = full_site.pages["news"]
    by_localhost = client.get(release.url, HTTP_HOST="localhost")
    by_ip = client.get(release.url, HTTP_HOST="127.0.0.1")
    assert parse_head(by_localhost).link("canonical") == parse_head(by_ip).link("canonical")
    assert "127.0.0.1" not in by_ip.content.decode().split("</head>")[0]


def test_search_results_are_noindex_with_no_sharing_tags(client, full_site):
    head = parse_head(client.get("/search/?q=pledge"))
    assert head.meta["robots"] == "noindex"
    assert head.link("canonical") is None
    assert not [key for key in head.meta if key.startswith(("og:", "twitter:", "article:"))]
    assert "description" not in head.meta
    assert head.json_ld == []


def test_a_commitment_page_is_its_own_canonical_address(client, full_site):
    pledge = full_site.pages["pledge"]
    response = client.get(pledge.url + "commitments/1/")
    assert response.status_code == 200
    head = parse_head(response)
    assert head.link("canonical")["href"] == ROOT + pledge.url + "commitments/1/"
