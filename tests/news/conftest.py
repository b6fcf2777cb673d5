import pytest

from news.factories import NewsIndexPageFactory, PressContactFactory, TopicFactory


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def topics(db):
    return {
        "pledge": TopicFactory(name="National Pledge", slug="national-pledge"),
        "reports": TopicFactory(name="Progress reports", slug="progress-reports"),
    }


@pytest.fixture
def press_contact(db):
    return PressContactFactory()
