from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

import home.demo

# Each app loads its own demo content onto the home page, in this order.
APP_LOADERS = ["news.demo", "pledge.demo", "consent.demo", "opendata.demo", "reporting.demo"]


class Command(BaseCommand):
    help = "Load the demo content. Safe to run again: nothing is duplicated or changed."

    def handle(self, *args, **options):
        with transaction.atomic():
            home_page = home.demo.load()
            for module_name in APP_LOADERS:
                import_module(module_name).load(home_page)
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
