"""The pledge in the admin: flat, filterable, exportable listings of signatories and reports, and the snippets."""

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from .models import (
    Commitment,
    OrganisationType,
    Region,
    ReportingRound,
    ReportKind,
    ReportPage,
    Role,
    SignatoryPage,
)


class SignatoryAdminFilterSet(PageFilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices)
    organisation_type = django_filters.ChoiceFilter(choices=OrganisationType.choices, label="Organisation type")
    region = django_filters.ChoiceFilter(choices=Region.choices)

    class Meta:
        model = SignatoryPage
        fields = ["role", "organisation_type", "region"]


class ReportAdminFilterSet(PageFilterSet):
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)
    round = django_filters.ModelChoiceFilter(queryset=ReportingRound.objects.all(), label="Reporting round")

    class Meta:
        model = ReportPage
        fields = ["kind", "round"]


class SignatoryListingViewSet(PageListingViewSet):
    model = SignatoryPage
    icon = "group"
    menu_label = "Signatories"
    name = "signatories"
    filterset_class = SignatoryAdminFilterSet
    columns = [
        *IndexView.base_columns,
        Column("role", label="Role", accessor="get_role_display"),
        Column("organisation_type", label="Type", accessor="get_organisation_type_display"),
        Column("region", label="Region", accessor="get_region_display"),
        DateColumn("date_signed", label="Signed"),
    ]
    list_export = ["title", "role", "organisation_type", "region", "date_signed", "website", "live"]
    export_headings = {"title": "Organisation", "date_signed": "Date signed", "organisation_type": "Type"}
    export_filename = "pledge-signatories"


class ReportListingViewSet(PageListingViewSet):
    model = ReportPage
    icon = "doc-full"
    menu_label = "Reports"
    name = "reports"
    filterset_class = ReportAdminFilterSet
    columns = [
        *IndexView.base_columns,
        Column("kind", label="Kind", accessor="get_kind_display"),
        Column("signatory", label="Signatory"),
        Column("round", label="Round"),
        DateColumn("publication_date", label="Published"),
    ]
    list_export = ["title", "kind", "publication_date", "signatory", "round", "live"]
    export_headings = {"title": "Report", "publication_date": "Published"}
    export_filename = "pledge-reports"


class PledgePagesGroup(ViewSetGroup):
    menu_label = "Pledge"
    menu_icon = "tick-inverse"
    menu_order = 250
    items = (SignatoryListingViewSet, ReportListingViewSet)


@hooks.register("register_admin_viewset")
def register_pledge_listings():
    return PledgePagesGroup()


class ReportingRoundFilterSet(WagtailFilterSet):
    class Meta:
        model = ReportingRound
        fields = {"date": ["year"]}


class CommitmentViewSet(SnippetViewSet):
    model = Commitment
    icon = "list-ol"
    menu_label = "Commitments"
    list_display = ["number", "short_title"]
    list_export = ["number", "short_title", "description"]
    search_fields = ["short_title", "description"]
    ordering = ["number"]


class ReportingRoundViewSet(SnippetViewSet):
    model = ReportingRound
    icon = "date"
    menu_label = "Reporting rounds"
    list_display = ["name", "date"]
    list_export = ["name", "date"]
    filterset_class = ReportingRoundFilterSet
    ordering = ["-date"]


class PledgeSnippetsGroup(SnippetViewSetGroup):
    menu_label = "Pledge set-up"
    menu_icon = "cog"
    menu_order = 260
    items = (CommitmentViewSet, ReportingRoundViewSet)


register_snippet(PledgeSnippetsGroup)
