#!/usr/bin/env python
"""The cookie audit's benchmark behind `make bench-audit`: how long and how much memory for N pages.

It builds a throwaway SQLite database in a temporary folder, loads the demo content, adds
generated general pages until the sitemap lists --pages pages, then runs `audit_cookies`
in every consent state (the default) and prints the wall time, pages per minute and the
peak memory of the audit with its browser. The goal: 200 pages in all states in under
10 minutes on a 2-core machine.

    python scripts/bench_audit.py --pages 200
    python scripts/bench_audit.py --pages 20 --state rejected --state accepted   # a quick look

Everything runs on 127.0.0.1 with requests to other websites blocked. Not a test: the
numbers depend on the machine.
"""

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(workdir):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "synergi_site.settings.dev",
            "DATABASE_URL": f"sqlite:///{workdir / 'audit.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "media"),
        }
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_content", verbosity=0)


def add_pages(total):
    """General pages under the home page until the site has `total` live public pages."""
    from home.models import HomePage, StandardPage
    from home.public import public_pages

    home = HomePage.objects.get()
    have = public_pages().exclude(depth=1).count()
    for number in range(max(0, total - have)):
        page = StandardPage(title=f"Generated page {number}", slug=f"generated-{number}")
        home.add_child(instance=page)
    return public_pages().exclude(depth=1).count()


def declare_every_category():
    """One declared cookie per category, as a site with analytics, marketing and functional cookies has."""
    from consent.cookie import CATEGORIES
    from consent.models import CookieDeclaration

    for category in CATEGORIES:
        CookieDeclaration.objects.get_or_create(
            name=f"bench_{category}", defaults={"category": category, "purpose": "Benchmark", "provider": "Bench"}
        )


def process_tree(pid):
    """(resident memory in bytes, CPU seconds) of a process and all its descendants (Linux /proc)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        except OSError:
            continue
    total, cpu, todo = 0, 0, [pid]
    ticks = os.sysconf("SC_CLK_TCK")
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            # utime, stime, and those of its children already waited for (closed renderers)
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += sum(int(value) for value in fields[11:15]) / ticks
        except OSError:
            pass
        todo.extend(children.get(current, []))
    return total, cpu


class PeakMemory(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self.cpu = 0
        self.done = threading.Event()

    def sample(self):
        memory, cpu = process_tree(os.getpid())
        self.peak = max(self.peak, memory)
        self.cpu = max(self.cpu, cpu)

    def run(self):
        while not self.done.wait(0.5):
            self.sample()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--state", action="append", default=[], help="only these consent states (default: all)")
    parser.add_argument("--workers", type=int, default=None, help="pages open at once (default: the audit's own)")
    parser.add_argument(
        "--all-categories",
        action="store_true",
        help="declare a cookie in every category, so the audit also runs each custom choice (13 states)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="synergi-audit-bench-") as folder:
        print("Building the database (migrations, demo content, generated pages)…", flush=True)
        setup_django(Path(folder))
        from django.core.management import CommandError, call_command

        from cookieaudit.crawler import WITHDRAWAL_PAGES
        from cookieaudit.models import AuditRun
        from cookieaudit.states import WITHDRAWAL

        pages = add_pages(args.pages)
        if args.all_categories:
            declare_every_category()
        command = ["--block-third-party", "--limit", str(args.pages)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        for state in args.state:
            command += ["--state", state]
        print(f"Auditing {min(pages, args.pages)} pages…", flush=True)
        memory = PeakMemory()
        cpu_before = process_tree(os.getpid())[1]
        memory.start()
        started = time.monotonic()
        try:
            call_command("audit_cookies", *command, stdout=open(os.devnull, "w"))  # noqa: SIM115
        except CommandError as error:
            print(f"The audit reported problems: {error}")
        elapsed = time.monotonic() - started
        memory.done.set()
        memory.join()
        memory.sample()
        cpu = memory.cpu - cpu_before
        run = AuditRun.objects.latest()
        ordinary = [state for state in run.states if state != WITHDRAWAL]
        # The withdrawal check: its first pages, the cookies page and the form, the same pages again.
        withdrawal = 2 * min(WITHDRAWAL_PAGES, len(run.pages)) + 2 if WITHDRAWAL in run.states else 0
        visits = len(run.pages) * len(ordinary) + withdrawal
        print(f"pages:          {len(run.pages)}")
        print(f"states:         {len(run.states)} ({', '.join(run.states)})")
        print(f"page visits:    {visits}")
        print(f"skipped:        {len(run.page_errors)}")
        rate = f"{visits / elapsed:.2f} page visits/s, {elapsed / visits * 1000:.0f} ms each"
        print(f"wall time:      {elapsed:.1f} s ({rate})")
        print(f"CPU time:       {cpu:.1f} s ({cpu / visits * 1000:.0f} ms a visit; load elsewhere does not change it)")
        print(f"peak memory:    {memory.peak / 2**20:.0f} MiB (the audit, its server and Chromium)")
        print(
            f"goal:           {'met' if elapsed < 600 and len(run.pages) >= 200 else 'not met'} (200 pages in 10 min)"
        )


if __name__ == "__main__":
    main()
