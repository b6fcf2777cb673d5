from django.core.management.base import BaseCommand

from alerts.press import resume_journalist_sends
from alerts.sending import resume_alerts
from reporting.sending import resume_reporting_emails


class Command(BaseCommand):
    help = (
        "Queue again the emails a dead worker left half sent: news alerts, journalist emails and reporting "
        "emails (rows claimed longer ago than ALERTS_CLAIM_TIMEOUT, or queued that long). Run every few "
        "minutes, e.g. from cron."
    )

    def handle(self, *args, **options):
        release_ids = resume_alerts()
        press_ids = resume_journalist_sends()
        self.stdout.write(
            f"Resumed the alerts of {len(release_ids)} releases and the journalist emails of {len(press_ids)}."
        )
        rounds, reasons = resume_reporting_emails()
        self.stdout.write(
            f"Resumed the invitations of {len(rounds)} reporting rounds and the reporting emails of "
            f"{len(reasons)} reasons."
        )
