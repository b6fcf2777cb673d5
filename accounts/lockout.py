"""Wrong codes count toward django-axes' lockout exactly as wrong passwords do."""

from django.contrib.auth.signals import user_login_failed

from axes.handlers.proxy import AxesProxyHandler

from synergi_site.security import client_ip_address


def credentials(user):
    return {"username": user.get_username()}


def is_locked(request, user):
    return not AxesProxyHandler.is_allowed(request, credentials(user))


def count_failure(request, user):
    """Record a wrong code for this account and address; True when that locks the sign-in."""
    user_login_failed.send(sender=__name__, credentials=credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def forgive(request, user):
    """A completed sign-in clears this account's failures from this address (not from others)."""
    AxesProxyHandler.reset_attempts(ip_address=client_ip_address(request), username=user.get_username())
