import pytest

from consent.factories import CookieDeclarationFactory, CookiesPageFactory
from consent.models import ConsentSettings
from home.factories import StandardPageFactory
from tests.cookieaudit.urls import ANALYTICS_PATH


@pytest.fixture(autouse=True)
def _audit_settings(settings):
    settings.PAGE_CACHE_ENABLED = False
    # Room for a page rendered cold on a busy machine (CI runs two test workers beside the browser); the
    # test of a page that never answers in time sets its own shorter bound.
    settings.COOKIE_AUDIT_PAGE_TIMEOUT = 20
    settings.COOKIE_AUDIT_TOTAL_TIMEOUT = 120


@pytest.fixture
def audit_site(live_server, live_home_page):
    """A cookies page, an ordinary page and analytics pointed at the live server's fake tag."""
    CookiesPageFactory(parent=live_home_page)
    StandardPageFactory(parent=live_home_page, slug="about", title="About the Centre")
    CookieDeclarationFactory(name="cookies_policy", category="essential")
    CookieDeclarationFactory(name="_ga", provider="Google Analytics", category="analytics")
    CookieDeclarationFactory(
        name="analytics_visits", provider="Google Analytics", category="analytics", storage="local"
    )
    consent_settings = ConsentSettings.for_site(live_home_page.get_site())
    consent_settings.analytics_provider = "plausible"
    consent_settings.analytics_id = "example.org"
    consent_settings.analytics_script_url = live_server.url + ANALYTICS_PATH
    consent_settings.full_clean()
    consent_settings.save()
    return live_server
