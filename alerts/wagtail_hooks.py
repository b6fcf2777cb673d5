"""In the admin: the media list and subscribers as snippets, and 'Emails' on every release."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from newsdesk.views import is_shareable_type

from . import admin_views
from .dashboard import EmailAlertsPanel
from .models import Journalist, Subscriber


class JournalistViewSet(SnippetViewSet):
    model = Journalist
    icon = "user"
    menu_label = "Journalists"
    list_display = ["name", "outlet", "email", "beat_names"]
    list_export = ["name", "outlet", "email", "beat_names", "notes"]
    export_headings = {"beat_names": "beats"}
    search_fields = ["name", "outlet", "email"]
    ordering = ["name"]
    copy_view_enabled = False


class SubscriberViewSet(SnippetViewSet):
    """Readers' alerts: search an address to export one person's data (CSV), or delete it to erase them."""

    model = Subscriber
    icon = "mail"
    menu_label = "Alert subscribers"
    list_display = ["email", "status", "all_news", "created_at", "confirmed_at"]
    list_export = ["email", "status", "all_news", "topic_names", "created_at", "signup_path", "confirmed_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    ordering = ["-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = True


class NewsByEmailViewSetGroup(SnippetViewSetGroup):
    items = (JournalistViewSet, SubscriberViewSet)
    menu_icon = "mail"
    menu_label = "News by email"
    menu_name = "news-by-email"


register_snippet(NewsByEmailViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("alerts/journalists/import/", admin_views.ImportJournalistsView.as_view(), name="alerts_import"),
        path(
            "alerts/send/<int:page_id>/",
            admin_views.SendToJournalistsView.as_view(),
            name="alerts_send_to_journalists",
        ),
    ]


class EmailsMenuItem(PageMenuItem):
    label = "Emails and journalists"
    icon_name = "mail"

    @property
    def url(self):
        return reverse("alerts_send_to_journalists", args=[self.page.pk])

    def is_shown(self, user):
        return (
            is_shareable_type(self.page)
            and user.has_perm("alerts.view_journalist")
            and self.page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_page_header_buttons")
def emails_header_button(page, user, view_name, next_url=None):
    yield EmailsMenuItem(page=page, priority=26)


@hooks.register("construct_homepage_panels")
def add_email_alerts_panel(request, panels):
    panels.append(EmailAlertsPanel())
