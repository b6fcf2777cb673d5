"""A bounce or complaint reported by the provider's webhook (django-anymail; Postmark here) stops its mail."""

import base64
import json

from django.utils import timezone

import pytest

from alerts.models import Subscriber, Suppression, address_hash
from tests.alerts.test_sending import draft, publish, subscriber

SECRET = "synergi-hooks:not-a-real-secret"
URL = "/anymail/postmark/tracking/"


def auth(secret=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


# Postmark's sample payloads (its "Bounce webhook" and "Spam complaint webhook" documentation), our addresses.
def bounce(address):
    return {
        "RecordType": "Bounce",
        "MessageStream": "outbound",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "Test",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Metadata": {},
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "Test bounce details",
        "Email": address,
        "From": "noreply@example.org",
        "BouncedAt": "2026-11-05T16:33:54.9070259Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Clinics join the pledge",
    }


def complaint(address):
    return {
        **bounce(address),
        "RecordType": "SpamComplaint",
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "Name": "Spam complaint",
        "Description": "The subscriber explicitly marked this message as spam.",
    }


@pytest.fixture
def webhook_on(settings):
    settings.ANYMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def post(client, payload, **headers):
    return client.post(URL, json.dumps(payload), content_type="application/json", **headers)


def test_a_bounce_and_a_complaint_stop_mail_to_the_address(
    client, smtp_server, news_index, webhook_on, django_capture_on_commit_callbacks
):
    subscriber("gone@example.org")
    subscriber("annoyed@example.org")
    subscriber("happy@example.org")

    assert post(client, bounce("Gone@Example.org"), **auth()).status_code == 200
    assert post(client, complaint("annoyed@example.org"), **auth()).status_code == 200

    assert Subscriber.objects.get(email="gone@example.org").status == Subscriber.Status.BOUNCED
    assert not Subscriber.objects.filter(email="annoyed@example.org").exists()
    reasons = dict(Suppression.objects.values_list("email_hash", "reason"))
    assert reasons == {
        address_hash("gone@example.org"): Suppression.Reason.BOUNCED,
        address_hash("annoyed@example.org"): Suppression.Reason.COMPLAINED,
    }
    publish(draft(news_index, []), django_capture_on_commit_callbacks)
    assert [m.envelope_to for m in smtp_server.inbox.wait_for(1)] == [["happy@example.org"]]


def test_the_webhook_wants_the_secret_and_is_off_until_configured(client, settings, db):
    subscriber("reader@example.org")
    assert post(client, bounce("reader@example.org")).status_code == 404  # not configured: no such address
    settings.ANYMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    assert post(client, bounce("reader@example.org")).status_code == 400  # no credentials
    assert post(client, bounce("reader@example.org"), **auth("synergi-hooks:guessed")).status_code == 400
    assert client.post("/anymail/sendgrid/tracking/", "[]", content_type="application/json").status_code == 404
    assert not Suppression.objects.exists()
    assert Subscriber.objects.get(email="reader@example.org").status == Subscriber.Status.ACTIVE
    assert Subscriber.objects.get(email="reader@example.org").confirmed_at <= timezone.now()
