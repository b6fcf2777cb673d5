#!/usr/bin/env python
"""The performance benchmark behind `make bench`: the site under gunicorn with production settings.

It builds a fresh PostgreSQL database (synergi_bench), loads the demo content and
generates news releases, signatories and reports in bulk, then prints for each
page: SQL queries per request and median render time (in-process, through
Django's test client, page cache off; with the query cache as in production and
'cold' with it off too), and requests/s with p50/p99 latency from wrk (or a small
Python client when wrk is missing) against gunicorn with 2 sync workers, with the
page cache off and on, beside a bare Django app (no middleware, scripts/bench_bare.py)
returning the same bytes. It then grows the newsroom to 10,000 releases and
compares a release, the news index and a search with their cost at 100.

    python scripts/bench.py --items 1000 --signatories 500 --reports 500 --duration 5

Everything runs on 127.0.0.1. Nothing here is a test: the numbers depend on the machine.
"""

import argparse
import copy
import datetime
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_NAME = "synergi_bench"
SERVER_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/13"
GROWTH_SMALL, GROWTH_LARGE = 100, 10_000
# --quick: a smoke run in about a minute; its figures are not the issue's.
QUICK = {"items": 200, "signatories": 100, "reports": 100, "duration": 2, "samples": 10, "growth_items": 1000}
SEARCH_QUERY = "pledge"
# Three times bakerydemo's blog post beside a bare view on this machine (83 / 7,726 requests/s).
GOAL_UNCACHED_NEWS_SHARE_OF_BARE = 0.033
GOAL_NEWS_QUERIES = 12
GOAL_CACHED_SHARE_OF_BARE = 0.5
GOAL_GROWTH = 1.5
GOAL_NEWS_BROTLI_BYTES = 6 * 1024


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000, help="generated news releases for the main table")
    parser.add_argument("--signatories", type=int, default=500, help="generated signatories")
    parser.add_argument("--reports", type=int, default=500, help="generated progress reports")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page and mode")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (wrk -c)")
    parser.add_argument("--samples", type=int, default=25, help="in-process renders per page for the median")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--skip-growth", action="store_true", help="skip the 10,000-release comparison")
    parser.add_argument(
        "--growth-items", type=int, default=GROWTH_LARGE, help="releases for the growth comparison with 100"
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes and shorter runs: " + str(QUICK))
    args = parser.parse_args()
    if args.quick:
        vars(args).update(QUICK)
    return args


def bench_environment():
    return {
        "DJANGO_SETTINGS_MODULE": "synergi_site.settings.production",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE_NAME}",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on 127.0.0.1, no proxy in front
        "LOG_LEVEL": "WARNING",
        # "Uncached" renders every page, with the query cache as in production (on, when Redis runs).
        "PAGE_CACHE": "off",
        "REDIS_URL": REDIS_URL if redis_available() else "",
        "DB_CONN_MAX_AGE": "600",
    }


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# The database and the content -------------------------------------------------------


