"""The `cookies_policy` cookie: the visitor's decision, written only by the server.

Format (documented for the JavaScript in synergi_site/static/js/consent.js, which
reads it with the same regular expression):

    v:3&functional:0&analytics:1&marketing:0&at:2026-11-26T10:36:00Z&id:<32 hex>&sig:<32 hex>

- `v` is the policy version (no leading zeros), `functional`, `analytics` and
  `marketing` are 1 (allowed) or 0 (refused), `at` is the UTC time of the
  decision (ISO 8601), `id` the random consent id that ties the decision to its
  ConsentRecord, and `sig` a truncated HMAC-SHA256 of everything before it,
  keyed with SECRET_KEY, so the server notices a hand-edited cookie.
- Every character is legal in a cookie value without quoting (RFC 6265), so
  browsers and Django agree on it byte for byte.
- Anything else (missing or extra keys, other order, wrong types, a bad
  signature or an older version) means "no decision".
"""

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from http.cookies import Morsel

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

COOKIE_NAME = "cookies_policy"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # one year, as the ICO suggests as a sensible upper limit
CATEGORIES = ("functional", "analytics", "marketing")
SIGNATURE_SALT = "consent.cookies_policy"
MAX_LENGTH = 200

COOKIE_PATTERN = re.compile(
    r"v:(?P<version>[1-9][0-9]{0,5})"
    r"&functional:(?P<functional>[01])"
    r"&analytics:(?P<analytics>[01])"
    r"&marketing:(?P<marketing>[01])"
    r"&at:(?P<at>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)"
    r"&id:(?P<consent_id>[0-9a-f]{32})"
    r"&sig:(?P<sig>[0-9a-f]{32})"
)


@dataclass(frozen=True)
class Decision:
    version: int
    functional: bool
    analytics: bool
    marketing: bool
    at: datetime
    consent_id: str

    @property
    def choices(self):
        return {category: getattr(self, category) for category in CATEGORIES}


def new_consent_id():
    return secrets.token_hex(16)


def sign(payload):
    return salted_hmac(SIGNATURE_SALT, payload, algorithm="sha256").hexdigest()[:32]


def encode(decision):
    payload = (
        f"v:{decision.version}"
        f"&functional:{int(decision.functional)}"
        f"&analytics:{int(decision.analytics)}"
        f"&marketing:{int(decision.marketing)}"
        f"&at:{decision.at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}"
        f"&id:{decision.consent_id}"
    )
    return f"{payload}&sig:{sign(payload)}"


def parse(value, *, current_version=None):
    """The Decision in a cookie value, or None for anything not exactly right.

    With current_version, a decision made under another version is None too.
    """
    if not isinstance(value, str) or len(value) > MAX_LENGTH:
        return None
    match = COOKIE_PATTERN.fullmatch(value)
    if match is None:
        return None
    payload = value[: value.rindex("&sig:")]
    if not constant_time_compare(sign(payload), match["sig"]):
        return None
    try:
        at = datetime.strptime(match["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    version = int(match["version"])
    if current_version is not None and version != current_version:
        return None
    return Decision(
        version=version,
        functional=match["functional"] == "1",
        analytics=match["analytics"] == "1",
        marketing=match["marketing"] == "1",
        at=at,
        consent_id=match["consent_id"],
    )


def set_decision_cookie(response, request, decision):
    response.set_cookie(
        COOKIE_NAME,
        encode(decision),
        max_age=COOKIE_MAX_AGE,
        path="/",
        samesite="Lax",
        secure=request.is_secure() or getattr(settings, "CONSENT_COOKIE_SECURE", False),
        # The consent script reads the decision; the server alone writes it.
        httponly=False,
    )


def _expire_on_domains(response, name, domains):
    """Add an expiring Set-Cookie for `name` on each domain.

    response.cookies keys its morsels by name, one header per name; a morsel stored under
    another key still writes its own name, so each domain gets its own header.
    """
    for domain in domains:
        morsel = Morsel()
        morsel.set(name, "", '""')
        morsel.update({"expires": "Thu, 01 Jan 1970 00:00:00 GMT", "max-age": 0, "path": "/", "domain": domain})
        morsel["samesite"] = "Lax"
        response.cookies[f"{name}@{domain}"] = morsel


def parent_domains(host):
    """The domains a cookie for `host` may have been set on: www.example.org -> .www.example.org, .example.org.

    Not the bare top-level label, and nothing for an IP address.
    """
    host = host.split(":")[0].strip("[]").lower()
    labels = host.split(".")
    if len(labels) < 2 or all(label.isdigit() for label in labels) or ":" in host:
        return []
    return ["." + ".".join(labels[i:]) for i in range(len(labels) - 1)]


def delete_cookies(response, request, patterns):
    """Expire the visitor's cookies whose names match the declared names (`_ga_*` style).

    Each is expired on this host and on every parent domain: analytics tags often set
    theirs on the registrable domain, and a cookie is only removed where it was set.
    """
    deleted = []
    domains = parent_domains(request.get_host())
    for name in request.COOKIES:
        if name == COOKIE_NAME:
            continue
        if any(fnmatchcase(name, pattern) for pattern in patterns):
            response.delete_cookie(name, path="/", samesite="Lax")
            _expire_on_domains(response, name, domains)
            deleted.append(name)
    return deleted
