"""The round in the admin: open it, see who stands where (CSV too), and review a submission."""

import csv

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from synergi_site.spreadsheets import formula_safe

from . import review, sending
from .answers import as_html
from .models import AccessLink, Report, RoundWindow, status_labels
from .steps import previous_report, steps_for


class RoundOverviewView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "date"
    template_name = "reporting/admin/overview.html"
    permission_policy = ModelPermissionPolicy(RoundWindow)
    permission_required = "change"

    def dispatch(self, request, *args, **kwargs):
        self.window = get_object_or_404(RoundWindow.objects.select_related("round"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Reporting round: {self.window.round.name}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            return self.csv()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        rows, counts = review.overview(self.window)
        return super().get_context_data(
            window=self.window,
            rows=rows,
            counts=counts,
            stages=review.STAGES,
            invitations=sending.invitation_progress(self.window),
            **kwargs,
        )

    def csv(self):
        rows, _ = review.overview(self.window)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="reporting-round-{self.window.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow(["Signatory", "Stage", "Deadline", "Submitted", "Report version"])
        for row in rows:
            report = row["report"]
            writer.writerow(
                [
                    formula_safe(row["invitation"].signatory.title),
                    row["stage"],
                    row["invitation"].closes_at.isoformat(),
                    report.submitted_at.isoformat() if report and report.submitted_at else "",
                    report.version if report else "",
                ]
            )
        return response

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "open":
            if sending.open_round(self.window):
                messages.success(
                    request, "The round is open. The invitations are being prepared and sent in the background."
                )
            else:
                messages.error(request, "This round has already been opened: nothing more was sent.")
        elif request.POST.get("action") == "close":
            sending.close_round(self.window)
            messages.success(request, "The round is closed: links no longer work.")
        return redirect("reporting_round", pk=self.window.pk)


class ReturnForm(forms.Form):
    feedback = forms.CharField(widget=forms.Textarea, label="Feedback for the organisation")


class ReviewView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"
    template_name = "reporting/admin/review.html"
    permission_policy = ModelPermissionPolicy(RoundWindow)
    permission_required = "change"

    def dispatch(self, request, *args, **kwargs):
        self.report = get_object_or_404(
            Report.objects.select_related("invitation__signatory", "invitation__window__round"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.report.invitation.signatory.title}: {self.report.invitation.window.round.name}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        invitation = self.report.invitation
        answers = {step.key: step for step in self.report.steps.all()}
        previous = previous_report(invitation)
        before = {}
        if previous is not None:
            before = {f"commitment-{r.commitment.number}": r.response for r in previous.responses_in_order}
            before["next-steps"] = previous.next_steps
        labels = status_labels(self.request)
        rows = [
            {
                "step": step,
                "status": labels.get(answers[step.key].status, "") if step.key in answers else "",
                "now": as_html(answers[step.key].answer) if step.key in answers else "",
                "before": before.get(step.key, ""),
            }
            for step in steps_for(invitation)
        ]
        kwargs.setdefault("return_form", ReturnForm())
        return super().get_context_data(
            report=self.report,
            rows=rows,
            previous=previous,
            returnable=self.report.state in review.RETURNABLE,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        invitation = self.report.invitation
        if action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(return_form=form), status=400)
            if review.return_report(self.report, form.cleaned_data["feedback"], user=self.request.user):
                messages.success(request, "Returned: the contacts have been emailed and their links work again.")
            else:
                messages.error(request, "Only a submitted or approved report can be returned.")
        elif action == "approve":
            if self.report.state != Report.State.SUBMITTED:
                messages.error(request, "Only a submitted report can be approved.")
            else:
                page = review.approve(self.report, user=request.user)
                state = page.current_workflow_state
                if state is not None:
                    messages.success(request, f"Approved: '{page.title}' is submitted to {state.workflow.name}.")
                else:
                    messages.success(request, f"Approved: '{page.title}' is saved as a draft, ready for sign-off.")
                return redirect("wagtailadmin_pages:edit", page.pk)
        elif action in ("resend", "reminder"):
            queued = sending.send_now(invitation, action)
            messages.success(request, f"{queued} email{'s' if queued != 1 else ''} on the way.")
        elif action == "revoke":
            AccessLink.objects.filter(invitation=invitation, revoked_at__isnull=True).update(revoked_at=timezone.now())
            messages.success(request, "Every link for this organisation in this round now stops working.")
        return redirect("reporting_review", pk=self.report.pk)
