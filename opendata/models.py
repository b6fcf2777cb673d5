"""The "Use our data" page: what the API and the downloads offer, the licence, and examples."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyStreamBlock

# What each dataset is, for people and for search engines (schema.org Dataset).
DATASET_DESCRIPTIONS = [
    ("news", "News releases", "Every published news release: headline, standfirst, dates, topics, image and text."),
    (
        "signatories",
        "Pledge signatories",
        "Organisations that signed the National Pledge, with role, type and region.",
    ),
    ("rounds", "Reporting rounds", "The pledge's reporting rounds and how many progress reports each has."),
    ("responses", "Responses to each commitment", "Every published answer a progress report gives to a commitment."),
    (
        "extra-answers",
        "Answers to a round's extra questions",
        "Every published answer a progress report gives to one of its round's own extra questions.",
    ),
]


class OpenDataPage(Page):
    """How partner sites and researchers take the news and the pledge's data: the endpoints, explained."""

    introduction = models.TextField(
        blank=True, help_text="A sentence or two on who the data is for and what they may do with it."
    )
    body = StreamField(
        BodyStreamBlock(), blank=True, help_text="Anything else to say, shown above the list of endpoints."
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "'Use our data' page"

    def datasets(self, root_url):
        return [
            {
                "key": key,
                "name": name,
                "description": description,
                "api_url": f"{root_url}/api/v2/{key}/",
                "csv_url": root_url + reverse(f"opendata_{key}_csv"),
            }
            for key, name, description in DATASET_DESCRIPTIONS
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        root_url = self.get_site().root_url if self.get_site() else settings.SITE_URL
        context["root_url"] = root_url
        context["datasets"] = self.datasets(root_url)
        context["licence"] = settings.OPEN_DATA_LICENCE
        context["rate_limit"] = settings.OPEN_DATA_RATE_LIMIT
        return context
