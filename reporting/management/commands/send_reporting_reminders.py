from django.core.management.base import BaseCommand

from reporting.sending import send_reminders


class Command(BaseCommand):
    help = (
        "Queue the reporting round reminders due today (REPORTING_REMINDER_DAYS before the close, and on the "
        "closing day), each once per contact. Run daily from cron; the worker sends them."
    )

    def handle(self, *args, **options):
        queued = send_reminders()
        self.stdout.write(f"{queued} reminder{'s' if queued != 1 else ''} queued.")
