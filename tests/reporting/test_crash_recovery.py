"""A worker that dies mid-send: the resume path sends every reporting email it had not sent, once, and
none it had; a live worker's claim is never taken over. Through a real SMTP server (tests/smtp.py)."""

import io
import time

from django.core.mail.backends.smtp import EmailBackend
from django.core.management import call_command
from django.utils import timezone

import pytest

from reporting import sending
from reporting.models import ContactEmail, Invitation, RoundWindow
from tests.smtp import worker_dies_after

pytestmark = pytest.mark.django_db

ADDRESSES = ["ada@example.org", "ben@example.org", "cy@example.org"]


def addresses(smtp_server):
    return sorted(address for message in smtp_server.messages for address in message.envelope_to)


def resume():
    """What cron runs every few minutes; returns what it said."""
    out = io.StringIO()
    call_command("resume_alerts", stdout=out)
    return out.getvalue()


def age_claims(settings, rows):
    stale = timezone.now() - timezone.timedelta(seconds=settings.ALERTS_CLAIM_TIMEOUT + 1)
    rows.update(claimed_at=stale)


def test_after_a_worker_died_mid_send_the_resume_path_sends_each_contact_exactly_one_invitation(
    world, smtp_server, monkeypatch, settings, django_capture_on_commit_callbacks
):
    worker_dies_after(monkeypatch, 1)
    with django_capture_on_commit_callbacks(execute=True):  # the task's run ends in WorkerDied
        sending.open_round(world["window"])
    smtp_server.inbox.wait_for(1)
    monkeypatch.undo()
    rows = ContactEmail.objects.filter(reason=sending.INVITATION).order_by("pk")
    # The accepted email was marked at once; the others stay claimed, with the time, by the dead worker.
    assert [row.status for row in rows] == [ContactEmail.Status.SENT] + [ContactEmail.Status.SENDING] * 2
    assert all(row.claimed_at is not None for row in rows)

    # A second run at once finds the claim fresh (the worker might be alive and slow): it takes nothing,
    # and the resume command queues nothing.
    assert sending.send_queued.call(sending.INVITATION) == 0
    assert "reporting rounds and the reporting emails of 0 reasons." in resume()
    assert len(smtp_server.messages) == 1

    # Once the claim has timed out, the resume command queues the task again and it sends the rest, once.
    age_claims(settings, rows.filter(status=ContactEmail.Status.SENDING))
    assert "reporting rounds and the reporting emails of 1 reasons." in resume()
    smtp_server.inbox.wait_for(3)
    assert addresses(smtp_server) == ADDRESSES
    assert rows.filter(status=ContactEmail.Status.SENT).count() == 3
    # Each row's email carries its own Message-ID, the same on any resend.
    ids = [message["Message-ID"] for message in smtp_server.messages]
    assert len(set(ids)) == 3 and all("reporting-email-" in message_id for message_id in ids)

    # A row marked sent is never sent again, however old its claim and however often the task runs.
    age_claims(settings, rows)
    assert "reporting rounds and the reporting emails of 0 reasons." in resume()
    assert sending.send_queued.call(sending.INVITATION) == 0
    assert addresses(smtp_server) == ADDRESSES


def test_a_live_worker_sending_slowly_renews_its_claim_so_a_second_run_takes_nothing(
    world, smtp_server, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.ALERTS_CLAIM_TIMEOUT = 1  # renewed every half second
    real_send = EmailBackend.send_messages
    second_run = []

    def slow_send(self, messages):
        result = real_send(self, messages)
        if not second_run:
            time.sleep(0.6)  # a slow mail server: more than half the timeout per email
        if len(smtp_server.messages) == 2 and not second_run:
            # Over a timeout after the first worker's claim, a second worker runs the task.
            second_run.append(sending.send_queued.call(sending.INVITATION))
        return result

    monkeypatch.setattr(EmailBackend, "send_messages", slow_send)
    with django_capture_on_commit_callbacks(execute=True):
        sending.open_round(world["window"])
    smtp_server.inbox.wait_for(3)
    assert second_run == [0]
    assert addresses(smtp_server) == ADDRESSES
    assert set(ContactEmail.objects.values_list("status", "attempts")) == {(ContactEmail.Status.SENT, 1)}


def test_a_round_whose_opening_task_never_ran_is_prepared_and_sent_by_the_resume_path(
    world, smtp_server, settings, django_capture_on_commit_callbacks
):
    """The worker was down (or died, rolling back) when the round opened: cron prepares it, once."""
    with django_capture_on_commit_callbacks(execute=False):  # the round opens; its task never runs
        assert sending.open_round(world["window"])
    assert not ContactEmail.objects.exists()
    assert "Resumed the invitations of 0 reporting rounds" in resume()  # not long enough ago yet
    stale = timezone.now() - timezone.timedelta(seconds=settings.ALERTS_CLAIM_TIMEOUT + 1)
    RoundWindow.objects.filter(pk=world["window"].pk).update(opened_at=stale)
    with django_capture_on_commit_callbacks(execute=True):
        assert "Resumed the invitations of 1 reporting rounds" in resume()
    smtp_server.inbox.wait_for(3)
    assert addresses(smtp_server) == ADDRESSES
    assert "Resumed the invitations of 0 reporting rounds and the reporting emails of 0 reasons." in resume()
    assert sending.prepare_invitations.call(world["window"].pk) == 0
    assert len(smtp_server.messages) == 3


def test_emails_queued_long_ago_that_no_worker_took_are_sent_by_the_resume_path(
    world, smtp_server, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sending.open_round(world["window"])
    smtp_server.inbox.wait_for(3)
    invitation = Invitation.objects.get(signatory=world["south"])
    with django_capture_on_commit_callbacks(execute=False):  # written, but the task never runs
        assert sending.send_now(invitation, "resend") == 1
    assert "the reporting emails of 0 reasons." in resume()
    ContactEmail.objects.filter(status=ContactEmail.Status.QUEUED).update(
        created_at=timezone.now() - timezone.timedelta(seconds=settings.ALERTS_CLAIM_TIMEOUT + 1)
    )
    assert "the reporting emails of 1 reasons." in resume()
    smtp_server.inbox.wait_for(4)
    assert [m.envelope_to[0] for m in smtp_server.messages[3:]] == ["cy@example.org"]
