"""The media list: CSV import and export, and a release sent to journalists, under embargo with a link each."""

import io
import re
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

import pytest

from alerts.models import Journalist, JournalistSend
from news.factories import NewsPageFactory, PressContactFactory
from news.models import NewsPage
from newsdesk.models import EmbargoLink
from tests.alerts.conftest import plain_text
from tests.smtp import worker_dies_after

IMPORT_URL = "/admin/alerts/journalists/import/"
HEADER = "name,outlet,email,beats,notes\n"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-test-password")
    client.force_login(user)
    return user


def upload(client, text, name="media.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_a_media_list_imports_and_exports(client, editor, topics):
    response = upload(
        client,
        HEADER
        + "Sam Writer,Exampletown Gazette,sam@example.org,Health,Prefers email\n"
        + "Lee Caster,Radio Example,LEE@example.org,Health; National Pledge,\n",
    )
    assert response.status_code == 200
    assert "2 journalists imported or updated" in response.content.decode()
    lee = Journalist.objects.get(email="lee@example.org")
    assert sorted(topic.slug for topic in lee.beats.all()) == ["health", "pledge"]

    export = client.get("/admin/snippets/alerts/journalist/?export=csv")
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert rows[0].lower().startswith("name,outlet,email,beats")
    assert "Lee Caster,Radio Example,lee@example.org,Health; National Pledge," in rows


def test_a_file_with_bad_rows_imports_nothing_and_says_why(client, editor, topics):
    response = upload(
        client,
        HEADER
        + "Sam Writer,Exampletown Gazette,sam@example.org,Health,\n"
        + "No Address,Gazette,not-an-address,,\n"
        + "Sam Again,Gazette,SAM@example.org,,\n"
        + "Beat Less,Gazette,beat@example.org,Astrology,\n"
        + ",Gazette,nameless@example.org,,\n"
        + '"a\r\nBcc: x@example.org",Gazette,inject@example.org,,\n',
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "&#x27;not-an-address&#x27; is not an email address." in html
    assert "sam@example.org appears twice in the file." in html
    assert "No topic called Astrology" in html
    assert "The name is missing" in html
    assert "The name or outlet has a line break in it." in html
    assert not Journalist.objects.exists()


def test_wrong_columns_and_a_big_file_are_refused(client, editor, topics):
    wrong = upload(client, "name,email\nSam,sam@example.org\n")
    assert wrong.status_code == 400
    assert "The columns must be exactly: name, outlet, email, beats, notes" in wrong.content.decode()
    big = upload(client, HEADER + "x" * (1024 * 1024 + 1))
    assert big.status_code == 413
    assert "at most 1 MB" in big.content.decode()
    not_text = upload(client, b"\xff\xfe\x00\x00binary")
    assert not_text.status_code == 400
    assert not Journalist.objects.exists()


@pytest.fixture
def scheduled_release(news_index, editor):
    page = NewsPage(
        title="Clinics join the pledge",
        slug="clinics",
        standfirst="Ten clinics sign up.",
        press_contact=PressContactFactory(),
        body=[("paragraph", "<p>The body of the embargoed release.</p>")],
        live=False,
    )
    news_index.add_child(instance=page)
    page.go_live_at = timezone.now() + timedelta(days=2)
    page.save_revision(user=editor).publish(user=editor)
    page.refresh_from_db()
    return page


@pytest.fixture
def media_list(topics):
    for name, beat in (("Sam", "health"), ("Lee", "health"), ("Kim", "pledge")):
        journalist = Journalist.objects.create(name=name, outlet="Gazette", email=f"{name.lower()}@example.org")
        journalist.beats.set([topics[beat]])
    return topics


def test_an_embargoed_send_gives_each_journalist_their_own_link(
    client, smtp_server, scheduled_release, media_list, django_capture_on_commit_callbacks
):
    release, topics = scheduled_release, media_list
    url = f"/admin/alerts/send/{release.pk}/"
    assert "EMBARGOED until" in client.get(url).content.decode()

    preview = client.post(url, {"action": "preview", "beats": [topics["health"].pk]})
    assert "The body of the embargoed release." in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "test"}).status_code == 302
    (test,) = smtp_server.inbox.wait_for(1)
    assert test.envelope_to == ["comms@example.org"]
    assert test["Subject"].startswith("[Test] EMBARGOED until ")
    assert not EmbargoLink.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"action": "send", "beats": [topics["health"].pk]})
    assert sent.status_code == 302
    messages = smtp_server.inbox.wait_for(3)[1:]
    assert sorted(m.envelope_to[0] for m in messages) == ["lee@example.org", "sam@example.org"]
    links = {}
    for message in messages:
        assert re.match(r"EMBARGOED until \d\d:\d\d on \d+ \w+ \d{4} \(UK time\): Clinics join", message["Subject"])
        text = plain_text(message)
        assert text.startswith("EMBARGOED until")
        assert "The body of the embargoed release." in text
        links[message.envelope_to[0]] = re.search(r"https?://[^/]+(/embargo/\S+/)", text).group(1)
    assert links["sam@example.org"] != links["lee@example.org"]
    assert sorted(EmbargoLink.objects.values_list("recipient", flat=True)) == [
        "Lee, Gazette <lee@example.org>",
        "Sam, Gazette <sam@example.org>",
    ]

    # Sending again to the same beat sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "send", "beats": [topics["health"].pk], "journalists": []})
    assert len(smtp_server.messages) == 3
    assert JournalistSend.objects.filter(status="sent").count() == 2

    # Revoke Sam's link: it is a missing page; Lee's still shows the release.
    sams = EmbargoLink.objects.get(recipient__startswith="Sam")
    client.post(f"/admin/newsdesk/embargo/{release.pk}/revoke/{sams.pk}/")
    client.logout()
    assert client.get(links["sam@example.org"]).status_code == 404
    lee = client.get(links["lee@example.org"])
    assert lee.status_code == 200
    assert "The body of the embargoed release." in lee.content.decode()

    client.force_login(sams.created_by)
    history = client.get(url).content.decode()
    assert "Under embargo" in history and "(Revoked)" in history and "(Active)" in history


