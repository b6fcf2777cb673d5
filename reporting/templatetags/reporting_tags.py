"""The pledge page's summary of the latest reporting round: invited, reported, published, and the
statuses per commitment (published reports only, through home.public) as a chart with a table; and
`{% status_label value %}`, the editors' word for a stored status wherever a template shows one."""

from django import template
from django.db.models import Count, Q

from home.public import public_pages, with_public_page
from pledge.choices import ProgressStatus, ReportKind
from pledge.models import Commitment, CommitmentResponse, ReportPage

from ..models import Invitation, Report, RoundWindow, status_labels

register = template.Library()

BAR_WIDTH = 400


@register.simple_tag(takes_context=True)
def status_label(context, value):
    """The word editors chose for a stored status (Settings › Reporting round wording)."""
    return status_labels(context.get("request")).get(value, "")


@register.inclusion_tag("reporting/includes/round_summary.html", takes_context=True)
def round_summary(context):
    window = (
        RoundWindow.objects.exclude(state=RoundWindow.State.PLANNED)
        .select_related("round")
        .order_by("-opens_at")
        .first()
    )
    if window is None:
        return {"summary": None}
    invited = Invitation.objects.filter(window=window).count()
    reported = Report.objects.filter(
        invitation__window=window, state__in=[Report.State.SUBMITTED, Report.State.APPROVED]
    ).count()
    published = public_pages(ReportPage.objects.filter(round=window.round, kind=ReportKind.PROGRESS)).count()
    labels = status_labels(context.get("request"))
    statuses = [{"name": s.name, "value": s.value, "label": labels[s]} for s in ProgressStatus]
    counts = {
        row["commitment"]: row
        for row in with_public_page(
            CommitmentResponse.objects.filter(report__round=window.round, report__kind=ReportKind.PROGRESS), "report"
        )
        .values("commitment")
        .annotate(**{s["name"]: Count("pk", filter=Q(status=s["value"])) for s in statuses})
    }
    most = max([sum(row[s["name"]] for s in statuses) for row in counts.values()] or [1]) or 1
    rows = []
    for commitment in Commitment.objects.order_by("number"):
        row = counts.get(commitment.pk, {})
        x, segments = 0, []
        for s in statuses:
            n = row.get(s["name"], 0)
            width = round(BAR_WIDTH * n / most)
            segments.append({"status": s, "count": n, "x": x, "width": width})
            x += width
        rows.append({"commitment": commitment, "segments": segments, "y": len(rows) * 30})
    return {
        "summary": {"round": window.round, "invited": invited, "reported": reported, "published": published},
        "statuses": statuses,
        "rows": rows,
        "height": len(rows) * 30,
        "any_status": bool(counts),
    }
