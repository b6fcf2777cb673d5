from django.conf import settings
from django.core.management.base import BaseCommand

from alerts.sending import delete_stale_signups


class Command(BaseCommand):
    help = "Delete news alert sign-ups never confirmed within ALERTS_UNCONFIRMED_DAYS (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        deleted = delete_stale_signups()
        self.stdout.write(f"Deleted {deleted} sign-ups unconfirmed after {settings.ALERTS_UNCONFIRMED_DAYS} days.")
