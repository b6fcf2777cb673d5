"""One audit from start to finish: choose the pages, crawl them, compare, store, tell people.

Used by the `audit_cookies` command and by the background task the admin queues.
"""

import os
import re
import threading
from contextlib import contextmanager
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

from django.conf import settings
from django.core.mail import send_mail
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from consent import cookie
from consent.models import ConsentRecord, ConsentSettings, CookieDeclaration, CookiesPage
from home.public import public_pages

from . import states as consent_states
from .compare import Declared, compare
from .crawler import RECYCLE_PAGES, CrawlError, CrawlSettings, crawl, default_workers, origin_of
from .models import AuditRun, Finding, Observation

LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


class AuditError(Exception):
    """A request the audit cannot carry out (a URL outside the site, an unknown state, one already running)."""


def audit_setting(name, default):
    return getattr(settings, f"COOKIE_AUDIT_{name}", default)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


@contextmanager
def local_server():
    """The site served on a free 127.0.0.1 port for as long as the audit needs it."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="cookie-audit-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def normalise_base(base_url):
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise AuditError(f"Not a website address: {base_url[:100]}")
    return f"{parts.scheme}://{parts.netloc}"


def resolve_urls(base_url, urls):
    """Absolute addresses on the site for each of `urls` (paths or full URLs); another website's is refused."""
    resolved = []
    for url in urls:
        absolute = urljoin(base_url + "/", url)
        if origin_of(absolute) != base_url:
            raise AuditError(f"{url[:200]} is not on this website ({base_url}): the audit only visits our own pages.")
        resolved.append(absolute)
    return resolved


