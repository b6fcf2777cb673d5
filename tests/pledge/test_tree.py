"""Where each pledge page type may live."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StandardPage
from pledge.models import PledgePage, ReportIndexPage, ReportPage, SignatoryIndexPage, SignatoryPage
from tests.conftest import build_site
from tests.pledge.conftest import build_pledge_section


class TestTreeRules(WagtailPageTestCase):
    def test_pledge_page_lives_under_home_only(self):
        self.assertCanCreateAt(HomePage, PledgePage)
        self.assertCanNotCreateAt(Page, PledgePage)
        self.assertCanNotCreateAt(StandardPage, PledgePage)
        self.assertCanNotCreateAt(PledgePage, PledgePage)

    def test_signatory_index_lives_under_the_pledge(self):
        self.assertCanCreateAt(PledgePage, SignatoryIndexPage)
        self.assertCanNotCreateAt(HomePage, SignatoryIndexPage)
        self.assertCanNotCreateAt(ReportIndexPage, SignatoryIndexPage)

    def test_signatory_lives_in_the_directory_and_has_no_children(self):
        self.assertCanCreateAt(SignatoryIndexPage, SignatoryPage)
        self.assertCanNotCreateAt(PledgePage, SignatoryPage)
        self.assertCanNotCreateAt(HomePage, SignatoryPage)
        self.assertAllowedSubpageTypes(SignatoryPage, {})

    def test_report_index_lives_under_home(self):
        self.assertCanCreateAt(HomePage, ReportIndexPage)
        self.assertCanNotCreateAt(PledgePage, ReportIndexPage)
        self.assertCanNotCreateAt(StandardPage, ReportIndexPage)

    def test_report_lives_in_the_library_and_has_no_children(self):
        self.assertCanCreateAt(ReportIndexPage, ReportPage)
        self.assertCanNotCreateAt(HomePage, ReportPage)
        self.assertCanNotCreateAt(SignatoryPage, ReportPage)
        self.assertAllowedSubpageTypes(ReportPage, {})

    def test_pledge_directory_and_library_are_singletons(self):
        section = build_pledge_section(build_site())
        home = section.pledge.get_parent().specific
        assert not PledgePage.can_create_at(home)
        assert not ReportIndexPage.can_create_at(home)
        assert not SignatoryIndexPage.can_create_at(section.pledge)
        assert SignatoryPage.can_create_at(section.directory)
