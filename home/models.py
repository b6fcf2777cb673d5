from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, BodyStreamBlock, LinkBlock


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


class HomePage(Page):
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
        "opendata.OpenDataPage",
    ]
    max_count = 1


class StandardPage(Page):
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


@register_setting(icon="globe")
class SharingSettings(BaseSiteSetting):
    """How the site presents itself to search engines, social media, feed readers and partner sites."""

    default_description = models.CharField(
        max_length=300,
        default="The Synergi Collaborative Centre works to reduce ethnic inequalities in mental health care.",
        help_text="The summary search engines and link previews show for a page that has no description, "
        "introduction or standfirst of its own.",
    )
    default_image = models.ForeignKey(
        SiteImage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The picture shown when a page without its own image is shared on social media "
        "(cropped to 1200 by 630). Its alt text comes from the image library.",
    )
    logo = models.ForeignKey(
        SiteImage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The Centre's logo, for search engines (shown whole, never cropped).",
    )
    same_as = models.TextField(
        blank=True,
        help_text="The Centre's profiles elsewhere (social media, Wikipedia, the university), one web address "
        "a line. Search engines use them to know these accounts are the Centre's.",
    )
    feed_full_content = models.BooleanField(
        default=True,
        help_text="Put the whole of each release in the RSS and Atom feeds. Untick to send only the standfirst, "
        "so feed readers link to the site for the rest.",
    )

    panels = [
        FieldPanel("default_description"),
        FieldPanel("default_image"),
        FieldPanel("logo"),
        FieldPanel("same_as"),
        FieldPanel("feed_full_content"),
    ]

    class Meta:
        verbose_name = "Sharing and feeds"

    def same_as_urls(self):
        return [line.strip() for line in self.same_as.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        validate = URLValidator(schemes=["https", "http"])
        for url in self.same_as_urls():
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(
                    {"same_as": f"'{url}' is not a web address. Give one full address (https://...) a line."}
                ) from None
