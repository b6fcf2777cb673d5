"""Demo content for the home page and the general pages.

Every loader in the project follows the same rule: look a page up by its slug
under its parent and create it only when it is missing, so loading twice
changes nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from .models import HomePage, SiteSettings, StandardPage
from .site_address import apply_site_address, parse_site_url

HOME_INTRODUCTION = (
    "<p>The Synergi Collaborative Centre works to reduce ethnic inequalities in mental health care. "
    "It ran the UK's first National Pledge to reduce ethnic inequalities in mental health care, "
    "signed by NHS mental health trusts, commissioners, public bodies and community organisations.</p>"
)


def get_or_create_child(parent, model, slug, **fields):
    """The live child of `parent` with `slug`, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_home():
    """The home page at the root of the default site, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Reducing ethnic inequalities in mental health care",
            slug="home",
            introduction=HOME_INTRODUCTION,
            pledge_callout_text=(
                "NHS trusts, councils and charities have signed the National Pledge and report on their progress."
            ),
        )
        # Wagtail's starter page holds the slug 'home'; free it first.
        for welcome in root.get_children().filter(slug="home"):
            welcome.delete()
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = parse_site_url(settings.SITE_URL)
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=settings.WAGTAIL_SITE_NAME
        )
    else:
        # The address the site is served at (SITE_URL; `make run` passes it), so its links work.
        apply_site_address(site)
    if site.root_page_id != home.pk or not site.site_name:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
    return home


def load_general_pages(home):
    about = get_or_create_child(
        home,
        StandardPage,
        "about",
        title="About the Centre",
        show_in_menus=True,
        introduction="The Synergi Collaborative Centre works to reduce ethnic inequalities in mental health care.",
        body=[
            (
                "paragraph",
                "<p>The Centre's Director is Professor Kamaldeep Bhui, of the Department of Psychiatry, "
                "University of Oxford. Joy Francis is Co-Director and leads the National Pledge.</p>",
            ),
            (
                "paragraph",
                "<p>In August 2020 the Centre launched the UK's first National Pledge to reduce ethnic "
                "inequalities in mental health care, and in November 2021 the Synergi National Pledge "
                "Alliance.</p>",
            ),
        ],
    )
    accessibility = get_or_create_child(
        home,
        StandardPage,
        "accessibility-statement",
        title="Accessibility statement",
        introduction="We want as many people as possible to be able to use this website.",
        body=[
            ("heading", {"text": "How accessible this website is", "level": "h2"}),
            (
                "paragraph",
                "<p>This website aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. "
                "You should be able to zoom in up to 400% without text spilling off the screen, navigate "
                "the whole site using just a keyboard, and listen to it using a screen reader.</p>",
            ),
            ("heading", {"text": "How we test this website", "level": "h2"}),
            (
                "paragraph",
                "<p>Every change is checked automatically with the axe-core accessibility engine in a real "
                "browser, at phone and desktop widths, and the main journeys are tested by keyboard alone.</p>",
            ),
        ],
    )
    privacy = get_or_create_child(
        home,
        StandardPage,
        "privacy",
        title="Privacy notice",
        introduction="How this website uses information about you.",
        body=[
            (
                "paragraph",
                "<p>We collect no personal information when you read this website. If you allow analytics "
                "cookies, we measure visits anonymously. You can change your cookie choices at any time.</p>",
            ),
            (
                "paragraph",
                "<p>If you sign up for news by email we keep your email address, the topics you chose, when "
                "and on which page you signed up, and when you confirmed: nothing else. A sign-up not "
                "confirmed within 7 days is deleted. When you unsubscribe we delete your address and keep "
                "only a one-way hash of it, so we never email it again. Journalists on our media list: we "
                "keep your name, outlet, email address, beats and our notes until you ask us to remove "
                "them. None of this is shown on the website.</p>",
            ),
        ],
    )
    contact = get_or_create_child(
        home,
        StandardPage,
        "contact",
        title="Contact us",
        introduction="How to reach the Synergi Collaborative Centre.",
        body=[("paragraph", "<p>For press enquiries, see the press contact on each news release.</p>")],
    )
    return {"about": about, "accessibility": accessibility, "privacy": privacy, "contact": contact}


def load_site_settings(site, pages):
    site_settings = SiteSettings.for_site(site)
    if not site_settings.footer_links:
        site_settings.footer_links = [
            ("link", {"label": "Accessibility statement", "page": pages["accessibility"], "url": ""}),
            ("link", {"label": "Privacy", "page": pages["privacy"], "url": ""}),
            ("link", {"label": "Contact", "page": pages["contact"], "url": ""}),
        ]
        site_settings.footer_text = "© Synergi Collaborative Centre"
        site_settings.save()


def load_demo_editor():
    """A local-only login, created only when the settings name one (dev.py)."""
    account = settings.DEMO_EDITOR_ACCOUNT
    if not account or not settings.DEBUG:
        return None
    user_model = get_user_model()
    user = user_model.objects.filter(username=account["username"]).first()
    if user is None:
        user = user_model.objects.create_superuser(
            username=account["username"], email="editor@example.invalid", password=account["password"]
        )
    return user


# What each of Wagtail's standard groups may do, on every page and in every collection.
# Editors draft and submit for moderation; Moderators also approve and publish.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS, "publish_page", "lock_page", "unlock_page"]
MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def load_editor_groups():
    """Set the "Editors" and "Moderators" groups' permissions to exactly the lists above."""
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    media = [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in MEDIA_PERMISSIONS]
    groups = {}
    for name, codenames in (("Editors", EDITOR_PAGE_PERMISSIONS), ("Moderators", MODERATOR_PAGE_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        page_permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
        GroupPagePermission.objects.filter(group=group, page=root_page).exclude(
            permission__in=page_permissions
        ).delete()
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
        for permission in media:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
        groups[name] = group
    return groups


def load():
    home = load_home()
    pages = load_general_pages(home)
    load_site_settings(Site.objects.get(is_default_site=True), pages)
    load_editor_groups()
    load_demo_editor()
    return home
