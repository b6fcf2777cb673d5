from django.core.management.base import BaseCommand

from alerts.press import resume_journalist_sends
from alerts.sending import resume_alerts


class Command(BaseCommand):
    help = (
        "Queue again the alerts and journalist emails a dead worker left half sent (rows claimed longer "
        "ago than ALERTS_CLAIM_TIMEOUT, or queued that long). Run every few minutes, e.g. from cron."
    )

    def handle(self, *args, **options):
        release_ids = resume_alerts()
        press_ids = resume_journalist_sends()
        self.stdout.write(
            f"Resumed the alerts of {len(release_ids)} releases and the journalist emails of {len(press_ids)}."
        )
