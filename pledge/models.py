"""The National Pledge: its commitments, the signatories, their reports and the reporting rounds."""

import csv

from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.http import urlencode

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from home.public import is_public, public_page_flag, public_pages, with_public_page
from synergi_site.spreadsheets import formula_safe

from .choices import OrganisationType, ProgressStatus, Region, ReportKind, Role
from .forms import ReportLibraryFilter, RoundChoiceForm, SignatoryDirectoryFilter
from .widgets import StatusSelect

PER_PAGE = 20


# Snippets ------------------------------------------------------------------
# Commitments are snippets, not orderables on the PledgePage: a snippet row keeps
# its id whatever happens to the page's revisions (reverting or copying a page
# recreates its inline children with new ids), and PROTECT stops a commitment
# that reports answer from being deleted by accident.


class Commitment(index.Indexed, models.Model):
    number = models.PositiveSmallIntegerField(
        unique=True,
        help_text="Its number in the pledge, 1 to 7. Progress reports and the commitment explorer use it.",
    )
    short_title = models.CharField(
        max_length=120, help_text="A few words readers scan for, e.g. 'Measure, monitor and report'."
    )
    description = models.TextField(help_text="The commitment in full, as signatories agreed to it.")

    panels = [FieldPanel("number"), FieldPanel("short_title"), FieldPanel("description")]
    search_fields = [index.SearchField("short_title"), index.SearchField("description")]

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.short_title}"


class ReportingRound(index.Indexed, models.Model):
    name = models.CharField(max_length=120, help_text="How readers know the round, e.g. 'Inaugural reports'.")
    date = models.DateField(help_text="When the round's reports were published. Shown as the month and year.")

    panels = [FieldPanel("name"), FieldPanel("date")]
    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["-date"]

    def __str__(self):
        return f"{self.name}, {self.date:%B %Y}"


# Site setting ---------------------------------------------------------------


@register_setting(icon="mail")
class PledgeSettings(BaseSiteSetting):
    """Who organisations contact to sign the pledge, shown on the pledge page."""

    join_contact_name = models.CharField(
        max_length=120, blank=True, help_text="The person or team who handles new signatories, e.g. 'Pledge team'."
    )
    join_email = models.EmailField(blank=True, help_text="The address organisations write to when they want to sign.")
    join_phone = models.CharField(max_length=40, blank=True, help_text="A phone number, if the team takes calls.")
    join_form_url = models.URLField(blank=True, help_text="A web form for signing up, if there is one.")

    panels = [
        FieldPanel("join_contact_name"),
        FieldPanel("join_email"),
        FieldPanel("join_phone"),
        FieldPanel("join_form_url"),
    ]

    class Meta:
        verbose_name = "Pledge sign-up contact"

    def clean(self):
        super().clean()
        if not (self.join_email or self.join_form_url):
            raise ValidationError(
                {"join_email": "Give an email address or a sign-up form address, so organisations can join."}
            )
        if self.join_phone and not all(ch.isdigit() or ch in " +()-" for ch in self.join_phone):
            raise ValidationError({"join_phone": "Use digits, spaces, brackets, '+' and '-' only."})


# Pages ----------------------------------------------------------------------


