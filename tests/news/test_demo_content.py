"""The newsroom's demo content: the seed press release and generic Centre news."""

import re

from django.core.management import call_command

from wagtail.models import WorkflowPage

import pytest

from news.models import NewsIndexPage, NewsPage, PressContact, Topic


@pytest.fixture
def demo(db):
    call_command("load_demo_content", verbosity=0)


def test_news_index_is_in_the_menu_with_six_or_more_releases(demo, client):
    index = NewsIndexPage.objects.get()
    assert index.show_in_menus and index.url == "/news/"
    news = NewsPage.objects.live().child_of(index)
    assert news.count() >= 6
    assert len({page.date.year for page in news}) >= 2
    assert Topic.objects.filter(news__in=news).distinct().count() >= 2
    assert all(page.standfirst and page.press_contact for page in news)
    # Loaded through save() and publish, so each is listed by the date it shows.
    assert all(page.sort_date == page.date for page in news)
    html = client.get("/news/").content.decode()
    assert re.search(r'<a href="/news/"\s+aria-current="page">News</a>', html)


def test_seed_press_release_with_quotes_and_background(demo, client):
    page = NewsPage.objects.get(slug="senior-leaders-report-progress-on-ethnic-inequalities")
    assert page.title.startswith("Senior leaders in the NHS and public sector mental health care report on progress")
    assert page.standfirst.startswith("Progress reports show that despite the ongoing challenges")
    assert page.date.year == 2021
    assert page.featured_image.alt_text == "Colourful silhouette of different figures"
    quotes = [block.value for block in page.body if block.block_type == "quote"]
    assert [quote["attribution"].split(",")[0] for quote in quotes] == ["Professor Kamaldeep Bhui", "Joy Francis"]
    assert quotes[1]["quote"].endswith("it is an encouraging start.")
    html = client.get(page.url).content.decode()
    assert "<h2>Background</h2>" in html
    assert (
        "Further reading on the UK&#x27;s first national pledge" in html or "Further reading on the UK's first" in html
    )
    assert "Cookies on this website" not in page.body.render_as_block()


def test_press_contact_is_fictional_and_workflow_is_assigned(demo):
    contact = PressContact.objects.get()
    assert contact.name == "Press office" and contact.email.endswith("@example.org")
    assignment = WorkflowPage.objects.get(page=NewsIndexPage.objects.get())
    assert assignment.workflow.name == "Comms sign-off"
    task = assignment.workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


def test_loading_twice_changes_nothing(demo):
    counts = (
        NewsPage.objects.count(),
        Topic.objects.count(),
        PressContact.objects.count(),
        WorkflowPage.objects.count(),
    )
    call_command("load_demo_content", verbosity=0)
    assert (
        NewsPage.objects.count(),
        Topic.objects.count(),
        PressContact.objects.count(),
        WorkflowPage.objects.count(),
    ) == counts
