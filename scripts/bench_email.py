#!/usr/bin/env python
"""News alerts benchmark: publish cost with and without subscribers, a real worker's rate, memory and a SIGKILL.

On the database in DATABASE_URL (PostgreSQL, as in production; emptied first, so give it one of its
own) or, unset, a fresh SQLite file. N confirmed subscribers, an aiosmtpd server on 127.0.0.1
(tests/smtp.py) in this process, and `manage.py db_worker` as a separate process, as in production:

1. publish: the time of publishing a release (the work of the publish request: save the revision,
   publish, queue the task) with no subscribers and with N, median of --repeats each;
2. worker: alerts per second from the first email to the last at the SMTP server, unthrottled
   (ALERTS_SENDS_PER_MINUTE=0), and the worker's resident memory sampled during the run;
3. kill: another release; the worker is killed (SIGKILL) a third of the way through, restarted,
   `manage.py resume_alerts` queues the task again once the claims time out, and each subscriber
   is checked to have exactly one alert (by Message-ID: an email accepted in the instant before
   the kill is sent again with the same Message-ID, see alerts/sending.py; raw copies reported too).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/synergi_email python scripts/bench_email.py --subscribers 10000

Nothing here is a test: the numbers depend on the machine (and on whoever else is using it).
"""

import argparse
import collections
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLAIM_TIMEOUT = 3  # seconds: short, so the restarted run takes over the killed worker's rows quickly


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Worker:
    """`manage.py db_worker` in its own process, its memory sampled every half second."""

    def __init__(self, env):
        self.env = env
        self.process = None
        self.samples = []
        self._sampling = False

    def start(self):
        command = [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._sampling = True
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self):
        while self._sampling and self.process.poll() is None:
            value = rss_mb(self.process.pid)
            if value is not None:
                self.samples.append((time.monotonic(), value))
            time.sleep(0.5)

    def kill(self):
        self._sampling = False
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self._sampling = False
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.05)


def main():  # noqa: PLR0915 - one linear script
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5, help="publishes timed each way (median)")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="synergi-bench-email-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    # Production's settings (base: DEBUG off, the database task queue), for this process and the worker.
    os.environ.update(
        DJANGO_SETTINGS_MODULE="synergi_site.settings.base",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key"),
        ALERTS_SENDS_PER_MINUTE="0",
        ALERTS_CLAIM_TIMEOUT=str(CLAIM_TIMEOUT),
        TASKS_BACKEND="database",
    )
    from tests.smtp import SMTPServer

    server = SMTPServer().__enter__()
    arrivals = []  # (monotonic time, recipient, Message-ID)
    real_handle = server.inbox.handle_DATA

    async def handle_data(smtp, session, envelope):
        result = await real_handle(smtp, session, envelope)
        message = server.inbox.messages[-1]
        arrivals.append((time.monotonic(), envelope.rcpt_tos[0], message["Message-ID"]))
        return result

    server.inbox.handle_DATA = handle_data
    os.environ.update(EMAIL_HOST=server.host, EMAIL_PORT=str(server.port))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from alerts.models import Delivery, Subscriber
    from news.factories import NewsIndexPageFactory, NewsPageFactory
    from tests.conftest import build_site

    print(f"database: {connection.vendor}; subscribers: {args.subscribers}")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    index = NewsIndexPageFactory(parent=build_site())

    def publish_seconds(slug):
        release = NewsPageFactory(parent=index, slug=slug, live=False, display_date=None)
        started = time.perf_counter()
        release.save_revision().publish()
        return release, time.perf_counter() - started

    publish_seconds("warm-up")
    without = statistics.median(publish_seconds(f"without-{n}")[1] for n in range(args.repeats))
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"reader{n}@example.org", status=Subscriber.Status.ACTIVE, confirmed_at=now)
            for n in range(args.subscribers)
        ],
        batch_size=2000,
    )
    # Each publish queues its alert; the worker is not running yet, so none is sent here.
    timed = [publish_seconds(f"with-{n}") for n in range(args.repeats)]
    with_subscribers = statistics.median(seconds for _, seconds in timed)
    change = (with_subscribers / without - 1) * 100
    print(
        f"publish (median of {args.repeats}): {without * 1000:.1f} ms without subscribers, "
        f"{with_subscribers * 1000:.1f} ms with {args.subscribers} ({change:+.1f}%; goal within 10%)"
    )
    # Only the first release's alert is measured: take the others out of the queue.
    from django_tasks_db.models import DBTaskResult

    measured, killed = timed[0][0], timed[1][0]
    for result in DBTaskResult.objects.filter(task_path="alerts.sending.send_release_alert"):
        if result.args_kwargs.get("args", [None])[0] != measured.pk:
            result.delete()
    connection.close()

    # 2. The worker's rate and memory.
    worker = Worker(dict(os.environ))
    worker.start()
    wait_until(lambda: len(arrivals) >= args.subscribers, 600, "the first release's alerts")
    first, last = arrivals[0][0], arrivals[args.subscribers - 1][0]
    rate = (args.subscribers - 1) / (last - first)
    during = [mb for at, mb in worker.samples if first <= at <= last]
    if during:
        tenth = max(1, len(during) // 10)
        early, late = statistics.mean(during[:tenth]), statistics.mean(during[-tenth:])
        memory = f"RSS {early:.0f} MB in the first tenth, {late:.0f} MB in the last, peak {max(during):.0f} MB"
    else:
        memory = "RSS not sampled (too fast)"
    print(f"worker: {args.subscribers} alerts in {last - first:.1f} s ({rate:.0f}/s; goal >= 100/s); {memory}")

    # 3. Kill the worker a third of the way through the next release's alert, restart it, resume.
    base = len(arrivals)
    from alerts.sending import send_release_alert

    send_release_alert.enqueue(killed.pk)
    wait_until(lambda: len(arrivals) - base >= args.subscribers // 3, 600, "a third of the second alert")
    worker.kill()
    at_kill = len(arrivals) - base
    print(f"kill: SIGKILL after {at_kill} of {args.subscribers} alerts")
    worker = Worker(dict(os.environ))
    worker.start()
    time.sleep(CLAIM_TIMEOUT + 1)
    call_command("resume_alerts", verbosity=0)
    wait_until(
        lambda: len({to for _, to, _ in arrivals[base:]}) >= args.subscribers, 600, "the rest of the second alert"
    )
    time.sleep(2)  # anything sent twice would have arrived by now
    worker.stop()
    server.__exit__(None, None, None)

    second = arrivals[base:]
    copies = collections.Counter(to for _, to, _ in second)
    distinct = collections.Counter(to for to, _ in {(to, message_id) for _, to, message_id in second})
    expected = {f"reader{n}@example.org" for n in range(args.subscribers)}
    missing = expected - set(copies)
    resent = sum(count - 1 for count in copies.values())
    exactly_once = not missing and all(count == 1 for count in distinct.values())
    sent = Delivery.objects.filter(release=killed, status=Delivery.Status.SENT).count()
    print(
        f"after the kill: each subscriber exactly one alert: {exactly_once} "
        f"({len(missing)} missing, {resent} resent with the same Message-ID, {sent} deliveries marked sent)"
    )
    connection.close()
    if not exactly_once:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
