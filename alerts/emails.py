"""The alert emails, built from templates: an HTML part and a plain-text part, each with the
Centre's name and postal address and why the reader gets it. Every alert carries one-click
unsubscribe headers (RFC 8058) and its own Message-ID."""

from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens


def absolute(path):
    return settings.ALERTS_BASE_URL.rstrip("/") + path


def mail_domain(base_url=None):
    """The domain in our Message-IDs: the host of the site's address in emails (ALERTS_BASE_URL unless given)."""
    return urlsplit(base_url or settings.ALERTS_BASE_URL).hostname or "localhost"


def links_for(subscriber):
    token = tokens.make(subscriber, tokens.PREFERENCES)
    return {
        "preferences_url": absolute(reverse("alerts:preferences", args=[token])),
        "unsubscribe_url": absolute(reverse("alerts:unsubscribe", args=[token])),
    }


def build(template, subject, to, context, *, headers=None, message_id_prefix="alerts", message_id=None):
    context = {
        **context,
        "subject": subject,
        "centre_name": settings.ALERTS_CENTRE_NAME,
        "postal_address": settings.ALERTS_POSTAL_ADDRESS,
        "site_url": settings.ALERTS_BASE_URL,
    }
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={"Message-ID": message_id or make_msgid(message_id_prefix, domain=mail_domain()), **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation(subscriber):
    token = tokens.make(subscriber, tokens.CONFIRM)
    context = {"confirm_url": absolute(reverse("alerts:confirm", args=[token])), "subscriber": subscriber}
    return build("confirm", f"Confirm your news alerts from {settings.ALERTS_CENTRE_NAME}", subscriber.email, context)


def already_subscribed(subscriber):
    context = {"subscriber": subscriber, **links_for(subscriber)}
    return build("already_subscribed", "Your news alerts", subscriber.email, context)


def release_alert(release, subscriber, delivery, topics, update=None):
    links = links_for(subscriber)
    context = {
        "update": update,
        "release": release,
        "release_url": release.get_full_url(),
        "topics": topics,
        "subscriber": subscriber,
        **links,
    }
    headers = {
        "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return build(
        "release_alert",
        f"Updated: {release.title}" if update else release.title,
        subscriber.email,
        context,
        headers=headers,
        # The same Message-ID every time this delivery is sent: should a worker die between the mail
        # server accepting it and the row being marked sent, the resend is recognisably the same email.
        message_id=f"<release-{release.pk}.alert-{delivery.pk}@{mail_domain()}>",
    )
