"""The site's own deployment checks (`manage.py check --deploy`): production must be able to send mail.

Password resets and the sign-off workflow's notifications are email; without a transport they
fail with a traceback in the log and nobody is told. Registered by home/apps.py.
"""

from django.conf import settings
from django.core import checks

# Backends that accept a message and deliver it to nobody.
NON_DELIVERING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "localhost")


@checks.register("mail", deploy=True)
def check_mail_transport(app_configs=None, **kwargs):
    messages = []
    if not getattr(settings, "EMAIL_TRANSPORT", "") or settings.EMAIL_BACKEND in NON_DELIVERING_BACKENDS:
        messages.append(
            checks.Warning(
                "No mail transport is configured: password resets and sign-off notifications will not arrive.",
                hint="Set EMAIL_URL (smtp+tls://user:password@smtp.example.org:587), EMAIL_HOST and its "
                "companions, or a hosted provider's key such as POSTMARK_SERVER_TOKEN (see the README).",
                id="synergi.W001",
            )
        )
    for name in ("DEFAULT_FROM_EMAIL", "SERVER_EMAIL"):
        address = getattr(settings, name, "").rstrip(">").lower()
        if address.endswith(PLACEHOLDER_DOMAINS):
            messages.append(
                checks.Warning(
                    f"{name} is a placeholder ({getattr(settings, name)}): mail from it is likely to be refused.",
                    hint=f"Set {name} to an address on a domain the mail transport may send for.",
                    id="synergi.W002",
                )
            )
    return messages
