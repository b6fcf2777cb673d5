"""As in production: publishing only queues the alert in the database; `manage.py db_worker` sends it."""

from django.core.management import call_command
from django.utils import timezone

from django_tasks_db.models import DBTaskResult

from alerts.models import Delivery, Subscriber
from alerts.sending import send_release_alert
from news.factories import NewsIndexPageFactory, NewsPageFactory


def test_the_database_queue_and_db_worker_send_each_alert_once(live_home_page, smtp_server, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for n in range(5):
        Subscriber.objects.create(
            email=f"reader{n}@example.org", status=Subscriber.Status.ACTIVE, confirmed_at=timezone.now()
        )
    index = NewsIndexPageFactory(parent=live_home_page)
    release = NewsPageFactory(parent=index, live=False, display_date=None)
    release.save_revision().publish()

    queued = DBTaskResult.objects.filter(task_path="alerts.sending.send_release_alert")
    assert [task.status for task in queued] == ["READY"]
    assert smtp_server.messages == []  # the publish request sent nothing itself

    call_command("db_worker", batch=True, startup_delay=False, interval=0.1)
    messages = smtp_server.inbox.wait_for(5)
    assert sorted(m.envelope_to[0] for m in messages) == [f"reader{n}@example.org" for n in range(5)]
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 5

    # The same task queued again (a worker restarted mid-run) sends nothing new.
    send_release_alert.enqueue(release.pk)
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1)
    assert len(smtp_server.messages) == 5
