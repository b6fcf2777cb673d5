"""The contact's part of a round, through HTTP and a real SMTP server."""

import datetime

from django.utils import timezone

import pytest
from freezegun import freeze_time

from reporting import sending
from reporting.models import AccessLink, ContactEmail, Report, ReportStep

from .conftest import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada_link(world, smtp_server, django_capture_on_commit_callbacks):
    open_round(world, django_capture_on_commit_callbacks)
    smtp_server.inbox.wait_for(3)
    return link_in(smtp_server.inbox.to("ada@example.org")[0])


def open_round(world, capture):
    with capture(execute=True):
        return sending.open_round(world["window"])


def fill(client, link, key, answer, status="on-track"):
    page = client.get(f"{link}{key}/")
    assert page.status_code == 200
    version = page.context["form"]["version"].value()
    return client.post(f"{link}{key}/", {"status": status, "answer": answer, "version": version})


def test_open_round_invites_every_contact_once_with_a_private_link(
    world, smtp_server, django_capture_on_commit_callbacks
):
    assert open_round(world, django_capture_on_commit_callbacks) is True
    smtp_server.inbox.wait_for(3)
    assert sorted(m.envelope_to[0] for m in smtp_server.messages) == [
        "ada@example.org",
        "ben@example.org",
        "cy@example.org",
    ]
    # Opening again sends nobody a second copy.
    assert open_round(world, django_capture_on_commit_callbacks) is False
    assert ContactEmail.objects.filter(status=ContactEmail.Status.SENT).count() == 3
    token = link_in(smtp_server.inbox.to("ada@example.org")[0]).split("/")[2]
    # Only a hash of the token is stored.
    assert not AccessLink.objects.filter(token_hash=token).exists()
    assert token not in str(list(AccessLink.objects.values_list("token_hash", "token_hint")))


def test_a_contact_fills_every_step_leaves_and_returns_a_day_later(
    world, smtp_server, client, django_capture_on_commit_callbacks
):
    open_round(world, django_capture_on_commit_callbacks)
    link = link_in(smtp_server.inbox.wait_for(3) and smtp_server.inbox.to("ada@example.org")[0])
    start = client.get(link)
    assert start.status_code == 200
    assert "no-store" in start["Cache-Control"] and "private" in start["Cache-Control"]
    assert start["X-Robots-Tag"] == "noindex"
    assert b"Northtown NHS Trust" in start.content
    # Pre-filled from the previous published report.
    first = client.get(f"{link}commitment-1/")
    assert "Last round on 1." in first.content.decode()
    for number in range(1, 8):
        response = fill(client, link, f"commitment-{number}", f"This round on {number}.\n\nA second paragraph.")
        assert response.status_code == 302
    assert fill(client, link, "next-steps", "We will do more.").status_code == 302
    # The session is killed mid-form; a day later the same link finds every answer.
    client.cookies.clear()
    with freeze_time(timezone.now() + datetime.timedelta(days=1)):
        check = client.get(f"{link}check/")
        text = check.content.decode()
        for number in range(1, 8):
            assert f"This round on {number}." in text
        # The statement of intent is still to do: submit names it and links to it.
        refused = client.post(f"{link}check/", {"version": check.context["form"]["version"].value()})
        assert refused.status_code == 400
        assert f'href="{link}statement/"' in refused.content.decode()
        assert fill(client, link, "statement", "We stand by our statement.").status_code == 302
        check = client.get(f"{link}check/")
        version = check.context["form"]["version"].value()
        assert client.post(f"{link}check/", {"version": version}).status_code == 302
        report = Report.objects.get()
        assert report.state == Report.State.SUBMITTED
        # A double submit changes nothing and says so.
        again = client.post(f"{link}check/", {"version": version})
        assert again.status_code == 200 and b"already been submitted" in again.content
        # Read-only now: a step redirects to the report, a save changes nothing.
        assert client.get(f"{link}commitment-1/").status_code == 302
        client.post(f"{link}commitment-1/", {"status": "delayed", "answer": "Changed", "version": 99})
        assert ReportStep.objects.get(key="commitment-1").answer.startswith("This round on 1.")


def test_two_contacts_saving_at_once_never_overwrite_each_other(
    world, smtp_server, client, django_capture_on_commit_callbacks
):
    open_round(world, django_capture_on_commit_callbacks)
    smtp_server.inbox.wait_for(3)
    ada = link_in(smtp_server.inbox.to("ada@example.org")[0])
    ben = link_in(smtp_server.inbox.to("ben@example.org")[0])
    ada_page = client.get(f"{ada}commitment-2/")
    ben_page = client.get(f"{ben}commitment-2/")
    assert ada_page.context["form"]["version"].value() == ben_page.context["form"]["version"].value()
    version = ada_page.context["form"]["version"].value()
    client.post(f"{ada}commitment-2/", {"status": "achieved", "answer": "Ada's words", "version": version})
    conflict = client.post(f"{ben}commitment-2/", {"status": "delayed", "answer": "Ben's words", "version": version})
    assert conflict.status_code == 409
    text = conflict.content.decode()
    assert "Ada&#x27;s words" in text or "Ada's words" in text
    assert "Ben&#x27;s words" in text or "Ben's words" in text
    assert ReportStep.objects.get(key="commitment-2").answer == "Ada&#x27;s words" or "Ada" in (
        ReportStep.objects.get(key="commitment-2").answer
    )
    # Saving again from the conflict page (it carries the current version) keeps Ben's, on purpose.
    new_version = conflict.context["form"]["version"].value()
    kept = client.post(f"{ben}commitment-2/", {"status": "delayed", "answer": "Ben's words", "version": new_version})
    assert kept.status_code == 302
    assert "Ben" in ReportStep.objects.get(key="commitment-2").answer


