"""The browser side of the audit: visit pages in each consent state and note everything the browser keeps or asks.

Headless Chromium through Playwright's asyncio API, run in a thread of its own so it works
whatever event loop the caller has. No database access here: it takes plain settings and
returns plain data; cookieaudit.audit compares and stores.
"""

import asyncio
import contextlib
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

from .states import WITHDRAWAL

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# navigator.globalPrivacyControl, as browsers that send Sec-GPC: 1 report it to scripts.
GPC_SCRIPT = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});"
STORAGE_SCRIPT = """async () => {
  const found = {origin: location.origin, local: [], session: [], indexeddb: []};
  try { found.local = Object.keys(localStorage); } catch (e) {}
  try { found.session = Object.keys(sessionStorage); } catch (e) {}
  try { if (indexedDB.databases) { found.indexeddb = (await indexedDB.databases()).map(d => d.name); } } catch (e) {}
  return found;
}"""
# Counts the page's pending short timers, so a tag that fires a little after load is waited for.
# Only counts: the page's own timers run exactly as they would without it.
TIMERS_SCRIPT = """(() => {
  const limit = %d, pending = new Set(), start = window.setTimeout, stop = window.clearTimeout;
  window.setTimeout = function (handler, delay, ...rest) {
    if (typeof handler !== "function" || Number(delay) > limit) return start.call(this, handler, delay, ...rest);
    const id = start.call(this, function () { pending.delete(id); return handler.apply(this, rest); }, delay);
    pending.add(id);
    return id;
  };
  window.clearTimeout = function (id) { pending.delete(id); return stop.call(this, id); };
  Object.defineProperty(window, "__cookieAuditTimers", {get: () => pending.size});
})();"""
PENDING_TIMERS = "() => window.__cookieAuditTimers || 0"
REQUEST_TYPES = {"ping": "beacon", "xhr": "fetch"}
SETTLE_SECONDS = 3  # at most this long for late scripts, timers and beacons once a page has loaded
QUIET_SECONDS = 0.25  # a page is settled once nothing has been in flight or pending for this long
LATE_TIMER_MS = 2000  # timers up to this long after the page's scripts ran count as "still busy"
WITHDRAWAL_PAGES = 5
RECYCLE_PAGES = 25  # a browser context visits at most this many pages, then a fresh one takes over


