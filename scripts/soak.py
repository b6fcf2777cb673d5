"""Soak and fault test: the production setup under load while an editor publishes,
with PostgreSQL and then Redis taken away mid-run.

    .venv/bin/python scripts/soak.py [--duration 60] [--connections 32] [--workers 3] [--no-faults]

Bounded in time and to 127.0.0.1. It creates a fresh PostgreSQL database
(synergi_soak), uses Redis database 14, starts gunicorn with the production
settings (a generated SECRET_KEY, SECURE_SSL_REDIRECT off: there is no TLS proxy
here; workers recycled after 1000 +/- 100 requests, as in production) and the
background task worker (`manage.py db_worker`, started again if it exits), loads
the demo content, then:
- runs --connections concurrent clients over a mix of pages for --duration seconds;
- publishes a new revision of the About page every --publish-every seconds from a
  separate "editor" process, and checks each one becomes visible to visitors;
- at 30% of the run stops PostgreSQL for --outage seconds and starts it again; at
  65% shuts Redis down for --outage seconds and starts it again;
- prints requests, statuses, latencies, worker memory (RSS from /proc) at start and
  end, the publishes, the background tasks run, and a fault timeline.
It exits non-zero if there was a 5xx outside the database outage, a connection
error, a slow answer during an outage, or a publish that never became visible.
PostgreSQL and Redis are always left running (try/finally), whatever happens.
"""

import argparse
import http.client
import json
import os
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "127.0.0.1"
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"
REDIS_DB = 14
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]
LOG_FILE = Path(tempfile.gettempdir()) / "synergi-soak-gunicorn.log"
EDITOR_LOG_FILE = Path(tempfile.gettempdir()) / "synergi-soak-editor.log"
TASKS_LOG_FILE = Path(tempfile.gettempdir()) / "synergi-soak-tasks.log"
# As the README's recipe: a worker is replaced after 1000 +/- 100 requests, so no slow leak builds up.
GUNICORN_RECYCLE = ["--max-requests", "1000", "--max-requests-jitter", "100"]
SLOW_SECONDS = 5.0  # at least this slow, and slower than any answer outside the outages, is a hang

EDITOR = """
import os, sys, time, secrets
from django.db import connection
from home.models import StandardPage
print("READY", flush=True)
until = float(sys.stdin.readline())  # the load starts when the soak script sends the end time
every = float(os.environ["SOAK_EVERY"])
number = 0
while time.time() < until:
    time.sleep(every)
    number += 1
    token = f"soak-{number}-{secrets.token_hex(4)}"
    try:
        page = StandardPage.objects.get(slug="about")
        page.introduction = f"Revision {token}"
        page.save_revision().publish()
        print("PUBLISHED", number, token, time.time(), flush=True)
    except Exception as error:
        print("FAILED", number, token, time.time(), type(error).__name__, flush=True)
        connection.close()
"""

TASK_COUNTS = """
from collections import Counter
from django_tasks_db.models import DBTaskResult
print(dict(Counter(DBTaskResult.objects.values_list("status", flat=True))))
"""

