"""`manage.py audit_cookies`: visit the site's pages in every consent state and check them against the declarations."""

from django.core.management.base import BaseCommand, CommandError

from cookieaudit.audit import AuditError, run_audit, start_run
from cookieaudit.models import AuditRun, Finding
from cookieaudit.states import state_names


class Command(BaseCommand):
    help = (
        "Visit every live public page (from the sitemap) in headless Chromium in each consent state, record "
        "cookies, storage keys and requests to other websites, and compare them with Cookies we set. Exits 1 when "
        "there is a violation, an undeclared item or a stale declaration nobody has accepted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", action="append", default=[], help="A page to audit (a path or a URL on the site); repeatable"
        )
        parser.add_argument("--limit", type=int, default=None, help="Audit at most this many pages")
        parser.add_argument(
            "--base-url",
            default="",
            help="The site to audit, e.g. https://www.example.org. Default: this site, served on 127.0.0.1 for it",
        )
        parser.add_argument(
            "--state",
            action="append",
            default=[],
            help=f"Only this consent state; repeatable. One of: {', '.join(state_names())}",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Pages open in the browser at once (default: COOKIE_AUDIT_WORKERS, else two per CPU core, 2 to 8)",
        )
        parser.add_argument("--scheduled", action="store_true", help="A scheduled run (cron): email new violations")
        parser.add_argument(
            "--block-third-party",
            action="store_true",
            help="Note requests to other websites but do not send them (offline machines, CI)",
        )

    def handle(self, *args, **options):
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be 1 or more.")
        if options["workers"] is not None and not 1 <= options["workers"] <= 32:
            raise CommandError("--workers must be between 1 and 32.")
        trigger = AuditRun.Trigger.SCHEDULE if options["scheduled"] else AuditRun.Trigger.COMMAND
        try:
            run = start_run(trigger)
            run_audit(
                run,
                base_url=options["base_url"] or None,
                urls=options["url"] or None,
                limit=options["limit"],
                state_names=options["state"],
                block_third_party=options["block_third_party"] or None,
                workers=options["workers"],
            )
        except AuditError as error:
            raise CommandError(str(error)) from error
        self.report(run)
        if run.failed:
            raise CommandError(f"The cookie audit found {run.open_findings.count()} problem(s).", returncode=1)

    def report(self, run):
        write = self.stdout.write
        write(f"Cookie audit {run.pk}: {len(run.pages)} page(s) in {len(run.states)} state(s) on {run.base_url}")
        for error in run.page_errors:
            write(self.style.WARNING(f"  skipped {error['url'] or '(rest)'} [{error['state']}]: {error['error']}"))
        for kind in Finding.Kind:
            findings = run.findings.filter(kind=kind)
            write(f"{kind.label}: {findings.count()}")
            for finding in findings:
                accepted = f" (accepted: {finding.accepted_reason})" if finding.accepted_at else ""
                new = " [new]" if finding.is_new else ""
                write(f"  {finding.detail}{new}{accepted}")
        for change, label in (("added", "New since the last audit"), ("removed", "Gone since the last audit")):
            if run.changes.get(change):
                write(f"{label}: {', '.join(run.changes[change])}")
