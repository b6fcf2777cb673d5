import hashlib
import re
from urllib.parse import urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.cache import add_never_cache_headers, patch_cache_control

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyStreamBlock

from . import cookie
from .guards import safe_next

# The Centre's own banner wording, the defaults editors start from.
DEFAULT_BANNER_HEADING = "Cookies on this website"
DEFAULT_BANNER_TEXT = (
    "We use cookies to ensure that we give you the best experience on our website. If you click "
    "'Accept all cookies' we'll assume that you are happy to receive all cookies and you won't see this "
    "message again. If you click 'Reject all non-essential cookies' only necessary cookies providing core "
    "functionality such as security, network management, and accessibility will be enabled. Click 'Find out "
    "more' for information on how to change your cookie settings."
)

GA4_ID = re.compile(r"G-[A-Z0-9]{4,15}")
HOSTNAME = re.compile(r"(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


class Category(models.TextChoices):
    ESSENTIAL = "essential", "Essential"
    FUNCTIONAL = "functional", "Functional"
    ANALYTICS = "analytics", "Analytics"
    MARKETING = "marketing", "Marketing"


CATEGORY_EXPLANATIONS = {
    Category.ESSENTIAL: "These keep the website secure and remember your cookie choices. They are always on.",
    Category.FUNCTIONAL: "These let you watch videos from YouTube or Vimeo on our pages.",
    Category.ANALYTICS: "These tell us how you use the website, so we can make it better.",
    Category.MARKETING: "These let other websites show you adverts based on your visit.",
}


class AnalyticsProvider(models.TextChoices):
    NONE = "", "No analytics"
    PLAUSIBLE = "plausible", "Plausible"
    MATOMO = "matomo", "Matomo"
    GA4 = "ga4", "Google Analytics 4"


DEFAULT_SCRIPT_URLS = {
    AnalyticsProvider.PLAUSIBLE: "https://plausible.io/js/script.js",
    AnalyticsProvider.GA4: "https://www.googletagmanager.com/gtag/js",
}


# The words a visitor chooses from; their SHA-256 is kept with each decision.
BANNER_FIELDS = ("banner_heading", "banner_text", "accept_button_label", "reject_button_label", "more_link_label")


def banner_sha256(fields):
    shown = "\n".join(fields[name] for name in BANNER_FIELDS)
    return hashlib.sha256(shown.encode()).hexdigest()


@register_setting(icon="lock")
class ConsentSettings(BaseSiteSetting):
    """The cookie banner's words, the policy version and the analytics tag."""

    banner_heading = models.CharField(
        max_length=80,
        default=DEFAULT_BANNER_HEADING,
        help_text="The heading of the cookie banner. Screen readers also use it as the banner's name.",
    )
    banner_text = models.TextField(
        default=DEFAULT_BANNER_TEXT,
        help_text="What the banner says. Say plainly what accepting and rejecting mean.",
    )
    accept_button_label = models.CharField(
        max_length=60, default="Accept all cookies", help_text="The words on the button that accepts all cookies."
    )
    reject_button_label = models.CharField(
        max_length=60,
        default="Reject all non-essential cookies",
        help_text="The words on the button that rejects them. It looks exactly like the accept button.",
    )
    more_link_label = models.CharField(
        max_length=60, default="Find out more", help_text="The words of the link to the cookies page."
    )
    accepted_message = models.CharField(
        max_length=200,
        default="You've accepted all cookies.",
        help_text="Shown in the banner after someone accepts.",
    )
    rejected_message = models.CharField(
        max_length=200,
        default="You've rejected non-essential cookies.",
        help_text="Shown in the banner after someone rejects.",
    )
    change_settings_label = models.CharField(
        max_length=80,
        default="change your cookie settings",
        help_text="Link text after the confirmation: 'You can … at any time.'",
    )
    hide_button_label = models.CharField(
        max_length=60, default="Hide this message", help_text="The button that closes the confirmation."
    )
    gpc_message = models.CharField(
        max_length=250,
        default=(
            "Your browser sends a Global Privacy Control signal, so marketing cookies stay off "
            "even if you accept all cookies."
        ),
        help_text="Shown only to visitors whose browser asks websites not to sell or share their data.",
    )
    policy_version = models.PositiveIntegerField(
        default=1,
        help_text=(
            "Add one when the cookies we use or why we use them change. Everyone is asked again and "
            "cookies they allowed before are deleted."
        ),
    )
    analytics_provider = models.CharField(
        max_length=20,
        blank=True,
        choices=AnalyticsProvider.choices,
        default=AnalyticsProvider.NONE,
        help_text="The analytics service. It only ever loads for visitors who accept analytics cookies.",
    )
    analytics_id = models.CharField(
        max_length=120,
        blank=True,
        help_text=(
            "Plausible: the website's domain, e.g. synergicollaborativecentre.co.uk. Matomo: the site ID number. "
            "Google Analytics 4: the measurement ID, e.g. G-ABC123DEF4."
        ),
    )
    analytics_script_url = models.URLField(
        blank=True,
        help_text=(
            "Leave blank for the provider's usual address. Matomo: the address of your Matomo, "
            "e.g. https://analytics.example.org/. Only change this if the analytics provider tells you to."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("banner_heading"),
                FieldPanel("banner_text"),
                FieldPanel("accept_button_label"),
                FieldPanel("reject_button_label"),
                FieldPanel("more_link_label"),
            ],
            heading="Banner",
        ),
        MultiFieldPanel(
            [
                FieldPanel("accepted_message"),
                FieldPanel("rejected_message"),
                FieldPanel("change_settings_label"),
                FieldPanel("hide_button_label"),
                FieldPanel("gpc_message"),
            ],
            heading="After a choice",
        ),
        FieldPanel("policy_version"),
        MultiFieldPanel(
            [FieldPanel("analytics_provider"), FieldPanel("analytics_id"), FieldPanel("analytics_script_url")],
            heading="Analytics",
        ),
    ]

    class Meta:
        verbose_name = "Cookie consent"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Proof of what visitors were shown: one snapshot per version and banner wording.
        PolicySnapshot.capture(self)

    @property
    def banner_fields(self):
        return {name: getattr(self, name) for name in BANNER_FIELDS}

    def clean(self):
        super().clean()
        errors = {}
        if self.policy_version is not None and not 1 <= self.policy_version <= 999_999:
            errors["policy_version"] = "Use a whole number from 1 to 999999."
        provider = self.analytics_provider
        analytics_id = (self.analytics_id or "").strip()
        self.analytics_id = analytics_id
        if self.analytics_script_url:
            parts = urlsplit(self.analytics_script_url)
            if parts.scheme != "https" and parts.hostname not in LOCAL_HOSTS:
                errors["analytics_script_url"] = "Use an address that starts with https://."
        if provider == AnalyticsProvider.NONE:
            if analytics_id:
                errors["analytics_id"] = "Choose an analytics service first, or clear this box."
        elif not analytics_id:
            errors["analytics_id"] = "Enter the ID the analytics service gave you."
        elif provider == AnalyticsProvider.GA4 and not GA4_ID.fullmatch(analytics_id):
            errors["analytics_id"] = "A Google Analytics 4 measurement ID looks like G-ABC123DEF4."
        elif provider == AnalyticsProvider.PLAUSIBLE and not HOSTNAME.fullmatch(analytics_id):
            errors["analytics_id"] = "Enter the website's domain as Plausible knows it, e.g. example.org."
        elif provider == AnalyticsProvider.MATOMO:
            if not analytics_id.isdigit():
                errors["analytics_id"] = "A Matomo site ID is a number, e.g. 3."
            if not self.analytics_script_url:
                errors["analytics_script_url"] = (
                    "Enter the address of your Matomo, e.g. https://analytics.example.org/."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def banner_text_sha256(self):
        """Fingerprint of the words a visitor chose from, kept with each decision."""
        return banner_sha256(self.banner_fields)

    def analytics_tag(self):
        """What the inert analytics <script> needs, or None when there is no analytics."""
        provider = self.analytics_provider
        if not provider or not self.analytics_id:
            return None
        base = self.analytics_script_url or DEFAULT_SCRIPT_URLS.get(provider, "")
        attributes = {"data-analytics-provider": provider}
        if provider == AnalyticsProvider.PLAUSIBLE:
            src = base
            attributes["data-domain"] = self.analytics_id
        elif provider == AnalyticsProvider.MATOMO:
            root = base if base.endswith("/") else base + "/"
            src = root + "matomo.js"
            attributes["data-tracker-url"] = root + "matomo.php"
            attributes["data-site-id"] = self.analytics_id
        else:
            src = f"{base}{'&' if '?' in base else '?'}id={self.analytics_id}"
            attributes["data-measurement-id"] = self.analytics_id
        return {"provider": provider, "src": src, "attributes": attributes}

    def analytics_origin(self):
        """The analytics script's origin, for the Content-Security-Policy's script-src."""
        tag = self.analytics_tag()
        if tag is None:
            return None
        parts = urlsplit(tag["src"])
        return f"{parts.scheme}://{parts.netloc}"


class CookieDeclarationQuerySet(models.QuerySet):
    def non_essential(self):
        return self.exclude(category=Category.ESSENTIAL)

    def names_by_category(self):
        names = {category: [] for category in cookie.CATEGORIES}
        for name, category in self.non_essential().values_list("name", "category"):
            names.setdefault(category, []).append(name)
        return names


class Storage(models.TextChoices):
    COOKIE = "cookie", "Cookie"
    LOCAL = "local", "Local storage"
    SESSION = "session", "Session storage"
    INDEXEDDB = "indexeddb", "IndexedDB database"


class Audience(models.TextChoices):
    VISITORS = "visitors", "Any visitor"
    STAFF = "staff", "Only staff logged in to the editing tools"


HOST_PATTERN = re.compile(r"(\*\.)?[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")


class CookieDeclaration(models.Model):
    """A cookie (or browser storage key) the website may set, listed on the cookies page."""

    name = models.CharField(
        max_length=80,
        help_text="The cookie's name exactly as browsers show it. Use * for a changing part, e.g. _ga_*.",
    )
    provider = models.CharField(
        max_length=120, help_text="Who sets it: 'This website' or the service, e.g. 'Google Analytics'."
    )
    purpose = models.TextField(help_text="What it is for, in plain words.")
    duration = models.CharField(
        max_length=80, help_text="How long it lasts, e.g. '1 year' or 'When you close the browser'."
    )
    category = models.CharField(
        max_length=20,
        choices=Category.choices,
        help_text="Essential cookies are always on; visitors choose whether to allow the others.",
    )
    storage = models.CharField(
        max_length=20,
        choices=Storage.choices,
        default=Storage.COOKIE,
        help_text="Where the browser keeps it. Most are cookies; some services keep keys in the browser's storage.",
    )
    hosts = models.CharField(
        max_length=400,
        blank=True,
        help_text=(
            "For another service's cookies: the addresses the visitor's browser talks to for it, separated by "
            "spaces, e.g. www.youtube-nocookie.com *.youtube.com. The cookie audit checks them."
        ),
    )
    audience = models.CharField(
        max_length=20,
        choices=Audience.choices,
        default=Audience.VISITORS,
        help_text="Who gets it. The cookie audit browses as a visitor, so it only expects the visitors' ones.",
    )

    objects = CookieDeclarationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("provider"),
        FieldPanel("purpose"),
        FieldPanel("duration"),
        FieldPanel("category"),
        FieldPanel("storage"),
        FieldPanel("hosts"),
        FieldPanel("audience"),
    ]

    class Meta:
        ordering = ["category", "name"]
        verbose_name = "cookie declaration"
        constraints = [models.UniqueConstraint(fields=["name"], name="consent_unique_cookie_name")]

    def __str__(self):
        return f"{self.name} ({self.get_category_display()})"

    def clean(self):
        super().clean()
        errors = {}
        if self.name and not re.fullmatch(r"[A-Za-z0-9_.\-*]+", self.name):
            errors["name"] = "Use only letters, numbers, _ . - and * in a cookie name."
        self.hosts = " ".join(self.hosts.lower().split())
        bad = [host for host in self.host_patterns() if not HOST_PATTERN.fullmatch(host)]
        if bad:
            errors["hosts"] = f"Not an address: {bad[0][:80]}. Write host names only, e.g. www.example.org."
        if errors:
            raise ValidationError(errors)

    def host_patterns(self):
        return self.hosts.split()


