"""Fixtures shared by the whole suite: the site tree and the browser harness."""

import os

from django.conf import settings
from django.test.client import ClientMixin
from django.utils.translation import get_supported_language_variant

from wagtail.models import Collection, Locale, Page, Site

import pytest
from cachalot.api import cachalot_disabled

from home.factories import HomePageFactory
from tests.accessibility import DESKTOP
from tests.smtp import SMTPServer
from tests.twofactor import mark_verified

# Playwright's sync API runs an event loop in this thread; the ORM calls made
# by tests alongside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def ensure_wagtail_tree():
    """The rows Wagtail's migrations create, recreated after a transactional test's flush."""
    Locale.objects.get_or_create(language_code=get_supported_language_variant(settings.LANGUAGE_CODE))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    return root


def build_site():
    """A fresh home page as the root of the default site."""
    root = ensure_wagtail_tree()
    root.get_children().delete()
    Site.objects.all().delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Synergi")
    return home


@pytest.fixture
def home_page(db):
    return build_site()


@pytest.fixture
def live_home_page(transactional_db):
    """The site tree for tests that a live server (another thread) must see."""
    return build_site()


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch):
    """client.force_login(user) stands for a complete admin sign-in: password and code."""
    force_login = ClientMixin.force_login

    def force_login_verified(client, user, backend=None):
        force_login(client, user, backend)
        mark_verified(client, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login_verified)


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The browser harness -------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_browser_page(browser):
    """Open a page in a fresh browser context: new_browser_page(viewport=..., java_script_enabled=...)."""
    contexts = []

    def open_page(**context_options):
        context_options.setdefault("viewport", DESKTOP)
        context = browser.new_context(**context_options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_browser_page):
    return new_browser_page()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port; the site's mail goes to it (tests/smtp.py)."""
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        yield server


@pytest.fixture
def cold_queries():
    """Every query reaches the database (the query cache, django-cachalot, off): for counting them."""
    with cachalot_disabled():
        yield
