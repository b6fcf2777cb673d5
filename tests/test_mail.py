"""Mail goes through Django's email API to a real SMTP server (aiosmtpd); the transport comes from the environment."""

import importlib
import re

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from home.demo import load_editor_groups
from news.factories import NewsIndexPageFactory, PressContactFactory
from news.models import NewsPage
from tests.test_settings import PRODUCTION_ENV, manage

PASSWORD = "a-long-test-password"


def plain_text(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(text, path_part):
    match = re.search(rf"(https?://\S*{re.escape(path_part)}\S*)", text)
    assert match, f"no link with {path_part} in:\n{text}"
    return match.group(1)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


# Password reset ---------------------------------------------------------------


def test_a_password_reset_arrives_and_its_link_sets_a_new_password(client, smtp_server, django_user_model):
    django_user_model.objects.create_user("amara", "amara.okafor@example.org", PASSWORD, is_staff=True)
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": "amara.okafor@example.org"})
    assert response.status_code == 302

    (message,) = smtp_server.inbox.wait_for(1)
    assert message.envelope_to == ["amara.okafor@example.org"]
    assert message["To"] == "amara.okafor@example.org"
    assert message["Subject"] == "Password reset"
    assert message["From"] == "Synergi Collaborative Centre <noreply@example.org>"
    link = link_in(plain_text(message), "/admin/password_reset/confirm/")
    assert link.startswith("http://testserver/admin/")  # WAGTAILADMIN_BASE_URL: the site's address, not the Host

    form = client.get(path_of(link), follow=True)
    assert form.status_code == 200
    new_password = "a-brand-new-long-password"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert client.login(username="amara", password=new_password)


# The sign-off workflow ---------------------------------------------------------


@pytest.fixture
def sign_off(home_page):
    """The news index with the "Comms sign-off" workflow: one task, approved by the Moderators group."""
    load_editor_groups()
    index = NewsIndexPageFactory(parent=home_page)
    task = GroupApprovalTask.objects.create(name="Comms approval")
    task.groups.set([Group.objects.get(name="Moderators")])
    workflow = Workflow.objects.create(name="Comms sign-off")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=index)
    return index


def member_of(django_user_model, group, username, email):
    user = django_user_model.objects.create_user(username, email, PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_moderators_are_told_by_email_when_a_release_is_submitted_for_sign_off(
    client, smtp_server, sign_off, django_user_model, django_capture_on_commit_callbacks
):
    editor = member_of(django_user_model, "Editors", "kofi", "kofi.mensah@example.org")
    member_of(django_user_model, "Moderators", "priya", "priya.shah@example.org")
    member_of(django_user_model, "Moderators", "joe", "joe.bloggs@example.org")
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "Progress reports published",
            "slug": "progress-reports-published",
            "standfirst": "Signatories report their progress.",
            "display_date": "",
            "body": streamfield([("paragraph", rich_text("<p>The reports are out.</p>"))]),
            "notes_to_editors": rich_text(""),
            "related_links": inline_formset([]),
            "press_contact": PressContactFactory().pk,
            "action-submit": "submit",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:add", args=("news", "newspage", sign_off.pk)), data)
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="progress-reports-published")
    assert page.current_workflow_state is not None

    smtp_server.inbox.wait_for(2)
    for moderator in ("priya.shah@example.org", "joe.bloggs@example.org"):
        (message,) = smtp_server.inbox.to(moderator)
        assert message["Subject"] == (
            'The page "Progress reports published" has been submitted for approval '
            'in moderation stage "Comms approval"'
        )
        body = plain_text(message)
        assert f"http://testserver/admin/pages/{page.pk}/edit/" in body
        assert link_in(body, f"/admin/pages/{page.pk}/").startswith("http://testserver/admin/")
    assert not smtp_server.inbox.to("kofi.mensah@example.org")  # not the one who submitted


# Configuration from the environment ---------------------------------------------


MAIL_VARIABLES = [
    "EMAIL_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "ANYMAIL_PROVIDER",
    "POSTMARK_SERVER_TOKEN",
    "MAILGUN_API_KEY",
    "MAILGUN_SENDER_DOMAIN",
    "SENDGRID_API_KEY",
    "BREVO_API_KEY",
    "MAILJET_API_KEY",
    "RESEND_API_KEY",
]


