"""Bounces and complaints reported by the mail provider stop mail to that address, as a 5xx from SMTP does.

django-anymail receives the provider's tracking webhook at /anymail/<provider>/tracking/ and sends
its `tracking` signal; a bounce, a rejection or a spam complaint suppresses the address (kept only
as its hash, alerts.models.Suppression). The webhook is served only for the provider in use
(ANYMAIL_PROVIDER) and only when ANYMAIL_WEBHOOK_SECRET ("user:password", the basic-auth
credentials given to the provider) is set; otherwise the address is a 404, never an open door.
"""

from django.conf import settings
from django.http import Http404
from django.views.decorators.csrf import csrf_exempt

from anymail.signals import EventType, tracking
from anymail.webhooks.brevo import BrevoTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.mailjet import MailjetTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.resend import ResendTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView

from .models import Subscriber, Suppression, normalise

TRACKING_VIEWS = {
    "postmark": PostmarkTrackingWebhookView,
    "mailgun": MailgunTrackingWebhookView,
    "sendgrid": SendGridTrackingWebhookView,
    "brevo": BrevoTrackingWebhookView,
    "mailjet": MailjetTrackingWebhookView,
    "resend": ResendTrackingWebhookView,
}
# What each event means for the address: never mail it again.
STOPPING_EVENTS = {
    EventType.BOUNCED: Suppression.Reason.BOUNCED,
    EventType.REJECTED: Suppression.Reason.BOUNCED,
    EventType.COMPLAINED: Suppression.Reason.COMPLAINED,
    EventType.UNSUBSCRIBED: Suppression.Reason.UNSUBSCRIBED,
}


def webhook_configured(provider):
    secret = getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET")
    return bool(secret) and getattr(settings, "ANYMAIL_PROVIDER", "") == provider


def tracking_webhook(request, provider):
    if provider not in TRACKING_VIEWS or not webhook_configured(provider):
        raise Http404
    return csrf_exempt(TRACKING_VIEWS[provider].as_view())(request)


tracking_webhook = csrf_exempt(tracking_webhook)


def stop_mail_to(address, reason):
    """The address gets no more alerts: a bounce keeps the subscriber as 'bounced', a complaint deletes them."""
    address = normalise(address)
    Suppression.add(address, reason)
    subscribers = Subscriber.objects.filter(email=address)
    if reason == Suppression.Reason.BOUNCED:
        subscribers.update(status=Subscriber.Status.BOUNCED)
    else:
        subscribers.delete()


def on_tracking(sender, event, esp_name, **kwargs):
    reason = STOPPING_EVENTS.get(event.event_type)
    if reason and event.recipient:
        stop_mail_to(event.recipient, reason)


def connect_signals():
    tracking.connect(on_tracking, dispatch_uid="alerts_on_tracking")
