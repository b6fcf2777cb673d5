"""The pledge page's round summary is page-cached like every public page, and follows the round without
a line of cache code in reporting/: opening the round, a submission and a return each show at once."""

from django.test import Client

import pytest

from reporting.models import Report

from .conftest import link_in
from .test_round_life import fill_everything, submit

pytestmark = pytest.mark.django_db


def figures(client, url):
    response = client.get(url)
    text = response.content.decode()
    found = {}
    for label in ("invited to report", "reported", "published"):
        marker = f"</span> {label}"
        if marker in text:
            found[label] = int(text.split(marker)[0].rsplit(">", 1)[1])
    return response["X-Cache"], found


def test_the_cached_pledge_page_follows_the_round(
    world, client, smtp_server, django_user_model, django_capture_on_commit_callbacks
):
    visitor = Client()
    pledge_url = world["section"].pledge.url
    visitor.get(pledge_url)
    assert figures(visitor, pledge_url) == ("HIT", {})  # no open round yet: no summary

    client.force_login(django_user_model.objects.create_superuser("comms", "c@example.org", "a-long-test-password"))
    overview_url = f"/admin/reporting/rounds/{world['window'].pk}/"
    with django_capture_on_commit_callbacks(execute=True):  # the invitations go after the commit
        assert client.post(overview_url, {"action": "open"}).status_code == 302
    assert figures(visitor, pledge_url) == ("MISS", {"invited to report": 2, "reported": 0, "published": 0})
    assert figures(visitor, pledge_url)[0] == "HIT"

    smtp_server.inbox.wait_for(3)
    contact = Client()
    link = link_in(smtp_server.inbox.to("ada@example.org")[0])
    contact.get(link)  # the organisation's draft is made on the first visit
    figures(visitor, pledge_url)
    fill_everything(contact, link)
    # Answers saved step by step change nothing the public sees: the cached page stays.
    assert figures(visitor, pledge_url)[0] == "HIT"
    assert submit(contact, link).status_code == 302
    assert figures(visitor, pledge_url) == ("MISS", {"invited to report": 2, "reported": 1, "published": 0})

    report = Report.objects.get(invitation__signatory=world["north"])
    figures(visitor, pledge_url)
    client.post(f"/admin/reporting/reports/{report.pk}/", {"action": "return", "feedback": "Say more."})
    assert figures(visitor, pledge_url) == ("MISS", {"invited to report": 2, "reported": 0, "published": 0})