def fresh_database():
    import psycopg2

    connection = psycopg2.connect(SERVER_ADMIN_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    connection.close()


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def bulk_clone(prototype, parent, count, vary):
    """`count` live copies of a page under `parent` in a handful of queries.

    Treebeard's add_child locks and updates the tree row by row (about ten
    queries a page); here the paths are computed as treebeard would (steplen 4,
    base 36 after the parent's last child), the base rows bulk-inserted and the
    page type's own rows copied from the prototype, with `vary(i)` giving each
    copy its title, slug and other fields.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from wagtail.models import Page

    model = type(prototype)
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    first_step = (Page._str2int(last.path[-Page.steplen :]) + 1) if last else 1
    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    own_fields = [field for field in model._meta.local_concrete_fields if not field.primary_key]
    now = timezone.now()
    pages, copies = [], []
    for i in range(count):
        page_copy = copy.copy(prototype)
        for attname, value in vary(i).items():
            setattr(page_copy, attname, value)
        values = {field.attname: getattr(page_copy, field.attname) for field in base_fields}
        values.update(
            path=Page._get_path(parent.path, parent.depth + 1, first_step + i),
            depth=parent.depth + 1,
            numchild=0,
            draft_title=page_copy.title,
            url_path=f"{parent.url_path}{page_copy.slug}/",
            translation_key=uuid.uuid4(),
            live=True,
            has_unpublished_changes=False,
            first_published_at=values.get("first_published_at") or now,
            last_published_at=now,
            latest_revision_id=None,
            live_revision_id=None,
            alias_of_id=None,
            locked=False,
            locked_at=None,
            locked_by_id=None,
        )
        pages.append(Page(**values))
        copies.append(page_copy)
    columns = ", ".join(['"page_ptr_id"', *[f'"{field.column}"' for field in own_fields]])
    placeholders = ", ".join(["%s"] * (len(own_fields) + 1))
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=1000)
        rows = [
            [page.pk, *[field.get_db_prep_save(field.value_from_object(c), connection) for field in own_fields]]
            for page, c in zip(pages, copies, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f'INSERT INTO "{model._meta.db_table}" ({columns}) VALUES ({placeholders})',  # noqa: S608 - our own model's table and columns
                rows,
            )
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
    return [page.pk for page in pages]


def refresh_statistics():
    """VACUUM ANALYZE, as autovacuum would soon after a bulk load: the planner's row estimates
    (search, listings) and the GIN indexes' pending entries follow the new rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def index_for_search(model, ids):
    """Wagtail's own indexing (what update_index does) for the new pages only, 1,000 at a time."""
    from wagtail.search import index
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    # Related fields (a release's topics) in one query a batch, not one a page.
    related = [field.field_name for field in model.get_search_fields() if isinstance(field, index.RelatedFields)]
    for start in range(0, len(ids), 1000):
        batch = model.objects.filter(pk__in=ids[start : start + 1000]).prefetch_related(*related)
        backend.add_bulk(model, list(batch))


class Content:
    """The demo site plus generated releases, signatories and reports."""

    def __init__(self):
        from django.core.management import call_command

        from wagtail.models import Site

        from news.models import NewsIndexPage, NewsPage, Topic
        from pledge.models import ReportIndexPage, ReportPage, SignatoryIndexPage, SignatoryPage

        call_command("load_demo_content", verbosity=0)
        Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1")
        self.news_index = NewsIndexPage.objects.get()
        # The fullest demo release (body, image, topics) is both the measured item and the prototype.
        self.news_item = max(NewsPage.objects.live(), key=lambda page: len(page.body.raw_data))
        self.topic_ids = list(Topic.objects.values_list("pk", flat=True))
        self.signatory_index = SignatoryIndexPage.objects.get()
        self.signatory = SignatoryPage.objects.live().first()
        self.report_index = ReportIndexPage.objects.get()
        self.report = ReportPage.objects.live().filter(signatory__isnull=False).first()
        self.news_count = 0

    def add_news(self, count):
        from news.models import NewsPage

        start = self.news_count
        base_date = datetime.datetime(2019, 1, 1, 9, tzinfo=datetime.UTC)

        def vary(i):
            n = start + i
            return {
                "title": f"Generated release {n}: progress on the National Pledge",
                "slug": f"generated-release-{n}",
                "standfirst": f"Generated release {n} reports progress by pledge signatories.",
                "display_date": base_date - datetime.timedelta(hours=n),
                "first_published_at": base_date - datetime.timedelta(hours=n),
                "sort_date": base_date - datetime.timedelta(hours=n),  # save() is bypassed: set as it would
            }

        ids = bulk_clone(self.news_item, self.news_index, count, vary)
        through = NewsPage.topics.through
        through.objects.bulk_create(
            [
                through(newspage_id=page_id, topic_id=self.topic_ids[i % len(self.topic_ids)])
                for i, page_id in enumerate(ids)
            ]
            if self.topic_ids
            else [],
            batch_size=2000,
        )
        index_for_search(NewsPage, ids)
        self.news_count += count

    def add_signatories_and_reports(self, signatories, reports):
        from pledge.models import ReportPage, SignatoryPage

        signatory_ids = bulk_clone(
            self.signatory,
            self.signatory_index,
            signatories,
            lambda i: {"title": f"Example Organisation {i:04d} (fictional)", "slug": f"example-organisation-{i:04d}"},
        )
        index_for_search(SignatoryPage, signatory_ids)
        report_ids = bulk_clone(
            self.report,
            self.report_index,
            reports,
            lambda i: {
                "title": f"Progress report {i:04d} (fictional)",
                "slug": f"generated-progress-report-{i:04d}",
                "signatory_id": signatory_ids[i % len(signatory_ids)] if signatory_ids else self.report.signatory_id,
            },
        )
        index_for_search(ReportPage, report_ids)

    def pages(self):
        return {
            "home": "/",
            "news index": self.news_index.url,
            "news item": self.news_item.url,
            "signatory directory": self.signatory_index.url,
            "report library": self.report_index.url,
            "search": f"/search/?q={SEARCH_QUERY}",
        }


# In-process measurements --------------------------------------------------------------


def measure_in_process(url, samples):
    """(queries, median milliseconds) for one uncached request through Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(3):  # fill Wagtail's own caches (site root paths, renditions)
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    connection.queries_log.clear()  # a full log (9,000 entries) would capture nothing
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Counted now: the log the context reads is emptied at the start of each later request.
    query_count = len(queries)
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return query_count, statistics.median(timings)


# Load generation ------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with 2 sync workers, production settings, on 127.0.0.1."""

    def __init__(self, port, env, app="synergi_site.wsgi"):
        self.port = port
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = fetch(port, "/")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 60 seconds")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def fetch(port, url, headers=None):
    # Generous: under load a sync worker may still be draining the last run's queue.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", url, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()) | {"body": response.read()}
    finally:
        connection.close()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port, url, duration, connections):
    """(requests/s, p50 ms, p99 ms, non-2xx) from wrk."""
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "10s",
            f"http://127.0.0.1:{port}{url}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    )
    out = result.stdout

    def latency(percentile):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        return float(match.group(1)) * UNITS[match.group(2)]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, latency(50), latency(99), int(errors.group(1)) if errors else 0


