"""Rate limits: how many times one client (or one address, one account) may do a thing in a window.

One place for every limit on the site (the consent endpoint, sign-up forms, the
open-data API, ...). Counters live in the default cache, in fixed windows; if
the cache is unreachable the request is let through, since a limit is a
nuisance brake and must never take the site down.
"""

import hashlib
import time

from django.core.cache import cache

from synergi_site.security import client_ip_address


def _key(scope, identity, window, now):
    bucket = int(now // window)
    digest = hashlib.sha256(f"{scope}\0{identity}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{bucket}"


def allow(scope, identity, limit, window, now=None):
    """Count one attempt by `identity` at `scope`; False once more than `limit` were made in `window` seconds."""
    now = time.time() if now is None else now
    key = _key(scope, identity, window, now)
    try:
        cache.add(key, 0, timeout=window + 1)
        count = cache.incr(key)
    except Exception:  # a cache outage lets requests through rather than failing them
        return True
    return count <= limit


def allow_client(request, scope, limit, window):
    """As allow(), for the client's address (the one django-axes counts: synergi_site.security)."""
    return allow(scope, client_ip_address(request) or "unknown", limit, window)
