"""Editor accounts: failed logins lock out, the admin can move, groups have only what they need.

Two-factor login itself is in test_two_factor.py; here the superusers have an authenticator app
and sign in with password and code.
"""

import importlib

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import clear_url_caches, reverse

from wagtail.models import Page

import pytest
from axes.models import AccessAttempt

from home.demo import load_editor_groups
from home.factories import StandardPageFactory
from tests.twofactor import authenticator_for, code_for

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture
def comms(django_user_model):
    user = django_user_model.objects.create_superuser("comms", "comms@example.org", PASSWORD)
    authenticator_for(user)
    return user


@pytest.fixture
def press(django_user_model):
    user = django_user_model.objects.create_superuser("press", "press@example.org", PASSWORD)
    authenticator_for(user)
    return user


def log_in(username, password, address="203.0.113.7"):
    """The password step, then (when it passed) the code from the account's app."""
    client = Client(REMOTE_ADDR=address, raise_request_exception=False)
    response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})
    if response.status_code == 302:
        device = authenticator_for(get_user_model().objects.get(username=username))
        code_step = client.post(reverse("accounts_verify"), {"code": code_for(device)})
        assert code_step.status_code == 302, "the code step accepts the app's code"
    return client, response


def is_logged_in(client):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def fail_five_times(username, address="203.0.113.7"):
    for _ in range(5):
        _, response = log_in(username, "not-the-password", address)
        assert response.status_code in (200, 429)


def test_a_correct_password_logs_in(home_page, comms):
    client, response = log_in("comms", PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_five_failures_lock_the_account_even_with_the_right_password(home_page, comms):
    fail_five_times("comms")
    client, response = log_in("comms", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in locked" in page
    assert "ask a site administrator to unlock" in page
    assert not is_logged_in(client)


def test_four_failures_do_not_lock(home_page, comms):
    for _ in range(4):
        log_in("comms", "not-the-password")
    client, response = log_in("comms", PASSWORD)
    assert response.status_code == 302


def test_the_lockout_is_per_account_and_address(home_page, comms, press):
    fail_five_times("comms")
    other_account, response = log_in("press", PASSWORD)
    assert response.status_code == 302 and is_logged_in(other_account)
    other_address, response = log_in("comms", PASSWORD, address="198.51.100.20")
    assert response.status_code == 302 and is_logged_in(other_address)


def test_an_administrator_unlocks_with_the_reset_command(home_page, comms):
    fail_five_times("comms")
    assert log_in("comms", PASSWORD)[1].status_code == 429
    call_command("axes_reset_username", "comms")
    assert not AccessAttempt.objects.filter(username="comms").exists()
    client, response = log_in("comms", PASSWORD)
    assert response.status_code == 302 and is_logged_in(client)


def test_the_client_address_comes_from_our_proxy_not_the_visitor(home_page, comms):
    """From a trusted proxy, the right-most address it did not add counts; forged entries left of it do not."""
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        for forged in range(6):
            client = Client(
                REMOTE_ADDR="10.0.0.2",
                headers={"X-Forwarded-For": f"192.0.2.{forged}, 203.0.113.7, 10.0.0.9"},
                raise_request_exception=False,
            )
            response = client.post(reverse("wagtailadmin_login"), {"username": "comms", "password": "wrong"})
        assert response.status_code == 429
        assert AccessAttempt.objects.get(username="comms").ip_address == "203.0.113.7"


def test_a_spoofed_forwarded_for_from_a_client_that_is_not_a_proxy_is_ignored(home_page, comms):
    """Reaching the app directly, a client cannot choose the address its failures count against."""
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        for forged in range(5):
            client = Client(
                REMOTE_ADDR="198.51.100.40",
                headers={"X-Forwarded-For": f"10.0.0.{forged}"},
                raise_request_exception=False,
            )
            client.post(reverse("wagtailadmin_login"), {"username": "comms", "password": "wrong"})
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.40"}
        # Locked, and adding a header does not unlock it.
        locked = Client(REMOTE_ADDR="198.51.100.40", headers={"X-Forwarded-For": "10.0.0.77"})
        response = locked.post(reverse("wagtailadmin_login"), {"username": "comms", "password": PASSWORD})
        assert response.status_code == 429
        assert not is_logged_in(locked)


def test_twelve_failures_for_one_account_from_twelve_addresses_lock_it(home_page, comms):
    for address in range(12):
        log_in("comms", "not-the-password", address=f"192.0.2.{address + 1}")
    client, response = log_in("comms", PASSWORD, address="198.51.100.99")
    assert response.status_code == 429, "the account is locked wherever the next attempt comes from"
    assert "Sign-in locked" in response.content.decode()
    assert not is_logged_in(client)


def test_failures_spread_below_the_account_limit_do_not_lock_it(home_page, comms):
    for address in range(9):
        log_in("comms", "not-the-password", address=f"192.0.2.{address + 1}")
    client, response = log_in("comms", PASSWORD, address="198.51.100.99")
    assert response.status_code == 302 and is_logged_in(client)


def test_the_admin_path_is_a_setting(home_page, comms):
    import synergi_site.urls

    try:
        with override_settings(WAGTAIL_ADMIN_PATH="editorial-office"):
            importlib.reload(synergi_site.urls)
            clear_url_caches()
            client = Client(raise_request_exception=False)
            assert reverse("wagtailadmin_home") == "/editorial-office/"
            response = client.get("/editorial-office/login/")
            assert response.status_code == 200
            assert "frame-ancestors 'self'" in response["Content-Security-Policy"], "the admin policy follows it"
            assert client.get("/admin/login/").status_code == 404
    finally:
        importlib.reload(synergi_site.urls)
        clear_url_caches()
    assert reverse("wagtailadmin_home") == "/admin/"


# Groups -------------------------------------------------------------------


@pytest.fixture
def editor_and_moderator(django_user_model, home_page):
    groups = load_editor_groups()
    editor = django_user_model.objects.create_user("ed", "ed@example.org", PASSWORD)
    editor.groups.add(groups["Editors"])
    moderator = django_user_model.objects.create_user("mo", "mo@example.org", PASSWORD)
    moderator.groups.add(groups["Moderators"])
    return editor, moderator


def test_loading_the_groups_twice_changes_nothing(home_page):
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    load_editor_groups()
    counts = (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count())
    load_editor_groups()
    assert (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count()) == counts


def test_an_editor_can_edit_but_not_publish(editor_and_moderator, home_page):
    editor, _ = editor_and_moderator
    page = StandardPageFactory(parent=home_page, slug="about")
    permissions = page.permissions_for_user(editor)
    assert permissions.can_edit()
    assert permissions.can_add_subpage()
    assert not permissions.can_publish()
    assert not permissions.can_unpublish()
    assert not permissions.can_delete()
    assert not home_page.permissions_for_user(editor).can_publish_subpage()


def test_a_moderator_can_publish(editor_and_moderator, home_page):
    _, moderator = editor_and_moderator
    page = StandardPageFactory(parent=home_page, slug="about")
    assert page.permissions_for_user(moderator).can_publish()


def test_an_editor_publishing_through_the_admin_leaves_the_page_unpublished(editor_and_moderator, home_page):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    editor, moderator = editor_and_moderator
    url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home_page.pk))
    data = nested_form_data(
        {"title": "Draft", "slug": "draft", "introduction": "", "body": streamfield([]), "action-publish": "publish"}
    )
    client = Client()
    client.force_login(editor)
    client.post(url, data)
    page = Page.objects.get(slug="draft")
    assert not page.live, "an Editor's publish request must not publish"

    client.force_login(moderator)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.post(edit_url, {**data, "slug": "draft"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
