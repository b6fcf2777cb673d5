"""News releases in each publishing state, and the people who work on them."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from wagtail.models import GroupPagePermission

import pytest

from news.models import NewsIndexPage, NewsPage, PressContact

PASSWORD = "a-long-test-password"


@pytest.fixture
def news_index(home_page):
    index = NewsIndexPage(title="News", slug="news")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def press_contact(db):
    return PressContact.objects.create(name="Press office", email="press@example.org")


@pytest.fixture
def make_release(news_index, press_contact):
    """make_release(slug, state='draft'|'scheduled'|'live', go_live_at=..., user=...) -> NewsPage."""

    def make(slug, state="draft", *, title=None, go_live_at=None, user=None, parent=None):
        page = NewsPage(
            title=title or slug.replace("-", " ").capitalize(),
            slug=slug,
            standfirst="A one-sentence summary of the release.",
            press_contact=press_contact,
            live=False,
        )
        (parent or news_index).add_child(instance=page)
        if state == "scheduled":
            page.go_live_at = go_live_at or timezone.now() + timedelta(days=2)
        revision = page.save_revision(user=user)
        if state in ("scheduled", "live"):
            revision.publish(user=user)
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("comms", "comms@example.org", PASSWORD)


@pytest.fixture
def outsider(django_user_model, home_page):
    """Can log in to the admin but may not edit any page."""
    user = django_user_model.objects.create_user("outsider", "outsider@example.org", PASSWORD)
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def page_editor_factory(django_user_model):
    """A non-superuser who may edit the pages under `page` (and publish them, with publish=True), nothing else."""

    def make(username, page, *, publish=False):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
        group = Group.objects.create(name=f"{'Publishers' if publish else 'Editors'} of {page.slug}: {username}")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        for codename in ("add_page", "change_page", *(["publish_page"] if publish else [])):
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=codename)
            )
        user.groups.add(group)
        return user

    return make
