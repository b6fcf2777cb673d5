from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page
from wagtail.search import index

from pagecache import store

from .blocks import RICH_TEXT_FEATURES, BodyStreamBlock, LinkBlock
from .serving import PublicPageMixin


class SiteImage(AbstractImage):
    """An image in the library, with the alt text screen reader users hear."""

    alt_text = models.CharField(
        max_length=250,
        help_text=(
            "Describe what the picture shows for people who cannot see it, "
            "e.g. 'Colourful silhouette of different figures'. Required."
        ),
    )
    credit = models.CharField(
        max_length=200, blank=True, help_text="Photographer or source, shown with the image where there is room."
    )

    admin_form_fields = (*Image.admin_form_fields, "alt_text", "credit")

    @property
    def default_alt_text(self):
        return self.alt_text


class SiteImageRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(PublicPageMixin, Page):
    introduction = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="The first words visitors read: who the Centre is and what it does.",
    )
    pledge_callout_heading = models.CharField(
        max_length=120, default="The National Pledge", help_text="Heading of the box that points to the pledge."
    )
    pledge_callout_text = models.TextField(
        blank=True, help_text="One or two sentences on why organisations sign the pledge."
    )
    pledge_callout_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page the call-out links to, usually the pledge.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("pledge_callout_heading"),
                FieldPanel("pledge_callout_text"),
                FieldPanel("pledge_callout_page"),
            ],
            heading="Pledge call-out",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "news.NewsIndexPage",
        "pledge.PledgePage",
        "pledge.ReportIndexPage",
        "consent.CookiesPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = self.latest_news()
        return context

    def latest_news(self):
        """The three newest live news items, or none before the newsroom exists."""
        from news.models import NewsPage  # noqa: PLC0415 - news depends on home, not the reverse

        return NewsPage.objects.live().public().newest_first()[:3]

    def route(self, request, path_components):
        """Wagtail's routing, with every page on the way found in one query instead of two a level.

        Page.route looks up one child and loads it as its own type at each level
        (seven queries for /news/<release>/). Here the pages along the path come
        from one query on their slugs, and only the page served is loaded as its
        own type. Any page on the way with routing of its own (RoutablePageMixin's
        sub-pages such as /pledge/signatories/) is handed the rest of the path,
        exactly as Page.route would, so it behaves as before.
        """
        if not path_components:
            return super().route(request, path_components)
        # The pages along an address that leads somewhere are kept until the next purge
        # (any publish, move or deletion); the page served is loaded afresh below.
        candidates = store.remember(
            f"route:{self.pk}:{'/'.join(path_components)}",
            lambda: self.pages_along(path_components),
            keep=lambda pages: len(pages) >= len(path_components),
        )
        by_place = {(page.depth, page.slug, page.path[: -self.steplen]): page for page in candidates}
        current = self
        for position, slug in enumerate(path_components):
            child = by_place.get((current.depth + 1, slug, current.path))
            if child is None:
                raise Http404  # Page.route's answer: no child with that slug
            child._cached_parent_obj = current  # as Page.route does: get_parent() costs no query
            model = ContentType.objects.get_for_id(child.content_type_id).model_class()
            remaining = path_components[position + 1 :]
            if model is None or model.route is not Page.route or not remaining:
                return self.load_for_serving(child, model).route(request, remaining)
            current = child
        raise Http404  # not reached: the loop returns at the last component

    def pages_along(self, path_components):
        """Every page below this one whose slug and depth could put it on the path, in one query."""
        return list(
            Page.objects.filter(
                path__startswith=self.path,
                depth__gt=self.depth,
                depth__lte=self.depth + len(path_components),
                slug__in=set(path_components),
            )
        )

    @staticmethod
    def load_for_serving(page, model):
        """The page as its own type, with the related rows its template shows (select_related_when_served)."""
        if model is None or isinstance(page, model):
            return page.specific
        queryset = model._default_manager.all()
        related = getattr(model, "select_related_when_served", ())
        if related:  # select_related() with no names would join every foreign key
            queryset = queryset.select_related(*related)
        try:
            specific = queryset.get(pk=page.pk)
        except model.DoesNotExist:
            raise Http404 from None  # deleted since its route was kept
        specific._cached_parent_obj = page._cached_parent_obj
        return specific


class StandardPage(PublicPageMixin, Page):
    """A general page: About, Accessibility statement, Privacy and the like."""

    introduction = models.TextField(blank=True, help_text="A sentence or two that sums up the page.")
    body = StreamField(BodyStreamBlock(), blank=True, help_text="The main content of the page.")

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]


@register_setting(icon="list-ul")
class SiteSettings(BaseSiteSetting):
    """The footer and contact details, shown on every page."""

    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text="Links in the footer: cookies, accessibility statement, privacy, contact.",
    )
    contact_email = models.EmailField(blank=True, help_text="The Centre's public email address.")
    footer_text = models.CharField(
        max_length=250, blank=True, help_text="A line of small print at the bottom of every page."
    )

    panels = [FieldPanel("footer_links"), FieldPanel("contact_email"), FieldPanel("footer_text")]

    class Meta:
        verbose_name = "Footer and contact"
