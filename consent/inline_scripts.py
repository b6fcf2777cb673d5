"""The only inline scripts the site may run, and their hashes for the Content-Security-Policy.

A page cache serves one copy of a page to everyone, so per-response nonces are
impossible; each inline script is fixed text allowed by its SHA-256 hash
instead. Render them with {% inline_script "name" %} (consent_tags) so the
bytes on the page are exactly the bytes hashed here; change a script here and
its hash changes with it.
"""

import base64
import hashlib

# Runs straight after the hidden banner, before the rest of the page is parsed
# or painted: shows the banner unless the cookies_policy cookie holds a decision
# for the current policy version (the same pattern as consent/cookie.py).
BANNER_REVEAL = (
    "(function(){"
    'var b=document.getElementById("cookie-banner");'
    'if(!b||b.hasAttribute("data-cookies-page"))return;'
    "var m=document.cookie.match(/(?:^|;\\s*)cookies_policy=([^;]*)/);"
    "var d=m&&/^v:([1-9][0-9]{0,5})&functional:[01]&analytics:[01]&marketing:[01]"
    "&at:[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z&id:[0-9a-f]{32}&sig:[0-9a-f]{32}$/.exec(m[1]);"
    'if(!d||d[1]!==b.getAttribute("data-policy-version"))b.hidden=false;'
    "})();"
)

INLINE_SCRIPTS = {"banner_reveal": BANNER_REVEAL}


def script_hash(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp_hash_sources():
    """The CSP source list for every registered inline script, e.g. ["'sha256-…'"]."""
    return [script_hash(text) for text in INLINE_SCRIPTS.values()]