class PledgePage(RoutablePageMixin, Page):
    introduction = RichTextField(
        features=RICH_TEXT_FEATURES, help_text="What the pledge is and why it matters, in a paragraph or two."
    )
    commitments_introduction = models.TextField(
        blank=True,
        help_text="A sentence above the seven commitments. The commitments are edited under Snippets > Commitments.",
    )
    how_to_join = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Who can sign and what signing means. Contact details come from Settings > Pledge sign-up contact.",
    )
    alliance_heading = models.CharField(
        max_length=120,
        default="The Synergi National Pledge Alliance",
        help_text="Heading of the section about the Pledge Alliance.",
    )
    alliance_text = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What the Alliance is, when it started and who it brings together.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("commitments_introduction"),
        FieldPanel("how_to_join"),
        MultiFieldPanel([FieldPanel("alliance_heading"), FieldPanel("alliance_text")], heading="Pledge Alliance"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("alliance_text")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pledge.SignatoryIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["commitments"] = [
            {"commitment": commitment, "url": self.explorer_url(commitment.number)}
            for commitment in Commitment.objects.all()
        ]
        context["figures"] = pledge_figures()
        context["chart"] = reports_per_round_chart()
        context["signatory_index"] = public_pages(SignatoryIndexPage.objects.child_of(self)).first()
        context["report_index"] = public_pages(ReportIndexPage.objects.all()).first()
        return context

    def explorer_url(self, number, round_id=None):
        url = self.url + self.reverse_subpage("commitment_explorer", kwargs={"number": number})
        return f"{url}?round={round_id}" if round_id else url

    @path("commitments/<int:number>/", name="commitment_explorer")
    def commitment_explorer(self, request, number):
        """Every signatory's answer to one commitment in one round, side by side."""
        commitment = get_object_or_404(Commitment, number=number)
        form = RoundChoiceForm(request.GET or None, rounds=ReportingRound.objects.order_by("-date"))
        if form.is_bound and not form.is_valid():
            response = self.render(
                request,
                template="pledge/commitment_explorer.html",
                context_overrides={"commitment": commitment, "form": form, "responses": [], "round": None},
            )
            response.status_code = 400
            return response
        chosen_round = (form.cleaned_data.get("round") if form.is_bound else None) or latest_reported_round()
        responses = (
            with_public_page(
                CommitmentResponse.objects.filter(
                    commitment=commitment, report__round=chosen_round, report__kind=ReportKind.PROGRESS
                ),
                "report",
            )
            .select_related("report", "report__signatory")
            # A report may be public while its signatory's profile is not: then it is not named.
            .annotate(signatory_is_public=public_page_flag("report__signatory"))
            .order_by("report__signatory__title", "report__title")
            if chosen_round
            else CommitmentResponse.objects.none()
        )
        return self.render(
            request,
            template="pledge/commitment_explorer.html",
            context_overrides={
                "commitment": commitment,
                "other_commitments": [
                    {"commitment": other, "url": self.explorer_url(other.number, chosen_round and chosen_round.pk)}
                    for other in Commitment.objects.exclude(pk=commitment.pk)
                ],
                "form": form,
                "round": chosen_round,
                "responses": responses,
            },
        )


def latest_reported_round():
    """The explorer's default: the latest round with a public progress report (a round still collecting
    reports has none yet), else the latest round."""
    reported = ReportingRound.objects.filter(
        reports__in=public_pages(ReportPage.objects.filter(kind=ReportKind.PROGRESS)).values("pk")
    )
    return reported.order_by("-date").first() or ReportingRound.objects.first()


def pledge_figures():
    """Counts of the public content: the pledge page says what the site shows, never a typed-in number."""
    signatories = public_pages(SignatoryPage.objects.all()).aggregate(
        makers=Count("pk", filter=Q(role=Role.PLEDGE_MAKER)),
        supporters=Count("pk", filter=Q(role=Role.PLEDGE_SUPPORTER)),
    )
    reports = public_pages(ReportPage.objects.filter(kind=ReportKind.PROGRESS)).count()
    return {**signatories, "progress_reports": reports}


CHART_WIDTH = 600
CHART_LABEL_HEIGHT = 22
CHART_BAR_HEIGHT = 24
CHART_ROW = 62
CHART_BAR_MAX = 520


def reports_per_round_chart():
    """Bar geometry for the server-rendered SVG chart of progress reports per round, oldest round first."""
    rounds = list(
        ReportingRound.objects.order_by("date").annotate(
            report_count=Count(
                "reports",
                filter=Q(reports__kind=ReportKind.PROGRESS, reports__in=public_pages().values("pk")),
            )
        )
    )
    if not rounds:
        return None
    most = max(r.report_count for r in rounds) or 1
    bars = []
    for position, reporting_round in enumerate(rounds):
        top = position * CHART_ROW
        bars.append(
            {
                "round": reporting_round,
                "count": reporting_round.report_count,
                "label_y": top + 16,
                "bar_y": top + CHART_LABEL_HEIGHT,
                "width": max(round(CHART_BAR_MAX * reporting_round.report_count / most), 2),
                "text_y": top + CHART_LABEL_HEIGHT + 17,
            }
        )
    for bar in bars:
        bar["text_x"] = bar["width"] + 8
    return {"bars": bars, "width": CHART_WIDTH, "height": len(bars) * CHART_ROW, "bar_height": CHART_BAR_HEIGHT}


class SignatoryIndexPage(RoutablePageMixin, Page):
    introduction = models.TextField(
        blank=True, help_text="A sentence above the directory, e.g. who has signed and how to find an organisation."
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["pledge.PledgePage"]
    subpage_types = ["pledge.SignatoryPage"]
    max_count = 1

    def signatories(self):
        return public_pages(SignatoryPage.objects.child_of(self)).order_by("title")

    def filtered(self, request):
        return SignatoryDirectoryFilter(request.GET or None, queryset=self.signatories())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        directory = self.filtered(request)
        context["filter"] = directory
        # An unbound filter (no query string) has no errors and lists everyone.
        context["paginator_page"] = paginate(request, directory.qs.none() if directory.errors else directory.qs)
        # The download keeps the directory's filters (only those: nothing else from the address).
        context["csv_query"] = urlencode(
            {name: request.GET.get(name) for name in directory.form.fields if request.GET.get(name)}
        )
        return context

    @path("")
    def directory(self, request):
        response = self.render(request)
        if response.context_data["filter"].errors:
            # A bad filter value is the visitor's mistake: a clear page that says so, with status 400.
            response.status_code = 400
        return response

    @path("csv/", name="csv")
    def csv_export(self, request):
        """The directory's current filtered list as a spreadsheet."""
        directory = self.filtered(request)
        if directory.errors:
            return HttpResponse(
                "Unknown filter value: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in directory.errors.items()),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="pledge-signatories.csv"'
        writer = csv.writer(response)
        writer.writerow(["Organisation", "Role", "Organisation type", "Region", "Date signed", "Website", "Profile"])
        for signatory in directory.qs:
            writer.writerow(
                [
                    formula_safe(signatory.title),
                    signatory.get_role_display(),
                    signatory.get_organisation_type_display(),
                    signatory.get_region_display(),
                    signatory.date_signed.isoformat() if signatory.date_signed else "",
                    formula_safe(signatory.website),
                    signatory.get_full_url(request=request),
                ]
            )
        return response


def paginate(request, queryset, count=None):
    """A page of results; `count`, if given, says how many there are (instead of a COUNT query)."""
    paginator = Paginator(queryset, PER_PAGE)
    if count is not None:
        paginator.count = count
    # A page number that is not one of the list's pages is the visitor's mistake: a 404, not a guess.
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page of results") from None


class SignatoryPage(Page):
    logo = models.ForeignKey(
        "home.SiteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation's logo. Its alt text (set in the image library) should name the organisation.",
    )
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        help_text="Pledge Makers are NHS trusts, commissioners and public bodies; Pledge Supporters are charities, "
        "community groups and activists.",
    )
    organisation_type = models.CharField(
        max_length=30, choices=OrganisationType.choices, help_text="What kind of organisation it is."
    )
    region = models.CharField(
        max_length=30, choices=Region.choices, help_text="Where the organisation works: a UK nation or English region."
    )
    date_signed = models.DateField(help_text="The day the organisation signed the pledge.")
    website = models.URLField(blank=True, help_text="The organisation's own website, starting https://.")
    statement_of_intent = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="The organisation's statement of intent, in its own words, as it sent it to us.",
    )
    is_fictional_example = models.BooleanField(
        default=False,
        help_text="Tick only for made-up demo or training entries: the profile then says it is fictional.",
    )

    content_panels = [
        FieldPanel("title", heading="Organisation name", help_text="The organisation's full name, as it signs."),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("organisation_type")]),
        FieldRowPanel([FieldPanel("region"), FieldPanel("date_signed")]),
        FieldPanel("website"),
        InlinePanel("leaders", heading="Named leaders", label="Leader"),
        FieldPanel("statement_of_intent"),
        FieldPanel("is_fictional_example"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("statement_of_intent"),
        index.FilterField("role"),
        index.FilterField("organisation_type"),
        index.FilterField("region"),
    ]

    parent_page_types = ["pledge.SignatoryIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = (
            public_pages(self.reports.all())
            .select_related("round")
            .prefetch_related("files__document")
            .order_by(F("round__date").desc(nulls_last=True), "-publication_date")
        )
        return context


