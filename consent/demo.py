"""Demo content for cookie consent: the cookies page, the banner wording and the cookie list.

The banner wording is the Centre's own (consent.models holds it as the setting's defaults).
Idempotent: nothing is duplicated or overwritten.
"""

from wagtail.models import Site

from home.demo import get_or_create_child
from home.models import SiteSettings

from .models import Category, ConsentSettings, CookieDeclaration, CookiesPage

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
    },
    {
        "name": "sessionid",
        "provider": "This website",
        "purpose": "Keeps the Centre's staff logged in to the editing tools. Visitors do not get it.",
        "duration": "2 weeks",
        "category": Category.ESSENTIAL,
    },
    {
        "name": "YSC",
        "provider": "YouTube (Google)",
        "purpose": "Set by YouTube when you play a video embedded on our pages, to count views.",
        "duration": "When you close the browser",
        "category": Category.FUNCTIONAL,
    },
    {
        "name": "VISITOR_INFO1_LIVE",
        "provider": "YouTube (Google)",
        "purpose": "Set by YouTube when you play a video embedded on our pages, to choose the video quality.",
        "duration": "6 months",
        "category": Category.FUNCTIONAL,
    },
    {
        "name": "_ga",
        "provider": "Google Analytics",
        "purpose": "Tells visits apart, so we can count how many people use the website.",
        "duration": "2 years",
        "category": Category.ANALYTICS,
    },
    {
        "name": "_ga_*",
        "provider": "Google Analytics",
        "purpose": "Remembers your visit so pages you read in one visit are counted together.",
        "duration": "2 years",
        "category": Category.ANALYTICS,
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
        "We only set analytics cookies, or play videos from YouTube, if you say yes. You can change your mind "
        "at any time on this page.</p>",
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
    # The setting's defaults are the seed wording; saving creates the row editors then change.
    ConsentSettings.for_site(site).save()
    load_declarations()
    add_footer_link(site, cookies_page)
    return cookies_page
