"""The publishing dashboard on the admin home: each panel lists the right releases."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

import pytest

LONDON = ZoneInfo("Europe/London")
PANELS = {
    "upcoming": "newsdesk-upcoming",
    "sign-off": "newsdesk-sign-off",
    "published": "newsdesk-published",
    "stale": "newsdesk-stale-drafts",
}


def panel_html(response, panel):
    html = response.content.decode()
    match = re.search(rf'<section[^>]*id="{PANELS[panel]}-section".*?</section>', html, re.S)
    assert match, f"no {panel} panel on the dashboard"
    return match.group(0)


def titles_in(panel):
    return re.findall(r'<a href="/admin/pages/\d+/edit/">([^<]+)</a>', panel)


@pytest.fixture
def sign_off_workflow(news_index):
    workflow = Workflow.objects.create(name="Comms sign-off")
    task = GroupApprovalTask.objects.create(name="Director approval")
    task.groups.add(Group.objects.create(name="Directors"))
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=news_index)
    return workflow


@pytest.fixture
def newsroom(make_release, editor, sign_off_workflow):
    """One release in every state the dashboard knows about."""
    now = timezone.now()
    pages = {
        "later": make_release("later", "scheduled", title="Later release", go_live_at=now + timedelta(days=9)),
        "soon": make_release("soon", "scheduled", title="Soon release", go_live_at=now + timedelta(days=1)),
        "awaiting": make_release("awaiting", title="Awaiting release", user=editor),
        "published": make_release("published", "live", title="Published release"),
        "fresh-draft": make_release("fresh-draft", title="Fresh draft"),
        "old-draft": make_release("old-draft", title="Old draft"),
        "old-scheduled": make_release(
            "old-scheduled", "scheduled", title="Old scheduled", go_live_at=now + timedelta(days=40)
        ),
    }
    sign_off_workflow.start(pages["awaiting"], editor)
    long_ago = now - timedelta(days=45)
    Page.objects.filter(pk__in=[pages["old-draft"].pk, pages["old-scheduled"].pk]).update(
        latest_revision_created_at=long_ago
    )
    return pages


def test_upcoming_releases_are_in_go_live_order_with_uk_times(client, editor, newsroom):
    client.force_login(editor)
    panel = panel_html(client.get(reverse("wagtailadmin_home")), "upcoming")
    assert titles_in(panel) == ["Soon release", "Later release", "Old scheduled"]
    soon = newsroom["soon"].scheduled_revision.approved_go_live_at.astimezone(LONDON)
    assert soon.strftime("%H:%M") in panel
    assert f'href="/admin/pages/{newsroom["soon"].pk}/edit/"' in panel


def test_a_live_page_with_a_scheduled_correction_is_upcoming(client, editor, make_release):
    page = make_release("correction", "live", title="Corrected release")
    page.go_live_at = timezone.now() + timedelta(hours=3)
    page.save_revision(user=editor).publish(user=editor)
    client.force_login(editor)
    panel = panel_html(client.get(reverse("wagtailadmin_home")), "upcoming")
    assert titles_in(panel) == ["Corrected release"]


def test_awaiting_sign_off_lists_releases_in_the_workflow(client, editor, newsroom):
    client.force_login(editor)
    panel = panel_html(client.get(reverse("wagtailadmin_home")), "sign-off")
    assert titles_in(panel) == ["Awaiting release"]
    assert "Comms sign-off: Director approval" in panel
    assert "comms" in panel


def test_latest_published_lists_live_pages_newest_first(client, editor, newsroom, make_release):
    make_release("newer", "live", title="Newer release")
    client.force_login(editor)
    panel = panel_html(client.get(reverse("wagtailadmin_home")), "published")
    titles = titles_in(panel)
    assert titles[:2] == ["Newer release", "Published release"]
    assert not {"Later release", "Awaiting release", "Fresh draft", "Old draft"} & set(titles)


def test_drafts_untouched_for_30_days_leave_out_scheduled_ones(client, editor, newsroom):
    client.force_login(editor)
    panel = panel_html(client.get(reverse("wagtailadmin_home")), "stale")
    assert titles_in(panel) == ["Old draft"]


def test_empty_panels_say_so(client, editor, news_index):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert "Nothing is scheduled" in panel_html(response, "upcoming")
    assert "Nothing is waiting for sign-off" in panel_html(response, "sign-off")
    assert "No draft has been left" in panel_html(response, "stale")


def test_people_only_see_pages_they_can_edit(client, newsroom, outsider):
    client.force_login(outsider)
    response = client.get(reverse("wagtailadmin_home"))
    for panel in PANELS:
        assert titles_in(panel_html(response, panel)) == []


@pytest.mark.usefixtures("cold_queries")
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, editor, newsroom, make_release, django_assert_max_num_queries
):
    client.force_login(editor)
    client.get(reverse("wagtailadmin_home"))
    with django_assert_max_num_queries(60) as baseline:
        client.get(reverse("wagtailadmin_home"))
    baseline_count = len(baseline.captured_queries)  # read now: the next request empties the log it reads
    for n in range(6):
        make_release(f"extra-{n}", "scheduled", go_live_at=timezone.now() + timedelta(days=2, hours=n))
        make_release(f"extra-live-{n}", "live")
    client.get(reverse("wagtailadmin_home"))  # Wagtail's own per-process caches, warmed again
    with django_assert_max_num_queries(baseline_count):
        client.get(reverse("wagtailadmin_home"))
