"""A worker that dies mid-batch: the next run sends every alert it had not sent, and none it had, once."""

import io

from django.core.management import call_command
from django.utils import timezone

import pytest

from alerts.models import Delivery, Subscriber
from alerts.sending import send_release_alert, start_alert
from news.factories import NewsPageFactory
from tests.smtp import worker_dies_after

READERS = 12
DIES_AFTER = 5


@pytest.fixture
def release(news_index):
    for n in range(READERS):
        Subscriber.objects.create(
            email=f"reader{n:02}@example.org", status=Subscriber.Status.ACTIVE, confirmed_at=timezone.now()
        )
    return NewsPageFactory(parent=news_index, display_date=None, title="Clinics join the pledge")


def addresses(smtp_server):
    return sorted(address for message in smtp_server.messages for address in message.envelope_to)


def test_a_rerun_after_a_worker_died_mid_batch_sends_each_reader_exactly_one_alert(
    smtp_server, release, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.ALERTS_BATCH_SIZE = 100  # the whole list claimed at once, as one batch
    worker_dies_after(monkeypatch, DIES_AFTER)
    with django_capture_on_commit_callbacks(execute=True):  # the task's run ends in WorkerDied
        start_alert(release)
    smtp_server.inbox.wait_for(DIES_AFTER)
    statuses = list(Delivery.objects.order_by("pk").values_list("status", flat=True))
    # Each accepted email was marked at once; the rest stay claimed by the dead worker.
    assert statuses == [Delivery.Status.SENT] * DIES_AFTER + [Delivery.Status.SENDING] * (READERS - DIES_AFTER)
    monkeypatch.undo()

    # Run again at once: the claim is fresh (the worker might be alive and slow), so nothing is taken.
    send_release_alert.enqueue(release.pk)
    assert len(smtp_server.messages) == DIES_AFTER

    # After the claim timeout the next run takes over the dead worker's rows, and only those.
    stale = timezone.now() - timezone.timedelta(seconds=settings.ALERTS_CLAIM_TIMEOUT + 1)
    Delivery.objects.filter(status=Delivery.Status.SENDING).update(claimed_at=stale)
    out = io.StringIO()
    call_command("resume_alerts", stdout=out)  # what cron runs: it queues the task again
    assert "Resumed the alerts of 1 releases and the journalist emails of 0." in out.getvalue()
    send_release_alert.enqueue(release.pk)

    smtp_server.inbox.wait_for(READERS)
    assert addresses(smtp_server) == [f"reader{n:02}@example.org" for n in range(READERS)]
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == READERS
    # A resent email would carry the same Message-ID as the first try: one per delivery.
    ids = [message["Message-ID"] for message in smtp_server.messages]
    assert len(set(ids)) == READERS
    assert all(f"release-{release.pk}.alert-" in message_id for message_id in ids)
    call_command("resume_alerts", stdout=out)
    assert "Resumed the alerts of 0 releases and the journalist emails of 0." in out.getvalue()


def test_a_live_worker_renews_its_claim_so_a_slow_batch_is_not_taken_over(
    smtp_server, release, settings, django_capture_on_commit_callbacks
):
    settings.ALERTS_CLAIM_TIMEOUT = 0  # every check of the clock finds the claim due for renewal
    with django_capture_on_commit_callbacks(execute=True):
        start_alert(release)
    smtp_server.inbox.wait_for(READERS)
    assert addresses(smtp_server) == [f"reader{n:02}@example.org" for n in range(READERS)]
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
