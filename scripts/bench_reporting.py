#!/usr/bin/env python
"""Reporting round benchmark: open a round with N signatories (two contacts each) through the admin.

A fresh SQLite database in a temporary folder, N published Pledge Makers with two reporting
contacts each, the database task backend (as in production: the request only opens the round and
queues one task). It times the admin's "Open the round" request (after a first request has loaded
the URLs and templates), checks it wrote no invitation itself, counts the queries the round
overview asks while the invitations are being prepared and once they are sent, then runs the
worker (`db_worker`, in this process) against a local SMTP server (tests/smtp.py) and checks every
contact got exactly one invitation.

    python scripts/bench_reporting.py --signatories 200

Nothing here is a test: the numbers depend on the machine.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():  # noqa: PLR0915 - one straight-line script
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signatories", type=int, default=200)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="synergi-bench-reporting-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "synergi_site.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from cachalot.api import cachalot_disabled
    from django_tasks_db.models import DBTaskResult

    from pledge.factories import SignatoryPageFactory
    from reporting.models import ContactEmail, Invitation, ReportingContact, RoundWindow
    from reporting.sending import INVITATION
    from tests.conftest import build_site
    from tests.pledge.conftest import build_pledge_section
    from tests.smtp import SMTPServer
    from tests.twofactor import mark_verified

    override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}).enable()
    call_command("migrate", verbosity=0)
    section = build_pledge_section(build_site())
    for number in range(args.signatories):
        signatory = SignatoryPageFactory(parent=section.directory)
        for who in ("a", "b"):
            ReportingContact.objects.create(
                signatory=signatory, name=f"Contact {who}{number}", email=f"{who}{number}@example.org"
            )
    now = timezone.now()
    window = RoundWindow.objects.create(
        round=section.second, opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=14)
    )
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "a-long-bench-password")
    client = Client()
    client.force_login(user)
    mark_verified(client, user)

    overview_url = f"/admin/reporting/rounds/{window.pk}/"

    def overview():
        # Every query counted (the query cache off), so the count does not depend on what it holds.
        with cachalot_disabled(), CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            page = client.get(overview_url)
            seconds = time.perf_counter() - started
        return page.content.decode(), seconds, len(queries)

    # The pages made above left Wagtail's own tasks (search index, references) in the queue: an idle
    # worker has done those long before anyone opens a round.
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)

    # Staff see the overview before they press Open. This process's first request also loads the URLs
    # and templates: timed apart, so the opening's figure is the opening's own.
    _page, first_seconds, _count = overview()

    with CaptureQueriesContext(connection) as open_queries:
        started = time.perf_counter()
        response = client.post(overview_url, {"action": "open"})
        open_seconds = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"opening the round answered {response.status_code}")
    tasks = DBTaskResult.objects.filter(task_path__startswith="reporting.").count()
    written = (Invitation.objects.count(), ContactEmail.objects.count())
    page, preparing_seconds, preparing_queries = overview()
    if "The invitations are being prepared." not in page:
        raise SystemExit("the overview does not say the invitations are being prepared")

    with (
        SMTPServer() as server,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST=server.host, EMAIL_PORT=server.port
        ),
    ):
        started = time.perf_counter()
        call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)
        worker_seconds = time.perf_counter() - started
        expected = 2 * args.signatories
        server.inbox.wait_for(expected)
        addresses = [m.envelope_to[0] for m in server.messages]
    sent = ContactEmail.objects.filter(reason=INVITATION, status=ContactEmail.Status.SENT).count()
    if not len(addresses) == len(set(addresses)) == expected == sent:
        raise SystemExit(f"expected {expected} invitations once each, got {len(addresses)} ({sent} marked sent)")
    _page, sent_seconds, sent_queries = overview()

    print(f"signatories: {args.signatories}, contacts: {2 * args.signatories}")
    print(f"first request of the process (the overview): {first_seconds * 1000:.0f} ms")
    print(
        f"open the round (admin POST): {open_seconds * 1000:.0f} ms, {len(open_queries)} queries; "
        f"tasks queued: {tasks}, invitations and emails written by the request: {written[0]} and {written[1]}"
    )
    print(f"round overview while preparing: {preparing_seconds * 1000:.0f} ms, {preparing_queries} queries")
    print(f"round overview once sent: {sent_seconds * 1000:.0f} ms, {sent_queries} queries")
    print(
        f"worker (db_worker): {Invitation.objects.count()} invitations written and {sent} emails sent in "
        f"{worker_seconds:.1f} s ({sent / worker_seconds:.0f}/s), each once"
    )


if __name__ == "__main__":
    main()
