"""Reports › Cookie audit in the admin: the history, one audit's findings, and the evidence pack."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from consent.models import ConsentRecord, PolicySnapshot

from . import evidence
from .audit import AuditError, start_run
from .models import AuditRun, Finding
from .tasks import run_cookie_audit

audit_permissions = ModelPermissionPolicy(AuditRun)
record_permissions = ModelPermissionPolicy(ConsentRecord)


def private(response):
    response["Cache-Control"] = "private, no-store"
    return response


class AdminReport(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "lock"
    permission_policy = audit_permissions
    permission_required = "view"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def render_to_response(self, context, **kwargs):
        return private(super().render_to_response(context, **kwargs))


class AuditHistoryView(AdminReport):
    page_title = "Cookie audit"
    template_name = "cookieaudit/admin/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = list(AuditRun.objects.all()[:50])
        counts = {}
        for run_id, kind in Finding.objects.filter(run__in=runs, accepted_at__isnull=True).values_list("run", "kind"):
            counts.setdefault(run_id, {}).setdefault(kind, 0)
            counts[run_id][kind] += 1
        for run in runs:
            run.counts = counts.get(run.pk, {})
        context.update(
            runs=runs,
            running=AuditRun.objects.running().first(),
            can_run=audit_permissions.user_has_permission(self.request.user, "add"),
        )
        return context


class AuditRunView(AdminReport):
    template_name = "cookieaudit/admin/run.html"

    def get_page_title(self):
        return f"Cookie audit of {self.run.created_at:%d %B %Y %H:%M}"

    def dispatch(self, request, *args, **kwargs):
        self.run = get_object_or_404(AuditRun, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            run=self.run,
            findings=self.run.findings.select_related("accepted_by"),
            observations=self.run.observations.select_related("declaration"),
            can_accept=audit_permissions.user_has_permission(self.request.user, "change"),
        )
        return context


@require_POST
def run_now(request):
    """Queue an audit in the background, unless one is queued or running."""
    if not audit_permissions.user_has_permission(request.user, "add"):
        raise PermissionDenied
    try:
        run = start_run(AuditRun.Trigger.ADMIN, request.user)
    except AuditError as error:
        messages.error(request, str(error))
        return redirect("cookieaudit_history")
    run_cookie_audit.enqueue(run.pk)
    messages.success(request, "The cookie audit is queued. It takes a few minutes; this page lists it when done.")
    return redirect("cookieaudit_history")


@require_POST
def accept_finding(request, pk):
    if not audit_permissions.user_has_permission(request.user, "change"):
        raise PermissionDenied
    finding = get_object_or_404(Finding, pk=pk)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, "Say why this finding is acceptable: the reason is kept with it.")
    elif len(reason) > 2000:
        messages.error(request, "Keep the reason under 2,000 characters.")
    else:
        finding.accepted_reason = reason
        finding.accepted_by = request.user
        finding.accepted_at = timezone.now()
        finding.save(update_fields=["accepted_reason", "accepted_by", "accepted_at"])
        messages.success(request, f"Accepted: {finding.name}. Later audits keep it accepted.")
    return redirect("cookieaudit_run", pk=finding.run_id)


class EvidenceView(AdminReport):
    page_title = "Cookie consent evidence pack"
    template_name = "cookieaudit/admin/evidence.html"
    permission_policy = record_permissions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rates = evidence.weekly_rates()
        latest = AuditRun.objects.finished().order_by("-finished_at").first()
        today = timezone.localdate()
        context.update(
            snapshots=evidence.snapshot_with_counts(),
            rates=rates,
            chart=evidence.rate_bars(rates),
            latest=latest,
            latest_findings=latest.findings.all() if latest else [],
            default_from=(today - timezone.timedelta(days=30)).isoformat(),
            default_to=today.isoformat(),
            range_error=kwargs.get("range_error"),
        )
        return context


def export_records(request, fmt):
    if not record_permissions.user_has_permission(request.user, "view"):
        raise PermissionDenied
    if fmt not in {"csv", "json"}:
        raise Http404
    try:
        date_range = evidence.DateRange.parse(request.GET.get("from", ""), request.GET.get("to", ""))
    except evidence.BadRange as error:
        view = EvidenceView.as_view()
        response = view(request, range_error=str(error))
        response.status_code = 400
        return response
    records = date_range.records()
    if fmt == "csv":
        response = HttpResponse(evidence.records_csv(records), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(evidence.records_json(records, date_range), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="consent-records_{date_range.label}.{fmt}"'
    return private(response)


class SnapshotView(AdminReport):
    template_name = "cookieaudit/admin/snapshot.html"
    permission_policy = record_permissions

    def dispatch(self, request, *args, **kwargs):
        self.snapshot = get_object_or_404(PolicySnapshot, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Cookie policy version {self.snapshot.policy_version} as shown"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            snapshot=self.snapshot,
            record_count=ConsentRecord.objects.filter(
                policy_version=self.snapshot.policy_version, banner_text_sha256=self.snapshot.banner_text_sha256
            ).count(),
        )
        return context


def current_site(request):
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


class StatementView(AdminReport):
    page_title = "Statement of our cookie practice"
    template_name = "cookieaudit/admin/statement.html"
    permission_policy = record_permissions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statement"] = evidence.statement(current_site(self.request))
        return context


def statement_pdf(request):
    if not record_permissions.user_has_permission(request.user, "view"):
        raise PermissionDenied
    data = evidence.statement(current_site(request))
    response = HttpResponse(evidence.statement_pdf(data), content_type="application/pdf")
    name = f"cookie-practice-statement_v{data['policy_version']}_{data['generated_at']:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return private(response)
