from django.core.management.base import BaseCommand

from pagecache import store


class Command(BaseCommand):
    help = "Empty the full-page cache, e.g. after a deploy that changed templates or code."

    def handle(self, *args, **options):
        store.purge_all()
        self.stdout.write(self.style.SUCCESS("Page cache emptied."))
