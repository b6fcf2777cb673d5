"""Readers sign up for news alerts through the site and a real SMTP server: double opt-in, preferences, unsubscribe."""

import re

from django.test import Client

import pytest

from alerts.models import Subscriber, Suppression, address_hash
from news.factories import NewsPageFactory
from tests.alerts.conftest import html_part, link_in, plain_text, sign_up


def confirm_from_email(client, message):
    path = link_in(plain_text(message), "/news/alerts/confirm/")
    page = client.get(path)
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    done = client.post(path)
    assert done.status_code == 200
    return path, done


def test_sign_up_confirm_and_get_subscribed(client, smtp_server, topics, django_capture_on_commit_callbacks):
    response = sign_up(client, "Ada.Reader@example.org", ["health"], capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))

    (message,) = smtp_server.inbox.wait_for(1)
    assert message.envelope_to == ["ada.reader@example.org"]
    assert message["Subject"] == "Confirm your news alerts from Synergi Collaborative Centre"
    assert 'lang="en-GB"' in html_part(message)
    assert "1 Example Street" in plain_text(message)
    subscriber = Subscriber.objects.get(email="ada.reader@example.org")
    assert subscriber.confirmed_at is None
    assert subscriber.signup_path == "/news/alerts/"

    path, done = confirm_from_email(client, message)
    assert "You are subscribed" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.confirmed_at is not None
    assert [topic.slug for topic in subscriber.topics.all()] == ["health"]
    assert not subscriber.all_news

    # Single use: the same link again is a missing page, and nothing more is sent.
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert len(smtp_server.messages) == 1


def test_the_answer_does_not_say_whether_the_address_is_known(
    client, smtp_server, topics, django_capture_on_commit_callbacks
):
    first = sign_up(client, "known@example.org", capture=django_capture_on_commit_callbacks)
    confirm_from_email(client, smtp_server.inbox.wait_for(1)[0])
    again = sign_up(client, "known@example.org", capture=django_capture_on_commit_callbacks)
    unknown = sign_up(client, "unknown@example.org", capture=django_capture_on_commit_callbacks)
    assert first.status_code == again.status_code == unknown.status_code == 200
    assert again.content == unknown.content
    # The subscribed reader is told how to reach their preferences, not sent a new confirmation.
    messages = smtp_server.inbox.wait_for(3)
    (reminder,) = [message for message in messages[1:] if message.envelope_to == ["known@example.org"]]
    assert reminder["Subject"] == "Your news alerts"
    assert "/news/alerts/preferences/" in plain_text(reminder)


def test_the_form_is_on_the_news_index_and_works_without_javascript(client, news_index, topics):
    html = client.get(news_index.url).content.decode()
    assert 'action="/news/alerts/subscribe/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert 'name="website"' in html


