from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet


class NewsPageQuerySet(PageQuerySet):
    def newest_first(self):
        return self.annotate(sort_date=Coalesce("display_date", "first_published_at")).order_by("-sort_date", "-pk")


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


class NewsIndexPage(Page):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1


class NewsPage(Page):
    standfirst = models.TextField(help_text="A one or two sentence summary, shown in listings and search results.")
    display_date = models.DateTimeField(
        null=True, blank=True, help_text="The date shown on the release. Leave blank to use the publication date."
    )

    content_panels = [*Page.content_panels, FieldPanel("standfirst"), FieldPanel("display_date")]

    objects = NewsPageManager()

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    @property
    def date(self):
        return self.display_date or self.first_published_at or timezone.now()
