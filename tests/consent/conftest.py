import pytest

from consent.factories import CookieDeclarationFactory, CookiesPageFactory
from consent.models import Category


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # These tests look at what the views render for each request, not at cached copies.
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def cookies_page(home_page):
    return CookiesPageFactory(parent=home_page)


@pytest.fixture
def declarations(db):
    return [
        CookieDeclarationFactory(name="cookies_policy", category=Category.ESSENTIAL),
        CookieDeclarationFactory(name="YSC", provider="YouTube", category=Category.FUNCTIONAL),
        CookieDeclarationFactory(name="_ga", provider="Google Analytics", category=Category.ANALYTICS),
        CookieDeclarationFactory(name="_ga_*", provider="Google Analytics", category=Category.ANALYTICS),
    ]
