"""An embargo link shows what was shared and nothing after it; only publishers make links; moderators are told.

The journalist's side is always an HTTP request to the link, as a journalist (or someone
the link was forwarded to) would make it; the editor's side goes through the admin where
it can, and through Wagtail's own publishing actions where the admin form would only add noise.
"""

import re
import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

import pytest

from newsdesk.models import EmbargoLink

LONDON = ZoneInfo("Europe/London")
LINK_PATTERN = re.compile(r"http://testserver/embargo/([A-Za-z0-9_-]+)/")
CORRECTION = "confidential correction"


def links_url(page):
    return reverse("newsdesk_embargo_links", args=[page.pk])


def create_link(client, page, expires_at, recipient="Health correspondents"):
    """Post the admin form as the logged-in user; the response and the token shown once, or None."""
    response = client.post(links_url(page), {"recipient": recipient, "expires_at": expires_at}, follow=True)
    match = LINK_PATTERN.search(response.content.decode())
    return response, (match.group(1) if match else None)


def form_time(moment):
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def preview(client, token):
    return client.get(f"/embargo/{token}/")


def same_as_missing(response, token, missing):
    """Status and body identical to a guessed link's, once each address is blanked out."""
    missing_token = missing.wsgi_request.path.split("/")[2]
    return (
        response.status_code == missing.status_code == 404
        and response.content.decode().replace(token, "TOKEN")
        == missing.content.decode().replace(missing_token, "TOKEN")
        and response["Cache-Control"] == missing["Cache-Control"]
    )


def save_draft(page, user, standfirst):
    draft = page.get_latest_revision_as_object()
    draft.standfirst = standfirst
    return draft.save_revision(user=user)


@pytest.fixture
def go_live():
    day = (timezone.now() + timedelta(days=3)).astimezone(LONDON)
    return day.replace(hour=9, minute=0, second=0, microsecond=0)


@pytest.fixture
def missing(client, db, home_page):
    return preview(client, secrets.token_urlsafe(32))


@pytest.fixture
def publisher(news_index, page_editor_factory):
    return page_editor_factory("moderator", news_index, publish=True)


@pytest.fixture
def writer(news_index, page_editor_factory):
    """An editor who may edit and submit releases but not publish them."""
    return page_editor_factory("writer", news_index)


@pytest.fixture
def scheduled(make_release, publisher, go_live):
    """Scheduled by a moderator: the release the press officer shares."""
    return make_release(
        "pledge-turns-five", "scheduled", title="Pledge turns five", go_live_at=go_live, user=publisher
    )


def shared_by(client, user, page, go_live):
    client.force_login(user)
    _response, token = create_link(client, page, form_time(go_live))
    client.logout()
    assert token is not None
    return token


def test_a_release_published_early_never_shows_a_later_draft(client, publisher, writer, scheduled, go_live):
    token = shared_by(client, publisher, scheduled, go_live)
    assert "A one-sentence summary of the release." in preview(client, token).content.decode()

    # Published early, then a draft with a correction nobody may see yet.
    page = scheduled.get_latest_revision_as_object()
    page.go_live_at = None
    page.save_revision(user=publisher).publish(user=publisher)
    scheduled.refresh_from_db()
    save_draft(scheduled, writer, f"A {CORRECTION} to the figures.")

    response = preview(client, token)
    assert response.status_code == 302
    assert response["Location"] == "/news/pledge-turns-five/"
    assert "no-store" in response["Cache-Control"]
    followed = client.get(f"/embargo/{token}/", follow=True)
    assert followed.status_code == 200
    html = followed.content.decode()
    assert "Pledge turns five" in html
    assert CORRECTION not in html
    assert "EMBARGOED" not in html

    # Still so after the link's own expiry, and after yet another draft.
    EmbargoLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    save_draft(scheduled, writer, f"A second {CORRECTION}.")
    assert preview(client, token).status_code == 302
    assert CORRECTION not in client.get(f"/embargo/{token}/", follow=True).content.decode()