@pytest.fixture
def live_release(news_index, editor):
    return NewsPageFactory(parent=news_index, title="Clinics join the pledge", display_date=None)


def test_after_go_live_journalists_get_an_ordinary_release_email(
    client, smtp_server, live_release, media_list, django_capture_on_commit_callbacks
):
    release = live_release
    url = f"/admin/alerts/send/{release.pk}/"
    kim = Journalist.objects.get(name="Kim")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "send", "journalists": [kim.pk]})
    (message,) = smtp_server.inbox.wait_for(1)
    assert message.envelope_to == ["kim@example.org"]
    assert message["Subject"] == "Clinics join the pledge"
    text = plain_text(message)
    assert "EMBARGOED" not in text
    assert release.get_full_url() in text
    assert not EmbargoLink.objects.exists()


@pytest.fixture
def worker_dies_after_one_email(monkeypatch):
    worker_dies_after(monkeypatch, 1)
    return monkeypatch


def test_a_worker_that_dies_mid_send_leaves_each_journalist_exactly_one_email_with_a_working_link(
    client, smtp_server, scheduled_release, media_list, worker_dies_after_one_email
):
    release, topics = scheduled_release, media_list
    url = f"/admin/alerts/send/{release.pk}/"
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url, {"action": "send", "beats": [topics["health"].pk]})
    (first,) = smtp_server.inbox.wait_for(1)
    worker_dies_after_one_email.undo()
    assert sorted(JournalistSend.objects.values_list("status", flat=True)) == ["sending", "sent"]

    # At once, the claim is fresh (the worker might be alive and slow): nothing is taken or resent.
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("resume_alerts", stdout=out)
    assert "journalist emails of 0" in out.getvalue()
    assert len(smtp_server.messages) == 1

    # Once the claim has timed out, cron's resume_alerts sends the one left, and nothing already sent.
    stale = timezone.now() - timedelta(seconds=settings.ALERTS_CLAIM_TIMEOUT + 1)
    JournalistSend.objects.filter(status="sending").update(claimed_at=stale)
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("resume_alerts", stdout=out)
    assert "journalist emails of 1" in out.getvalue()
    messages = smtp_server.inbox.wait_for(2)
    assert sorted(m.envelope_to[0] for m in messages) == ["lee@example.org", "sam@example.org"]
    assert list(JournalistSend.objects.values_list("status", flat=True).distinct()) == ["sent"]
    ids = {m["Message-ID"] for m in messages}
    assert len(ids) == 2 and all(f"<press-{release.pk}.send-" in message_id for message_id in ids)

    # The resumed journalist's personal link works; running everything again sends nothing more.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("resume_alerts", stdout=out)
        client.post(url, {"action": "send", "beats": [topics["health"].pk]})
    assert len(smtp_server.messages) == 2
    client.logout()
    second = next(m for m in messages if m is not first)
    link = re.search(r"https?://[^/]+(/embargo/\S+/)", plain_text(second)).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert "The body of the embargoed release." in page.content.decode()
