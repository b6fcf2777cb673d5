from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from . import views
from .dashboard import PANELS


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("newsdesk/embargo/<int:page_id>/", views.EmbargoLinksView.as_view(), name="newsdesk_embargo_links"),
        path(
            "newsdesk/embargo/<int:page_id>/revoke/<int:link_id>/",
            views.revoke_embargo_link,
            name="newsdesk_embargo_revoke",
        ),
    ]


class EmbargoLinksMenuItem(PageMenuItem):
    """'Share under embargo' in a news page's header menu and in the page listing's '…' menu."""

    label = "Share under embargo"
    icon_name = "link"

    @property
    def url(self):
        return reverse("newsdesk_embargo_links", args=[self.page.pk])

    def is_shown(self, user):
        return views.is_shareable_type(self.page) and views.can_make_links(user, self.page)


@hooks.register("register_page_header_buttons")
def embargo_header_button(page, user, view_name, next_url=None):
    yield EmbargoLinksMenuItem(page=page, priority=25)


@hooks.register("register_page_listing_more_buttons")
def embargo_listing_button(page, user, next_url=None):
    yield EmbargoLinksMenuItem(page=page, priority=5)


@hooks.register("construct_homepage_panels")
def add_publishing_dashboard(request, panels):
    panels.extend(panel() for panel in PANELS)


@hooks.register("register_log_actions")
def register_embargo_log_actions(actions):
    @actions.register_action("newsdesk.embargo_link.create")
    class CreateEmbargoLink(LogFormatter):
        label = "Create embargoed preview link"

        def format_message(self, log_entry):
            recipient = log_entry.data.get("recipient") or "no recipient noted"
            return f"Embargoed preview link …{log_entry.data.get('hint', '')} created ({recipient})"

    @actions.register_action("newsdesk.embargo_link.revoke")
    class RevokeEmbargoLink(LogFormatter):
        label = "Revoke embargoed preview link"

        def format_message(self, log_entry):
            return f"Embargoed preview link …{log_entry.data.get('hint', '')} revoked"
