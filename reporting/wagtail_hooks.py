"""Reporting rounds in the admin: windows, invitations and contacts as snippets, the overview and review."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views, sending
from .models import Invitation, ReportingContact, RoundWindow


class OverviewColumn(Column):
    def get_value(self, instance):
        return format_html('<a href="{}">Overview and review</a>', reverse("reporting_round", args=[instance.pk]))


class RoundWindowViewSet(SnippetViewSet):
    model = RoundWindow
    icon = "date"
    menu_label = "Rounds"
    list_display = ["round", "opens_at", "closes_at", "state", OverviewColumn("overview", label="")]
    copy_view_enabled = False


class InvitationViewSet(SnippetViewSet):
    """Who reports in a round: Pledge Makers by default when it opens; add or delete rows to change it."""

    model = Invitation
    icon = "group"
    menu_label = "Invitations and extensions"
    list_display = ["signatory", "window", "extended_until"]
    list_filter = ["window"]
    copy_view_enabled = False


class ReportingContactViewSet(SnippetViewSet):
    model = ReportingContact
    icon = "user"
    menu_label = "Reporting contacts"
    list_display = ["name", "email", "role", "signatory"]
    list_export = ["name", "email", "role", "signatory"]
    search_fields = ["name", "email"]
    copy_view_enabled = False


class ReportingViewSetGroup(SnippetViewSetGroup):
    items = (RoundWindowViewSet, InvitationViewSet, ReportingContactViewSet)
    menu_icon = "list-ul"
    menu_label = "Reporting rounds"
    menu_name = "reporting-rounds"
    menu_order = 255


register_snippet(ReportingViewSetGroup)


@hooks.register("after_create_snippet")
def invite_late_additions(request, instance):
    """Added after the round opened (an organisation, or a contact of one invited): the invitation goes now."""
    if isinstance(instance, Invitation):
        queued = sending.invite_added(instance)
    elif isinstance(instance, ReportingContact):
        queued = sending.invite_new_contact(instance)
    else:
        return
    if queued:
        contacts = "1 contact" if queued == 1 else f"{queued} contacts"
        messages.info(request, f"The round is open, so its invitation is being sent to {contacts} in the background.")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("reporting/rounds/<int:pk>/", admin_views.RoundOverviewView.as_view(), name="reporting_round"),
        path("reporting/reports/<int:pk>/", admin_views.ReviewView.as_view(), name="reporting_review"),
    ]