def test_before_go_live_the_link_shows_the_shared_version_not_a_later_draft(
    client, publisher, writer, scheduled, go_live
):
    token = shared_by(client, publisher, scheduled, go_live)
    save_draft(scheduled, writer, f"A {CORRECTION} saved after the link was sent.")

    response = preview(client, token)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A one-sentence summary of the release." in html
    assert CORRECTION not in html
    assert "EMBARGOED" in html


def test_a_shared_correction_of_a_live_release_shows_only_that_correction(client, publisher, writer, make_release):
    release = make_release("report-launch", "live", title="Report published")
    save_draft(release, writer, "Corrected figures, shared with the press.")
    client.force_login(publisher)
    _response, token = create_link(client, release, form_time(timezone.now() + timedelta(days=1)))
    client.logout()
    save_draft(release, writer, f"A {CORRECTION}, not shared.")

    html = preview(client, token).content.decode()
    assert "Corrected figures, shared with the press." in html
    assert CORRECTION not in html

    # The shared correction goes live: the link now opens the live page, never the newer draft.
    shared = EmbargoLink.objects.get().revision
    shared.publish(user=publisher)
    response = preview(client, token)
    assert response.status_code == 302
    assert response["Location"] == "/news/report-launch/"


def test_a_user_who_cannot_publish_cannot_make_a_link(client, writer, scheduled, go_live):
    client.force_login(writer)
    page = client.get(links_url(scheduled))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Only someone who may publish this release" in html
    assert "Create embargoed preview link" not in html

    response = client.post(links_url(scheduled), {"recipient": "Anyone", "expires_at": form_time(go_live)})
    assert response.status_code == 403
    assert "Only someone who may publish this release" in response.content.decode()
    assert not EmbargoLink.objects.exists()
    assert mail.outbox == []

    # The editor's header and the page listing offer no "Share under embargo" to this user.
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[scheduled.pk])).content.decode()
    assert "Share under embargo" not in edit_page
    listing = client.get(reverse("wagtailadmin_explore", args=[scheduled.get_parent().pk])).content.decode()
    assert links_url(scheduled) not in listing


def test_a_publisher_is_offered_the_button(client, publisher, scheduled):
    client.force_login(publisher)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[scheduled.pk])).content.decode()
    assert "Share under embargo" in edit_page
    assert links_url(scheduled) in edit_page


def test_revoked_unpublished_and_guessed_links_look_the_same(client, publisher, writer, make_release, missing):
    client.force_login(publisher)
    release = make_release("live-with-correction", "live", title="Live with correction")
    save_draft(release, writer, "A correction under embargo.")
    expiry = form_time(timezone.now() + timedelta(days=2))
    _response, revoked_token = create_link(client, release, expiry, recipient="Wrong list")
    _response, unpublished_token = create_link(client, release, expiry, recipient="Right list")
    revoked = EmbargoLink.objects.get(recipient="Wrong list")
    client.post(reverse("newsdesk_embargo_revoke", args=[release.pk, revoked.pk]))
    client.logout()
    assert preview(client, unpublished_token).status_code == 200

    release.refresh_from_db()
    release.unpublish(user=publisher)

    for token in (revoked_token, unpublished_token):
        response = preview(client, token)
        assert same_as_missing(response, token, missing)
        assert "Live with correction" not in response.content.decode()
    # A release published again does not bring its old links back.
    release.get_latest_revision().publish(user=publisher)
    assert same_as_missing(preview(client, unpublished_token), unpublished_token, missing)

    client.force_login(publisher)
    listing = " ".join(client.get(links_url(release)).content.decode().split())
    assert "because the release was unpublished" in listing
    assert "Revoked by moderator" in listing


def test_rescheduling_keeps_the_shared_version_until_the_new_go_live(client, publisher, writer, scheduled, go_live):
    token = shared_by(client, publisher, scheduled, go_live)
    later = go_live + timedelta(days=1)
    page = scheduled.get_latest_revision_as_object()
    page.go_live_at = later
    page.standfirst = f"A {CORRECTION} made while rescheduling."
    page.save_revision(user=publisher).publish(user=publisher)

    html = " ".join(preview(client, token).content.decode().split())
    assert "A one-sentence summary of the release." in html
    assert CORRECTION not in html
    assert "until 09:00 on " + later.strftime("%A %-d %B %Y") in html

    link = EmbargoLink.objects.get()
    assert link.ends_at == later  # the link made to end at go-live follows it
    client.force_login(publisher)
    listing = client.get(links_url(scheduled)).content.decode()
    assert later.astimezone(LONDON).strftime("%-d %b %Y, %H:%M") in listing


