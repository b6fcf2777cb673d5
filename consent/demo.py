"""Demo content for cookie consent: the cookies page, the banner wording and the cookie list.

The banner wording is the Centre's own (consent.models holds it as the setting's defaults).
Idempotent: nothing is duplicated or overwritten. The demo has no videos and no analytics, so it
declares only the essential cookies: the cookie audit reports a declaration nothing sets as stale.
"""

from wagtail.models import Site

from home.demo import get_or_create_child
from home.models import SiteSettings

from .models import Audience, Category, ConsentSettings, CookieDeclaration, CookiesPage

DECLARATIONS = [
    {
        "name": "cookies_policy",
        "provider": "This website",
        "purpose": "Remembers which cookies you have allowed, so we do not ask you again on every page.",
        "duration": "1 year",
        "category": Category.ESSENTIAL,
    },
    {
        "name": "csrftoken",
        "provider": "This website",
        "purpose": "Protects the forms on this website from being sent by other websites.",
        "duration": "1 year",
        "category": Category.ESSENTIAL,
        "audience": Audience.STAFF,
    },
    {
        "name": "sessionid",
        "provider": "This website",
        "purpose": "Keeps the Centre's staff logged in to the editing tools. Visitors do not get it.",
        "duration": "2 weeks",
        "category": Category.ESSENTIAL,
        "audience": Audience.STAFF,
    },
]

POLICY = [
    ("heading", {"text": "What cookies are", "level": "h2"}),
    (
        "paragraph",
        "<p>Cookies are small files saved on your phone, tablet or computer when you visit a website. "
        "We use them to make this website work and, if you agree, to understand how people use it.</p>",
    ),
    ("heading", {"text": "How we use them", "level": "h2"}),
    (
        "paragraph",
        "<p>Essential cookies keep the website secure and remember your cookie choices; they are always on. "
        "If we ever add analytics or videos from other websites, we will only set their cookies if you say yes, "
        "and you can change your mind at any time on this page.</p>",
    ),
]


def load_declarations():
    for declaration in DECLARATIONS:
        CookieDeclaration.objects.get_or_create(name=declaration["name"], defaults=declaration)


def add_footer_link(site, cookies_page):
    """A 'Cookies' link in the footer, once."""
    site_settings = SiteSettings.for_site(site)
    links = list(site_settings.footer_links)
    for block in links:
        page = block.value.get("page")
        if block.value.get("label") == "Cookies" or (page is not None and page.pk == cookies_page.pk):
            return
    site_settings.footer_links.insert(0, ("link", {"label": "Cookies", "page": cookies_page, "url": ""}))
    site_settings.save()


def load(home_page):
    cookies_page = get_or_create_child(
        home_page,
        CookiesPage,
        "cookies",
        title="Cookies",
        introduction="How this website uses cookies, and your choices.",
        body=POLICY,
    )
    site = Site.objects.get(is_default_site=True)
    load_declarations()
    # The setting's defaults are the seed wording; saving creates the row editors then change
    # (and the policy snapshot of version 1, with the declarations above).
    ConsentSettings.for_site(site).save()
    add_footer_link(site, cookies_page)
    return cookies_page
