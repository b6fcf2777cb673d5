"""The whole life of a round through the admin and a real SMTP server: open, write, return, approve, publish."""

import datetime

from django.utils import timezone

import pytest
from freezegun import freeze_time

from pledge.factories import SignatoryPageFactory
from pledge.models import ReportPage
from reporting import sending
from reporting.models import ContactEmail, Invitation, Report

from .conftest import link_in

pytestmark = pytest.mark.django_db


def fill_everything(client, link, prefix="Now"):
    start = client.get(link)
    for row in start.context["rows"]:
        key = row["step"].key
        page = client.get(f"{link}{key}/")
        version = page.context["form"]["version"].value()
        data = {"answer": f"{prefix} on {key}.", "version": version}
        if row["step"].with_status:
            data["status"] = "delayed" if key == "commitment-3" else "on-track"
        assert client.post(f"{link}{key}/", data).status_code == 302


def submit(client, link):
    check = client.get(f"{link}check/")
    return client.post(f"{link}check/", {"version": check.context["form"]["version"].value()})


def test_the_whole_life_of_a_round(  # noqa: PLR0915 - the issue's whole 'Done when', in order
    world, staff, client, smtp_server, django_capture_on_commit_callbacks
):
    window = world["window"]
    # Staff open the round in the admin: the request queues the invitations; the worker sends them.
    overview_url = f"/admin/reporting/rounds/{window.pk}/"
    assert client.get(overview_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(overview_url, {"action": "open"}).status_code == 302
    smtp_server.inbox.wait_for(3)
    assert Invitation.objects.filter(window=window).count() == 2
    link = link_in(smtp_server.inbox.to("ada@example.org")[0])

    # The contact fills every step, leaves, comes back and submits.
    fill_everything(client, link)
    assert submit(client, link).status_code == 302
    report = Report.objects.get(invitation__signatory=world["north"])
    assert report.state == Report.State.SUBMITTED

    # Reminders stop once it is submitted: only Southvale's contact gets one.
    with freeze_time(window.closes_at - datetime.timedelta(days=7)), django_capture_on_commit_callbacks(execute=True):
        sending.send_reminders()
    smtp_server.inbox.wait_for(4)
    assert [m.envelope_to[0] for m in smtp_server.messages[3:]] == ["cy@example.org"]
    with freeze_time(window.closes_at - datetime.timedelta(days=7)), django_capture_on_commit_callbacks(execute=True):
        assert sending.send_reminders() == 0  # once per (contact, reminder)

    # The overview counts, and exports.
    overview = client.get(overview_url)
    assert overview.context["counts"]["submitted"] == 1 and overview.context["counts"]["invited"] == 2
    exported = client.get(overview_url + "?export=csv")
    assert "Northtown NHS Trust (fictional),submitted" in exported.content.decode()

    # A reviewer reads it beside the previous report and returns it with feedback.
    review_url = f"/admin/reporting/reports/{report.pk}/"
    page = client.get(review_url)
    assert "Last round on 1." in page.content.decode() and "Now on commitment-1." in page.content.decode()
    assert client.post(review_url, {"action": "return", "feedback": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url, {"action": "return", "feedback": "Say more about commitment 3."})
    smtp_server.inbox.wait_for(6)
    returned = smtp_server.inbox.to("ada@example.org")[-1]
    assert "Say more about commitment 3." in returned.get_body(preferencelist=("plain",)).get_content()

    # The contact corrects it with the link from that email and submits again.
    link = link_in(returned)
    page = client.get(f"{link}commitment-3/")
    assert (
        client.post(
            f"{link}commitment-3/",
            {"status": "achieved", "answer": "Much more.", "version": page.context["form"]["version"].value()},
        ).status_code
        == 302
    )
    assert submit(client, link).status_code == 302

    # Approval makes a draft report page with its PDF: nothing is public yet.
    response = client.post(review_url, {"action": "approve"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.APPROVED
    draft = ReportPage.objects.get(pk=report.report_page_id)
    assert not draft.live
    draft = draft.get_latest_revision_as_object()
    assert draft.files.first().document.file.read().startswith(b"%PDF")
    explorer = world["section"].pledge.url + f"commitments/3/?round={window.round.pk}"
    assert b"Much more." not in client.get(explorer).content
    api = client.get(f"/api/v2/responses/?round={window.round.pk}")
    assert api.json()["meta"]["total_count"] == 0

    # Sign-off publishes it; it appears in the explorer (with its status) and the open data.
    draft.get_latest_revision().publish()
    text = client.get(explorer).content.decode()
    assert "Much more." in text and "Achieved" in text
    api = client.get(f"/api/v2/responses/?round={window.round.pk}&commitment=3")
    assert [item["status"] for item in api.json()["items"]] == ["achieved"]
    assert client.get(world["section"].library.url).content.decode().count(draft.title) >= 1
    # The pledge page: the figures count it, and the round's summary shows its statuses in a table.
    client.logout()
    pledge = client.get(world["section"].pledge.url).content.decode()
    assert "Spring 2026 reports" in pledge
    assert '<span class="figures__number">2</span> invited to report' in pledge
    assert '<span class="figures__number">1</span> published' in pledge
    assert '<th scope="col">Achieved</th>' in pledge


def test_the_overview_asks_a_fixed_number_of_queries(
    world, staff, client, django_assert_max_num_queries, cold_queries
):

    window = world["window"]
    for number in range(30):
        signatory = SignatoryPageFactory(parent=world["section"].directory)
        invitation = Invitation.objects.create(window=window, signatory=signatory)
        if number % 2:
            Report.objects.create(invitation=invitation)
    client.get(f"/admin/reporting/rounds/{window.pk}/")
    with django_assert_max_num_queries(30) as small:
        client.get(f"/admin/reporting/rounds/{window.pk}/")
    for _ in range(60):
        signatory = SignatoryPageFactory(parent=world["section"].directory)
        Invitation.objects.create(window=window, signatory=signatory)
    with django_assert_max_num_queries(30) as large:
        client.get(f"/admin/reporting/rounds/{window.pk}/")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_an_extension_keeps_one_organisations_link_working_after_the_close(
    world, client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sending.open_round(world["window"])
    smtp_server.inbox.wait_for(3)
    ada = link_in(smtp_server.inbox.to("ada@example.org")[0])
    cy = link_in(smtp_server.inbox.to("cy@example.org")[0])
    # The round's own deadline has passed; Northtown has a week more.
    window = world["window"]
    window.closes_at = timezone.now() - datetime.timedelta(minutes=5)
    window.save(update_fields=["closes_at"])
    Invitation.objects.filter(signatory=world["north"]).update(
        extended_until=timezone.now() + datetime.timedelta(days=7)
    )
    assert client.get(ada).status_code == 200
    assert client.get(cy).status_code == 404
    assert ContactEmail.objects.filter(reason="invitation").count() == 3
