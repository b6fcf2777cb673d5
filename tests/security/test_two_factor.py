"""Two-factor login for the admin: who needs it, enrolment, the code step, lockout and a lost phone."""

import re
from base64 import b32decode

from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode
from home.demo import load_editor_groups
from tests.twofactor import authenticator_for, code_for

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/users/", "/admin/snippets/", "/admin/two-factor/reset/1/"]


@pytest.fixture
def moderator(django_user_model, home_page):
    user = django_user_model.objects.create_user("mo", "mo@example.org", PASSWORD)
    user.groups.add(load_editor_groups()["Moderators"])
    return user


@pytest.fixture
def editor(django_user_model, home_page):
    user = django_user_model.objects.create_user("ed", "ed@example.org", PASSWORD)
    user.groups.add(load_editor_groups()["Editors"])
    return user


@pytest.fixture
def admin(django_user_model, home_page):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)


def password_step(username, address="203.0.113.7"):
    client = Client(REMOTE_ADDR=address, raise_request_exception=False)
    response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password is right"
    return client


def reaches_admin(client):
    return client.get("/admin/").status_code == 200


def secret_key_from(page):
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page)[1].replace(" ", "")
    return b32decode(secret + "=" * (-len(secret) % 8)).hex()


def test_a_correct_password_without_a_code_reaches_no_admin_page(moderator):
    device = authenticator_for(moderator)
    client = password_step("mo")
    for path in ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/two-factor/?next="), path
    code_page = client.get("/admin/two-factor/")
    assert code_page.status_code == 200
    assert "Enter your code" in code_page.content.decode()
    assert "no-store" in code_page["Cache-Control"]

    response = client.post("/admin/two-factor/?next=/admin/pages/", {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert reaches_admin(client)


def test_an_account_that_can_publish_must_enrol_first(moderator):
    client = password_step("mo")
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/two-factor/set-up/")
    setup = client.get("/admin/two-factor/set-up/")
    page = setup.content.decode()
    assert "<svg" in page, "the QR code is drawn inline"
    assert "https://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0], "and loads nothing"
    key = secret_key_from(page)
    assert secret_key_from(client.get("/admin/two-factor/set-up/").content.decode()) == key, "same secret on reload"

    wrong = client.post("/admin/two-factor/set-up/", {"code": "000000" if code_for(key) != "000000" else "111111"})
    assert "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()

    done = client.post("/admin/two-factor/set-up/", {"code": code_for(key)})
    assert done.status_code == 200
    assert "private" in done["Cache-Control"] and "no-store" in done["Cache-Control"]
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", done.content.decode())
    assert len(codes) == 10
    assert not RecoveryCode.objects.filter(digest__in=codes).exists(), "codes are stored hashed"
    assert reaches_admin(client)
    again = client.get("/admin/two-factor/set-up/").content.decode()
    assert not any(code in again for code in codes), "recovery codes are shown once"

    # A recovery code signs in once.
    second = password_step("mo")
    assert second.post("/admin/two-factor/", {"code": codes[0].upper()}).status_code == 302
    assert reaches_admin(second)
    third = password_step("mo")
    assert "That code is not right" in third.post("/admin/two-factor/", {"code": codes[0]}).content.decode()
    assert not reaches_admin(third)


def test_an_editor_who_cannot_publish_needs_no_code_unless_the_setting_says_so(editor):
    assert reaches_admin(password_step("ed"))
    with override_settings(TWO_FACTOR_REQUIRED_FOR_ALL=True):
        client = password_step("ed")
        assert client.get("/admin/")["Location"].startswith("/admin/two-factor/set-up/")


def test_an_account_that_chose_two_factor_always_gives_a_code(editor):
    authenticator_for(editor)
    assert not reaches_admin(password_step("ed"))


def test_the_local_demo_account_may_skip_it(django_user_model, home_page):
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    assert not reaches_admin(password_step("editor"))
    with override_settings(TWO_FACTOR_EXEMPT_USERNAMES=["editor"]):
        assert reaches_admin(password_step("editor"))


def test_wrong_codes_lock_the_sign_in_like_wrong_passwords(moderator):
    device = authenticator_for(moderator)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    client = password_step("mo")
    for attempt in range(4):
        response = client.post("/admin/two-factor/", {"code": wrong})
        assert response.status_code == 200, attempt
    response = client.post("/admin/two-factor/", {"code": wrong})
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert client.get("/admin/two-factor/").status_code == 302, "the session was signed out"
    # The password no longer opens the first step either, from this address.
    locked = Client(REMOTE_ADDR="203.0.113.7")
    assert locked.post(reverse("wagtailadmin_login"), {"username": "mo", "password": PASSWORD}).status_code == 429


def test_codes_and_passwords_count_toward_the_same_lockout(moderator):
    device = authenticator_for(moderator)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    stranger = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        stranger.post(reverse("wagtailadmin_login"), {"username": "mo", "password": "not-it"})
    client = password_step("mo")
    assert client.post("/admin/two-factor/", {"code": wrong}).status_code == 200
    assert client.post("/admin/two-factor/", {"code": wrong}).status_code == 429


def test_another_administrator_resets_a_lost_phone(admin, moderator):
    authenticator_for(moderator)
    helper = Client()
    helper.force_login(admin)
    listing = helper.get("/admin/users/").content.decode()
    assert f"/admin/two-factor/reset/{moderator.pk}/" in listing
    assert helper.get(f"/admin/two-factor/reset/{moderator.pk}/").status_code == 200
    response = helper.post(f"/admin/two-factor/reset/{moderator.pk}/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=moderator).exists()
    history = helper.get("/admin/reports/site-history/").content.decode()
    assert "Reset two-factor login" in history, "the reset is in the site history"
    # At the next sign-in they set up a new app.
    assert password_step("mo").get("/admin/")["Location"].startswith("/admin/two-factor/set-up/")


def test_only_administrators_may_reset(admin, editor):
    authenticator_for(admin)
    client = Client()
    client.force_login(editor)
    assert client.get(f"/admin/two-factor/reset/{admin.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/two-factor/reset/{admin.pk}/").status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=admin).exists()
    assert f"/admin/two-factor/reset/{admin.pk}/" not in client.get("/admin/users/").content.decode()


def test_the_reset_command_removes_the_devices(moderator, capsys):
    authenticator_for(moderator)
    call_command("reset_two_factor", "mo")
    assert "reset for mo" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=moderator).exists()
    assert password_step("mo").get("/admin/")["Location"].startswith("/admin/two-factor/set-up/")


def test_anyone_may_turn_it_on_from_their_account_page(editor):
    client = password_step("ed")
    assert "/admin/two-factor/set-up/" in client.get("/admin/account/").content.decode()
    page = client.get("/admin/two-factor/set-up/").content.decode()
    assert "Add a second step to your sign-in" in page
    client.post("/admin/two-factor/set-up/", {"code": code_for(secret_key_from(page))})
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert not reaches_admin(password_step("ed")), "from now on this account gives a code too"
