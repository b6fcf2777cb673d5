"""After approval: the report page goes to Comms sign-off at once, carries the round's extra questions, and
every public place shows the editors' words for the statuses. Through HTTP, as staff, a moderator and
a visitor would see it."""

from django.test import Client
from django.urls import reverse

from wagtail.models import GroupApprovalTask, WorkflowPage, WorkflowState

import pytest

from news.demo import load_workflow
from pledge.models import ReportPage, SignatoryPage
from reporting import sending
from reporting.models import ExtraQuestion, Report, ReportingSettings

from .conftest import link_in
from .test_contact_journey import fill
from .test_round_life import fill_everything, submit

pytestmark = pytest.mark.django_db

QUESTION = "How did you involve service users?"


@pytest.fixture
def moderator(django_user_model):
    """A member of Moderators, the group of the 'Comms sign-off' task, signed in on a client of their own."""
    user = django_user_model.objects.create_user("moderator", "moderator@example.org", "a-long-test-password")
    sign_off = Client()
    sign_off.force_login(user)
    return sign_off


@pytest.fixture
def comms_sign_off(world, moderator, django_user_model):
    """The site's 'Comms sign-off' (news.demo sets it up the same way) on the report library and the profiles."""
    workflow = load_workflow(world["section"].library)
    load_workflow(world["section"].directory)
    task = GroupApprovalTask.objects.get(name="Moderator approval")
    django_user_model.objects.get(username="moderator").groups.add(*task.groups.all())
    return workflow


@pytest.fixture
def link(world, smtp_server, django_capture_on_commit_callbacks):
    """The round, with one extra question, open; Ada's link from her invitation email."""
    ExtraQuestion.objects.create(window=world["window"], title=QUESTION, hint="A sentence or two.")
    with django_capture_on_commit_callbacks(execute=True):
        sending.open_round(world["window"])
    smtp_server.inbox.wait_for(3)
    return link_in(smtp_server.inbox.to("ada@example.org")[0])


def submitted_report(world, link):
    contact = Client()
    fill_everything(contact, link)
    assert submit(contact, link).status_code == 302
    return contact, Report.objects.get(invitation__signatory=world["north"])


def review_url(report):
    return f"/admin/reporting/reports/{report.pk}/"