def test_autosave_saves_and_reports_the_new_version(world, smtp_server, client, django_capture_on_commit_callbacks):
    open_round(world, django_capture_on_commit_callbacks)
    link = link_in(smtp_server.inbox.wait_for(3) and smtp_server.inbox.to("ada@example.org")[0])
    version = client.get(f"{link}commitment-3/").context["form"]["version"].value()
    saved = client.post(
        f"{link}commitment-3/", {"status": "", "answer": "Half a thought", "version": version, "autosave": "1"}
    )
    assert saved.status_code == 200 and saved.json() == {"saved": True, "version": version + 1}
    assert "no-store" in saved["Cache-Control"]
    assert ReportStep.objects.get(key="commitment-3").answer == "Half a thought"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("<p onclick='steal()'>Hi</p>", "a script or an event handler"),
        ("<script>alert(1)</script>Hello", "a script or an event handler"),
        ("word " * 5001, "at most 5,000 words"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_kept_in_the_form(ada_link, client, answer, message):
    link = ada_link
    response = fill(client, link, "commitment-4", answer)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'href="#id_answer"' in text
    assert ReportStep.objects.get(key="commitment-4").answer == "<p>Last round on 4.</p>"


def test_pasted_formatting_keeps_paragraphs_lists_and_links_only(
    world, smtp_server, client, django_capture_on_commit_callbacks
):
    open_round(world, django_capture_on_commit_callbacks)
    link = link_in(smtp_server.inbox.wait_for(3) and smtp_server.inbox.to("ada@example.org")[0])
    pasted = (
        '<p style="color:red"><b>Bold</b> <a href="https://example.org/x" target="_blank">link</a></p>'
        "<ul><li>One</li></ul><h1>Big</h1>"
    )
    assert fill(client, link, "commitment-5", pasted).status_code == 302
    assert ReportStep.objects.get(key="commitment-5").answer == (
        '<p>Bold <a href="https://example.org/x">link</a></p><ul><li>One</li></ul>Big'
    )


@pytest.mark.parametrize("token", ["not-a-token", "A" * 43, "x" * 200, "a.b.c"])
def test_guessed_or_malformed_links_get_the_plain_page(world, client, token):
    response = client.get(f"/reporting/{token}/")
    assert response.status_code == 404
    assert b"Ask for a new link" in response.content
    assert "no-store" in response["Cache-Control"]


def test_revoked_expired_and_other_organisations_links(world, smtp_server, client, django_capture_on_commit_callbacks):
    open_round(world, django_capture_on_commit_callbacks)
    smtp_server.inbox.wait_for(3)
    ada = link_in(smtp_server.inbox.to("ada@example.org")[0])
    cy = link_in(smtp_server.inbox.to("cy@example.org")[0])
    # Cy's link shows Southvale's report, never Northtown's, whatever step is asked for.
    assert b"Southvale" in client.get(cy).content
    assert b"Northtown" not in client.get(cy).content
    client.post(f"{cy}commitment-1/", {"status": "achieved", "answer": "South only", "version": 0})
    assert "South only" not in client.get(f"{ada}check/").content.decode()
    # Expired: after the close the link is the plain page; a save then is refused, and nothing is lost.
    fill(client, ada, "commitment-6", "Before the close")
    with freeze_time(world["window"].closes_at + datetime.timedelta(minutes=1)):
        assert client.get(ada).status_code == 404
        late = client.post(f"{ada}check/", {"version": 1})
        assert late.status_code == 404 and b"Nothing you saved before is lost" in late.content
    assert ReportStep.objects.get(key="commitment-6", report__invitation__signatory=world["north"]).answer == (
        "Before the close"
    )
    # Revoked by staff.
    AccessLink.objects.filter(contact=world["contacts"]["ada"]).update(revoked_at=timezone.now())
    assert client.get(ada).status_code == 404


def test_a_fresh_link_answer_never_says_whether_the_address_is_known(
    world, smtp_server, client, django_capture_on_commit_callbacks
):
    open_round(world, django_capture_on_commit_callbacks)
    smtp_server.inbox.wait_for(3)
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/reporting/new-link/", {"email": "ADA@example.org"})
        # Asking again within the hour sends nothing more.
        client.post("/reporting/new-link/", {"email": "ada@example.org"})
    unknown = client.post("/reporting/new-link/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    smtp_server.inbox.wait_for(4)
    fresh = smtp_server.inbox.to("ada@example.org")[-1]
    assert "new link" in fresh["Subject"]
    assert client.get(link_in(fresh)).status_code == 200
    assert len(smtp_server.inbox.to("ada@example.org")) == 2
    bad = client.post("/reporting/new-link/", {"email": "not an address"})
    assert bad.status_code == 400 and b'href="#id_email"' in bad.content
