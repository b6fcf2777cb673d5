"""The visitor-facing filters: every query-string value is checked against the allowed ones first."""

from django import forms

import django_filters

from .models import OrganisationType, Region, ReportingRound, ReportKind, ReportPage, Role, SignatoryPage

SORT_CHOICES = [
    ("name", "Name, A to Z"),
    ("newest", "Date signed, newest first"),
    ("oldest", "Date signed, oldest first"),
]
SORT_ORDER = {"name": ["title"], "newest": ["-date_signed", "title"], "oldest": ["date_signed", "title"]}


class SignatoryDirectoryFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices, empty_label="Any role")
    organisation_type = django_filters.ChoiceFilter(
        choices=OrganisationType.choices, empty_label="Any type", label="Organisation type"
    )
    region = django_filters.ChoiceFilter(choices=Region.choices, empty_label="Anywhere")
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, empty_label=None, label="Sort by", method="sort_signatories"
    )

    class Meta:
        model = SignatoryPage
        fields = ["role", "organisation_type", "region"]

    def sort_signatories(self, queryset, name, value):
        return queryset  # the order is applied in filter_queryset, for the default too

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*SORT_ORDER[self.form.cleaned_data.get("sort") or "name"])


def report_years(request=None):
    return [
        (str(day.year), str(day.year))
        for day in ReportPage.objects.live().dates("publication_date", "year", order="DESC")
    ]


class ReportLibraryFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, empty_label="Any kind")
    year = django_filters.ChoiceFilter(
        field_name="publication_date__year", choices=report_years, empty_label="Any year", label="Year published"
    )
    round = django_filters.ModelChoiceFilter(
        queryset=ReportingRound.objects.order_by("-date"), empty_label="Any round", label="Reporting round"
    )
    signatory = django_filters.ModelChoiceFilter(
        queryset=SignatoryPage.objects.live().order_by("title"), empty_label="Any organisation", label="Organisation"
    )

    class Meta:
        model = ReportPage
        fields = ["kind", "year", "round", "signatory"]


class RoundChoiceForm(forms.Form):
    round = forms.ModelChoiceField(
        queryset=ReportingRound.objects.order_by("-date"),
        required=False,
        empty_label=None,
        label="Reporting round",
        error_messages={"invalid_choice": "There is no such reporting round. Choose one from the list."},
    )
