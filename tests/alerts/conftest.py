import re

import pytest

from news.factories import NewsIndexPageFactory, TopicFactory

ORIGIN = "http://testserver"


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    """A person takes seconds to fill the form; the tests take none (one test puts the wait back)."""
    settings.ALERTS_MIN_FILL_SECONDS = 0


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def topics(db):
    return {
        "health": TopicFactory(name="Health", slug="health"),
        "pledge": TopicFactory(name="National Pledge", slug="pledge"),
    }


def form_fields(html):
    """The hidden fields of the sign-up form as a browser would send them."""
    started = re.search(r'name="started" value="([^"]+)"', html).group(1)
    return {"started": started, "website": ""}


def sign_up(client, email, topics=(), page="/news/alerts/", capture=None, **extra):
    html = client.get(page).content.decode()
    data = {**form_fields(html), "email": email, "next": page, **extra}
    if topics:
        data["topics"] = list(topics)
    headers = {"Origin": ORIGIN, "Sec-Fetch-Site": "same-origin"}
    if capture is None:
        return client.post("/news/alerts/subscribe/", data, headers=headers)
    with capture(execute=True):
        return client.post("/news/alerts/subscribe/", data, headers=headers)


def plain_text(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()


def link_in(text, path_part):
    match = re.search(rf"https?://[^/\s]+({re.escape(path_part)}[^\s]*)", text)
    assert match, f"no link with {path_part} in:\n{text}"
    return match.group(1)
