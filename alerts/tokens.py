"""The links in alert emails: signed (django.core.signing, one salt per use) and expiring; nothing stored.

Each carries the subscriber's id and a hash of their address, so a link stops working when the
address is erased or changed. A confirmation link is single use: it works only while the
subscriber is unconfirmed.
"""

import time

from django.conf import settings
from django.core import signing

from .models import Subscriber, address_hash

CONFIRM = "alerts.confirm"
PREFERENCES = "alerts.preferences"
FORM_STARTED = "alerts.form-started"


def make(subscriber, purpose):
    return signing.dumps({"s": subscriber.pk, "e": address_hash(subscriber.email)[:20]}, salt=purpose)


def subscriber_for(token, purpose):
    """The subscriber a valid, unexpired link of `purpose` names, or None for a forged, expired or stale one."""
    max_age = settings.ALERTS_CONFIRM_LINK_AGE if purpose == CONFIRM else settings.ALERTS_PREFERENCES_LINK_AGE
    try:
        payload = signing.loads(token, salt=purpose, max_age=max_age)
        subscriber = Subscriber.objects.get(pk=int(payload["s"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, Subscriber.DoesNotExist):
        return None
    if address_hash(subscriber.email)[:20] != payload.get("e"):
        return None
    if purpose == CONFIRM and subscriber.confirmed_at is not None:
        return None
    return subscriber


def form_started():
    """The signed time a sign-up form was drawn, so a submission seconds later can be told apart."""
    return signing.dumps(int(time.time()), salt=FORM_STARTED)


def seconds_since_started(value):
    """Seconds since the form was drawn, or None if `value` is not a time this site signed."""
    try:
        started = signing.loads(value, salt=FORM_STARTED, max_age=settings.ALERTS_FORM_MAX_AGE)
    except (signing.BadSignature, TypeError):
        return None
    if not isinstance(started, int):
        return None
    return time.time() - started


def is_signed(token, purpose):
    """Whether `token` is a link this site made for `purpose` (used or not), so a replay is told from a forgery."""
    try:
        signing.loads(token, salt=purpose, max_age=settings.ALERTS_PREFERENCES_LINK_AGE)
    except signing.BadSignature:
        return False
    return True
