"""Security plumbing: the Content-Security-Policy per area, and login-attempt limits.

The policies themselves are settings (CONTENT_SECURITY_POLICY, CSP_ADMIN_DIRECTIVES);
this module only decides which applies and adds the hashes of the inline scripts
the consent banner registers.
"""

import importlib
import logging

from django.conf import settings

from axes.backends import AxesStandaloneBackend
from csp.middleware import CSPMiddleware, PolicyParts

logger = logging.getLogger(__name__)


def admin_path_prefix():
    return "/" + getattr(settings, "WAGTAIL_ADMIN_PATH", "admin").strip("/") + "/"


def inline_script_sources():
    """The "'sha256-…'" sources of the inline scripts consent/inline_scripts.py registers.

    Read on each call (cheap) so a newly registered script needs no settings change.
    A missing module means no inline scripts are allowed at all.
    """
    try:
        module = importlib.import_module("consent.inline_scripts")
    except ImportError:
        return []
    for name in ("csp_hash_sources", "script_hash_sources", "csp_sources", "hash_sources"):
        function = getattr(module, name, None)
        if callable(function):
            return [source for source in function() if source.startswith("'sha256-")]
    logger.warning("consent.inline_scripts has no function returning its hash sources")
    return []


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp with the admin's looser policy under the admin path.

    Public pages get CONTENT_SECURITY_POLICY plus the registered inline script hashes;
    the Wagtail admin (and its previews) get CSP_ADMIN_DIRECTIVES instead.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts  # a view chose its own policy with django-csp's decorators
        if request.path_info.startswith(admin_path_prefix()):
            admin_directives = getattr(settings, "CSP_ADMIN_DIRECTIVES", None)
            if admin_directives:
                return PolicyParts(config=admin_directives, update=parts.update, replace=parts.replace)
            return parts
        hashes = inline_script_sources()
        if hashes:
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), *hashes]
            parts.update = update
        return parts


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login made through a web request.

    Logins made in code without a request (the test client's login(), scripts) have
    no address to count attempts against, so they are passed on to the next backend
    instead of raising as axes does by default.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip_address(request):
    """The visitor's address: the last one our own proxies added to X-Forwarded-For.

    With TRUSTED_PROXY_COUNT = 0 (development, tests) it is REMOTE_ADDR. Earlier
    entries of X-Forwarded-For are the visitor's to forge, so they are never used.
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote_addr = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote_addr
