"""The same sends with TASKS_BACKEND=rq: queued on a real Redis, run by `manage.py rqworker` (in burst mode).

Skipped only when no Redis answers at ALERTS_TEST_RQ_URL (default redis://127.0.0.1:6379/12; CI's
.ci/run starts one). Each pytest-xdist worker uses the next database number up, so parallel
test processes never take each other's jobs.
"""

import io
import os
from urllib.parse import urlsplit, urlunsplit

from django.core.management import call_command
from django.utils import timezone

import pytest
import redis
from django_rq.management.commands.rqworker import Command as RQWorkerCommand

from alerts.models import Delivery, Subscriber
from alerts.sending import send_release_alert
from news.factories import NewsIndexPageFactory, NewsPageFactory
from tests.smtp import worker_dies_after

READERS = 6


def redis_url():
    parts = urlsplit(os.environ.get("ALERTS_TEST_RQ_URL", "redis://127.0.0.1:6379/12"))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    number = (int(parts.path.strip("/") or 0) + int(worker or 0)) % 16
    return urlunsplit(parts._replace(path=f"/{number}"))


def redis_answers(url):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


URL = redis_url()
pytestmark = pytest.mark.skipif(not redis_answers(URL), reason=f"no Redis at {URL}")


@pytest.fixture
def rq_queue(settings):
    import django_rq

    settings.RQ_QUEUES = {"default": {"URL": URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default")
    queue.empty()
    yield queue
    queue.empty()


def run_worker():
    """What production runs (`manage.py rqworker default`), in this process and until the queue is empty."""
    call_command(RQWorkerCommand(), "default", burst=True, worker_class="rq.SimpleWorker", verbosity=0)


@pytest.fixture
def release(live_home_page):
    for n in range(READERS):
        Subscriber.objects.create(
            email=f"reader{n}@example.org", status=Subscriber.Status.ACTIVE, confirmed_at=timezone.now()
        )
    index = NewsIndexPageFactory(parent=live_home_page)
    return NewsPageFactory(parent=index, live=False, display_date=None, title="Clinics join the pledge")


def alert_jobs(queue):
    """The alert's jobs on the queue (publishing queues Wagtail's own tasks there too)."""
    return [job for job in queue.jobs if job.func_name == "alerts.sending.send_release_alert"]


def addresses(smtp_server):
    return sorted(address for message in smtp_server.messages for address in message.envelope_to)


def test_publishing_queues_the_alert_on_redis_and_rqworker_sends_it_once(smtp_server, rq_queue, release):
    release.save_revision().publish()

    assert len(alert_jobs(rq_queue)) == 1  # queued on Redis, nothing sent by the publish itself
    assert smtp_server.messages == []
    run_worker()
    smtp_server.inbox.wait_for(READERS)
    assert addresses(smtp_server) == [f"reader{n}@example.org" for n in range(READERS)]
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == READERS

    # A republished correction queues nothing; the task queued again sends nothing new.
    release.title = "Clinics join the pledge (corrected)"
    release.save_revision().publish()
    send_release_alert.enqueue(release.pk)
    run_worker()
    assert alert_jobs(rq_queue) == []
    assert len(smtp_server.messages) == READERS


def test_after_a_worker_dies_mid_batch_on_rq_each_reader_gets_exactly_one_alert(
    smtp_server, rq_queue, release, monkeypatch, settings
):
    worker_dies_after(monkeypatch, 2)
    release.save_revision().publish()
    run_worker()  # the job fails after two emails
    smtp_server.inbox.wait_for(2)
    monkeypatch.undo()
    assert Delivery.objects.filter(status=Delivery.Status.SENDING).count() == READERS - 2

    stale = timezone.now() - timezone.timedelta(seconds=settings.ALERTS_CLAIM_TIMEOUT + 1)
    Delivery.objects.filter(status=Delivery.Status.SENDING).update(claimed_at=stale)
    call_command("resume_alerts", stdout=io.StringIO())
    assert len(alert_jobs(rq_queue)) == 1
    run_worker()
    smtp_server.inbox.wait_for(READERS)
    assert addresses(smtp_server) == [f"reader{n}@example.org" for n in range(READERS)]
