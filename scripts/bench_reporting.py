#!/usr/bin/env python
"""Reporting round benchmark: open a round with N signatories (two contacts each) through the admin.

A fresh SQLite database in a temporary folder, N published Pledge Makers with two reporting
contacts each, the database task backend (as in production: the request only queues). It times
the admin's "Open the round" request, counts the invitation emails queued and the queries the
round overview asks, then runs the worker's task in this process against a local SMTP server
(tests/smtp.py) and checks every contact got exactly one invitation.

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

    from pledge.factories import SignatoryPageFactory
    from reporting.models import ContactEmail, ReportingContact, RoundWindow
    from reporting.sending import INVITATION, send_queued
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

    started = time.perf_counter()
    response = client.post(f"/admin/reporting/rounds/{window.pk}/", {"action": "open"})
    open_seconds = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"opening the round answered {response.status_code}")
    queued = ContactEmail.objects.filter(reason=INVITATION, status=ContactEmail.Status.QUEUED).count()

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        client.get(f"/admin/reporting/rounds/{window.pk}/")
        overview_seconds = time.perf_counter() - started

    with (
        SMTPServer() as server,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST=server.host, EMAIL_PORT=server.port
        ),
    ):
        started = time.perf_counter()
        sent = send_queued.call(INVITATION)
        send_seconds = time.perf_counter() - started
        server.inbox.wait_for(queued)
        addresses = [m.envelope_to[0] for m in server.messages]
    if not len(addresses) == len(set(addresses)) == queued == sent:
        raise SystemExit(f"expected {queued} invitations once each, got {len(addresses)} ({sent} sent)")

    print(f"signatories: {args.signatories}, contacts: {2 * args.signatories}")
    print(f"open the round (admin POST): {open_seconds * 1000:.0f} ms, invitations queued: {queued}")
    print(f"round overview: {overview_seconds * 1000:.0f} ms, {len(queries)} queries")
    print(f"worker: {sent} invitations sent in {send_seconds:.1f} s ({sent / send_seconds:.0f}/s), each once")


if __name__ == "__main__":
    main()
