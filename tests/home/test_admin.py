"""The editor's path through the Wagtail admin for general pages."""

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.models import StandardPage


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-test-password")


def test_editor_creates_and_publishes_a_standard_page(client, home_page, editor):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home_page.pk))
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Accessibility statement",
            "slug": "accessibility-statement",
            "introduction": "How accessible this website is.",
            "body": streamfield([("paragraph", rich_text("<p>We aim for WCAG 2.2 AA.</p>"))]),
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPage.objects.get(slug="accessibility-statement")
    assert page.live
    client.logout()
    public = client.get("/accessibility-statement/")
    assert public.status_code == 200
    assert "We aim for WCAG 2.2 AA." in public.content.decode()


def test_a_draft_is_not_public(client, home_page, editor):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home_page.pk))
    data = nested_form_data({"title": "Draft page", "slug": "draft-page", "introduction": "", "body": streamfield([])})
    assert client.post(url, data).status_code == 302
    assert not StandardPage.objects.get(slug="draft-page").live
    client.logout()
    assert client.get("/draft-page/").status_code == 404
