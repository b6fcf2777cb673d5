#!/usr/bin/env python
"""News alerts benchmark: publish cost with and without subscribers, and worker throughput to a local SMTP server.

A fresh SQLite database in a temporary folder, N confirmed subscribers, an aiosmtpd server on
127.0.0.1 (tests/smtp.py). It times publishing a release with none and with N subscribers (the
publish only queues the task: the database backend), then runs the send task in this process,
unthrottled, and reports alerts per second, peak memory, and that each subscriber got exactly one.

    python scripts/bench_email.py --subscribers 10000

Nothing here is a test: the numbers depend on the machine.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="synergi-bench-email-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "synergi_site.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings
    from django.utils import timezone

    from alerts.models import Delivery, Subscriber
    from alerts.sending import send_release_alert
    from news.factories import NewsIndexPageFactory, NewsPageFactory
    from tests.conftest import build_site
    from tests.smtp import SMTPServer

    # The publish only queues the task, as in production; the worker part runs it here.
    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, ALERTS_SENDS_PER_MINUTE=0
    ).enable()
    call_command("migrate", verbosity=0)
    index = NewsIndexPageFactory(parent=build_site())

    def publish_seconds(slug):
        release = NewsPageFactory(parent=index, slug=slug, live=False, display_date=None)
        started = time.perf_counter()
        release.save_revision().publish()
        return release, time.perf_counter() - started

    publish_seconds("warm-up")
    _, without = publish_seconds("without-subscribers")
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"reader{n}@example.org", status=Subscriber.Status.ACTIVE, confirmed_at=now)
            for n in range(args.subscribers)
        ],
        batch_size=2000,
    )
    release, with_subscribers = publish_seconds("with-subscribers")
    print(f"publish: {without * 1000:.1f} ms without subscribers, {with_subscribers * 1000:.1f} ms with them")

    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        started = time.perf_counter()
        send_release_alert.call(release.pk)
        server.inbox.wait_for(args.subscribers, timeout=120)
        elapsed = time.perf_counter() - started
        send_release_alert.call(release.pk)  # a rerun: nothing new
        time.sleep(0.5)
        received = [message.envelope_to[0] for message in server.messages]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = args.subscribers / elapsed
    print(f"worker: {args.subscribers} alerts in {elapsed:.1f} s ({rate:.0f}/s), peak RSS {peak_mb:.0f} MB")
    exactly_once = len(received) == len(set(received)) == args.subscribers
    sent = Delivery.objects.filter(release=release, status=Delivery.Status.SENT).count()
    print(f"each subscriber exactly one alert: {exactly_once} ({sent} deliveries marked sent)")
    connection.close()


if __name__ == "__main__":
    main()
