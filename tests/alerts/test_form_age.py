"""The sign-up form's signed start time on shared-cached pages: never "too old" while a cached copy
can be served, and the minimum fill time still counted from when the visitor opened the page."""

import json
import re
import time

from django.conf import settings as django_settings

import pytest

from alerts import tokens
from tests.alerts.conftest import ORIGIN

HEADERS = {"Origin": ORIGIN, "Sec-Fetch-Site": "same-origin"}
LONGEST_CACHED = (
    django_settings.PAGE_CACHE_TIMEOUT
    + django_settings.PAGE_CACHE_SHARED_MAX_AGE
    + django_settings.PAGE_CACHE_BROWSER_MAX_AGE
)


def stamp_from(seconds_ago, monkeypatch):
    """The start time a form rendered `seconds_ago` carries (a page kept that long in the caches)."""
    real = time.time()
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: real - seconds_ago)
        return tokens.form_started()


def post(client, email, started, capture):
    data = {"email": email, "started": started, "website": "", "next": "/news/alerts/"}
    with capture(execute=True):
        return client.post("/news/alerts/subscribe/", data, headers=HEADERS)


def test_a_form_from_the_oldest_cached_copy_is_still_accepted(
    client, smtp_server, topics, monkeypatch, django_capture_on_commit_callbacks
):
    assert django_settings.ALERTS_FORM_MAX_AGE >= LONGEST_CACHED + 24 * 3600
    oldest = stamp_from(LONGEST_CACHED + 23 * 3600, monkeypatch)  # served as late as it can be, tab left open
    assert post(client, "patient@example.org", oldest, django_capture_on_commit_callbacks).status_code == 200
    too_old = stamp_from(django_settings.ALERTS_FORM_MAX_AGE + 60, monkeypatch)
    refused = post(client, "ancient@example.org", too_old, django_capture_on_commit_callbacks)
    assert refused.status_code == 400
    assert "out of date" in refused.content.decode()
    assert [m.envelope_to for m in smtp_server.inbox.wait_for(1)] == [["patient@example.org"]]


@pytest.mark.usefixtures("smtp_server", "topics")
def test_the_fill_time_counts_from_a_fresh_start_time_not_the_cached_page(
    client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.ALERTS_MIN_FILL_SECONDS = 3
    page = client.get("/news/alerts/").content.decode()
    assert 'data-alerts-started-url="/news/alerts/started/"' in page
    assert re.search(r'<script src="/static/js/alerts-form\.js[^"]*" defer>', page)

    fresh = client.get("/news/alerts/started/")
    assert fresh.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in fresh["Cache-Control"].split(",")}
    assert fresh.get("X-Cache") != "HIT"
    started = json.loads(fresh.content)["started"]
    hasty = post(client, "bot@example.org", started, django_capture_on_commit_callbacks)
    assert hasty.status_code == 400
    assert "quicker than anyone types" in hasty.content.decode()

    later = time.time() + 5
    monkeypatch.setattr(tokens.time, "time", lambda: later)
    assert post(client, "person@example.org", started, django_capture_on_commit_callbacks).status_code == 200
    assert client.post("/news/alerts/started/").status_code == 405


@pytest.mark.parametrize("method", ["put", "delete"])
def test_the_start_time_address_takes_only_get(client, db, method):
    assert getattr(client, method)("/news/alerts/started/").status_code == 405