class CookiesPage(Page):
    """The cookies page: the policy, the list of cookies and the choice per category."""

    introduction = models.TextField(blank=True, help_text="A sentence or two on what cookies are and why we use them.")
    body = StreamField(
        BodyStreamBlock(), blank=True, help_text="The cookie policy. The table of cookies and the choices follow it."
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    def serve(self, request, *args, **kwargs):
        # The page reads the visitor's own decision, so no cache may keep it.
        response = super().serve(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):
            expire_outdated_cookies(request, response, ConsentSettings.for_request(request).policy_version)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        consent_settings = ConsentSettings.for_request(request)
        decision = cookie.parse(
            request.COOKIES.get(cookie.COOKIE_NAME), current_version=consent_settings.policy_version
        )
        declarations = list(CookieDeclaration.objects.all())
        declared = {d.category for d in declarations}
        categories = [
            {
                "name": category.value,
                "label": category.label,
                "explanation": CATEGORY_EXPLANATIONS[category],
                "allowed": bool(decision and getattr(decision, category.value)),
            }
            for category in Category
            if category != Category.ESSENTIAL and category.value in declared
        ]
        came_from = request.GET.get("next") or _same_site_referer(request)
        return_to = safe_next(request, came_from, default=None) if came_from else None
        if return_to == self.url:
            return_to = None
        form_next = self.url + "?saved=1"
        if return_to:
            form_next += "&" + urlencode({"next": return_to})
        context.update(
            consent_settings=consent_settings,
            declarations=declarations,
            categories=categories,
            essential_explanation=CATEGORY_EXPLANATIONS[Category.ESSENTIAL],
            decision=decision,
            saved=request.GET.get("saved") == "1" and decision is not None,
            return_to=return_to,
            form_next=form_next,
            gpc=request.headers.get("Sec-GPC") == "1",
        )
        return context


def _same_site_referer(request):
    referer = request.headers.get("Referer", "")
    parts = urlsplit(referer)
    if not referer or parts.netloc != request.get_host():
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def expire_outdated_cookies(request, response, current_version):
    """Delete declared non-essential cookies when the visitor has no valid decision (e.g. after a version bump)."""
    if cookie.parse(request.COOKIES.get(cookie.COOKIE_NAME), current_version=current_version) is not None:
        return []
    patterns = CookieDeclaration.objects.non_essential().values_list("name", flat=True)
    return cookie.delete_cookies(response, request, list(patterns))


class ConsentRecord(models.Model):
    """Proof of one decision. Deliberately no IP address and no user agent."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", "Accepted all"
        REJECT = "reject", "Rejected non-essential"
        CUSTOM = "custom", "Chose per category"

    class Method(models.TextChoices):
        BANNER_JS = "banner_js", "Banner, with JavaScript"
        BANNER_FORM = "banner_form", "Banner, without JavaScript"
        COOKIES_PAGE_JS = "cookies_page_js", "Cookies page, with JavaScript"
        COOKIES_PAGE_FORM = "cookies_page_form", "Cookies page, without JavaScript"

    consent_id = models.CharField(max_length=32, db_index=True)
    policy_version = models.PositiveIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    functional = models.BooleanField()
    analytics = models.BooleanField()
    marketing = models.BooleanField()
    method = models.CharField(max_length=20, choices=Method.choices)
    gpc = models.BooleanField(help_text="The browser sent a Global Privacy Control signal.")
    banner_text_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.consent_id} v{self.policy_version} {self.decision} {self.created_at:%Y-%m-%d %H:%M}"


class PolicySnapshot(models.Model):
    """The banner, the cookie policy and the cookie list as they stood for one version of the policy.

    Keyed by the version and the banner's hash, which every ConsentRecord carries, so each
    decision can be matched to exactly what the visitor was shown.
    """

    policy_version = models.PositiveIntegerField()
    banner_text_sha256 = models.CharField(max_length=64)
    banner = models.JSONField(help_text="The banner's words, field by field.")
    policy_title = models.CharField(max_length=255, blank=True)
    policy_introduction = models.TextField(blank=True)
    policy_html = models.TextField(blank=True, help_text="The cookies page's policy text as it was published.")
    declarations = models.JSONField(help_text="The table of cookies, row by row.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-policy_version", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["policy_version", "banner_text_sha256"], name="consent_unique_snapshot")
        ]

    def __str__(self):
        return f"Cookie policy version {self.policy_version} ({self.banner_text_sha256[:8]})"

    @classmethod
    def capture(cls, consent_settings):
        """Store what is shown now, unless this version and wording were stored already."""
        sha = consent_settings.banner_text_sha256
        if cls.objects.filter(policy_version=consent_settings.policy_version, banner_text_sha256=sha).exists():
            return None
        cookies_page = CookiesPage.objects.live().first()
        declarations = [
            {
                "name": d.name,
                "provider": d.provider,
                "purpose": d.purpose,
                "duration": d.duration,
                "category": d.category,
                "storage": d.storage,
            }
            for d in CookieDeclaration.objects.all()
        ]
        snapshot, _ = cls.objects.get_or_create(
            policy_version=consent_settings.policy_version,
            banner_text_sha256=sha,
            defaults={
                "banner": consent_settings.banner_fields,
                "policy_title": cookies_page.title if cookies_page else "",
                "policy_introduction": cookies_page.introduction if cookies_page else "",
                "policy_html": str(cookies_page.body) if cookies_page else "",
                "declarations": declarations,
            },
        )
        return snapshot
