"""The visitor-facing filters: every query-string value is checked against the allowed ones first.

The lists that come from content (years, rounds, organisations) are given by the page that
shows the filter, already limited to what the public may see; this module knows no models.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

import django_filters

from .choices import OrganisationType, Region, ReportKind, Role

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

    def sort_signatories(self, queryset, name, value):
        return queryset  # the order is applied in filter_queryset, for the default too

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*SORT_ORDER[self.form.cleaned_data.get("sort") or "name"])


# Django's words for a model choice that does not exist: the bad value is not repeated back.
NOT_A_CHOICE = "Select a valid choice. That choice is not one of the available choices."


class PlainSelect(forms.Select):
    """A <select> written out in Python, the same markup as Django's templates give.

    The library's organisation list has an option per signatory (hundreds), and
    a template include per option made rendering the form most of the page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        has_selected = False
        # As Select.optgroups: only the first option whose value matches is selected. These lists
        # have no groups, and a Select's options carry no attribute but `selected`.
        for choice, label in self.choices:
            option_value = "" if choice is None else str(choice)
            selected = not has_selected and option_value in chosen
            has_selected = has_selected or selected
            selected_attr = " selected" if selected else ""
            options.append(f'<option value="{escape(option_value)}"{selected_attr}>{escape(str(label))}</option>')
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attrs),
            mark_safe("".join(options)),  # noqa: S308 - every value escaped above
        )


class ReportLibraryFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, empty_label="Any kind", widget=PlainSelect)
    year = django_filters.ChoiceFilter(
        field_name="publication_date__year",
        choices=[],
        empty_label="Any year",
        label="Year published",
        widget=PlainSelect,
    )
    round = django_filters.ChoiceFilter(
        choices=[],
        empty_label="Any round",
        label="Reporting round",
        widget=PlainSelect,
        error_messages={"invalid_choice": NOT_A_CHOICE},
    )
    signatory = django_filters.ChoiceFilter(
        choices=[],
        empty_label="Any organisation",
        label="Organisation",
        widget=PlainSelect,
        error_messages={"invalid_choice": NOT_A_CHOICE},
    )

    def __init__(self, data=None, *, queryset, year_dates, rounds, signatories):
        super().__init__(data, queryset=queryset)
        # Callables, so the lists are read only when the form is built (a page of results or the form).
        self.filters["year"].extra["choices"] = lambda: [(str(day.year), str(day.year)) for day in year_dates]
        self.filters["round"].extra["choices"] = lambda: [(str(r.pk), str(r)) for r in rounds]
        self.filters["signatory"].extra["choices"] = lambda: [(str(pk), title) for pk, title in signatories]


class RoundChoiceForm(forms.Form):
    round = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label=None,
        label="Reporting round",
        error_messages={"invalid_choice": "There is no such reporting round. Choose one from the list."},
    )

    def __init__(self, data=None, *, rounds):
        super().__init__(data)
        self.fields["round"].queryset = rounds
