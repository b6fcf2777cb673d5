"""Two-factor login in tests: codes from a device's key, and signing in through the real forms."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_for(user):
    """The user's confirmed authenticator app, added if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def code_for(device_or_key, at=None):
    """The code an authenticator app shows for this device (or hex key), at a time (default: now).

    A code already used is refused (django-otp records the last time step), so a device
    that has just accepted one gets the next step's code, which is still within tolerance.
    """
    if isinstance(device_or_key, TOTPDevice):
        device_or_key.refresh_from_db()
        totp = TOTP(device_or_key.bin_key, device_or_key.step, device_or_key.t0, device_or_key.digits)
        totp.time = at if at is not None else time.time()
        if totp.t() <= device_or_key.last_t:
            totp.time += device_or_key.step
        return f"{totp.token():06d}"
    totp = TOTP(bytes.fromhex(device_or_key))
    totp.time = at if at is not None else time.time()
    return f"{totp.token():06d}"


def mark_verified(client, user):
    """After client.force_login(user): the session has given its second factor too."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
    session.save()


def browser_sign_in(page, base_url, user, password):
    """Sign in to the admin as a person does: password, then (if the account has one) a code from the app."""
    device = authenticator_for(user)
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/two-factor/**")
    page.fill("#id_code", code_for(device))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/two-factor/" not in url and "/login/" not in url)
