from django.views.defaults import server_error

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.factories import StandardPageFactory
from home.models import HomePage, SiteSettings, StandardPage
from tests.conftest import build_site


class TestTreeRules(WagtailPageTestCase):
    def test_home_page_lives_only_at_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_standard_page_lives_under_home_and_itself(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)

    def test_home_page_is_a_singleton(self):
        build_site()
        assert HomePage.max_count == 1
        assert not HomePage.can_create_at(Page.get_first_root_node())


def test_home_page_renders_introduction_and_navigation(client, home_page):
    StandardPageFactory(parent=home_page, title="About the Centre", slug="about", show_in_menus=True)
    StandardPageFactory(parent=home_page, title="Hidden page", slug="hidden", show_in_menus=False)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Reducing ethnic inequalities in mental health care</h1>" in html
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert 'href="/about/"' in html
    assert "Hidden page" not in html


def test_standard_page_renders_body_blocks(client, home_page):
    StandardPageFactory(
        parent=home_page,
        slug="about",
        title="About",
        introduction="Who we are.",
        body=[
            ("heading", {"text": "Our history", "level": "h2"}),
            ("paragraph", "<p>Founded to reduce inequalities.</p>"),
            ("quote", {"quote": "An encouraging start.", "attribution": "Joy Francis"}),
            ("callout", {"heading": "Join us", "text": "<p>Sign the pledge.</p>"}),
        ],
    )
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Our history</h2>" in html
    assert "Founded to reduce inequalities." in html
    assert "<figcaption>Joy Francis</figcaption>" in html
    assert 'class="callout"' in html


def test_navigation_marks_the_current_section(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about", show_in_menus=True)
    StandardPageFactory(parent=about, title="Team", slug="team")
    html = client.get("/about/team/").content.decode()
    assert 'aria-current="page">About</a>' in html


def test_footer_links_come_from_site_settings(client, home_page):
    privacy = StandardPageFactory(parent=home_page, title="Privacy", slug="privacy")
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.footer_links = [
        ("link", {"label": "Privacy", "page": privacy, "url": ""}),
        ("link", {"label": "Contact", "page": None, "url": "https://example.org/contact"}),
    ]
    site_settings.contact_email = "hello@example.org"
    site_settings.save()
    html = client.get("/").content.decode()
    assert '<a href="/privacy/">Privacy</a>' in html
    assert '<a href="https://example.org/contact">Contact</a>' in html
    assert "mailto:hello@example.org" in html


def test_unknown_address_gets_the_sites_404_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert "site-header" in html


def test_server_error_page_is_in_the_sites_style(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "/static/css/site.css" in html


@pytest.mark.parametrize(
    ("label", "page", "url", "valid"),
    [("Both", True, "https://example.org", False), ("Neither", False, "", False), ("Page", True, "", True)],
)
def test_footer_link_needs_exactly_one_target(home_page, label, page, url, valid):
    from wagtail.blocks import StructBlockValidationError

    from home.blocks import LinkBlock

    block = LinkBlock()
    value = block.to_python({"label": label, "page": home_page.pk if page else None, "url": url})
    if valid:
        block.clean(value)
    else:
        with pytest.raises(StructBlockValidationError):
            block.clean(value)
