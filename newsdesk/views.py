"""The journalist's embargoed preview, and the editor's view that makes and revokes its links."""

import re
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import get_resolver, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.log_actions import log
from wagtail.models import Page

from news.models import NewsPage

from .models import MAX_LIFETIME, EmbargoLink, default_expiry, embargo_time, shared_revision
from .notifications import tell_moderators_about_link

# secrets.token_urlsafe(32) gives 43 URL-safe characters; anything else cannot be a token.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{40,60}")
SESSION_KEY = "newsdesk_new_embargo_link"


def shareable_page_models():
    return (NewsPage,)


def is_shareable_type(page):
    return issubclass(page.specific_class, shareable_page_models())


def has_embargoed_changes(page):
    """A draft or scheduled item, or a live one with a newer draft: something the public cannot see yet."""
    return not page.live or page.has_unpublished_changes


def mark_private(response):
    """Never cached anywhere, never indexed, and the secret address never leaks in a Referer header."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def not_found(request):
    """The site's ordinary 404, identical for a guessed, expired or revoked link."""
    handler = get_resolver().resolve_error_handler(404)
    return mark_private(handler(request, Http404()))


@require_GET
def embargo_preview(request, token):
    link = EmbargoLink.objects.for_token(token) if TOKEN_PATTERN.fullmatch(token) else None
    if link is None or link.is_revoked:
        return not_found(request)
    page = link.page.specific
    if link.is_released:
        # The release is out: send the journalist to the real thing, even once the link has lapsed,
        # and never to a draft saved since.
        url = page.get_url(request)
        return mark_private(redirect(url)) if url else not_found(request)
    if link.is_expired:
        return not_found(request)

    # The version that was shared, never a later draft.
    draft = link.revision.as_object()
    mode = draft.default_preview_mode
    # Rendered the way Wagtail's own preview renders it, so it looks exactly as it will when live.
    request.is_preview = True
    request.preview_mode = mode
    response = draft.serve_preview(request, mode)
    if isinstance(response, TemplateResponse) and response.context_data is not None:
        # base.html reads this to add the notice and noindex and to leave out analytics.
        response.context_data["embargo_preview"] = True
        response.context_data["embargo_until"] = embargo_time(page)
        # No link-preview or search metadata: a chat app unfurling the address learns nothing.
        response.context_data["no_sharing"] = True
    if hasattr(response, "render"):
        response.render()
    return mark_private(response)


# The editor's side ------------------------------------------------------------


class EmbargoLinkForm(WagtailAdminModelForm):
    class Meta:
        model = EmbargoLink
        fields = ["recipient", "expires_at"]
        widgets = {"expires_at": AdminDateTimeInput}

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        now = timezone.now()
        if expires_at <= now:
            raise ValidationError("The link would stop working before anyone could open it. Choose a later time.")
        if expires_at > now + MAX_LIFETIME:
            raise ValidationError(f"A link can last at most {MAX_LIFETIME.days} days. Choose an earlier time.")
        return expires_at


def can_make_links(user, page):
    """Only someone who may publish the release may release a draft of it to a journalist."""
    return page.permissions_for_user(user).can_publish()


def get_editable_page(request, page_id):
    """The news page if this user may edit it; other page types do not have embargo links."""
    page = get_object_or_404(Page, pk=page_id)
    if not is_shareable_type(page):
        raise Http404
    page = page.specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


class EmbargoLinksView(WagtailAdminTemplateMixin, TemplateView):
    """A release's embargoed preview links: who made them, until when, and a form for a new one."""

    template_name = "newsdesk/admin/embargo_links.html"
    header_icon = "link"

    def dispatch(self, request, page_id):
        self.page = get_editable_page(request, page_id)
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return f"Embargoed preview links: {self.page.get_admin_display_title()}"

    def get_breadcrumbs_items(self):
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        return [
            *self.breadcrumbs_items,
            {"url": edit_url, "label": self.page.get_admin_display_title()},
            {"url": "", "label": "Embargoed preview links"},
        ]

    def get_form(self):
        if self.request.method == "POST":
            return EmbargoLinkForm(self.request.POST)
        return EmbargoLinkForm(initial={"expires_at": default_expiry(self.page)})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        new_link = self.request.session.pop(SESSION_KEY, None)
        if new_link and new_link.get("page_id") != self.page.pk:
            new_link = None
        context.update(
            {
                "page": self.page,
                "links": self.page.embargo_links.select_related("created_by", "revoked_by"),
                "form": kwargs.get("form") or self.get_form(),
                "can_share": has_embargoed_changes(self.page),
                "can_make_links": can_make_links(self.request.user, self.page),
                "shared_revision": shared_revision(self.page),
                "go_live_at": embargo_time(self.page),
                "new_link": new_link,
                "live_url": self.page.get_url(self.request) if self.page.live else None,
            }
        )
        return context

    def post(self, request, page_id):
        if not can_make_links(request.user, self.page):
            # The page again, saying who may make links: a 403, not Wagtail's redirect to the dashboard.
            response = self.render_to_response(self.get_context_data())
            response.status_code = 403
            return response
        if not has_embargoed_changes(self.page) or shared_revision(self.page) is None:
            messages.error(request, "This release is already published with no changes waiting: share its address.")
            return redirect("newsdesk_embargo_links", self.page.pk)
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        link, token = EmbargoLink.create_for(
            self.page, request.user, form.cleaned_data["expires_at"], form.cleaned_data["recipient"]
        )
        log(
            instance=self.page,
            action="newsdesk.embargo_link.create",
            user=request.user,
            data={
                "recipient": link.recipient,
                "expires_at": link.expires_at.isoformat(),
                "hint": link.token_hint,
                "revision": link.revision_id,
            },
        )
        transaction.on_commit(partial(tell_moderators_about_link.enqueue, link.pk))
        # Shown once, on the next page load: only the token's hash is kept.
        request.session[SESSION_KEY] = {
            "page_id": self.page.pk,
            "link_id": link.pk,
            "url": request.build_absolute_uri(reverse("newsdesk:embargo_preview", args=[token])),
        }
        messages.success(request, "Embargoed preview link created. Copy it now: it is shown only once.")
        return redirect("newsdesk_embargo_links", self.page.pk)


@require_POST
def revoke_embargo_link(request, page_id, link_id):
    page = get_editable_page(request, page_id)
    link = get_object_or_404(EmbargoLink, pk=link_id, page=page)
    if not link.is_revoked:
        link.revoke(request.user)
        log(
            instance=page,
            action="newsdesk.embargo_link.revoke",
            user=request.user,
            data={"recipient": link.recipient, "hint": link.token_hint},
        )
        messages.success(request, f"The link ending …{link.token_hint} no longer works.")
    return redirect("newsdesk_embargo_links", page.pk)
