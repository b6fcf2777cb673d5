"""The newsroom: the news index, news releases, their topics and press contacts."""

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from home.models import SiteImage, SiteImageRendition
from home.public import public_pages
from home.renditions import CARD_IMAGE_SPECS

NEWS_PER_PAGE = 10
RELATED_NEWS_COUNT = 3


# NewsPage.sort_date is computed from these.
SORT_DATE_SOURCES = {"display_date", "first_published_at"}

STANDFIRST_MISSING = "Add a standfirst before publishing: it is the summary journalists and search engines see."
PRESS_CONTACT_MISSING = "Choose a press contact before publishing: journalists need someone to call."


class Topic(index.Indexed, models.Model):
    """A subject news is filed under, e.g. 'National Pledge'; each has a page and feeds."""

    name = models.CharField(
        max_length=80, unique=True, help_text="The topic as visitors see it, e.g. 'Progress reports'."
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The topic's part of web addresses, e.g. 'progress-reports' in /news/?topic=progress-reports. "
        "Changing it breaks links people have shared.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PressContact(index.Indexed, models.Model):
    """Who journalists should call about a release."""

    name = models.CharField(max_length=120, help_text="A person or a team, e.g. 'Press office'.")
    role = models.CharField(
        max_length=200, blank=True, help_text="Their job or team, e.g. 'Synergi Collaborative Centre'."
    )
    email = models.EmailField(help_text="The address journalists should write to; shown on the release.")
    phone = models.CharField(
        max_length=40, blank=True, help_text="A phone number journalists can call, with the area code. Optional."
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone")]
    search_fields = [index.SearchField("name"), index.SearchField("role"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name


class NewsPageQuerySet(PageQuerySet):
    def newest_first(self):
        """By the date shown (NewsPage.sort_date), read in order from its index: no sort of every release."""
        return self.order_by("-sort_date", "-pk")

    def for_listing(self):
        """What a card needs (news_card.html) in two queries: the pages with their images, then the renditions."""
        return self.select_related("featured_image").prefetch_related(
            # As SiteImage.objects.prefetch_renditions() does, through the page's image.
            Prefetch(
                "featured_image__renditions",
                queryset=SiteImageRendition.objects.filter(filter_spec__in=CARD_IMAGE_SPECS),
                to_attr="prefetched_renditions",
            )
        )


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


class NewsIndexPage(Page):
    """The newsroom at /news/: every release, newest first, filterable by topic and year."""

    introduction = models.TextField(
        blank=True, help_text="A sentence above the list of releases, e.g. who to contact for press enquiries."
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1

    def news(self):
        return public_pages(NewsPage.objects.child_of(self))

    def years(self):
        """The years that have news, newest first, as integers."""
        return list(
            self.news()
            .annotate(year=ExtractYear("sort_date"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topics = list(Topic.objects.all())
        years = self.years()
        # Filter values are checked against what exists before they reach a query.
        topic_slug = request.GET.get("topic", "")
        current_topic = next((topic for topic in topics if topic.slug == topic_slug), None)
        if topic_slug and current_topic is None:
            raise Http404("No such topic")
        year_param = request.GET.get("year", "")
        current_year = int(year_param) if year_param.isascii() and year_param.isdigit() else None
        if year_param and current_year not in years:
            raise Http404("No news from that year")

        news = self.news().newest_first().for_listing()
        if current_topic:
            news = news.filter(topics=current_topic)
        if current_year:
            news = news.filter(sort_date__year=current_year)
        paginator = Paginator(news, NEWS_PER_PAGE)
        try:
            news_page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404("No such page of news") from None

        base_url = self.get_url(request=request)
        topic_slug = current_topic.slug if current_topic else ""

        def url(topic="", year="", page=None):
            page = page if page and page > 1 else None
            params = {"topic": topic, "year": year, "page": page}
            query = urlencode({key: value for key, value in params.items() if value})
            return f"{base_url}?{query}" if query else base_url

        context.update(
            all_topics=topics,  # the sign-up form's choices too (alerts_signup_form), without another query
            current_topic=current_topic,
            current_year=current_year,
            news_page=news_page,
            # Changing a filter goes back to page 1; each filter keeps the other.
            topic_links=[("All topics", url(year=current_year), current_topic is None)]
            + [(topic.name, url(topic.slug, current_year), topic == current_topic) for topic in topics],
            year_links=[("All years", url(topic_slug), current_year is None)]
            + [(str(year), url(topic_slug, year), year == current_year) for year in years],
            previous_url=url(topic_slug, current_year, news_page.previous_page_number())
            if news_page.has_previous()
            else None,
            next_url=url(topic_slug, current_year, news_page.next_page_number()) if news_page.has_next() else None,
        )
        return context


class NewsPageForm(WagtailAdminPageForm):
    """Says plainly why a release cannot be published yet; drafts may still be incomplete."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in (("standfirst", STANDFIRST_MISSING), ("press_contact", PRESS_CONTACT_MISSING)):
            if name in self.fields:
                self.fields[name].error_messages["required"] = message


class NewsPage(Page):
    """A press release or news item."""

    standfirst = models.TextField(
        # blank=False: required to publish. The admin defers it when saving a draft.
        error_messages={"blank": STANDFIRST_MISSING},
        help_text="One or two sentences that sum up the story. Shown in lists, search results, feeds, "
        "link previews and to search engines. Needed to publish, not to save a draft.",
    )
    display_date = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The date printed on the release, in UK time. Leave blank to use the date it is first "
        "published; set it to back-date an older release. Lists are ordered by this date.",
    )
    featured_image = models.ForeignKey(
        SiteImage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The picture at the top of the release and in link previews on social media. "
        "Its alt text and credit come from the image library.",
    )
    featured_image_caption = models.CharField(
        max_length=250, blank=True, help_text="Optional words under the picture, e.g. where it was taken."
    )
    body = StreamField(
        BodyStreamBlock(), blank=True, help_text="The release itself: paragraphs, quotes, pictures and downloads."
    )
    topics = ParentalManyToManyField(
        Topic,
        blank=True,
        related_name="news",
        help_text="What the release is about. Visitors can list and follow news by topic. "
        "Manage the list under Snippets > Topics.",
    )
    press_contact = models.ForeignKey(
        PressContact,
        null=True,
        blank=False,  # required to publish; the admin defers it when saving a draft
        on_delete=models.SET_NULL,
        related_name="news",
        error_messages={"blank": PRESS_CONTACT_MISSING},
        help_text="Who journalists should contact about this release. Needed to publish. "
        "Manage contacts under Snippets > Press contacts.",
    )
    # The date lists are ordered by, stored so an index can serve them: display_date or else
    # first_published_at (see save()). Null only for a draft that was never published.
    sort_date = models.DateTimeField(null=True, editable=False)
    notes_to_editors = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Background for journalists, shown at the end under 'Notes to editors': "
        "about the Centre, embargo details, links to reports.",
    )

    base_form_class = NewsPageForm

    content_panels = [
        FieldPanel("title", help_text="The headline. Keep it short and plain; it is also the link text in lists."),
        FieldPanel("standfirst"),
        FieldPanel("display_date"),
        MultiFieldPanel(
            [FieldPanel("featured_image"), FieldPanel("featured_image_caption")], heading="Featured image"
        ),
        FieldPanel("body"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("press_contact"),
        FieldPanel("notes_to_editors"),
        InlinePanel(
            "related_links",
            label="Related news",
            heading="Related news",
            help_text="Up to three releases to suggest next. Leave empty to show the latest in the same topic.",
            max_num=RELATED_NEWS_COUNT,
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.SearchField("notes_to_editors"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("display_date"),
    ]

    objects = NewsPageManager()
    # Loaded with the page when it is served (home.models.HomePage.route): no query each.

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "news release"
        # Matches newest_first()'s ORDER BY, so a page of the listing reads ten rows, not all of them.
        indexes = [models.Index(fields=["-sort_date", "-page_ptr"], name="news_newspage_newest_first")]

    def save(self, *args, **kwargs):
        # Wagtail's save_revision() saves only its own fields (update_fields) with the draft's values in
        # memory: the sort date is written only when one of its sources is, so a draft never moves the
        # live release. Publishing saves every field, first_published_at included.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or SORT_DATE_SOURCES.intersection(update_fields):
            self.sort_date = self.display_date or self.first_published_at
            if update_fields is not None and "sort_date" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "sort_date"]
        return super().save(*args, **kwargs)

    @property
    def date(self):
        """The date shown: the back-date if set, otherwise first publication (now, for a draft preview)."""
        return self.display_date or self.first_published_at or timezone.now()

    def get_meta_description(self):
        return self.search_description or self.standfirst

    def related_news(self, topics=None):
        """The chosen related releases that are live, or the latest in the same topics."""
        # Works on a saved page and on an unsaved preview (where links live in memory).
        chosen_ids = [link.related_page_id for link in self.related_links.all() if link.related_page_id]
        if chosen_ids:
            live = public_pages(NewsPage.objects.filter(pk__in=chosen_ids)).for_listing()
            by_id = {page.pk: page for page in live}
            chosen = [by_id[pk] for pk in chosen_ids if pk in by_id]
            if chosen:
                return chosen
        topic_ids = [topic.pk for topic in (self.topics.all() if topics is None else topics)]
        latest = public_pages(NewsPage.objects.exclude(pk=self.pk))
        if topic_ids:
            latest = latest.filter(topics__in=topic_ids).distinct()
        return list(latest.newest_first().for_listing()[:RELATED_NEWS_COUNT])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only by the parts of news_page.html kept as shared fragments (until the next publish),
        # so looked up only when one of them is rendered: a preview, or the first view after a change.
        # A preview's page is the draft, so it shows the draft's own topics and related links.
        context["topics"] = SimpleLazyObject(lambda: list(self.topics.all()))
        context["related_news"] = SimpleLazyObject(lambda: self.related_news(context["topics"]))
        # A release's parent is always the news index; routing has usually loaded it already.
        context["news_index"] = self.get_parent()
        return context


class NewsPageRelatedLink(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_links")
    related_page = models.ForeignKey(
        NewsPage,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A release readers of this one should see next.",
    )

    panels = [PageChooserPanel("related_page", page_type="news.NewsPage")]

    class Meta(Orderable.Meta):
        verbose_name = "related release"
