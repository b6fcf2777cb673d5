"""HomePage.route finds pages in one query and answers exactly as Wagtail's tree walk (Page.route)."""

from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from home.factories import StandardPageFactory
from news.factories import NewsIndexPageFactory, NewsPageFactory
from pledge.factories import CommitmentFactory, PledgePageFactory, SignatoryIndexPageFactory, SignatoryPageFactory


@pytest.fixture
def tree(home_page):
    about = StandardPageFactory(parent=home_page, slug="about")
    team = StandardPageFactory(parent=about, slug="team")
    draft_section = StandardPageFactory(parent=home_page, slug="archive")
    kept = StandardPageFactory(parent=draft_section, slug="kept")
    draft_section.unpublish()
    hidden = StandardPageFactory(parent=about, slug="hidden")
    hidden.unpublish()
    news = NewsIndexPageFactory(parent=home_page, slug="news")
    release = NewsPageFactory(parent=news, slug="a-release")
    pledge = PledgePageFactory(parent=home_page, slug="pledge")
    signatories = SignatoryIndexPageFactory(parent=pledge, slug="signatories")
    SignatoryPageFactory(parent=signatories, slug="example-organisation")
    # A page whose slug is also the index's own sub-route: the sub-route wins, in both.
    SignatoryPageFactory(parent=signatories, slug="csv")
    CommitmentFactory(number=1)
    return {"home": home_page, "team": team, "kept": kept, "release": release}


PATHS = [
    "",
    "about",
    "about/team",
    "about/hidden",
    "about/team/nothing",
    "archive",
    "archive/kept",
    "news",
    "news/a-release",
    "news/a-release/extra",
    "news/missing",
    "pledge",
    "pledge/commitments/1",
    "pledge/commitments/99",
    "pledge/signatories",
    "pledge/signatories/csv",
    "pledge/signatories/example-organisation",
    "pledge/signatories/example-organisation/more",
    "nothing/here",
    "about/about/about",
]


def answer(route, request, path):
    components = [part for part in path.split("/") if part]
    try:
        page, args, kwargs = route(request, components)
    except Http404:
        return "404"
    view = args[0].__name__ if args else None
    return (type(page).__name__, page.pk, view, tuple(args[1:]), tuple(sorted((args[2] if args else {}).items())))


@pytest.mark.parametrize("path", PATHS)
def test_routing_matches_wagtails_tree_walk(tree, path):
    home = tree["home"]
    request = RequestFactory().get("/" + path)
    expected = answer(lambda request, components: Page.route(home, request, components), request, path)
    assert answer(home.route, request, path) == expected


def test_a_release_is_found_in_two_queries_whatever_its_depth(tree):
    home = tree["home"]
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        page, _args, _kwargs = home.route(request, ["news", "a-release"])
        assert page.press_contact is not None  # loaded with the page
        assert page.get_parent().pk == tree["release"].get_parent().pk
    assert page.pk == tree["release"].pk
    # The pages along the path, then the release (with its image and press contact).
    assert len(queries) == 2


def test_a_page_in_a_private_section_still_asks_for_a_login(client, tree):
    Site.objects.update(hostname="testserver")
    about = tree["team"].get_parent()
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/about/team/")
    assert response.status_code == 302
    assert "login" in response["Location"]
