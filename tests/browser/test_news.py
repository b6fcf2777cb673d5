"""A visitor reads the news: filters by topic, pages on, opens a release; no axe violations."""

import datetime

import pytest

from home.factories import SiteImageFactory
from news.factories import NewsIndexPageFactory, NewsPageFactory, TopicFactory
from tests.accessibility import VIEWPORTS, assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def newsroom(live_home_page):
    index = NewsIndexPageFactory(parent=live_home_page, show_in_menus=True)
    pledge = TopicFactory(name="National Pledge", slug="national-pledge")
    reports = TopicFactory(name="Progress reports", slug="progress-reports")
    image = SiteImageFactory(alt_text="Colourful silhouette of different figures", credit="Demo")
    start = datetime.datetime(2021, 1, 1, 9, tzinfo=datetime.UTC)
    for n in range(12):
        NewsPageFactory(
            parent=index,
            title=f"Pledge news {n:02d}",
            display_date=start + datetime.timedelta(days=n),
            featured_image=image,
            topics=[pledge],
            notes_to_editors="<p>About the Centre.</p>",
            body=[("quote", {"quote": "An encouraging start.", "attribution": "Joy Francis"})],
        )
    NewsPageFactory(parent=index, title="Report news", topics=[reports], display_date=start)
    return index


def test_visitor_filters_pages_on_and_opens_a_release(live_server, newsroom, browser_page):
    browser_page.goto(live_server.url + "/news/")
    browser_page.get_by_role("link", name="National Pledge").click()
    assert browser_page.url.endswith("/news/?topic=national-pledge")
    assert browser_page.get_by_role("heading", name="12 releases about National Pledge").is_visible()
    browser_page.get_by_role("navigation", name="Pagination").get_by_role("link", name="Next page").click()
    assert browser_page.url.endswith("/news/?topic=national-pledge&page=2")
    assert browser_page.locator(".news-list .card__title").all_inner_texts() == ["Pledge news 01", "Pledge news 00"]
    browser_page.get_by_role("link", name="Pledge news 01").click()
    assert browser_page.get_by_role("heading", level=1).inner_text() == "Pledge news 01"
    assert browser_page.get_by_role("heading", name="Press contact").is_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_index_and_release_have_no_axe_violations(live_server, newsroom, new_browser_page, viewport):
    browser_page = new_browser_page(viewport=viewport)
    for path in ["/news/", "/news/?topic=national-pledge&page=2", "/news/pledge-news-00/", "/search/?q=pledge"]:
        response = browser_page.goto(live_server.url + path)
        assert response.status == 200
        assert_no_axe_violations(browser_page)
        overflow = browser_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways"