def test_preferences_change_topics_pause_and_unsubscribe(
    client, smtp_server, topics, django_capture_on_commit_callbacks
):
    sign_up(client, "pat@example.org", ["health"], capture=django_capture_on_commit_callbacks)
    _, done = confirm_from_email(client, smtp_server.inbox.wait_for(1)[0])
    path = re.search(r'href="(/news/alerts/preferences/[^"]+)"', done.content.decode()).group(1)

    page = client.get(path)
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert client.post(path, {"action": "save", "topics": ["pledge"]}).status_code == 200
    subscriber = Subscriber.objects.get(email="pat@example.org")
    assert [topic.slug for topic in subscriber.topics.all()] == ["pledge"]

    assert client.post(path, {"action": "pause"}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PAUSED
    assert client.post(path, {"action": "resume"}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE

    assert client.post(path, {"action": "bogus"}).status_code == 400
    assert client.post(path, {"action": "save", "topics": ["no-such-topic"]}).status_code == 400

    gone = client.post(path, {"action": "unsubscribe"})
    assert "You are unsubscribed" in gone.content.decode()
    assert not Subscriber.objects.filter(email="pat@example.org").exists()
    assert Suppression.objects.filter(email_hash=address_hash("pat@example.org")).exists()
    # The link now names no one: a missing page.
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "case",
    [
        ("not-an-address", 400, "Enter an email address like name@example.org."),
        ("a" * 250 + "@example.org", 400, "too long"),
        ("a@example.org\r\nBcc: x@example.org", 400, "line breaks"),
        ("", 400, "Enter your email address."),
    ],
)
def test_bad_addresses_are_refused_with_a_message_and_no_email(
    client, smtp_server, topics, django_capture_on_commit_callbacks, case
):
    email, status, message = case
    response = sign_up(client, email, capture=django_capture_on_commit_callbacks)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == []


def test_a_cross_site_post_the_honeypot_and_a_forged_or_hasty_form_are_refused(
    client, smtp_server, topics, settings, django_capture_on_commit_callbacks
):
    html = client.get("/news/alerts/").content.decode()
    assert 'name="started"' in html
    with django_capture_on_commit_callbacks(execute=True):
        cross_site = client.post(
            "/news/alerts/subscribe/",
            {"email": "x@example.org", "started": "x"},
            headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        )
    assert cross_site.status_code == 403
    assert "only sign up for news alerts on this website" in cross_site.content.decode()

    honeypot = sign_up(
        client, "bot@example.org", website="https://spam.example", capture=django_capture_on_commit_callbacks
    )
    assert honeypot.status_code == 400
    forged = sign_up(
        client, "bot@example.org", started="1700000000:forged", capture=django_capture_on_commit_callbacks
    )
    assert forged.status_code == 400
    assert "out of date" in forged.content.decode()
    unknown_field = sign_up(client, "bot@example.org", extra_field="1", capture=django_capture_on_commit_callbacks)
    assert unknown_field.status_code == 400

    settings.ALERTS_MIN_FILL_SECONDS = 3
    hasty = sign_up(client, "bot@example.org", capture=django_capture_on_commit_callbacks)
    assert hasty.status_code == 400
    assert "quicker than anyone types" in hasty.content.decode()
    assert client.get("/news/alerts/subscribe/").status_code == 405
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == []


def test_rate_limits_per_address_and_per_client(
    client, smtp_server, topics, settings, django_capture_on_commit_callbacks
):
    settings.ALERTS_ADDRESS_RATE_LIMIT = 2
    for _ in range(2):
        assert sign_up(client, "same@example.org", capture=django_capture_on_commit_callbacks).status_code == 200
    third = sign_up(client, "same@example.org", capture=django_capture_on_commit_callbacks)
    assert third.status_code == 429
    assert "Try again in an hour" in third.content.decode()
    assert len(smtp_server.inbox.wait_for(2)) == 2

    settings.ALERTS_CLIENT_RATE_LIMIT = 3
    assert sign_up(client, "other@example.org", capture=django_capture_on_commit_callbacks).status_code == 429


def test_forged_and_expired_links_are_missing_pages(
    client, smtp_server, topics, settings, django_capture_on_commit_callbacks
):
    sign_up(client, "late@example.org", capture=django_capture_on_commit_callbacks)
    path = link_in(plain_text(smtp_server.inbox.wait_for(1)[0]), "/news/alerts/confirm/")
    assert client.get(path[:-3] + "xx/").status_code == 404
    assert client.get("/news/alerts/preferences/not-a-token/").status_code == 404
    assert client.post("/news/alerts/unsubscribe/not-a-token/", {"List-Unsubscribe": "One-Click"}).status_code == 404
    settings.ALERTS_CONFIRM_LINK_AGE = -1
    assert client.post(path).status_code == 404
    assert Subscriber.objects.get(email="late@example.org").confirmed_at is None


def test_a_cached_release_keeps_its_sign_up_form_working(
    client, smtp_server, news_index, topics, django_capture_on_commit_callbacks
):
    release = NewsPageFactory(parent=news_index, topics=[topics["pledge"]])
    first = client.get(release.url)
    cached = Client().get(release.url)
    assert cached["X-Cache"] == "HIT"
    html = cached.content.decode()
    assert html == first.content.decode()
    assert 'action="/news/alerts/subscribe/"' in html
    assert "csrfmiddlewaretoken" not in html and "Set-Cookie" not in cached.headers
    # The release's topics are ticked already.
    assert re.search(r'value="pledge"\s+checked', html)

    response = sign_up(
        client, "from.release@example.org", ["pledge"], page=release.url, capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    (message,) = smtp_server.inbox.wait_for(1)
    assert message.envelope_to == ["from.release@example.org"]
    assert Subscriber.objects.get().signup_path == release.url
