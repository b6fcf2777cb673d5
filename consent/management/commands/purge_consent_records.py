from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from consent.models import ConsentRecord


class Command(BaseCommand):
    help = "Delete proof-of-consent records older than CONSENT_RECORD_RETENTION_DAYS (default 730). Run daily."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        days = getattr(settings, "CONSENT_RECORD_RETENTION_DAYS", 730)
        if not isinstance(days, int) or days < 1:
            raise CommandError("CONSENT_RECORD_RETENTION_DAYS must be a whole number of days, 1 or more.")
        cutoff = timezone.now() - timedelta(days=days)
        old = ConsentRecord.objects.filter(created_at__lt=cutoff)
        if dry_run:
            self.stdout.write(f"{old.count()} consent record(s) older than {days} days would be deleted.")
            return
        deleted, _ = old.delete()
        self.stdout.write(f"Deleted {deleted} consent record(s) older than {days} days.")
