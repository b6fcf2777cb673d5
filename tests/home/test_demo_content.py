from django.core.management import call_command
from django.test import override_settings

from wagtail.models import Page, Revision, Site

from home.models import HomePage, StandardPage


def snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "slug", "title", "live")),
        "revisions": list(Revision.objects.order_by("pk").values_list("pk", "object_id")),
        "sites": list(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
    }


def test_demo_loader_builds_the_site(db, client):
    call_command("load_demo_content", verbosity=0)
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    slugs = set(StandardPage.objects.values_list("slug", flat=True))
    assert {"about", "accessibility-statement", "privacy", "contact"} <= slugs
    assert client.get("/").status_code == 200
    assert client.get("/accessibility-statement/").status_code == 200


def test_demo_loader_is_idempotent(db):
    call_command("load_demo_content", verbosity=0)
    first = snapshot()
    call_command("load_demo_content", verbosity=0)
    assert snapshot() == first


@override_settings(DEBUG=True, DEMO_EDITOR_ACCOUNT={"username": "editor", "password": "local-demo-pass"})
def test_demo_editor_exists_only_when_configured(db, django_user_model):
    call_command("load_demo_content", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    assert django_user_model.objects.filter(username="editor").count() == 1


def test_no_demo_editor_without_the_dev_setting(db, django_user_model):
    call_command("load_demo_content", verbosity=0)
    assert not django_user_model.objects.filter(username="editor").exists()
