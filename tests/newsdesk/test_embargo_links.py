"""An embargoed preview link's whole life: made in the admin, opened by a journalist, then gone."""

import re
import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest

from newsdesk.models import EmbargoLink, hash_token

LONDON = ZoneInfo("Europe/London")
LINK_PATTERN = re.compile(r"http://testserver/embargo/([A-Za-z0-9_-]+)/")


def links_url(page):
    return reverse("newsdesk_embargo_links", args=[page.pk])


def create_link(client, page, **fields):
    """Post the admin form and return the response and the token shown (once) on the next page."""
    response = client.post(links_url(page), fields, follow=True)
    match = LINK_PATTERN.search(response.content.decode())
    return response, (match.group(1) if match else None)


def preview(client, token):
    return client.get(f"/embargo/{token}/")


def same_404(response, token, guessed_404):
    """The same page as for a guessed token, apart from the address echoed back (e.g. in a form's 'next')."""
    guessed_token = guessed_404.wsgi_request.path.split("/")[2]
    body = response.content.decode().replace(token, "TOKEN")
    return response.status_code == 404 and body == guessed_404.content.decode().replace(guessed_token, "TOKEN")


@pytest.fixture
def go_live():
    """Nine o'clock UK time, three days from now."""
    day = (timezone.now() + timedelta(days=3)).astimezone(LONDON)
    return day.replace(hour=9, minute=0, second=0, microsecond=0)


@pytest.fixture
def guessed_404(client, db, home_page):
    return preview(client, secrets.token_urlsafe(32))


def test_editor_shares_a_scheduled_release_and_a_journalist_reads_the_draft(client, editor, make_release, go_live):
    release = make_release("pledge-anniversary", "scheduled", title="Pledge turns five", go_live_at=go_live)
    client.force_login(editor)

    form_page = client.get(links_url(release))
    assert form_page.status_code == 200
    # The link ends at go-live unless the editor chooses otherwise.
    assert go_live.strftime("%d/%m/%Y %H:%M") in form_page.content.decode()

    response, token = create_link(client, release, recipient="Health correspondents", expires_at="")
    # A blank expiry is refused: the editor sees the go-live default in the field and keeps it or picks another.
    assert token is None
    assert not EmbargoLink.objects.exists()

    expiry = go_live.strftime("%Y-%m-%d %H:%M")
    response, token = create_link(client, release, recipient="Health correspondents", expires_at=expiry)
    assert response.status_code == 200
    assert token is not None and len(token) >= 43
    link = EmbargoLink.objects.get()
    assert link.page_id == release.pk
    assert link.created_by == editor
    assert link.recipient == "Health correspondents"
    assert link.expires_at == go_live
    # Only a hash is stored: reading the database does not give the link away.
    assert link.token_hash == hash_token(token)
    assert token not in link.token_hash
    assert PageLogEntry.objects.filter(page=release, action="newsdesk.embargo_link.create").exists()

    listing = client.get(links_url(release)).content.decode()
    assert "Health correspondents" in listing
    assert "comms" in listing
    assert token not in listing  # shown once, then never again

    client.logout()
    response = preview(client, token)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pledge turns five" in html
    assert "EMBARGOED" in html
    assert "until 09:00 on " + go_live.strftime("%A %-d %B %Y") in " ".join(html.split())
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert response["Referrer-Policy"] == "no-referrer"
    # No analytics, and no cookie banner to answer: nothing here is measured.
    assert "data-consent-category" not in html
    assert "data-consent-form" not in html


def test_the_link_shows_the_latest_draft_of_a_live_release(client, editor, make_release):
    release = make_release("report-launch", "live", title="Report published")
    draft = release.get_latest_revision_as_object()
    draft.title = "Report published: corrected figures"
    draft.save_revision(user=editor)
    link, token = EmbargoLink.create_for(release, editor)

    html = preview(client, token).content.decode()
    assert "Report published: corrected figures" in html
    assert "EMBARGOED" in html
    # Nothing scheduled: the notice says so instead of inventing a time, and the link lasts a week.
    assert "until further notice" in " ".join(html.split())
    assert timedelta(days=6) < link.expires_at - timezone.now() <= timedelta(days=7)


@pytest.mark.parametrize("public_first", [True, False])
def test_the_draft_and_the_live_release_never_share_a_kept_copy(client, editor, make_release, settings, public_first):
    """Pages rendered afresh read the query cache; a preview must neither show the live copy nor leak into it."""
    settings.PAGE_CACHE_ENABLED = False  # whole pages rendered afresh: only the query cache could leak
    release = make_release("report-launch", "live", title="Report published")
    draft = release.get_latest_revision_as_object()
    draft.standfirst = "Corrected figures, not yet public."
    draft.save_revision(user=editor)
    _link, token = EmbargoLink.create_for(release, editor)
    public_url = release.get_url()

    def public():
        return client.get(public_url).content.decode()

    if public_first:
        assert "Corrected figures" not in public()
    assert "Corrected figures, not yet public." in preview(client, token).content.decode()
    assert "A one-sentence summary of the release." not in preview(client, token).content.decode()
    assert "Corrected figures" not in public()
    assert "A one-sentence summary of the release." in public()


def test_an_ordinary_page_view_has_no_embargo_notice(client, editor, make_release):
    make_release("already-out", "live", title="Already out")
    html = client.get("/news/already-out/").content.decode()
    assert "Already out" in html
    assert "EMBARGOED" not in html
    assert 'content="noindex"' not in html