def default_workers():
    """Pages open at once: visits mostly wait on the network, so two per core, between 2 and 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(2, min(8, 2 * cores))


def chromium_args():
    """CHROMIUM_ARGS, with shared memory moved to /tmp only where /dev/shm is too small (containers' 64 MB)."""
    try:
        stats = os.statvfs("/dev/shm")  # noqa: S108 - only its size is read
        small = stats.f_frsize * stats.f_blocks < 512 * 2**20
    except OSError:
        small = True
    return [*CHROMIUM_ARGS, "--disable-dev-shm-usage"] if small else list(CHROMIUM_ARGS)


class CrawlError(Exception):
    """The browser could not be started."""


@dataclass
class CrawlSettings:
    base_url: str
    urls: list
    states: list
    withdrawal: bool
    policy_version: int
    cookies_page_url: str | None = None
    watch_prefixes: list = field(default_factory=list)  # same-origin addresses to log anyway (analytics)
    page_timeout: float = 15
    total_timeout: float = 600
    workers: int = 0  # 0: default_workers()
    recycle_pages: int = RECYCLE_PAGES
    block_third_party: bool = False
    chromium: str = "/usr/bin/chromium"


@dataclass
class CrawlResult:
    observations: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    visited: list = field(default_factory=list)
    withdrawal_consent_id: str | None = None
    timed_out: bool = False


def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_first_party_domain(domain, host):
    domain = domain.lstrip(".").lower()
    return host == domain or host.endswith("." + domain)


class Visitor:
    """One browser context in one consent state, going through a run of pages in one tab, and what it noticed.

    Within a context the pages are visited one after another, as one visitor would, and everything
    is noted after each page: what is there after page k and was not after page k-1 was set by page k.
    Several visitors (other states, or the same state's other pages) browse at once.
    """

    def __init__(self, crawl, state_name, deadline):
        self.crawl = crawl
        self.settings = crawl.settings
        self.state_name = state_name
        self.result = crawl.result
        self.deadline = deadline
        self.current_url = ""
        self.recording = True
        self.host = urlsplit(self.settings.base_url).hostname
        self.in_flight = 0
        self.tab = None
        self.origin = origin_of(self.settings.base_url)

    def note(self, **observation):
        if self.recording:
            self.crawl.note(self.state_name, self.current_url, observation)

    def on_request_done(self, request):
        self.in_flight = max(0, self.in_flight - 1)

    async def pending_timers(self, page):
        try:
            return await asyncio.wait_for(page.evaluate(PENDING_TIMERS), timeout=1)
        except (PlaywrightError, TimeoutError):
            return 0  # navigating away or gone: nothing more to wait for here

    async def settle(self, page, limit):
        """Wait until no request has been in flight and no short timer pending for QUIET_SECONDS, at most `limit`."""
        end = time.monotonic() + limit
        quiet_since = time.monotonic()
        while time.monotonic() < end:
            if self.in_flight or await self.pending_timers(page):
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= QUIET_SECONDS:
                return
            await asyncio.sleep(0.08)

    def on_request(self, request):
        self.in_flight += 1
        url = request.url
        if not url.startswith(("http://", "https://")):
            return
        same_origin = origin_of(url) == self.origin
        if same_origin and not any(url.startswith(prefix) for prefix in self.settings.watch_prefixes):
            return
        kind = request.resource_type
        try:
            if kind == "document" and request.frame.parent_frame is not None:
                kind = "frame"
        except PlaywrightError:
            pass  # a service worker's request belongs to no frame
        self.note(
            item="request",
            name=urlsplit(url).hostname or "",
            domain=url[:300],
            request_type=REQUEST_TYPES.get(kind, kind),
            third_party=not same_origin,
        )

    async def block(self, route):
        await route.abort()

    async def collect(self, context, page):
        for item in await context.cookies():
            expires = item.get("expires", -1)
            self.note(
                item="cookie",
                name=item["name"],
                domain=item["domain"],
                path=item.get("path", "/"),
                expires=datetime.fromtimestamp(expires, UTC).isoformat() if expires and expires > 0 else None,
                third_party=not is_first_party_domain(item["domain"], self.host),
            )
        for frame in page.frames:
            try:
                found = await asyncio.wait_for(frame.evaluate(STORAGE_SCRIPT), timeout=2)
            except (PlaywrightError, TimeoutError):
                continue
            third_party = found["origin"] != self.origin
            for item in ("local", "session", "indexeddb"):
                for name in found[item]:
                    self.note(item=item, name=name, domain=found["origin"], third_party=third_party)

    async def fresh_tab(self, context):
        """A new tab in the same context (same cookies): a page that timed out may still be loading."""
        if self.tab is not None:
            with contextlib.suppress(PlaywrightError):  # already gone with a crashed renderer
                await self.tab.close()
        self.in_flight = 0  # the closed tab's requests end with it
        self.tab = await context.new_page()
        return self.tab

    async def visit(self, context, url):
        """Open one page in this visitor's tab, wait for it to settle and note what it left; False when it failed."""
        page = self.tab
        remaining = self.deadline - time.monotonic()
        if remaining <= 1:
            self.result.timed_out = True
            return False
        self.current_url = url
        timeout = min(self.settings.page_timeout, remaining)
        started = time.monotonic()
        try:
            response = await page.goto(url, wait_until="load", timeout=timeout * 1000)
        except PlaywrightTimeout:
            self.result.page_errors.append(
                {"url": url, "state": self.state_name, "error": f"no answer in {timeout:.0f} s"}
            )
            await self.fresh_tab(context)
            return False
        except PlaywrightError as error:
            self.result.page_errors.append({"url": url, "state": self.state_name, "error": str(error).split("\n")[0]})
            await self.fresh_tab(context)
            return False
        if response is None or response.status >= 400:
            status = response.status if response else "nothing"
            self.result.page_errors.append({"url": url, "state": self.state_name, "error": f"answered {status}"})
            return False
        # Something that keeps the network or its timers busy past the limit: note what is there by then.
        await self.settle(page, max(0.5, min(SETTLE_SECONDS, timeout - (time.monotonic() - started))))
        await self.collect(context, page)
        return True

    async def new_context(self, browser, gpc, decision_cookie=None):
        context = await browser.new_context(extra_http_headers={"Sec-GPC": "1"} if gpc else {})
        await context.add_init_script(TIMERS_SCRIPT % LATE_TIMER_MS)
        if gpc:
            await context.add_init_script(GPC_SCRIPT)
        if decision_cookie:
            await context.add_cookies(
                [
                    {
                        "name": "cookies_policy",
                        "value": decision_cookie,
                        "url": self.settings.base_url,
                        "sameSite": "Lax",
                    }
                ]
            )
        context.on("request", self.on_request)
        context.on("requestfinished", self.on_request_done)
        context.on("requestfailed", self.on_request_done)
        if self.settings.block_third_party:
            # Matched inside Playwright's driver: our own requests go straight on, with no round trip to Python.
            await context.route(re.compile(f"^(?!{re.escape(self.origin)}/)"), self.block)
        return context

    async def run_pages(self, browser, state, urls):
        """A fresh visitor in `state` going through `urls` (a run of at most recycle_pages)."""
        context = await self.new_context(browser, state.gpc, state.decision_cookie(self.settings.policy_version))
        try:
            await self.fresh_tab(context)
            for url in urls:
                if await self.visit(context, url):
                    self.crawl.mark_visited(url)
                elif self.result.timed_out:
                    break
        finally:
            with contextlib.suppress(PlaywrightError):
                await context.close()

    async def run_withdrawal(self, browser, accept_state, reject_state):
        """Accept, look around, then say no on the cookies page: nothing non-essential may be left."""
        consent_id = self.result.withdrawal_consent_id
        context = await self.new_context(
            browser, False, accept_state.decision_cookie(self.settings.policy_version, consent_id)
        )
        pages = self.settings.urls[:WITHDRAWAL_PAGES]
        try:
            await self.fresh_tab(context)
            self.recording = False
            for url in pages:
                await self.visit(context, url)
            await self.refuse(context, reject_state, consent_id)
            self.recording = True
            for url in pages:
                await self.visit(context, url)
        finally:
            with contextlib.suppress(PlaywrightError):
                await context.close()

    async def refuse(self, context, reject_state, consent_id):
        form = None
        if self.settings.cookies_page_url and await self.visit(context, self.settings.cookies_page_url):
            page = self.tab
            form = page.locator("form.cookie-settings")
        if form is not None and await form.count():
            for radio in await form.locator('input[type="radio"][value="no"]').all():
                await radio.check()
            async with page.expect_navigation(wait_until="load", timeout=self.settings.page_timeout * 1000):
                await form.locator('button[value="save"]').click()
        else:
            # No choices on the cookies page: the refusal arrives as a rejected decision.
            value = reject_state.decision_cookie(self.settings.policy_version, consent_id)
            await context.add_cookies(
                [{"name": "cookies_policy", "value": value, "url": self.settings.base_url, "sameSite": "Lax"}]
            )


class Crawl:
    def __init__(self, settings):
        self.settings = settings
        # The withdrawal check's decisions carry this id, so the audit can remove its own records.
        self.result = CrawlResult(withdrawal_consent_id=secrets.token_hex(16))
        self._visited = set()
        self._order = {url: index for index, url in reversed(list(enumerate(settings.urls)))}
        self._noted = {}

    def note(self, state_name, page_url, observation):
        """Keep each thing once per state, with the earliest page (in the sitemap's order) found to set it."""
        # A request is noted once per host and type (its first address kept), the rest once per place.
        where = observation.get("request_type") if observation["item"] == "request" else observation.get("domain")
        key = (state_name, observation["item"], observation["name"], where or "")
        observation["page_url"] = page_url
        observation["state"] = state_name
        earlier = self._noted.get(key)
        if earlier is None:
            self._noted[key] = observation
            self.result.observations.append(observation)
        elif self._order.get(page_url, len(self._order)) < self._order.get(earlier["page_url"], len(self._order)):
            earlier.update(observation)

    def mark_visited(self, url):
        self._visited.add(url)

    def jobs(self, browser, deadline, accept_state, reject_state):
        """(state, job): the withdrawal check first (it is the longest), then each state's pages in runs."""
        if self.settings.withdrawal:
            visitor = Visitor(self, WITHDRAWAL, deadline)
            yield WITHDRAWAL, visitor.run_withdrawal(browser, accept_state, reject_state)
        size = max(1, self.settings.recycle_pages)
        for start in range(0, len(self.settings.urls), size):
            for state in self.settings.states:
                urls = self.settings.urls[start : start + size]
                yield state.name, Visitor(self, state.name, deadline).run_pages(browser, state, urls)

    async def run(self, accept_state, reject_state):
        deadline = time.monotonic() + self.settings.total_timeout
        async with async_playwright() as playwright:
            try:
                browser = await playwright.chromium.launch(
                    executable_path=self.settings.chromium, args=chromium_args(), headless=True
                )
            except PlaywrightError as error:
                raise CrawlError(
                    f"Chromium did not start ({self.settings.chromium}): {str(error).splitlines()[0]}"
                ) from None
            try:
                jobs = self.jobs(browser, deadline, accept_state, reject_state)

                async def worker():
                    for state_name, job in jobs:  # a shared generator: each job goes to whichever worker is free
                        if time.monotonic() >= deadline - 1:
                            job.close()
                            self.result.timed_out = True
                            continue
                        try:
                            await job
                        except PlaywrightError as error:  # a crashed tab or context: report it, go on with the rest
                            message = str(error).split("\n")[0]
                            self.result.page_errors.append({"url": "", "state": state_name, "error": message})

                workers = self.settings.workers or default_workers()
                try:
                    await asyncio.wait_for(
                        asyncio.gather(*(worker() for _ in range(max(1, workers)))),
                        timeout=max(1, deadline - time.monotonic()) + 5,
                    )
                except TimeoutError:
                    self.result.timed_out = True
            finally:
                await browser.close()
        self.result.visited = sorted(self._visited, key=lambda url: self._order.get(url, len(self._order)))
        return self.result


def crawl(settings, accept_state, reject_state):
    """Run the crawl in its own thread and event loop; returns a CrawlResult."""
    crawl = Crawl(settings)
    outcome = {}

    def work():
        try:
            outcome["result"] = asyncio.run(crawl.run(accept_state, reject_state))
        except BaseException as error:  # handed back to the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=work, name="cookie-audit", daemon=True)
    thread.start()
    thread.join(settings.total_timeout + 60)
    if thread.is_alive():
        crawl.result.timed_out = True
        return crawl.result
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
