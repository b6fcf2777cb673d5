"""Publishing a release sends its alert once, in the background, to a real SMTP server."""

import io
import re

from django.core.management import call_command
from django.utils import timezone

import pytest

from alerts.models import Delivery, Subscriber, Suppression, address_hash
from alerts.sending import send_release_alert
from news.factories import NewsPageFactory
from tests.alerts.conftest import html_part, link_in, plain_text


def subscriber(email, topics=(), status=Subscriber.Status.ACTIVE, confirmed=True):
    person = Subscriber.objects.create(
        email=email,
        all_news=not topics,
        status=status,
        confirmed_at=timezone.now() if confirmed else None,
    )
    person.topics.set(topics)
    return person


@pytest.fixture
def readers(topics):
    return {
        "health": subscriber("health.reader@example.org", [topics["health"]]),
        "all": subscriber("all.news@example.org"),
        "pledge": subscriber("pledge.reader@example.org", [topics["pledge"]]),
        "paused": subscriber("paused@example.org", status=Subscriber.Status.PAUSED),
        "pending": subscriber("pending@example.org", status=Subscriber.Status.PENDING, confirmed=False),
    }


def draft(news_index, topics, **kwargs):
    return NewsPageFactory(
        parent=news_index, live=False, display_date=None, title="Clinics join the pledge", topics=topics, **kwargs
    )


def publish(release, capture):
    with capture(execute=True):
        release.save_revision().publish()
    release.refresh_from_db()
    return release


def test_an_alert_goes_once_to_confirmed_readers_of_its_topics(
    smtp_server, news_index, topics, readers, django_capture_on_commit_callbacks
):
    release = publish(draft(news_index, [topics["health"]]), django_capture_on_commit_callbacks)

    messages = smtp_server.inbox.wait_for(2)
    assert sorted(address for message in messages for address in message.envelope_to) == [
        "all.news@example.org",
        "health.reader@example.org",
    ]
    message = smtp_server.inbox.to("health.reader@example.org")[0]
    assert message["Subject"] == "Clinics join the pledge"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<https?://\S+/news/alerts/unsubscribe/\S+/>", message["List-Unsubscribe"].strip())
    assert re.fullmatch(r"<\S+\.alert-\d+@testserver>", message["Message-ID"].strip())
    text = plain_text(message)
    assert release.get_full_url() in text
    assert "You get this email because you signed up for news" in text
    assert "1 Example Street, Exampletown" in text
    html = html_part(message)
    assert '<html lang="en-GB">' in html
    assert "<h1" in html and "Clinics join the pledge</h1>" in html
    assert "<img" not in html and "<script" not in html
    assert Delivery.objects.filter(release=release, status=Delivery.Status.SENT).count() == 2

    # A correction republished: nothing more.
    release.title = "Clinics join the pledge (corrected)"
    publish(release, django_capture_on_commit_callbacks)
    # The task run again, as after a crash: every delivery is written already, so nothing new.
    send_release_alert.enqueue(release.pk)
    assert len(smtp_server.messages) == 2


def test_a_rerun_after_a_crash_sends_only_what_was_never_sent(
    smtp_server, news_index, topics, readers, django_capture_on_commit_callbacks
):
    release = publish(draft(news_index, []), django_capture_on_commit_callbacks)
    assert len(smtp_server.inbox.wait_for(1)) == 1  # all news only: the release has no topics
    # A worker died after writing a delivery and before claiming it.
    late = subscriber("late@example.org")
    Delivery.objects.create(release=release, subscriber=late)
    send_release_alert.enqueue(release.pk)
    send_release_alert.enqueue(release.pk)
    assert [message.envelope_to for message in smtp_server.inbox.wait_for(2)] == [
        ["all.news@example.org"],
        ["late@example.org"],
    ]


def test_a_back_dated_release_sends_nothing(
    smtp_server, news_index, topics, readers, django_capture_on_commit_callbacks
):
    release = draft(news_index, [topics["health"]])
    release.display_date = timezone.now() - timezone.timedelta(days=30)
    publish(release, django_capture_on_commit_callbacks)
    assert smtp_server.messages == []
    assert not Delivery.objects.exists()


