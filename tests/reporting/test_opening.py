"""Opening a round through the admin, as in production: the request only opens it and queues one task;
`manage.py db_worker` writes the invitations and their emails and sends them, once, however often it runs."""

from django.core.management import call_command

import pytest
from django_tasks_db.models import DBTaskResult

from reporting import sending
from reporting.models import ContactEmail, Invitation, RoundWindow

pytestmark = pytest.mark.django_db


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1)


def tasks(name):
    return list(DBTaskResult.objects.filter(task_path=f"reporting.sending.{name}").values_list("status", flat=True))


@pytest.mark.django_db(transaction=True)  # the worker commits its own transactions, as a real one does
def test_opening_a_round_queues_one_task_and_the_worker_prepares_and_sends_each_invitation_once(
    world, staff, client, smtp_server, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    window = world["window"]
    overview_url = f"/admin/reporting/rounds/{window.pk}/"
    opened = client.post(overview_url, {"action": "open"}, follow=True)
    assert opened.status_code == 200
    assert "The invitations are being prepared and sent in the background." in opened.content.decode()

    # The request opened the round and queued one task; it wrote no invitation and sent nothing.
    window.refresh_from_db()
    assert window.state == RoundWindow.State.OPEN and window.preparing_invitations
    assert tasks("prepare_invitations") == ["READY"]
    assert not Invitation.objects.exists() and not ContactEmail.objects.exists()
    assert smtp_server.messages == []
    overview = client.get(overview_url).content.decode()
    assert "The invitations are being prepared." in overview

    run_worker()
    smtp_server.inbox.wait_for(3)
    assert sorted(m.envelope_to[0] for m in smtp_server.messages) == [
        "ada@example.org",
        "ben@example.org",
        "cy@example.org",
    ]
    assert sorted(Invitation.objects.values_list("signatory__title", flat=True)) == [
        "Northtown NHS Trust (fictional)",
        "Southvale Council (fictional)",
    ]
    overview = client.get(overview_url).content.decode()
    assert "The invitations are being prepared." not in overview
    assert "Invitation emails: 3 of 3 sent." in overview
    assert "Southvale Council (fictional)" in overview

    # The preparation queued again (a worker restarted mid-run), and the round opened again: nothing more.
    sending.prepare_invitations.enqueue(window.pk)
    sending.send_queued.enqueue(sending.INVITATION)
    again = client.post(overview_url, {"action": "open"}, follow=True)
    assert "This round has already been opened" in again.content.decode()
    run_worker()
    assert len(smtp_server.messages) == 3
    assert Invitation.objects.count() == 2 and ContactEmail.objects.count() == 3
    assert len(tasks("prepare_invitations")) == 2


def test_the_list_staff_chose_before_opening_is_the_one_invited(
    world, staff, client, smtp_server, django_capture_on_commit_callbacks
):
    Invitation.objects.create(window=world["window"], signatory=world["south"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/reporting/rounds/{world['window'].pk}/", {"action": "open"})
    smtp_server.inbox.wait_for(1)
    assert [m.envelope_to[0] for m in smtp_server.messages] == ["cy@example.org"]
    assert list(Invitation.objects.values_list("signatory", flat=True)) == [world["south"].pk]


def test_a_round_closed_before_the_worker_prepared_it_invites_no_one(
    world, staff, client, smtp_server, django_capture_on_commit_callbacks
):
    overview_url = f"/admin/reporting/rounds/{world['window'].pk}/"
    with django_capture_on_commit_callbacks(execute=False):  # the worker is busy: the task waits
        client.post(overview_url, {"action": "open"})
    client.post(overview_url, {"action": "close"})
    assert sending.prepare_invitations.call(world["window"].pk) == 0
    assert not Invitation.objects.exists() and smtp_server.messages == []
    world["window"].refresh_from_db()
    assert not world["window"].preparing_invitations
    assert "The invitations are being prepared." not in client.get(overview_url).content.decode()
