"""Added after the round has opened: an organisation staff invite, or a new contact at one already invited,
gets the invitation at once, by the same queued, once-only email as the opening's."""

import pytest

from reporting.models import ContactEmail, Invitation, RoundWindow
from tests.reporting.conftest import link_in

pytestmark = pytest.mark.django_db

INVITATIONS = "/admin/snippets/reporting/invitation/"
CONTACTS = "/admin/snippets/reporting/reportingcontact/"


@pytest.fixture
def open_round(world):
    """Open, with Northtown invited and its contacts' invitations sent; Southvale not invited."""
    window = world["window"]
    window.state = RoundWindow.State.OPEN
    window.save()
    Invitation.objects.create(window=window, signatory=world["north"])
    return window


@pytest.fixture
def add(staff, client, django_capture_on_commit_callbacks):
    """Staff add a snippet through the admin's form; what it queues runs, as a worker would."""

    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url + "add/", data, follow=True)

    return post


def test_an_organisation_invited_after_the_opening_gets_its_invitation_at_once(
    world, open_round, add, client, smtp_server
):
    answer = add(
        INVITATIONS,
        {"window": open_round.pk, "signatory": world["south"].pk, "extended_until": ""},
    )
    assert answer.status_code == 200
    assert "its invitation is being sent to 1 contact in the background" in answer.content.decode()
    smtp_server.inbox.wait_for(1)
    (message,) = smtp_server.messages
    assert message.envelope_to == ["cy@example.org"]
    assert "Spring 2026 reports" in message["Subject"]
    client.logout()
    report = client.get(link_in(message), follow=True)
    assert report.status_code == 200
    assert "Southvale Council (fictional)" in report.content.decode()


def test_a_new_contact_at_an_invited_organisation_gets_it_and_no_one_else_is_sent_it_again(
    world, open_round, add, client, smtp_server
):
    add(
        CONTACTS,
        {"signatory": world["north"].pk, "name": "Dee Example", "email": "dee@example.org", "role": ""},
    )
    smtp_server.inbox.wait_for(1)
    assert [m.envelope_to for m in smtp_server.messages] == [["dee@example.org"]]
    # A contact at an organisation not invited to the open round is sent nothing.
    answer = add(
        CONTACTS,
        {"signatory": world["south"].pk, "name": "Eve Example", "email": "eve@example.org", "role": ""},
    )
    assert "invitation is being sent" not in answer.content.decode()
    assert ContactEmail.objects.filter(contact__email="eve@example.org").count() == 0
    assert len(smtp_server.messages) == 1


def test_before_the_opening_adding_sends_nothing(world, add, smtp_server):
    answer = add(
        INVITATIONS,
        {"window": world["window"].pk, "signatory": world["south"].pk, "extended_until": ""},
    )
    assert answer.status_code == 200
    assert Invitation.objects.filter(signatory=world["south"]).exists()
    assert not ContactEmail.objects.exists()
    assert smtp_server.messages == []