class SignatoryLeader(Orderable):
    signatory = ParentalKey(SignatoryPage, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(max_length=120, help_text="The leader's full name, e.g. 'Dr Amina Example'.")
    job_title = models.CharField(max_length=160, help_text="Their job title, e.g. 'Chief Executive'.")

    panels = [FieldPanel("name"), FieldPanel("job_title")]

    def __str__(self):
        return f"{self.name}, {self.job_title}"


class ReportIndexPage(RoutablePageMixin, Page):
    introduction = models.TextField(
        blank=True, help_text="A sentence above the library: what readers find here and how to search it."
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pledge.ReportPage"]
    max_count = 1

    def filtered(self, request):
        reports = (
            public_pages(ReportPage.objects.child_of(self))
            .select_related("signatory", "round")
            .annotate(signatory_is_public=public_page_flag("signatory"))
            # The files with their documents in one query.
            .prefetch_related(Prefetch("files", queryset=ReportFile.objects.select_related("document")))
            .order_by("-publication_date", "title")
        )
        return ReportLibraryFilter(
            request.GET or None,
            queryset=reports,
            # The choices name only what the public may see: no private report's year, no private signatory.
            year_dates=public_pages(ReportPage.objects.all()).dates("publication_date", "year", order="DESC"),
            rounds=ReportingRound.objects.order_by("-date"),
            signatories=public_pages(SignatoryPage.objects.all()).order_by("title").values_list("pk", "title"),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        library = self.filtered(request)
        context["filter"] = library
        if library.errors:
            context["paginator_page"] = paginate(request, library.qs.none())
        else:
            context["paginator_page"] = paginate(request, library.qs)
        return context

    @path("")
    def library(self, request):
        response = self.render(request)
        if response.context_data["filter"].errors:
            # A bad filter value is the visitor's mistake: a clear page that says so, with status 400.
            response.status_code = 400
        return response


class ReportPage(Page):
    kind = models.CharField(
        max_length=20,
        choices=ReportKind.choices,
        default=ReportKind.PROGRESS,
        help_text="Progress reports come from signatories; briefing and research papers are usually the Centre's.",
    )
    publication_date = models.DateField(help_text="The day the report was published. The library sorts by it.")
    summary = models.TextField(help_text="Two or three sentences on what the report says, shown in the library.")
    signatory = models.ForeignKey(
        SignatoryPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        help_text="For a progress report: the signatory that wrote it. Leave empty for the Centre's own papers.",
    )
    round = models.ForeignKey(
        ReportingRound,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="For a progress report: the reporting round it belongs to. Add rounds under Snippets.",
    )
    next_steps = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="For a progress report: what the signatory will do in the next six months.",
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("publication_date")]),
        FieldPanel("summary"),
        InlinePanel("files", heading="Files to download", label="File", min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("signatory"),
                FieldPanel("round"),
                InlinePanel("commitment_responses", heading="Response to each commitment", label="Response"),
                InlinePanel("extra_answers", heading="Answers to the round's extra questions", label="Answer"),
                FieldPanel("next_steps"),
            ],
            heading="Progress report",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("kind"),
        index.FilterField("publication_date"),
    ]

    parent_page_types = ["pledge.ReportIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if self.kind == ReportKind.PROGRESS:
            errors = {}
            if not self.signatory_id:
                errors["signatory"] = "A progress report needs the signatory that wrote it."
            if not self.round_id:
                errors["round"] = "A progress report needs its reporting round."
            if errors:
                raise ValidationError(errors)

    @cached_property
    def responses_in_order(self):
        return self.commitment_responses.select_related("commitment").order_by("commitment__number")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["files"] = self.files.select_related("document")
        context["responses"] = self.responses_in_order
        context["extra_answers"] = self.extra_answers.all()
        # Named and linked only while the signatory's own profile is public.
        context["signatory"] = self.signatory if is_public(self.signatory) else None
        return context


class ReportFile(Orderable):
    report = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Upload the PDF, Word, OpenDocument, Excel or CSV file to the document library first.",
    )
    label = models.CharField(
        max_length=120,
        blank=True,
        help_text="What this file is, if the report has several, e.g. 'Easy read version'. "
        "Leave empty to use the report's title.",
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    def __str__(self):
        return self.label or self.report.title


class CommitmentResponse(Orderable):
    report = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="commitment_responses")
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="responses",
        help_text="Which of the seven commitments this part of the report answers.",
    )
    response = RichTextField(
        features=RICH_TEXT_FEATURES, help_text="What the signatory did towards this commitment, in its own words."
    )
    status = models.CharField(
        max_length=20,
        choices=ProgressStatus.choices,
        blank=True,
        help_text="Where the signatory says it stands on this commitment (from the reporting round's form).",
    )

    panels = [FieldPanel("commitment"), FieldPanel("status", widget=StatusSelect), FieldPanel("response")]

    def __str__(self):
        return f"{self.report.title}: {self.commitment}"


class ExtraQuestionAnswer(Orderable):
    """A progress report's answer to one of its round's extra questions (the question's words kept with it,
    so the report reads the same whatever later happens to the round's list of questions)."""

    report = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="extra_answers")
    question = models.CharField(max_length=200, help_text="The question, as the round asked it.")
    status = models.CharField(
        max_length=20,
        choices=ProgressStatus.choices,
        blank=True,
        help_text="Where the signatory says it stands on this question (from the reporting round's form).",
    )
    answer = RichTextField(features=RICH_TEXT_FEATURES, blank=True, help_text="The signatory's answer.")

    panels = [FieldPanel("question"), FieldPanel("status", widget=StatusSelect), FieldPanel("answer")]

    def __str__(self):
        return f"{self.report.title}: {self.question}"
