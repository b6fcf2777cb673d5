"""The code step of the admin sign-in, enrolment of an authenticator app, and an administrator's reset."""

from base64 import b32encode

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from axes.helpers import get_lockout_response
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import lockout
from .forms import CodeForm, ConfirmAppForm
from .models import RecoveryCodeDevice
from .policy import has_authenticator, match_code, remove_devices, two_factor_required
from .qr import qr_svg


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def locked_out(request, user):
    credentials = lockout.credentials(user)
    logout(request)  # the password step must be passed again, once the lock lifts
    return get_lockout_response(request, None, credentials)


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """Step two: the code from the authenticator app (or a recovery code)."""
    user = request.user
    if user.is_verified() or not has_authenticator(user):
        return HttpResponseRedirect(next_url(request))
    if lockout.is_locked(request, user):
        return locked_out(request, user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_code(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            lockout.forgive(request, user)
            if isinstance(device, RecoveryCodeDevice):
                remaining = device.codes.count()
                messages.warning(request, f"You used a recovery code: {remaining} left. Keep the rest safe.")
            return HttpResponseRedirect(next_url(request))
        if lockout.count_failure(request, user):
            return locked_out(request, user)
        form.add_error("code", "That code is not right. Check the time on your phone, or use a recovery code.")
    return TemplateResponse(
        request, "accounts/verify.html", {"form": form, "next": next_url(request), "user_name": user.get_username()}
    )


def pending_device(user):
    """The not yet confirmed authenticator being set up: the same secret on every reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def grouped(secret):
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
def setup(request):
    """Enrolment: scan the QR code (or type the secret), confirm with a code, then see the recovery codes once."""
    user = request.user
    if has_authenticator(user):
        if not user.is_verified():
            return redirect("accounts_verify")
        return TemplateResponse(request, "accounts/enrolled.html", {})
    device = pending_device(user)
    form = ConfirmAppForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            with transaction.atomic():
                device.confirmed = True
                device.save()
                recovery, _ = RecoveryCodeDevice.objects.get_or_create(
                    user=user, defaults={"name": "Recovery codes", "confirmed": True}
                )
                codes = recovery.replace_codes()
            otp_login(request, device)
            lockout.forgive(request, user)
            return TemplateResponse(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url(request)}
            )
        form.add_error("code", "That code is not right. Check the app shows this account, and try the newest code.")
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": mark_safe(qr_svg(device.config_url)),  # noqa: S308  (SVG drawn by qrcode from our own data)
        "secret": grouped(secret),
        "required": two_factor_required(user),
        "next": next_url(request),
    }
    return TemplateResponse(request, "accounts/setup.html", context)


def may_reset(request_user, account):
    if request_user.is_superuser:
        return True
    return request_user.has_perm("auth.change_user") and not account.is_superuser


class ResetView(WagtailAdminTemplateMixin, TemplateView):
    """Another administrator removes an account's authenticator and recovery codes (a lost phone)."""

    page_title = "Reset two-factor login"
    header_icon = "lock"
    template_name = "accounts/reset.html"

    def dispatch(self, request, *args, **kwargs):
        self.account = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        if not may_reset(request.user, self.account):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailusers_users:index"), "label": "Users"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            account=self.account,
            enrolled=has_authenticator(self.account),
            required=two_factor_required(self.account),
        )
        return context

    def post(self, request, *args, **kwargs):
        removed = remove_devices(self.account, by=request.user)
        messages.success(
            request,
            f"Two-factor login reset for {self.account.get_username()} ({removed} device(s) removed). "
            "They set up an authenticator app again at their next sign-in.",
        )
        return redirect("wagtailusers_users:index")
