"""Keeps a session that has given its password but not its code out of the admin."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from synergi_site.security import admin_path_prefix

from .policy import has_authenticator, needs_code

# Reachable before the code: the code step itself, enrolment, signing out, and the icons and
# translations every admin page (these two included) loads by script.
OPEN_URL_NAMES = [
    "accounts_verify",
    "accounts_setup",
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
]


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(admin_path_prefix()) and needs_code(request.user):
            open_paths = {reverse(name) for name in OPEN_URL_NAMES}
            if request.path_info not in open_paths:
                step = "accounts_verify" if has_authenticator(request.user) else "accounts_setup"
                target = reverse(step)
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)