def test_an_expired_link_is_a_plain_404(client, editor, make_release, guessed_404):
    release = make_release("expiring", "scheduled")
    # An end time of its own (a link made to end at go-live follows the schedule instead).
    link, token = EmbargoLink.create_for(release, editor, expires_at=timezone.now() + timedelta(hours=1))
    assert not link.ends_at_go_live
    assert preview(client, token).status_code == 200
    EmbargoLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = preview(client, token)
    assert same_404(response, token, guessed_404)
    assert "no-store" in response["Cache-Control"]


def test_a_revoked_link_is_a_plain_404(client, editor, make_release, guessed_404):
    release = make_release("revoked", "scheduled", title="Revoked release")
    link, token = EmbargoLink.create_for(release, editor, recipient="Wrong list")
    client.force_login(editor)
    response = client.post(reverse("newsdesk_embargo_revoke", args=[release.pk, link.pk]), follow=True)
    assert response.status_code == 200
    assert "Revoked by comms" in " ".join(response.content.decode().split())
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == editor
    assert PageLogEntry.objects.filter(page=release, action="newsdesk.embargo_link.revoke").exists()

    client.logout()
    response = preview(client, token)
    assert same_404(response, token, guessed_404)
    assert "Revoked release" not in response.content.decode()


@pytest.mark.parametrize("token", ["x" * 43, "short", "a" * 200, "x" * 42 + "~", "..%2F..%2Fadmin"])
def test_guessed_and_malformed_tokens_are_the_same_plain_404(client, editor, make_release, guessed_404, token):
    release = make_release("secret", "scheduled", title="Secret release")
    EmbargoLink.create_for(release, editor)
    assert guessed_404.status_code == 404
    response = preview(client, token)
    assert response.status_code == 404
    if "/" not in token and "%" not in token:
        assert same_404(response, token, guessed_404)
    assert "Secret release" not in response.content.decode()


def test_after_go_live_the_link_redirects_to_the_live_page(client, editor, make_release, guessed_404):
    release = make_release("going-live", "scheduled", title="Going live")
    link, token = EmbargoLink.create_for(release, editor)
    revoked, revoked_token = EmbargoLink.create_for(release, editor)
    revoked.revoke(editor)

    # Wagtail's publish_scheduled job publishes the approved revision at go-live.
    release.go_live_at = None
    release.save_revision(user=editor).publish(user=editor)
    # The default expiry is go-live itself, so lapsed links must still send readers on.
    EmbargoLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    response = preview(client, token)
    assert response.status_code == 302
    assert response["Location"] == "/news/going-live/"
    assert "no-store" in response["Cache-Control"]
    assert same_404(preview(client, revoked_token), revoked_token, guessed_404)


def test_a_published_release_without_changes_cannot_get_a_new_link(client, editor, make_release):
    release = make_release("nothing-new", "live")
    client.force_login(editor)
    page = client.get(links_url(release)).content.decode()
    assert "nothing under embargo" in page
    client.post(links_url(release), {"expires_at": (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")})
    assert not EmbargoLink.objects.exists()


@pytest.mark.parametrize(
    ("expires_in", "message"),
    [(timedelta(hours=-1), "stop working before anyone"), (timedelta(days=91), "at most 90 days")],
)
def test_the_expiry_must_be_soon_but_not_past(client, editor, make_release, expires_in, message):
    release = make_release("bad-expiry", "scheduled")
    client.force_login(editor)
    expires_at = (timezone.now() + expires_in).astimezone(LONDON).strftime("%Y-%m-%d %H:%M")
    response = client.post(links_url(release), {"expires_at": expires_at})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EmbargoLink.objects.exists()


def test_anonymous_visitors_cannot_make_or_revoke_links(client, editor, make_release):
    release = make_release("anon", "scheduled")
    link, _ = EmbargoLink.create_for(release, editor)
    response = client.post(links_url(release), {"expires_at": "2099-01-01 09:00"})
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
    client.post(reverse("newsdesk_embargo_revoke", args=[release.pk, link.pk]))
    assert EmbargoLink.objects.count() == 1
    assert EmbargoLink.objects.get().revoked_at is None


def test_users_who_cannot_edit_the_release_cannot_make_or_revoke_links(client, editor, outsider, make_release):
    release = make_release("outsider", "scheduled")
    link, _ = EmbargoLink.create_for(release, editor)
    client.force_login(outsider)
    expiry = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    assert client.get(links_url(release)).status_code in (302, 403)
    assert client.post(links_url(release), {"expires_at": expiry}).status_code in (302, 403)
    client.post(reverse("newsdesk_embargo_revoke", args=[release.pk, link.pk]))
    assert EmbargoLink.objects.count() == 1
    assert EmbargoLink.objects.get().revoked_at is None
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[release.pk]))
    assert links_url(release) not in edit_page.content.decode()


def test_a_publisher_of_the_newsroom_can_share(client, news_index, page_editor_factory, make_release):
    release = make_release("newsroom-editor", "scheduled")
    user = page_editor_factory("newsroom", news_index, publish=True)
    client.force_login(user)
    expiry = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response, token = create_link(client, release, expires_at=expiry)
    assert token is not None
    assert EmbargoLink.objects.get().created_by == user


def test_share_under_embargo_is_offered_on_news_releases_only(client, editor, make_release, home_page):
    release = make_release("menu", "scheduled")
    client.force_login(editor)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[release.pk])).content.decode()
    assert links_url(release) in edit_page
    assert "Share under embargo" in edit_page
    listing = client.get(reverse("wagtailadmin_explore", args=[release.get_parent().pk])).content.decode()
    assert links_url(release) in listing

    home_edit = client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk])).content.decode()
    assert "Share under embargo" not in home_edit
    assert client.get(reverse("newsdesk_embargo_links", args=[home_page.pk])).status_code == 404
