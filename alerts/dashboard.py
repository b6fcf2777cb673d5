"""A panel on the publishing dashboard: the latest releases' alerts, sent, queued and failed."""

from django.db.models import Count, Q

from newsdesk.dashboard import PANEL_LIMIT, DashboardPanel, editable_pages

from .models import Delivery


class EmailAlertsPanel(DashboardPanel):
    name = "alerts-sent"
    heading = "Email alerts"
    empty_message = "No release has been sent to subscribers yet."
    template_name = "alerts/panels/email_alerts.html"
    order = 75

    def get_items(self, user):
        sent, failed = Delivery.Status.SENT, Delivery.Status.FAILED
        first = Q(alert_deliveries__update__isnull=True)  # the go-live alert, not later updates
        return list(
            editable_pages(user)
            .filter(alert__isnull=False)
            .annotate(
                alerts_total=Count("alert_deliveries", filter=first),
                alerts_sent=Count("alert_deliveries", filter=first & Q(alert_deliveries__status=sent)),
                alerts_failed=Count("alert_deliveries", filter=first & Q(alert_deliveries__status=failed)),
                alerts_queued=Count(
                    "alert_deliveries", filter=first & ~Q(alert_deliveries__status__in=[sent, failed])
                ),
            )
            .select_related("alert")
            .order_by("-alert__started_at")[:PANEL_LIMIT]
        )
