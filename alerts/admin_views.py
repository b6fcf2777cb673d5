"""The comms team's side: importing the media list, and sending a release to journalists."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from news.models import Topic
from newsdesk.views import get_editable_page

from . import press
from .models import Journalist, JournalistSend, ReleaseAlert, ReleaseUpdate
from .sending import delivery_summary, is_back_dated, start_alert, start_update


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Media list (CSV)", help_text=f"Columns: {', '.join(press.CSV_COLUMNS)}. At most 1 MB."
    )


class ImportJournalistsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = "Import journalists"
    header_icon = "user"
    template_name = "alerts/admin/import.html"
    permission_policy = ModelPermissionPolicy(Journalist)
    permission_required = "add"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ImportForm())
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            taken, refused = press.import_journalists(form.cleaned_data["file"])
        except press.CSVRefused as refusal:
            form.add_error("file", str(refusal))
            status = 413 if "1 MB" in str(refusal) else 400
            return self.render_to_response(self.get_context_data(form=form), status=status)
        context = self.get_context_data(form=ImportForm(), taken=taken, refused=refused)
        return self.render_to_response(context, status=400 if refused else 200)


class SendToJournalistsView(WagtailAdminTemplateMixin, TemplateView):
    """A release's emails: alerts to subscribers so far, and a form to send it to journalists."""

    header_icon = "mail"
    template_name = "alerts/admin/send.html"

    def dispatch(self, request, page_id):
        self.page = get_editable_page(request, page_id)
        if not request.user.has_perm("alerts.view_journalist"):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return f"Emails about “{self.page.get_admin_display_title()}”"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def chosen_journalists(self):
        beat_ids = [int(pk) for pk in self.request.POST.getlist("beats") if pk.isdigit()]
        journalist_ids = [int(pk) for pk in self.request.POST.getlist("journalists") if pk.isdigit()]
        return Journalist.objects.filter(Q(beats__in=beat_ids) | Q(pk__in=journalist_ids)).distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page=self.page,
            embargoed=press.is_embargoed(self.page),
            notice=press.embargo_notice(self.page) if press.is_embargoed(self.page) else "",
            alerts=delivery_summary(self.page),
            sends=JournalistSend.objects.filter(release=self.page).select_related("journalist", "embargo_link"),
            topics=Topic.objects.all(),
            journalists=Journalist.objects.prefetch_related("beats"),
            **self.subscriber_options(),
        )
        return context

    def subscriber_options(self):
        """What an editor who may publish can send to subscribers beyond the go-live alert (both opt-in)."""
        page = self.page
        may_publish = page.permissions_for_user(self.request.user).can_publish()
        started = ReleaseAlert.objects.filter(release=page).exists()
        live_revision_sent = ReleaseUpdate.objects.filter(release=page, revision_id=page.live_revision_id).exists()
        return {
            "can_send_alert": may_publish and page.live and not started,
            "back_dated": page.live and not started and is_back_dated(page),
            "can_send_update": may_publish and page.live and started and not live_revision_sent,
            "update_sent_for_live_version": live_revision_sent,
        }

    def post_to_subscribers(self, request, action):
        options = self.subscriber_options()
        if action == "send_alert":
            if not options["can_send_alert"] or not start_alert(self.page, include_back_dated=True):
                messages.error(request, "This release's alert has gone already, or you may not send it.")
            else:
                messages.success(request, "The alert is on its way to the subscribers of this release's topics.")
        elif not options["can_send_update"]:
            messages.error(request, "This version has gone as an update already, or you may not send it.")
        elif start_update(self.page, request.user, request.POST.get("note", "")) is None:
            messages.error(request, "This version has gone as an update already.")
        else:
            messages.success(request, "The update is on its way to the subscribers of this release's topics.")
        return redirect("alerts_send_to_journalists", self.page.pk)

    def post(self, request, page_id):
        action = request.POST.get("action")
        if action in {"send_alert", "send_update"}:
            return self.post_to_subscribers(request, action)
        if action == "test":
            if not request.user.email:
                messages.error(request, "Your account has no email address to send the test to.")
            else:
                press.send_test.enqueue(self.page.pk, request.user.pk)
                messages.success(request, f"A test is on its way to {request.user.email}.")
            return redirect("alerts_send_to_journalists", self.page.pk)
        chosen = list(self.chosen_journalists())
        if action == "preview":
            email = press.release_email(self.page, "journalist@example.org", embargo_url="(their own link)")
            context = self.get_context_data(preview=email, chosen=chosen)
            return self.render_to_response(context)
        if action != "send":
            messages.error(request, "Choose preview, send a test or send.")
            return redirect("alerts_send_to_journalists", self.page.pk)
        if not chosen:
            messages.error(request, "Choose at least one beat or journalist.")
            return redirect("alerts_send_to_journalists", self.page.pk)
        queued = press.queue_sends(self.page, chosen, request.user)
        skipped = len(chosen) - queued
        note = f" ({skipped} already had it)" if skipped else ""
        messages.success(request, f"Sending to {queued} journalist{'s' if queued != 1 else ''}{note}.")
        return redirect("alerts_send_to_journalists", self.page.pk)