def action_url(page, action):
    task_state = page.current_workflow_state.current_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def approve(client, report):
    response = client.post(review_url(report), {"action": "approve"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.APPROVED
    return ReportPage.objects.get(pk=report.report_page_id)


@pytest.mark.usefixtures("staff")
def test_approval_puts_the_report_in_comms_sign_off_and_the_moderator_publishes_it(
    world, client, moderator, comms_sign_off, link
):
    _contact, report = submitted_report(world, link)
    response = client.post(review_url(report), {"action": "approve"}, follow=True)
    assert "is submitted to Comms sign-off." in response.content.decode()
    report.refresh_from_db()
    page = ReportPage.objects.get(pk=report.report_page_id)

    # At once in Comms sign-off, on the revision just made, and on the moderator's dashboard.
    state = page.current_workflow_state
    assert state.workflow == comms_sign_off and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Moderator approval"
    assert state.current_task_state.revision == page.get_latest_revision()
    dashboard = moderator.get("/admin/").content.decode()
    assert "Awaiting your review" in dashboard and page.title in dashboard
    # The restated statement of intent too: a draft of the profile in the same workflow.
    profile = SignatoryPage.objects.get(pk=world["north"].pk)
    assert profile.current_workflow_state.workflow == comms_sign_off
    assert "Now on statement." in profile.get_latest_revision_as_object().statement_of_intent
    assert "Now on statement." not in profile.statement_of_intent

    visitor = Client()
    assert visitor.get(page.url).status_code == 404
    assert page.title not in visitor.get(world["section"].library.url).content.decode()

    # The moderator approves through the admin's own workflow action: the page is published.
    response = moderator.post(action_url(page, "approve"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.current_workflow_state is None
    assert page.title in visitor.get(world["section"].library.url).content.decode()
    assert visitor.get(page.url).status_code == 200
    # The profile's draft is the moderator's own decision, still waiting.
    assert SignatoryPage.objects.get(pk=world["north"].pk).current_workflow_state is not None


@pytest.mark.usefixtures("staff", "comms_sign_off")
@pytest.mark.parametrize("changes_requested", [True, False], ids=["changes-requested", "still-in-review"])
def test_approving_again_after_a_return_resubmits_the_same_page(world, client, moderator, link, changes_requested):
    contact, report = submitted_report(world, link)
    page = approve(client, report)
    if changes_requested:
        comment = {"comment": "Commitment 3 needs a date."}
        assert moderator.post(action_url(page, "reject"), comment).status_code == 302
        assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    # The reviewer returns the approved report; the organisation changes it and submits again.
    assert "Return to the organisation" in client.get(review_url(report)).content.decode()
    client.post(review_url(report), {"action": "return", "feedback": "Comms ask for a date on commitment 3."})
    report.refresh_from_db()
    assert report.state == Report.State.RETURNED
    # The sign-off of the version being changed is cancelled: Comms cannot publish it meanwhile.
    assert ReportPage.objects.get(pk=page.pk).current_workflow_state is None
    assert page.title not in moderator.get("/admin/").content.decode()
    assert fill(contact, link, "commitment-3", "Done by March 2027.", status="on-track").status_code == 302
    assert submit(contact, link).status_code == 302

    again = approve(client, report)
    assert again.pk == page.pk
    states = WorkflowState.objects.for_instance(page).filter(
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    )
    assert states.count() == 1
    state = states.get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision == again.get_latest_revision()

    assert moderator.post(action_url(page, "approve")).status_code == 302
    page.refresh_from_db()
    assert page.live
    assert "Done by March 2027." in Client().get(page.url).content.decode()


@pytest.mark.usefixtures("staff")
def test_with_no_workflow_approval_leaves_a_draft_for_an_editor(world, client, link):
    WorkflowPage.objects.all().delete()  # not even Wagtail's default on the root
    _contact, report = submitted_report(world, link)
    page = approve(client, report)
    assert page.current_workflow_state is None
    assert not page.live and page.get_latest_revision() is not None


@pytest.mark.usefixtures("staff", "comms_sign_off")
def test_the_published_page_shows_the_rounds_extra_questions(world, client, moderator, link):
    _contact, report = submitted_report(world, link)
    page = approve(client, report)
    pdf = page.get_latest_revision_as_object().files.first().document.file.read()
    assert QUESTION.encode() + rb" \(On track\)" in pdf  # the PDF escapes brackets
    assert b"Now on question-" in pdf
    # The answer is on the draft for the moderator to check, in the admin's edit form.
    assert QUESTION in client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    round_id = world["window"].round.pk
    # Not public yet: nothing in the open data either; bad parameters are a clear 400.
    assert Client().get(f"/api/v2/extra-answers/?round={round_id}").json()["meta"]["total_count"] == 0
    assert Client().get("/api/v2/extra-answers/?round=x").status_code == 400
    assert Client().get("/open-data/extra-answers.csv?commitment=1").status_code == 400
    moderator.post(action_url(page, "approve"))

    html = Client().get(page.url).content.decode()
    assert "<h2>Questions for this round</h2>" in html
    assert '<section aria-labelledby="question-1">' in html and f'<h3 id="question-1">{QUESTION}</h3>' in html
    assert "Status: <strong>On track</strong>" in html.split(QUESTION)[1]
    assert "Now on question-" in html
    api = Client().get(f"/api/v2/extra-answers/?round={round_id}").json()
    assert [(item["question"], item["status"]) for item in api["items"]] == [(QUESTION, "on-track")]
    assert "Now on question-" in api["items"][0]["answer_html"]
    assert api["items"][0]["signatory"] == world["north"].title
    csv = Client().get(f"/open-data/extra-answers.csv?round={round_id}").content.decode()
    assert QUESTION in csv and "on-track" in csv


def rename(client, **labels):
    form = client.get(reverse("wagtailsettings:edit", args=["reporting", "reportingsettings"]), follow=True)
    url = form.redirect_chain[-1][0] if form.redirect_chain else form.request["PATH_INFO"]
    current = ReportingSettings.load()
    data = {
        "on_track_label": current.on_track_label,
        "achieved_label": current.achieved_label,
        "delayed_label": current.delayed_label,
        "not_started_label": current.not_started_label,
        **labels,
    }
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert ReportingSettings.load().delayed_label == data["delayed_label"]


@pytest.mark.usefixtures("staff", "comms_sign_off")
def test_the_editors_words_for_a_status_are_shown_everywhere(world, client, moderator, link):
    _contact, report = submitted_report(world, link)  # commitment 3 is delayed
    rename(client, delayed_label="Behind plan")
    assert "<strong>Behind plan</strong>" in client.get(review_url(report)).content.decode()
    page = approve(client, report)
    pdf = page.get_latest_revision_as_object().files.first().document.file.read()
    assert rb"\(Behind plan\)" in pdf and rb"\(Delayed\)" not in pdf
    moderator.post(action_url(page, "approve"))

    visitor = Client()
    urls = {
        "report": ReportPage.objects.get(pk=page.pk).url,
        "explorer": world["section"].pledge.url + f"commitments/3/?round={world['window'].round.pk}",
        "pledge": world["section"].pledge.url,
    }
    seen = {name: visitor.get(url).content.decode() for name, url in urls.items()}
    assert "Status: <strong>Behind plan</strong>" in seen["report"]
    assert "Status: <strong>Behind plan</strong>" in seen["explorer"]
    assert '<th scope="col">Behind plan</th>' in seen["pledge"] and "<title>Behind plan: 1</title>" in seen["pledge"]
    assert not any("Delayed" in text for text in seen.values())
    assert all(visitor.get(url)["X-Cache"] == "HIT" for url in urls.values())

    # A new word is shown at once, though the pages were cached: saving the setting purges them.
    rename(client, delayed_label="Running late")
    for url in urls.values():
        response = visitor.get(url)
        assert response["X-Cache"] == "MISS"
        assert "Running late" in response.content.decode() and "Behind plan" not in response.content.decode()
    # The open data keeps the stored key.
    api = visitor.get(f"/api/v2/responses/?round={world['window'].round.pk}&commitment=3").json()
    assert [item["status"] for item in api["items"]] == ["delayed"]
    # The page editor offers the same words (the key stays what is saved).
    editor = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert '<option value="delayed" selected>Running late</option>' in editor
    assert ">Delayed</option>" not in editor
