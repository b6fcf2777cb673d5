"""Security plumbing: the Content-Security-Policy per area, the client's address, and login-attempt limits.

The policies themselves are settings (CONTENT_SECURITY_POLICY, CSP_ADMIN_DIRECTIVES);
this module decides which applies, adds the hashes of the inline scripts the
consent banner registers and the origins of the one analytics provider editors
configured (none unless they did).
"""

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Sum

from wagtail.models import Site

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from csp.middleware import CSPMiddleware, PolicyParts

from consent.inline_scripts import csp_hash_sources
from consent.models import ConsentSettings

logger = logging.getLogger(__name__)


def admin_path_prefix():
    return "/" + getattr(settings, "WAGTAIL_ADMIN_PATH", "admin").strip("/") + "/"


def analytics_sources(request):
    """CSP sources per directive for the analytics provider this site uses, or {} when it uses none."""
    try:
        if Site.find_for_request(request) is None:
            return {}  # no site answers this host (an error page): no analytics on it
        consent_settings = ConsentSettings.for_request(request)
    except DatabaseError:
        return {}  # the database is down (the 503 page): no analytics either
    origin = consent_settings.analytics_origin()
    if not origin:
        return {}
    extra = settings.CSP_ANALYTICS_EXTRA_ORIGINS.get(consent_settings.analytics_provider, {})
    return {directive: [origin, *extra.get(directive, [])] for directive in ("script-src", "connect-src", "img-src")}


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp with the admin's looser policy under the admin path, plus Cross-Origin-Resource-Policy.

    Public pages get CONTENT_SECURITY_POLICY plus the registered inline script hashes and
    the configured analytics provider's origins; the Wagtail admin (and its previews) get
    CSP_ADMIN_DIRECTIVES instead.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # Nothing of ours is meant to be read by another site's page (scripts, images, documents).
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts  # a view chose its own policy with django-csp's decorators
        if request.path_info.startswith(admin_path_prefix()):
            admin_directives = getattr(settings, "CSP_ADMIN_DIRECTIVES", None)
            if admin_directives:
                return PolicyParts(config=admin_directives, update=parts.update, replace=parts.replace)
            return parts
        update = dict(parts.update or {})
        update["script-src"] = [*update.get("script-src", []), *csp_hash_sources()]
        if response.get("Content-Type", "").startswith("text/html"):
            for directive, sources in analytics_sources(request).items():
                update[directive] = [*update.get(directive, []), *sources]
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


class LoginLockoutHandler(AxesDatabaseHandler):
    """Two limits: AXES_FAILURE_LIMIT per account and address, a higher ACCOUNT_FAILURE_LIMIT per account.

    The second is what spreading guesses over many addresses runs into. AXES_LOCKOUT_PARAMETERS
    lists the pair first and the account alone second; axes compares one number with
    AXES_FAILURE_LIMIT, so the account's count is shifted to reach that limit exactly when
    it reaches ACCOUNT_FAILURE_LIMIT.
    """

    def get_failures(self, request, credentials=None):
        pair, account = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(pair, account - (settings.ACCOUNT_FAILURE_LIMIT - settings.AXES_FAILURE_LIMIT))


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def is_trusted_proxy(address):
    parsed = _parse(address) if isinstance(address, str) else address
    return parsed is not None and any(parsed in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip_address(request):
    """The visitor's address: REMOTE_ADDR, unless that is one of our proxies (TRUSTED_PROXIES).

    Only then is X-Forwarded-For read, from the right: each entry our own proxies added is
    skipped, and the first address that is not one of them is the client. Whatever lies to
    its left the client wrote, so it is never used. Django-axes and synergi_site.ratelimit
    both count against this one address.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote_addr):
        return remote_addr
    client = remote_addr
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        parsed = _parse(entry)
        if parsed is None:
            break  # a proxy we trust passed on something that is not an address: stop at that proxy
        client = str(parsed)
        if not is_trusted_proxy(parsed):
            break
    return client
