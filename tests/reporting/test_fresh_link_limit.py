"""Asking for a fresh link: one client may ask for so many in an hour, whatever addresses it enters; past
that it gets the same answer and no email, while another client still can. Through HTTP and a real SMTP
server; the clients are told apart by their address as the site finds it (behind the trusted proxy)."""

import pytest

from reporting.models import ContactEmail, Invitation, RoundWindow

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture
def world_open(world):
    """The world's round open, with both organisations invited (and no invitation sent)."""
    window = world["window"]
    window.state = RoundWindow.State.OPEN
    window.save(update_fields=["state"])
    for signatory in (world["north"], world["south"]):
        Invitation.objects.create(window=window, signatory=signatory)
    return world


def ask(client, address, client_ip):
    """A POST from `client_ip`, arriving through the site's own proxy as in production."""
    return client.post("/reporting/new-link/", {"email": address}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_ip)


def test_one_client_past_its_limit_gets_the_same_answer_and_no_email_while_another_client_still_can(
    world_open, smtp_server, client, settings, django_capture_on_commit_callbacks
):
    world = world_open
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.REPORTING_FRESH_LINK_CLIENT_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(client, "ada@example.org", "203.0.113.7")
        second = ask(client, "ben@example.org", "203.0.113.7")
        # The third request from that client, for yet another address, is past the limit.
        third = ask(client, "cy@example.org", "203.0.113.7")
        unknown = ask(client, "nobody@example.org", "203.0.113.7")
    assert [r.status_code for r in (first, second, third, unknown)] == [200, 200, 200, 200]
    assert first.content == second.content == third.content == unknown.content
    assert "no-store" in third["Cache-Control"]
    smtp_server.inbox.wait_for(2)
    assert sorted(m.envelope_to[0] for m in smtp_server.messages) == ["ada@example.org", "ben@example.org"]
    assert not ContactEmail.objects.filter(contact=world["contacts"]["cy"]).exists()

    # Another client (another address behind the same proxy) still gets its link.
    with django_capture_on_commit_callbacks(execute=True):
        other = ask(client, "cy@example.org", "198.51.100.4")
    assert other.status_code == 200 and other.content == first.content
    smtp_server.inbox.wait_for(3)
    assert [m.envelope_to[0] for m in smtp_server.messages[2:]] == ["cy@example.org"]
    assert "new link" in smtp_server.messages[2]["Subject"]


def test_a_client_writing_x_forwarded_for_itself_is_still_counted_as_itself(
    world_open, smtp_server, client, settings, django_capture_on_commit_callbacks
):
    world = world_open
    """Without a trusted proxy in front, a made-up X-Forwarded-For does not give a client a fresh allowance."""
    settings.TRUSTED_PROXIES = []
    settings.REPORTING_FRESH_LINK_CLIENT_LIMIT = 1
    with django_capture_on_commit_callbacks(execute=True):
        for address, forged in (("ada@example.org", "192.0.2.1"), ("cy@example.org", "192.0.2.2")):
            client.post(
                "/reporting/new-link/", {"email": address}, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=forged
            )
    smtp_server.inbox.wait_for(1)
    assert [m.envelope_to[0] for m in smtp_server.messages] == ["ada@example.org"]
    assert not ContactEmail.objects.filter(contact=world["contacts"]["cy"]).exists()
