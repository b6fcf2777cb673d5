"""Who must sign in with a second factor, and with which devices."""

from django.conf import settings

from wagtail.log_actions import log
from wagtail.permission_policies.pages import PagePermissionPolicy

from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RecoveryCodeDevice


def two_factor_required(user):
    """Anyone who can publish a page (or everyone, with TWO_FACTOR_REQUIRED_FOR_ALL)."""
    if user.get_username() in settings.TWO_FACTOR_EXEMPT_USERNAMES:
        return False
    if settings.TWO_FACTOR_REQUIRED_FOR_ALL:
        return True
    return PagePermissionPolicy().user_has_any_permission(user, ["publish"])


def has_authenticator(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_code(user):
    """A signed-in user who has not yet given a code this session, and must (or chose to) give one."""
    if not user.is_authenticated or user.is_verified():
        return False
    return two_factor_required(user) or has_authenticator(user)


def remove_devices(user, by=None):
    """Forget every authenticator and recovery code of `user` (a lost phone); returns how many.

    Recorded in the site history (Reports), with who did it when it was done in the admin.
    """
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    log(instance=user, action="accounts.reset_two_factor", user=by, data={"devices": len(devices)})
    return len(devices)


def match_code(user, code):
    """The user's device that accepts `code` (the app's current code or an unused recovery code), or None."""
    code = code.strip().replace(" ", "")
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if code.isdigit() and device.verify_token(code):
            return device
    for device in RecoveryCodeDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None