def python_load(port, url, duration, connections):
    """The same figures from keep-alive connections in threads, when wrk is not installed."""
    latencies, errors, lock = [], [0], threading.Lock()
    stop_at = time.monotonic() + duration

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            bad += response.status >= 400
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / duration, statistics.median(latencies), p99, errors[0]


def load(port, url, args):
    if shutil.which("wrk"):
        return wrk(port, url, args.duration, args.connections)
    return python_load(port, url, args.duration, args.connections)


# The report --------------------------------------------------------------------------------


def share(rps, bare):
    return rps / bare[0] if bare[0] else 0.0


def print_table(rows, bare):
    header = (
        f"{'page':<20} {'SQL':>4} {'render ms':>9} {'cold SQL':>8} {'cold ms':>7} | "
        f"{'uncached req/s':>14} {'p50 ms':>7} {'p99 ms':>7} {'x bare':>6} | "
        f"{'cached req/s':>12} {'p50 ms':>7} {'p99 ms':>7} {'x bare':>6}"
    )
    print()
    print(
        "SQL and render ms: a page rendered afresh (page cache off) with the query cache as in production;\n"
        "cold: the query cache off too. uncached: gunicorn with the page cache off; cached: on.\n"
        "x bare: requests/s as a share of a Django app with no middleware returning the same bytes."
    )
    print(header)
    print("-" * len(header))
    for name, row in rows.items():
        off, on = row["off"], row["on"]
        cold_queries, cold_ms = row["cold"]
        print(
            f"{name:<20} {row['queries']:>4} {row['render_ms']:>9.1f} {cold_queries:>8} {cold_ms:>7.1f} | "
            f"{off[0]:>14.0f} {off[1]:>7.1f} {off[2]:>7.1f} {share(off[0], bare):>6.3f} | "
            f"{on[0]:>12.0f} {on[1]:>7.1f} {on[2]:>7.1f} {share(on[0], bare):>6.2f}  {row['note']}"
        )
    print(
        f"{'bare Django app':<20} {'':>4} {'':>9} {'':>8} {'':>7} | {'':>14} {'':>7} {'':>7} {'':>6} | "
        f"{bare[0]:>12.0f} {bare[1]:>7.1f} {bare[2]:>7.1f} {1:>6.2f}"
    )
    print()