def test_one_click_unsubscribe_is_honoured_at_once_and_a_replay_is_harmless(
    client, smtp_server, news_index, readers, django_capture_on_commit_callbacks
):
    topics = {"health": readers["health"].topics.get()}
    publish(draft(news_index, [topics["health"]]), django_capture_on_commit_callbacks)
    message = smtp_server.inbox.wait_for(2) and smtp_server.inbox.to("health.reader@example.org")[0]
    url = message["List-Unsubscribe"].strip().strip("<>")
    path = re.sub(r"^https?://[^/]+", "", url)
    # As a mail client sends it (RFC 8058): a POST from nowhere, no cookies, no CSRF token.
    headers = {"Sec-Fetch-Site": "cross-site"}
    response = client.post(path, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded", headers=headers)
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="health.reader@example.org").exists()
    assert Suppression.objects.filter(email_hash=address_hash("health.reader@example.org")).exists()
    replay = client.post(path, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded", headers=headers)
    assert replay.status_code == 200
    assert link_in(plain_text(message), "/news/alerts/unsubscribe/") == path

    publish(draft(news_index, [topics["health"]], slug="second"), django_capture_on_commit_callbacks)
    assert smtp_server.inbox.wait_for(3) and smtp_server.inbox.to("health.reader@example.org") == [message]


def test_a_temporary_failure_is_retried_and_a_permanent_one_stops_mail_to_the_address(
    smtp_server, news_index, topics, django_capture_on_commit_callbacks
):
    subscriber("flaky@example.org")
    subscriber("gone@example.org")
    refused_once = set()

    async def handle_rcpt(server, session, envelope, address, rcpt_options):
        if address == "gone@example.org":
            return "550 5.1.1 No such mailbox"
        if address == "flaky@example.org" and address not in refused_once:
            refused_once.add(address)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.inbox.handle_RCPT = handle_rcpt
    release = publish(draft(news_index, []), django_capture_on_commit_callbacks)

    (message,) = smtp_server.inbox.wait_for(1)
    assert message.envelope_to == ["flaky@example.org"]
    failed = Delivery.objects.get(release=release, subscriber__email="gone@example.org")
    assert failed.status == Delivery.Status.FAILED
    assert "550" in failed.error
    assert Subscriber.objects.get(email="gone@example.org").status == Subscriber.Status.BOUNCED
    assert Suppression.objects.filter(email_hash=address_hash("gone@example.org")).exists()

    publish(draft(news_index, [], slug="next"), django_capture_on_commit_callbacks)
    assert [m.envelope_to for m in smtp_server.inbox.wait_for(2)] == [["flaky@example.org"], ["flaky@example.org"]]


def test_the_alert_goes_when_a_scheduled_release_goes_live(
    smtp_server, news_index, topics, readers, django_capture_on_commit_callbacks
):
    release = draft(news_index, [topics["pledge"]])
    release.go_live_at = timezone.now() + timezone.timedelta(hours=2)
    release.save_revision().publish()
    release.refresh_from_db()
    assert not release.live
    assert smtp_server.messages == []
    # Two hours later (the revision's go-live time moved back instead of the clock forward), the scheduler runs.
    revision = release.scheduled_revision
    past = timezone.now() - timezone.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=io.StringIO())
    assert sorted(m.envelope_to[0] for m in smtp_server.inbox.wait_for(2)) == [
        "all.news@example.org",
        "pledge.reader@example.org",
    ]


def test_unconfirmed_sign_ups_are_deleted_after_seven_days(db):
    old = subscriber("old@example.org", status=Subscriber.Status.PENDING, confirmed=False)
    Subscriber.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=8))
    subscriber("new@example.org", status=Subscriber.Status.PENDING, confirmed=False)
    kept = subscriber("confirmed@example.org")
    Subscriber.objects.filter(pk=kept.pk).update(created_at=timezone.now() - timezone.timedelta(days=80))
    out = io.StringIO()
    call_command("delete_stale_signups", stdout=out)
    assert "Deleted 1 sign-ups" in out.getvalue()
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == ["confirmed@example.org", "new@example.org"]


def test_staff_export_one_subscribers_data_and_erase_it(admin_client, readers):
    export = admin_client.get("/admin/snippets/alerts/subscriber/?export=csv&q=health.reader")
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert len(rows) == 2
    assert rows[1].startswith("health.reader@example.org,active,False,Health,")
    person = readers["health"]
    erased = admin_client.post(f"/admin/snippets/alerts/subscriber/delete/{person.pk}/")
    assert erased.status_code == 302
    assert not Subscriber.objects.filter(pk=person.pk).exists()


def test_editors_see_what_was_sent_on_the_release_and_the_dashboard(
    admin_client, smtp_server, news_index, readers, django_capture_on_commit_callbacks
):
    release = publish(draft(news_index, []), django_capture_on_commit_callbacks)
    smtp_server.inbox.wait_for(1)
    page = admin_client.get(f"/admin/alerts/send/{release.pk}/").content.decode()
    assert "for 1 subscriber:" in page and "1 sent, 0 queued, 0 failed" in page
    dashboard = admin_client.get("/admin/").content.decode()
    assert "Email alerts" in dashboard
    assert re.search(r"Clinics join the pledge.*?<td>1</td>\s*<td>0</td>\s*<td>0</td>", dashboard, re.S)
