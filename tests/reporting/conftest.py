"""A round to report in: the pledge section, two Pledge Makers with contacts, last round's published report."""

import datetime
import re

from django.utils import timezone

import pytest

from pledge.factories import CommitmentResponseFactory, ReportFileFactory, ReportPageFactory, SignatoryPageFactory
from pledge.models import ReportingRound
from reporting.models import ReportingContact, RoundWindow
from tests.pledge.conftest import build_pledge_section

LINK = re.compile(r"http://testserver(/reporting/[A-Za-z0-9_-]{40,60}/)")


@pytest.fixture
def world(home_page):
    section = build_pledge_section(home_page)
    north = SignatoryPageFactory(parent=section.directory, title="Northtown NHS Trust (fictional)")
    south = SignatoryPageFactory(parent=section.directory, title="Southvale Council (fictional)")
    previous = ReportPageFactory(
        parent=section.library, signatory=north, round=section.second, next_steps="<p>Last time's next steps.</p>"
    )
    ReportFileFactory(report=previous)
    for number, commitment in section.commitments.items():
        CommitmentResponseFactory(report=previous, commitment=commitment, response=f"<p>Last round on {number}.</p>")
    current = ReportingRound.objects.create(name="Spring 2026 reports", date=datetime.date(2026, 6, 1))
    now = timezone.now()
    window = RoundWindow.objects.create(
        round=current, opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=14)
    )
    contacts = {
        "ada": ReportingContact.objects.create(signatory=north, name="Ada Example", email="ada@example.org"),
        "ben": ReportingContact.objects.create(signatory=north, name="Ben Example", email="ben@example.org"),
        "cy": ReportingContact.objects.create(signatory=south, name="Cy Example", email="cy@example.org"),
    }
    return {"section": section, "north": north, "south": south, "window": window, "contacts": contacts}


def link_in(message):
    return LINK.search(message.get_body(preferencelist=("plain",)).get_content()).group(1)


@pytest.fixture
def staff(client, django_user_model):
    """A signed-in Comms superuser."""
    user = django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-test-password")
    client.force_login(user)
    return user
