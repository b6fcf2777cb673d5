"""Beyond the go-live alert, editors may choose to send an update of a correction, or a back-dated release's alert."""

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest

from alerts.models import Delivery, ReleaseUpdate
from tests.alerts.conftest import html_part, plain_text
from tests.alerts.test_sending import draft, publish, subscriber


@pytest.fixture
def health(topics):
    """The release's topic, with one reader following it and one reading all news."""
    subscriber("health.reader@example.org", [topics["health"]])
    subscriber("all.news@example.org")
    return [topics["health"]]


def post(admin_client, release, capture, **data):
    with capture(execute=True):
        response = admin_client.post(f"/admin/alerts/send/{release.pk}/", data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_correction_goes_as_an_update_only_when_chosen_and_once_per_version(
    admin_client, smtp_server, news_index, health, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    release = publish(draft(news_index, health), capture)
    smtp_server.inbox.wait_for(2)
    page = admin_client.get(f"/admin/alerts/send/{release.pk}/").content.decode()
    assert 'value="send_update"' in page  # offered, never automatic

    release.title = "Clinics join the pledge (corrected)"
    publish(release, capture)
    assert len(smtp_server.messages) == 2  # republishing alone sends nothing
    page = admin_client.get(f"/admin/alerts/send/{release.pk}/").content.decode()
    assert 'value="send_update"' in page

    done = post(admin_client, release, capture, action="send_update", note="Corrected the number of clinics.")
    assert "The update is on its way" in done
    updates = smtp_server.inbox.wait_for(4)[2:]
    assert sorted(m.envelope_to[0] for m in updates) == ["all.news@example.org", "health.reader@example.org"]
    assert all(m["Subject"] == "Updated: Clinics join the pledge (corrected)" for m in updates)
    assert "UPDATED: we have corrected this release since we sent it. Corrected the number of clinics." in plain_text(
        updates[0]
    )
    assert "<strong>Updated:</strong>" in html_part(updates[0])
    page = admin_client.get(f"/admin/alerts/send/{release.pk}/").content.decode()
    # The go-live alert's counts stay its own; the update has its line.
    assert "2 sent, 0 queued, 0 failed" in page and "2 of 2 sent, 0 failed" in page
    assert "Corrected the number of clinics." in page
    assert 'value="send_update"' not in page

    # The same version again (a double click, a replayed form): refused, nothing sent.
    again = post(admin_client, release, capture, action="send_update", note="")
    assert "gone as an update already" in again
    assert len(smtp_server.messages) == 4

    # A second correction may go once more.
    release.title = "Clinics join the pledge (corrected again)"
    publish(release, capture)
    post(admin_client, release, capture, action="send_update")
    assert len(smtp_server.inbox.wait_for(6)) == 6
    assert ReleaseUpdate.objects.filter(release=release).count() == 2
    assert Delivery.objects.filter(release=release).count() == 6


def test_a_back_dated_release_alert_goes_only_when_chosen_and_once(
    admin_client, smtp_server, news_index, health, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    release = draft(news_index, health)
    release.display_date = timezone.now() - timezone.timedelta(days=30)
    publish(release, capture)
    assert smtp_server.messages == []
    page = admin_client.get(f"/admin/alerts/send/{release.pk}/").content.decode()
    assert "This release is back-dated, so no alert went when it was published." in page
    assert 'value="send_update"' not in page  # nothing went, so there is nothing to update

    done = post(admin_client, release, capture, action="send_alert")
    assert "The alert is on its way" in done
    assert sorted(m.envelope_to[0] for m in smtp_server.inbox.wait_for(2)) == [
        "all.news@example.org",
        "health.reader@example.org",
    ]
    again = post(admin_client, release, capture, action="send_alert")
    assert "has gone already" in again
    assert len(smtp_server.messages) == 2


def test_an_editor_who_may_not_publish_cannot_send_to_subscribers(
    client, smtp_server, news_index, health, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission

    release = draft(news_index, health)
    release.display_date = timezone.now() - timezone.timedelta(days=30)
    publish(release, django_capture_on_commit_callbacks)
    # May edit releases and see the media list, may not publish.
    editor = get_user_model().objects.create_user("writer", "writer@example.org", "pw")
    group = Group.objects.create(name="Writers")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_journalist"]))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=news_index, permission=Permission.objects.get(codename=codename)
        )
    editor.groups.add(group)
    client.force_login(editor)
    response = client.get(f"/admin/alerts/send/{release.pk}/")
    assert response.status_code == 200
    assert 'value="send_alert"' not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/alerts/send/{release.pk}/", {"action": "send_alert"})
    assert smtp_server.messages == []
