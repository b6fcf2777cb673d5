from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .lockout import forgive
from .policy import has_authenticator, two_factor_required


@receiver(user_logged_in)
def password_sign_in_completed(sender, request, user, **kwargs):
    """With no code to come, the password was the whole sign-in: forgive earlier failures now."""
    if request is not None and not (two_factor_required(user) or has_authenticator(user)):
        forgive(request, user)