@pytest.fixture
def settings_with(monkeypatch):
    """base.py (and dev.py) as they read the given environment."""

    def load(module="base", **env):
        for name in MAIL_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        base = importlib.reload(importlib.import_module("synergi_site.settings.base"))
        return (
            base if module == "base" else importlib.reload(importlib.import_module(f"synergi_site.settings.{module}"))
        )

    yield load
    monkeypatch.undo()
    importlib.reload(importlib.import_module("synergi_site.settings.base"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.internal", ("mail.internal", 25, "", "", False, False)),
        (
            "smtp+tls://synergi:p%40ss%2Fword@smtp.example.net",
            ("smtp.example.net", 587, "synergi", "p@ss/word", True, False),
        ),
        ("smtps://synergi:secret@smtp.example.net:2465", ("smtp.example.net", 2465, "synergi", "secret", False, True)),
    ],
)
def test_email_url_sets_the_smtp_transport(settings_with, url, expected):
    base = settings_with(EMAIL_URL=url)
    assert base.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    assert expected == (
        base.EMAIL_HOST,
        base.EMAIL_PORT,
        base.EMAIL_HOST_USER,
        base.EMAIL_HOST_PASSWORD,
        base.EMAIL_USE_TLS,
        base.EMAIL_USE_SSL,
    )
    assert base.EMAIL_TRANSPORT == "smtp"


def test_an_email_url_it_cannot_use_stops_the_site_with_a_clear_message(settings_with):
    with pytest.raises(Exception, match="EMAIL_URL must look like smtp://"):
        settings_with(EMAIL_URL="http://smtp.example.net")


def test_email_host_and_friends_set_the_smtp_transport(settings_with):
    base = settings_with(
        EMAIL_HOST="smtp.example.net", EMAIL_HOST_USER="synergi", EMAIL_HOST_PASSWORD="secret", EMAIL_USE_TLS="true"
    )
    assert (base.EMAIL_HOST, base.EMAIL_PORT, base.EMAIL_USE_TLS, base.EMAIL_USE_SSL) == (
        "smtp.example.net",
        587,
        True,
        False,
    )
    assert (base.EMAIL_HOST_USER, base.EMAIL_HOST_PASSWORD, base.EMAIL_TRANSPORT) == ("synergi", "secret", "smtp")


def test_a_hosted_providers_key_switches_on_anymail(settings_with):
    base = settings_with(POSTMARK_SERVER_TOKEN="a-postmark-token", EMAIL_URL="smtp://mail.internal")
    assert base.EMAIL_BACKEND == "anymail.backends.postmark.EmailBackend"
    assert base.ANYMAIL == {"POSTMARK_SERVER_TOKEN": "a-postmark-token"}
    assert base.EMAIL_TRANSPORT == "anymail:postmark"

    base = settings_with(ANYMAIL_PROVIDER="mailgun", MAILGUN_API_KEY="key", MAILGUN_SENDER_DOMAIN="mg.example.net")
    assert base.EMAIL_BACKEND == "anymail.backends.mailgun.EmailBackend"
    assert base.ANYMAIL == {"MAILGUN_API_KEY": "key", "MAILGUN_SENDER_DOMAIN": "mg.example.net"}


def test_development_prints_mail_unless_a_transport_is_named(settings_with):
    assert settings_with("dev").EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    assert settings_with("dev", EMAIL_URL="smtp://127.0.0.1:1025").EMAIL_BACKEND.endswith("smtp.EmailBackend")


def test_check_deploy_warns_when_production_has_no_mail_transport():
    env = {name: value for name, value in PRODUCTION_ENV.items() if name not in {"EMAIL_URL", "DEFAULT_FROM_EMAIL"}}
    env.update(dict.fromkeys(MAIL_VARIABLES, ""))
    result = manage("check", "--deploy", env=env)
    assert "synergi.W001" in result.stderr + result.stdout
    assert "No mail transport is configured" in result.stderr + result.stdout
    assert "DEFAULT_FROM_EMAIL is a placeholder" in result.stderr + result.stdout
    assert "SERVER_EMAIL is a placeholder" not in result.stderr + result.stdout  # PRODUCTION_ENV names one
