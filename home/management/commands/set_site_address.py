from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from home.site_address import apply_site_address


class Command(BaseCommand):
    help = (
        "Set the default site's public address (hostname and port), from which every absolute link is built. "
        "Run once after deploying, or when the address changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="e.g. https://www.example.org (default: the SITE_URL setting)")

    def handle(self, *args, url=None, **options):
        url = url or settings.SITE_URL
        try:
            site = apply_site_address(url=url)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"The site is at {site.root_url}/"))