def test_a_link_with_its_own_end_time_keeps_it_when_the_release_is_rescheduled(
    client, publisher, scheduled, go_live, missing
):
    client.force_login(publisher)
    own_end = go_live - timedelta(days=1)
    _response, token = create_link(client, scheduled, form_time(own_end))
    page = scheduled.get_latest_revision_as_object()
    page.go_live_at = go_live + timedelta(days=1)
    page.save_revision(user=publisher).publish(user=publisher)
    assert EmbargoLink.objects.get().ends_at == own_end
    EmbargoLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.logout()
    assert same_as_missing(preview(client, token), token, missing)


def test_the_preview_carries_no_sharing_metadata(client, publisher, scheduled, go_live):
    token = shared_by(client, publisher, scheduled, go_live)
    html = preview(client, token).content.decode()
    head = html.split("</head>")[0]
    for marker in ('property="og:', 'name="twitter:', "application/ld+json", 'name="description"', 'rel="canonical"'):
        assert marker not in head, marker
    assert "Pledge turns five" not in head  # not even the title: a chat app's unfurl shows nothing
    assert "<title>Embargoed preview" in head
    assert '<meta name="robots" content="noindex">' in head
    assert "Pledge turns five" in html.split("</head>")[1]  # the journalist still reads the release

    # The same release, once live, does carry them: the template only leaves them out of the preview.
    page = scheduled.get_latest_revision_as_object()
    page.go_live_at = None
    page.save_revision(user=publisher).publish(user=publisher)
    public_html = client.get("/news/pledge-turns-five/").content.decode()
    assert 'property="og:title" content="Pledge turns five"' in public_html
    assert "application/ld+json" in public_html


@pytest.fixture
def sign_off(django_user_model, news_index):
    """The 'Comms sign-off' workflow on the newsroom, approved by a Moderators group (who cannot publish)."""
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(Permission.objects.get(codename="access_admin"))
    approver = django_user_model.objects.create_user("approver", "approver@example.org", "a-long-test-password")
    approver.groups.add(moderators)
    task = GroupApprovalTask.objects.create(name="Comms sign-off")
    task.groups.add(moderators)
    workflow = Workflow.objects.create(name="Comms sign-off")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=news_index)
    return approver


@pytest.mark.usefixtures("writer", "sign_off")
def test_moderators_are_emailed_when_a_link_is_made(
    client, publisher, scheduled, go_live, django_capture_on_commit_callbacks
):
    client.force_login(publisher)
    with django_capture_on_commit_callbacks(execute=True):
        _response, token = create_link(client, scheduled, form_time(go_live), recipient="Local radio newsdesk")
    assert token is not None

    recipients = sorted(address for message in mail.outbox for address in message.to)
    # The publisher and the workflow's approvers; not the writer, who may not publish.
    assert recipients == ["approver@example.org", "moderator@example.org"]
    assert all(len(message.to) == 1 for message in mail.outbox)  # nobody sees the others' addresses
    message = mail.outbox[0]
    assert message.subject == "Embargoed preview link made for “Pledge turns five”"
    assert "moderator made an embargoed preview link" in message.body
    assert "Local radio newsdesk" in message.body
    assert f"http://testserver{links_url(scheduled)}" in message.body
    assert token not in message.body  # the link itself is shown once, to its maker


def test_moderators_mail_goes_through_smtp(
    client, publisher, scheduled, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(publisher)
    with django_capture_on_commit_callbacks(execute=True):
        _response, token = create_link(client, scheduled, form_time(scheduled.go_live_at))
    assert token is not None
    messages = smtp_server.inbox.wait_for(1)
    assert messages[0].envelope_to == ["moderator@example.org"]
    assert "Pledge turns five" in messages[0]["Subject"]
    assert token not in messages[0].get_content()