def sitemap_urls(base_url, timeout):
    """Every page the sitemap lists, as addresses on `base_url` (the sitemap names the site's own host)."""
    with urlopen(base_url + "/sitemap.xml", timeout=timeout) as response:  # noqa: S310 - our own site, http(s) only
        text = response.read(20_000_000).decode("utf-8", "replace")
    urls = []
    for loc in LOC.findall(text):
        parts = urlsplit(loc)
        urls.append(base_url + (parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
    return list(dict.fromkeys(urls))


def analytics_prefixes(consent_settings, base_url):
    """Addresses that are the configured analytics service: its script, and its whole origin when it is not ours."""
    tag = consent_settings.analytics_tag()
    if tag is None:
        return []
    prefixes = [tag["src"].split("?")[0]]
    if origin_of(tag["src"]) != base_url:
        prefixes.append(origin_of(tag["src"]) + "/")
    return prefixes


def start_run(trigger=AuditRun.Trigger.COMMAND, user=None):
    """A queued run, unless one is queued or running already (then AuditError)."""
    with transaction.atomic():
        busy = AuditRun.objects.select_for_update().running().first()
        if busy is not None:
            raise AuditError(f"An audit is already running (started {busy.created_at:%d %B %Y %H:%M}).")
        return AuditRun.objects.create(trigger=trigger, requested_by=user)


def run_audit(run, *, base_url=None, urls=None, limit=None, state_names=None, block_third_party=None, workers=None):
    """Carry out `run`; returns it finished (or failed, with the reason in run.error)."""
    run.status = AuditRun.Status.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    options = {
        "urls": urls,
        "limit": limit,
        "state_names": state_names,
        "block_third_party": block_third_party,
        "workers": workers,
    }
    try:
        if base_url:
            _run(run, normalise_base(base_url), **options)
        else:
            with local_server() as local:
                _run(run, local, **options)
    except Exception as error:
        run.status = AuditRun.Status.FAILED
        run.error = str(error)[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    return run


def _run(run, base_url, *, urls, limit, state_names, block_third_party, workers):
    page_timeout = audit_setting("PAGE_TIMEOUT", 15)
    site = Site.objects.filter(is_default_site=True).first()
    consent_settings = ConsentSettings.for_site(site) if site else ConsentSettings()
    declarations = [Declared.of(d) for d in CookieDeclaration.objects.all()]
    declared_categories = sorted({d.category for d in declarations} & set(cookie.CATEGORIES))
    try:
        chosen, withdrawal = consent_states.pick(state_names or [], declared_categories)
    except ValueError as error:
        raise AuditError(str(error)) from error

    urls = resolve_urls(base_url, urls) if urls else sitemap_urls(base_url, page_timeout)
    if limit:
        urls = urls[:limit]
    cookies_page = public_pages(CookiesPage.objects.all()).first()
    cookies_page_url = resolve_urls(base_url, [cookies_page.url])[0] if cookies_page and cookies_page.url else None
    crawl_settings = CrawlSettings(
        base_url=base_url,
        urls=urls,
        states=chosen,
        withdrawal=withdrawal,
        policy_version=consent_settings.policy_version,
        cookies_page_url=cookies_page_url,
        watch_prefixes=analytics_prefixes(consent_settings, base_url),
        page_timeout=page_timeout,
        total_timeout=audit_setting("TOTAL_TIMEOUT", 900),
        workers=workers or audit_setting("WORKERS", None) or default_workers(),
        recycle_pages=audit_setting("RECYCLE_PAGES", RECYCLE_PAGES),
        block_third_party=audit_setting("BLOCK_THIRD_PARTY", False)
        if block_third_party is None
        else block_third_party,
        chromium=audit_setting("CHROMIUM", os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")),
    )
    all_states = consent_states.all_states()
    accept = next(s for s in all_states if s.name == "accepted")
    reject = next(s for s in all_states if s.name == "rejected")
    try:
        result = crawl(crawl_settings, accept, reject)
    except CrawlError as error:
        raise AuditError(str(error)) from error
    close_old_connections()

    # The withdrawal check used the real form: its decision is the audit's, not a visitor's.
    ConsentRecord.objects.filter(consent_id=result.withdrawal_consent_id).delete()
    states_used = [*chosen, *([consent_states.WITHDRAWAL] if withdrawal else [])]
    findings, observations = compare(result.observations, declarations, chosen, crawl_settings.watch_prefixes)
    if result.timed_out:
        result.page_errors.append({"url": "", "state": "", "error": "The audit reached its time limit; pages left."})
    store(
        run,
        base_url=base_url,
        urls=urls,
        states_used=states_used,
        result=result,
        findings=findings,
        observations=observations,
    )


def store(run, *, base_url, urls, states_used, result, findings, observations):
    previous = AuditRun.objects.finished().exclude(pk=run.pk).order_by("-created_at").first()
    previous_keys = set(previous.findings.values_list("key", flat=True)) if previous else set()
    accepted = {}
    for finding in Finding.objects.filter(accepted_at__isnull=False).order_by("accepted_at"):
        accepted[finding.key] = finding
    for finding in findings:
        finding.run = run
        finding.is_new = finding.key not in previous_keys
        earlier = accepted.get(finding.key)
        if earlier is not None:
            # Accepted once, accepted in every later audit, with who and why.
            finding.accepted_reason = earlier.accepted_reason
            finding.accepted_by_id = earlier.accepted_by_id
            finding.accepted_at = earlier.accepted_at
    rows = [
        Observation(
            run=run,
            item=o["item"],
            name=o["name"][:300],
            domain=o.get("domain", "")[:300],
            path=(o.get("path") or "")[:300],
            expires=o.get("expires"),
            third_party=bool(o.get("third_party")),
            request_type=o.get("request_type", ""),
            page_url=o["page_url"][:500],
            state=o["state"],
            declaration_id=o.get("declaration_id"),
            category=o.get("category", ""),
        )
        for o in observations
    ]
    seen_now = {f"{o['item']}:{o['name']}" for o in observations}
    seen_before = set()
    if previous:
        seen_before = {f"{item}:{name}" for item, name in previous.observations.values_list("item", "name")}
    with transaction.atomic():
        Observation.objects.bulk_create(rows, batch_size=500)
        Finding.objects.bulk_create(findings, batch_size=500)
        run.base_url = base_url
        run.pages = result.visited or urls
        run.states = [getattr(state, "name", state) for state in states_used]
        run.page_errors = result.page_errors
        run.changes = {
            "added": sorted(seen_now - seen_before) if previous else [],
            "removed": sorted(seen_before - seen_now) if previous else [],
            "previous_run": previous.pk if previous else None,
        }
        run.status = AuditRun.Status.FINISHED
        run.finished_at = timezone.now()
        run.save()
    if run.trigger == AuditRun.Trigger.SCHEDULE:
        alert_new_violations(run)


def alert_new_violations(run):
    """Email the people in COOKIE_AUDIT_ALERT_EMAILS about violations the last audit did not have."""
    recipients = audit_setting("ALERT_EMAILS", [])
    new = list(run.findings.filter(kind=Finding.Kind.VIOLATION, is_new=True, accepted_at__isnull=True))
    if not recipients or not new:
        return 0
    lines = [f"The cookie audit of {run.finished_at:%d %B %Y %H:%M} found {len(new)} new violation(s):", ""]
    lines += [f"- {finding.detail} First seen on {finding.page_url}" for finding in new]
    lines += [
        "",
        f"The audit's report: {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('cookieaudit_run', args=[run.pk])}",
    ]
    return send_mail(
        f"Cookie audit: {len(new)} new violation(s)", "\n".join(lines), None, recipients, fail_silently=False
    )
