"""The publishing dashboard: four panels on the admin home for the comms team's day."""

from datetime import timedelta

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, WorkflowState, get_default_page_content_type
from wagtail.permission_policies.pages import PagePermissionPolicy

STALE_AFTER = timedelta(days=30)
PANEL_LIMIT = 10


def editable_pages(user):
    """Pages this user may change: each panel lists only what its reader can act on."""
    return PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change", "publish"])


class DashboardPanel(Component):
    """A panel with a heading and a list of pages, each linking to its edit view."""

    name = ""
    heading = ""
    empty_message = ""
    order = 100

    def get_items(self, user):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "panel_id": self.name,
            "heading": self.heading,
            "items": self.get_items(request.user),
            "empty_message": self.empty_message,
            "request": request,
        }


class UpcomingReleasesPanel(DashboardPanel):
    """Pages with a revision approved to go live later: the release calendar."""

    name = "newsdesk-upcoming"
    heading = "Upcoming scheduled releases"
    empty_message = "Nothing is scheduled. Schedule a release from its Status side panel."
    template_name = "newsdesk/panels/upcoming_releases.html"
    order = 50

    def get_items(self, user):
        # Wagtail keeps the go-live time on the one revision approved for it.
        scheduled = Revision.page_revisions.filter(
            object_id=Cast(OuterRef("pk"), output_field=CharField()), approved_go_live_at__isnull=False
        ).values("approved_go_live_at")[:1]
        return list(
            editable_pages(user)
            .annotate(go_live=Subquery(scheduled))
            .filter(go_live__isnull=False)
            .select_related("latest_revision__user")
            .order_by("go_live", "pk")[:PANEL_LIMIT]
        )

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["now"] = timezone.now()
        return context


class AwaitingSignOffPanel(DashboardPanel):
    """Everything in a workflow that has not been signed off yet, whoever's turn it is."""

    name = "newsdesk-sign-off"
    heading = "Awaiting sign-off"
    empty_message = "Nothing is waiting for sign-off."
    template_name = "newsdesk/panels/awaiting_sign_off.html"
    order = 60

    def get_items(self, user):
        page_ids = editable_pages(user).values_list("pk", flat=True)
        states = (
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=get_default_page_content_type()
            )
            .select_related("workflow", "requested_by", "current_task_state__task")
            .order_by("created_at", "pk")
        )
        # WorkflowState points at its page through a text object_id; join in Python on one page query.
        states = [state for state in states if state.object_id.isdigit()]
        pages = Page.objects.filter(pk__in=page_ids).in_bulk([int(state.object_id) for state in states])
        items = []
        for state in states:
            page = pages.get(int(state.object_id))
            if page is not None:
                items.append({"page": page, "state": state})
        return items[:PANEL_LIMIT]


class LatestPublishedPanel(DashboardPanel):
    name = "newsdesk-published"
    heading = "Latest published"
    empty_message = "Nothing has been published yet."
    template_name = "newsdesk/panels/latest_published.html"
    order = 70

    def get_items(self, user):
        return list(
            editable_pages(user)
            .live()
            .filter(last_published_at__isnull=False, depth__gt=2)
            .select_related("latest_revision__user")
            .order_by("-last_published_at", "-pk")[:PANEL_LIMIT]
        )


class ForgottenDraftsPanel(DashboardPanel):
    """Unpublished changes nobody has touched for a month: finish them, or delete them."""

    name = "newsdesk-stale-drafts"
    heading = f"Drafts not touched for {STALE_AFTER.days} days"
    empty_message = f"No draft has been left for more than {STALE_AFTER.days} days."
    template_name = "newsdesk/panels/forgotten_drafts.html"
    order = 80

    def get_items(self, user):
        cutoff = timezone.now() - STALE_AFTER
        return list(
            editable_pages(user)
            .filter(has_unpublished_changes=True, latest_revision_created_at__lt=cutoff)
            # A release waiting for its go-live time is not forgotten.
            .annotate_approved_schedule()
            .filter(_approved_schedule=False)
            .select_related("latest_revision__user")
            .order_by("latest_revision_created_at", "pk")[:PANEL_LIMIT]
        )


PANELS = [UpcomingReleasesPanel, AwaitingSignOffPanel, LatestPublishedPanel, ForgottenDraftsPanel]