GROWTH_PAGES = ("news item", "news index", "search")


def print_growth(growth):
    if not growth:
        return
    small, large = sorted(growth)
    print(f"The same site (demo content, signatories, reports) with {small} and with {large} news releases:")
    print(
        f"{'growth':<12} {'SQL @' + str(small):>10} {'cold SQL':>9} {'ms @' + str(small):>10} "
        f"{'SQL @' + str(large):>10} {'cold SQL':>9} {'ms @' + str(large):>10} {'ratio':>6}"
    )
    for name in GROWTH_PAGES:
        before, after = growth[small][name], growth[large][name]
        ratio = after["ms"] / before["ms"]
        print(
            f"{name:<12} {before['sql']:>10} {before['cold_sql']:>9} {before['ms']:>10.1f} "
            f"{after['sql']:>10} {after['cold_sql']:>9} {after['ms']:>10.1f} {ratio:>6.2f}"
        )
    print()


def print_goals(rows, bare, growth, brotli_bytes):
    news = rows["news item"]
    goals = [
        (
            f"cached news item >= {GOAL_CACHED_SHARE_OF_BARE} x the bare app",
            share(news["on"][0], bare) >= GOAL_CACHED_SHARE_OF_BARE,
            share(news["on"][0], bare),
        ),
        (
            f"uncached news item >= {GOAL_UNCACHED_NEWS_SHARE_OF_BARE} x the bare app",
            share(news["off"][0], bare) >= GOAL_UNCACHED_NEWS_SHARE_OF_BARE,
            share(news["off"][0], bare),
        ),
        (f"uncached news item <= {GOAL_NEWS_QUERIES} queries", news["queries"] <= GOAL_NEWS_QUERIES, news["queries"]),
        (
            f"cached news item on the wire with br < {GOAL_NEWS_BROTLI_BYTES} bytes",
            brotli_bytes < GOAL_NEWS_BROTLI_BYTES,
            brotli_bytes,
        ),
    ]
    if growth:
        small, large = sorted(growth)
        constant = growth[small]["news item"]["sql"] == growth[large]["news item"]["sql"]
        queries = growth[large]["news item"]["sql"]
        goals.append((f"news item queries the same at {small} and {large}", constant, queries))
        for name in ("news index", "search"):
            ratio = growth[large][name]["ms"] / growth[small][name]["ms"]
            goals.append((f"{name} at {large} <= {GOAL_GROWTH}x its time at {small}", ratio <= GOAL_GROWTH, ratio))
    for label, met, figure in goals:
        print(f"  [{'met' if met else 'NOT met'}] {label}: {figure:.3f}")


def measure_growth(content, samples):
    from cachalot.api import cachalot_disabled

    figures = {}
    for name, url in content.pages().items():
        if name in GROWTH_PAGES:
            sql, ms = measure_in_process(url, samples)
            with cachalot_disabled():
                cold_sql, _cold_ms = measure_in_process(url, 3)
            figures[name] = {"sql": sql, "ms": ms, "cold_sql": cold_sql}
    return figures


