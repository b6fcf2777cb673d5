from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.policy import remove_devices


class Command(BaseCommand):
    help = "Remove an account's authenticator app and recovery codes (a lost phone); they enrol again at sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No account called {username!r}.") from None
        removed = remove_devices(user)
        self.stdout.write(f"Two-factor login reset for {username}: {removed} device(s) removed.")