URL_LIST = """
from collections import defaultdict
from wagtail.models import Page
by_type = defaultdict(list)
for page in Page.objects.live().public().specific().order_by("path"):
    if page.depth >= 2 and len(by_type[type(page).__name__]) < 4:
        by_type[type(page).__name__].append(page.url)
print("\\n".join(url for urls in by_type.values() for url in urls if url))
"""


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(args, env=None, check=True):
    result = subprocess.run(args, cwd=ROOT, env=env, check=False, text=True, capture_output=True, timeout=900)
    if check and result.returncode != 0:
        raise SystemExit(f"{' '.join(args[:4])} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def pg_version():
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pg_ready():
    return run(["pg_isready", "-h", HOST, "-p", "5432", "-q"], check=False).returncode == 0


def pg_ctl(action):
    run(["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", action], check=False)


def ensure_postgres():
    if not pg_ready():
        log("starting PostgreSQL")
        pg_ctl("start")
    for _ in range(60):
        if pg_ready():
            return
        time.sleep(0.5)
    raise SystemExit("PostgreSQL did not start")


def redis_up():
    return run(["redis-cli", "-h", HOST, "-p", "6379", "ping"], check=False).stdout.strip() == "PONG"


def ensure_redis():
    if not redis_up():
        log("starting Redis")
        os.makedirs("/var/lib/redis", exist_ok=True)
        os.makedirs("/var/log/redis", exist_ok=True)
        run(REDIS_START, check=False)
    for _ in range(40):
        if redis_up():
            return
        time.sleep(0.25)
    raise SystemExit("Redis did not start")


def redis_keys():
    result = run(["redis-cli", "-h", HOST, "-n", str(REDIS_DB), "dbsize"], check=False)
    return int(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip().isdigit() else None


def worker_rss(master_pid):
    """{pid: RSS in MB} of the gunicorn master's child processes, from /proc."""
    rss = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            rss[int(entry.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return rss


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.records = []  # (start time, seconds, status or None, url)

    def add(self, started, seconds, status, url):
        with self.lock:
            self.records.append((started, seconds, status, url))


def fetch(url, timeout=15):
    started = time.time()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read()
            return started, time.time() - started, response.status, body
    except urllib.error.HTTPError as error:
        return started, time.time() - started, error.code, error.read()
    except (OSError, ValueError, urllib.error.URLError, http.client.HTTPException):
        return started, time.time() - started, None, b""


def load_client(base, paths, offset, stop, results):
    index = offset
    while not stop.is_set():
        path = paths[index % len(paths)]
        index += 1
        started, seconds, status, _ = fetch(base + path)
        results.add(started, seconds, status, path)


def follow_publishes(editor, base, publishes, stop):
    """Reads the editor's lines; for each publish, polls the About page until the new text shows."""
    for line in editor.stdout:
        parts = line.split()
        if not parts or parts[0] not in {"PUBLISHED", "FAILED"}:
            continue
        record = {"number": int(parts[1]), "token": parts[2], "at": float(parts[3]), "ok": parts[0] == "PUBLISHED"}
        if record["ok"]:
            deadline = time.time() + 15
            while time.time() < deadline:
                _, _, status, body = fetch(base + "/about/", timeout=5)
                if status == 200 and record["token"].encode() in body:
                    record["visible_after"] = time.time() - record["at"]
                    break
                time.sleep(0.2)
        publishes.append(record)
        if stop.is_set() and editor.poll() is not None:
            break


def task_worker(env, stop, restarts):
    """`manage.py db_worker` as production runs it, started again when it exits (a database outage ends it)."""
    with open(TASKS_LOG_FILE, "w") as log_file:
        while not stop.is_set():
            process = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
                [PYTHON, "manage.py", "db_worker", "--interval", "1"],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
            while process.poll() is None and not stop.is_set():
                time.sleep(0.5)
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                return
            restarts.append(time.time())
            time.sleep(1)


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(args, run_data, base):  # noqa: PLR0912, PLR0915 - the printout, top to bottom
    """Print the figures and the fault timeline; 0 when every check passed."""
    records, publishes, outages = run_data["records"], run_data["publishes"], run_data["outages"]
    started, ended = run_data["started"], run_data["ended"]
    rss_start, rss_end, keys_after = run_data["rss_start"], run_data["rss_end"], run_data["keys_after"]
    # The figures --------------------------------------------------------
    records = sorted(records)
    statuses = Counter(status for _, _, status, _ in records)
    latencies = [seconds for _, seconds, _, _ in records]
    pg_window = next(((d, u) for name, d, u in outages if name == "PostgreSQL"), None)

    def during(window, record, grace=2.0):
        """The request overlapped the outage: still running when the server went, or begun before it was back."""
        started_at, seconds = record[0], record[1]
        return window and started_at + seconds >= window[0] and started_at <= window[1] + grace

    server_errors_outside = [r for r in records if (r[2] or 0) >= 500 and not during(pg_window, r)]
    connection_errors = [r for r in records if r[2] is None]
    print()
    print("=" * 72)
    print(f"Soak: {args.connections} connections, {ended - started:.0f}s, gunicorn {args.workers} workers")
    print(f"  requests        {len(records):,} ({len(records) / (ended - started):.0f}/s)")
    print(f"  statuses        {dict(sorted(statuses.items(), key=lambda item: str(item[0])))}")
    print(f"  5xx outside the database outage: {len(server_errors_outside)}")
    print(f"  connection errors: {len(connection_errors)}")
    print(
        f"  latency         p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies, default=0) * 1000:.0f} ms"
    )
    print("  worker RSS (MB) start " + ", ".join(f"{mb:.0f}" for mb in rss_start.values()))
    print("                  end   " + ", ".join(f"{mb:.0f}" for mb in rss_end.values()))
    if set(rss_start) != set(rss_end):
        print("  (worker processes changed during the run: recycled after --max-requests, or restarted)")
    ok_publishes = [p for p in publishes if p["ok"]]
    visible = [p for p in ok_publishes if "visible_after" in p]
    failed_publishes = [p for p in publishes if not p["ok"]]
    print(
        f"  publishes       {len(ok_publishes)} published, {len(visible)} visible to visitors "
        f"(slowest after {max((p['visible_after'] for p in visible), default=0):.2f}s), "
        f"{len(failed_publishes)} refused (database down or reconnecting)"
    )
    print(f"  background tasks {run_data['tasks']}; db_worker started again {len(run_data['task_restarts'])} times")
    final = fetch(base + "/about/")
    last_token = ok_publishes[-1]["token"] if ok_publishes else None
    last_visible = bool(last_token) and last_token.encode() in final[3]
    print(f"  last publish on the page afterwards: {last_visible}")
    for publish in publishes:
        seen = f"visible after {publish['visible_after']:.2f}s" if "visible_after" in publish else "never seen"
        outcome = f"published, {seen}" if publish["ok"] else "refused"
        print(f"    #{publish['number']} at {publish['at'] - started:5.1f}s: {outcome}")

    # Under full load every answer queues behind others: a hang is slower than the slowest normal one.
    outside = [r for r in records if not any(down <= r[0] <= up + 5 for _, down, up in outages)]
    hang_seconds = max(SLOW_SECONDS, max((r[1] for r in outside), default=0) + 1.0)
    slow_in_outage = []
    if outages:
        print()
        print("Fault timeline (seconds from the start of the load)")
        for name, down, up in outages:
            in_outage = [r for r in records if down <= r[0] <= up]
            after = [r for r in records if down <= r[0] <= up + 30]
            first_503 = next((r for r in after if r[2] == 503), None)
            last_503 = max((r[0] for r in after if r[2] == 503), default=None)
            # /healthz always asks the database and is never cached: it shows when the site recovered.
            first_healthy = next((r for r in after if r[0] >= up and r[3] == "/healthz" and r[2] == 200), None)
            slowest = max((r[1] for r in in_outage), default=0)
            slow_in_outage += [r for r in in_outage if r[1] > hang_seconds]
            print(f"  {name}")
            print(f"    down at                     {down - started:6.1f}s")
            if first_503:
                print(f"    first 503                   {first_503[0] - started:6.1f}s ({first_503[3]})")
            print(f"    back up at                  {up - started:6.1f}s")
            if last_503:
                print(f"    last 503                    {last_503 - started:6.1f}s")
            if first_healthy:
                print(f"    first /healthz 200 after    {first_healthy[0] - started:6.1f}s")
            counts = dict(Counter(r[2] for r in in_outage))
            print(f"    answers while down          {counts}; slowest {slowest:.2f}s")
        print(f"  Redis keys in db {REDIS_DB} after the run: {keys_after} (the cache is used again)")

    verdicts = {
        "no 5xx outside the database outage": not server_errors_outside,
        "no connection errors": not connection_errors,
        f"no hang during an outage (nothing slower than {hang_seconds:.1f}s)": not slow_in_outage,
        "every publish visible": len(visible) == len(ok_publishes) and bool(ok_publishes) and last_visible,
        "cache used again after Redis came back": args.no_faults or bool(keys_after),
    }
    print()
    for name, passed in verdicts.items():
        print(f"  {'PASS' if passed else 'FAIL'}  {name}")
    print("=" * 72)
    if server_errors_outside[:5]:
        print("first 5xx outside the outage:", json.dumps(server_errors_outside[:5]))
    return 0 if all(verdicts.values()) else 1


def main(argv=None):  # noqa: PLR0915 - one linear story, easier to follow in one place
    parser = argparse.ArgumentParser(description="Soak and fault test of the production setup on 127.0.0.1")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers, 2-4 (default 3)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--publish-every", type=float, default=4.0, help="seconds between publishes")
    parser.add_argument("--outage", type=float, default=5.0, help="seconds each service stays down")
    parser.add_argument("--no-faults", action="store_true", help="load and publishing only")
    args = parser.parse_args(argv)
    if not 10 <= args.duration <= 1800:
        raise SystemExit("--duration must be between 10 and 1800 seconds")

    database = "synergi_soak"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "DJANGO_SETTINGS_MODULE": "synergi_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": PG_URL.format(name=database),
        "REDIS_URL": f"redis://{HOST}:6379/{REDIS_DB}",
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="synergi-soak-media-"),
        "LOG_LEVEL": "WARNING",
    }
    base = f"http://{HOST}:{args.port}"
    server = editor = None
    timeline = []
    stop = threading.Event()
    stop_tasks = threading.Event()  # the task worker runs until the last publishes' tasks are done

    def mark(event):
        timeline.append((time.time(), event))
        log(event)

    try:
        ensure_postgres()
        ensure_redis()
        log(f"fresh database {database}, Redis db {REDIS_DB}")
        run(["dropdb", "-h", HOST, "-U", "postgres", "--if-exists", database])
        run(["createdb", "-h", HOST, "-U", "postgres", database])
        run(["redis-cli", "-h", HOST, "-n", str(REDIS_DB), "flushdb"])
        log("migrate, collectstatic, load_demo_content")
        run([PYTHON, "manage.py", "migrate", "--noinput"], env=env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput"], env=env)
        run([PYTHON, "manage.py", "load_demo_content"], env=env)
        listed = run([PYTHON, "manage.py", "shell", "-c", URL_LIST], env=env).stdout.splitlines()
        paths = [line.strip() for line in listed if line.startswith("/")]
        paths = sorted(set(paths)) + ["/feeds/news/rss/", "/search/?q=pledge", "/sitemap.xml", "/healthz"]

        log(f"gunicorn with {args.workers} workers on {base}")
        error_log = open(LOG_FILE, "w")  # noqa: SIM115 - closed when the script exits
        server = subprocess.Popen(
            [GUNICORN, "synergi_site.wsgi", "--workers", str(args.workers), "--bind", f"{HOST}:{args.port}"]
            + ["--timeout", "30", "--graceful-timeout", "5", *GUNICORN_RECYCLE, "--error-logfile", "-"],
            cwd=ROOT,
            env=env,
            stdout=error_log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(60):
            if fetch(base + "/healthz", timeout=2)[2] == 200:
                break
            time.sleep(0.5)
        else:
            raise SystemExit(f"the site did not come up; see {LOG_FILE}")
        paths = [path for path in paths if fetch(base + path)[2] == 200]  # also warms every worker's cache
        log(f"{len(paths)} addresses in the mix: {', '.join(paths[:6])}, ...")
        rss_start = worker_rss(server.pid)
        task_restarts = []
        tasks = threading.Thread(target=task_worker, args=(env, stop_tasks, task_restarts), daemon=True)
        tasks.start()

        results = Results()
        publishes = []
        editor = subprocess.Popen(
            [PYTHON, "manage.py", "shell", "-c", EDITOR],
            cwd=ROOT,
            env={**env, "SOAK_EVERY": str(args.publish_every)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=open(EDITOR_LOG_FILE, "w"),  # noqa: SIM115 - closed when the script exits
            text=True,
        )
        while (line := editor.stdout.readline()) and line.strip() != "READY":
            pass
        started = time.time()
        editor.stdin.write(f"{started + args.duration - 3}\n")
        editor.stdin.flush()
        follower = threading.Thread(target=follow_publishes, args=(editor, base, publishes, stop), daemon=True)
        follower.start()
        clients = [
            threading.Thread(target=load_client, args=(base, paths, n, stop, results), daemon=True)
            for n in range(args.connections)
        ]
        for client in clients:
            client.start()
        mark(f"load started: {args.connections} connections for {args.duration}s")

        outages = []
        if not args.no_faults:
            time.sleep(max(0.0, started + args.duration * 0.30 - time.time()))
            down = time.time()
            pg_ctl("stop")
            mark("PostgreSQL stopped")
            time.sleep(args.outage)
            pg_ctl("start")
            ensure_postgres()
            up = time.time()
            mark("PostgreSQL started")
            outages.append(("PostgreSQL", down, up))

            time.sleep(max(0.0, started + args.duration * 0.65 - time.time()))
            keys_before = redis_keys()
            down = time.time()
            run(["redis-cli", "-h", HOST, "-p", "6379", "shutdown", "nosave"], check=False)
            mark(f"Redis shut down (cache held {keys_before} keys)")
            time.sleep(args.outage)
            ensure_redis()
            up = time.time()
            mark("Redis started (empty)")
            outages.append(("Redis", down, up))

        time.sleep(max(0.0, started + args.duration - time.time()))
        stop.set()
        for client in clients:
            client.join(timeout=20)
        ended = time.time()
        mark("load stopped")
        editor.wait(timeout=30)
        follower.join(timeout=30)
        time.sleep(3)  # the last publishes' background tasks
        stop_tasks.set()
        tasks.join(timeout=20)
        counts = run([PYTHON, "manage.py", "shell", "-c", TASK_COUNTS], env=env, check=False).stdout.strip()
        run_data = {
            "records": results.records,
            "publishes": publishes,
            "outages": outages,
            "started": started,
            "ended": ended,
            "rss_start": rss_start,
            "rss_end": worker_rss(server.pid),
            "keys_after": redis_keys(),
            "tasks": counts.splitlines()[-1] if counts else "unknown",
            "task_restarts": task_restarts,
        }

        return report(args, run_data, base)
    finally:
        stop.set()
        stop_tasks.set()
        ensure_postgres()
        ensure_redis()
        for process in (editor, server):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        log(f"PostgreSQL and Redis are running; gunicorn stopped. Logs: {LOG_FILE}, {EDITOR_LOG_FILE}")
        log("command: " + " ".join(shlex.quote(a) for a in sys.argv))


if __name__ == "__main__":
    sys.exit(main())