def main():  # noqa: PLR0912, PLR0915 - one straight run from an empty database to the table
    args = parse_args()
    env = {**os.environ, **bench_environment()}
    os.environ.update(bench_environment())
    started = time.monotonic()
    tool = "wrk" if shutil.which("wrk") else "a Python client (wrk not installed)"
    cache_label = "Redis" if env["REDIS_URL"] else "per-worker memory (Redis not running)"
    say(f"Fresh database {DATABASE_NAME}; migrate; collectstatic (hashed, gzip and Brotli)")
    fresh_database()
    if env["REDIS_URL"]:
        flush_redis()
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", env=env)

    import django

    django.setup()
    from django.conf import settings

    from cachalot.api import cachalot_disabled

    if settings.PAGE_CACHE_ENABLED:
        raise RuntimeError("In-process figures are for pages rendered afresh: PAGE_CACHE must be off")

    say(f"Demo content, {args.signatories} signatories, {args.reports} reports")
    content = Content()
    # First, so the growth comparison below differs only in the number of releases.
    content.add_signatories_and_reports(args.signatories, args.reports)
    growth = {}
    if not args.skip_growth:
        say(f"{GROWTH_SMALL} news releases")
        content.add_news(GROWTH_SMALL)
        refresh_statistics()
        growth[GROWTH_SMALL] = measure_growth(content, args.samples)
    say(f"Up to {args.items} news releases")
    content.add_news(max(0, args.items - content.news_count))
    refresh_statistics()

    pages = content.pages()
    rows = {}
    for name, url in pages.items():
        queries, render_ms = measure_in_process(url, args.samples)
        with cachalot_disabled():  # nothing kept across requests at all
            cold_queries, cold_ms = measure_in_process(url, args.samples)
        rows[name] = {"queries": queries, "render_ms": render_ms, "cold": (cold_queries, cold_ms), "note": ""}
    rows["search"]["note"] = "(a query: never cached)"
    say(f"In-process figures done; load from {tool}, {args.connections} connections, {args.duration}s a page")

    from django.test import Client

    body = Client(HTTP_HOST="127.0.0.1").get(pages["news item"]).content
    with tempfile.NamedTemporaryFile(suffix=".html", delete=False) as bare_file:
        bare_file.write(body)
    port = args.port or free_port()
    shared = {"BENCH_BARE_BODY": bare_file.name}
    brotli_bytes = None
    try:
        say("gunicorn, the bare Django app")
        server = Server(port, {**env, **shared}, app="scripts.bench_bare")
        try:
            bare = load(port, "/", args)
            if bare[3] or not bare[0]:
                say(f"warning: the bare app answered {bare[0]:.0f} req/s with {bare[3]} errors")
        finally:
            server.stop()
        for mode in ("off", "on"):
            say(f"gunicorn, page cache {mode}" + (f" ({cache_label})" if mode == "on" else ""))
            server = Server(port, {**env, **shared, "PAGE_CACHE": mode})
            try:
                for name, url in pages.items():
                    status, headers = fetch(port, url)  # fill the cache
                    if mode == "on" and name != "search":
                        status, headers = fetch(port, url)
                        if headers.get("X-Cache") != "HIT":
                            raise RuntimeError(f"{name} was not served from the cache: {headers.get('X-Cache')}")
                    if mode == "on" and name == "news item":
                        _status, headers = fetch(port, url, {"Accept-Encoding": "br"})
                        brotli_bytes = len(headers["body"])
                    rows[name][mode] = load(port, url, args)
                    if rows[name][mode][3]:
                        say(f"warning: {rows[name][mode][3]} error responses for {name}")
            finally:
                server.stop()
    finally:
        os.unlink(bare_file.name)

    if not args.skip_growth:
        say(f"Up to {args.growth_items} news releases")
        content.add_news(max(0, args.growth_items - content.news_count))
        refresh_statistics()
        growth[max(args.growth_items, content.news_count)] = measure_growth(content, args.samples)

    print()
    print(
        f"Synergi benchmark: {args.items} news releases, {args.signatories} signatories, {args.reports} reports; "
        f"PostgreSQL; gunicorn 2 sync workers; {tool} at {args.connections} connections for {args.duration}s; "
        f"cache in {cache_label}; {os.cpu_count()} CPUs"
    )
    print_table(rows, bare)
    print(f"A cached release on the wire: {len(body)} bytes plain, {brotli_bytes} bytes with br.")
    print_growth(growth)
    print_goals(rows, bare, growth, brotli_bytes)
    say(f"Done in {time.monotonic() - started:.0f}s")


def redis_available():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means no Redis for the benchmark
        return False


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


if __name__ == "__main__":
    main()
