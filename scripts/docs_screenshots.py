"""Screenshots of the real admin for docs/editor-guide.md: `make docs-screenshots`.

Builds a throwaway SQLite database with the demo content, puts a few releases into the
states the guide describes (scheduled, awaiting sign-off, an old draft), serves it with
Django's development server on a free 127.0.0.1 port, and drives Debian's chromium through
Playwright to capture each screen at 1280px wide. Everything it starts, it stops; the
project's own database and media are never touched.

    .venv/bin/python scripts/docs_screenshots.py            # all screens into docs/screenshots/
    .venv/bin/python scripts/docs_screenshots.py --quick --out /tmp/shots   # two screens (the test runs this)
"""

import argparse
import io
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
USERNAME = "docs-screenshots"
# The seed release becomes tomorrow's embargoed release in the throwaway database.
EMBARGOED_SLUG = "senior-leaders-report-progress-on-ethnic-inequalities"
# Every screenshot the guide uses, in the order they are taken; --quick takes the first two.
SCREENS = [
    "dashboard.png",
    "embargo-preview.png",
    "news-edit.png",
    "news-schedule.png",
    "news-actions.png",
    "embargo-links.png",
    "signatory-edit.png",
    "report-files.png",
    "cookie-banner-settings.png",
    "cookie-audit.png",
    "cookie-evidence.png",
    "release-emails.png",
    "reporting-round.png",
    "reporting-review.png",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup_django(workdir):
    """Point Django at the throwaway database and media folder, then migrate and load the demo."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "synergi_site.settings.dev",
            "DATABASE_URL": f"sqlite:///{workdir / 'docs.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "media"),
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        }
    )
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Workflow notifications have nowhere to go from a throwaway database.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_content", verbosity=0)


def prepare_content():
    """Releases in the states the guide shows, and the screenshot user. Returns the password and page ids."""
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.utils import timezone

    from wagtail.models import Page, Workflow

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from news.models import NewsIndexPage, NewsPage

    password = secrets.token_urlsafe(16)
    user = get_user_model().objects.create_superuser(
        USERNAME, "docs@example.invalid", password, first_name="Sam", last_name="Example"
    )
    # An account that can publish signs in with a code from an authenticator app (accounts/).
    TOTPDevice.objects.create(user=user, name="Screenshot phone", confirmed=True)
    releases = list(NewsPage.objects.live().order_by("pk"))

    # Tomorrow's release: the seed release, taken down and scheduled for 09:30 UK time.
    embargoed = NewsPage.objects.get(slug=EMBARGOED_SLUG)
    embargoed.unpublish(user=user)
    embargoed.refresh_from_db()
    tomorrow = timezone.localtime() + timedelta(days=1)
    embargoed.go_live_at = tomorrow.replace(hour=9, minute=30, second=0, microsecond=0)
    embargoed.save_revision(user=user).publish(user=user)

    others = [page for page in releases if page.pk != embargoed.pk]
    # A correction waiting for a moderator in the Comms sign-off workflow.
    awaiting = others[0]
    awaiting.save_revision(user=user)
    workflow = Workflow.objects.get(name="Comms sign-off")
    workflow.start(awaiting, user)
    # An edit nobody finished, six weeks ago.
    forgotten = others[-1]
    forgotten.save_revision(user=user)
    Page.objects.filter(pk=forgotten.pk).update(latest_revision_created_at=timezone.now() - timedelta(days=45))
    connections.close_all()
    return password, {
        "embargoed": embargoed.pk,
        "ordinary": others[1].pk,
        "news_index": NewsIndexPage.objects.get().pk,
    }


@contextmanager
def dev_server(port):
    """`manage.py runserver` on 127.0.0.1:port with the same environment, stopped on exit."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=2):  # noqa: S310
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the development server did not start") from None
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def save_png(png_bytes, path):
    """Palette PNG, optimised: admin screens have few colours, so 1280px stays small."""
    from PIL import Image

    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, format="PNG", optimize=True)


class Camera:
    def __init__(self, out, wanted):
        self.out = out
        self.wanted = wanted
        self.taken = []

    def wants(self, name):
        return name in self.wanted

    def shoot(self, page, name, **options):
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # let panels finish their transitions
        save_png(page.screenshot(**options), self.out / name)
        self.taken.append(name)


def current_code():
    """The code the screenshot user's authenticator app would show now."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=USERNAME)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def login(page, base, password):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/admin/two-factor/**")
    page.fill("#id_code", current_code())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/admin/")


def open_status_panel(page):
    """The admin remembers which side panel was open last, so only open it when it is closed."""
    toggle = page.get_by_role("button", name="Toggle status")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def shoot_pledge_and_consent(page, base, camera):
    from pledge.models import ReportIndexPage, SignatoryIndexPage

    directory = SignatoryIndexPage.objects.first()
    library = ReportIndexPage.objects.first()
    if camera.wants("signatory-edit.png"):
        page.goto(f"{base}/admin/pages/add/pledge/signatorypage/{directory.pk}/")
        camera.shoot(page, "signatory-edit.png")
    if camera.wants("report-files.png"):
        page.goto(f"{base}/admin/pages/add/pledge/reportpage/{library.pk}/")
        page.get_by_role("heading", name="Files to download").first.evaluate("heading => heading.scrollIntoView()")
        camera.shoot(page, "report-files.png")
    if camera.wants("cookie-banner-settings.png"):
        page.goto(f"{base}/admin/settings/consent/consentsettings/")
        camera.shoot(page, "cookie-banner-settings.png")
    if camera.wants("cookie-audit.png"):
        page.goto(f"{base}/admin/reports/cookie-audit/")
        camera.shoot(page, "cookie-audit.png")
    if camera.wants("cookie-evidence.png"):
        page.goto(f"{base}/admin/reports/cookie-audit/evidence/")
        camera.shoot(page, "cookie-evidence.png")


def shoot_emails_and_reporting(page, base, pages, camera):
    from reporting.models import Report, RoundWindow

    if camera.wants("release-emails.png"):
        page.goto(f"{base}/admin/alerts/send/{pages['ordinary']}/")
        camera.shoot(page, "release-emails.png")
    window = RoundWindow.objects.filter(state=RoundWindow.State.OPEN).first()
    if window and camera.wants("reporting-round.png"):
        page.goto(f"{base}/admin/reporting/rounds/{window.pk}/")
        camera.shoot(page, "reporting-round.png")
    report = Report.objects.filter(state=Report.State.SUBMITTED).first()
    if report and camera.wants("reporting-review.png"):
        page.goto(f"{base}/admin/reporting/reports/{report.pk}/")
        camera.shoot(page, "reporting-review.png")


def run_cookie_audit(base):
    """One real audit of a few pages, and three weeks of made-up decisions, for the cookie reports."""
    from django.core.management import call_command
    from django.utils import timezone

    from consent.models import ConsentRecord, ConsentSettings

    banner_sha = ConsentSettings.objects.first().banner_text_sha256
    now = timezone.now()
    for week, counts in enumerate([(9, 5, 2), (7, 6, 1), (8, 3, 3)]):
        for decision, count in zip(["accept", "reject", "custom"], counts, strict=True):
            for _ in range(count):
                on = decision == "accept"
                ConsentRecord.objects.create(
                    consent_id=secrets.token_hex(16),
                    policy_version=1,
                    decision=decision,
                    functional=on or decision == "custom",
                    analytics=on,
                    marketing=on,
                    method="banner_js",
                    gpc=False,
                    banner_text_sha256=banner_sha,
                    created_at=now - timedelta(weeks=week),
                )

    call_command(
        "audit_cookies",
        "--base-url",
        base,
        "--limit",
        "2",
        "--block-third-party",
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )


def capture(base, password, pages, camera, chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, reduced_motion="reduce")
            page = context.new_page()
            login(page, base, password)

            page.goto(f"{base}/admin/")
            page.locator("#newsdesk-upcoming-section").evaluate("panel => panel.scrollIntoView()")
            camera.shoot(page, "dashboard.png")

            # Share under embargo: the real form, so the guide shows a real link.
            page.goto(f"{base}/admin/newsdesk/embargo/{pages['embargoed']}/")
            page.fill("#id_recipient", "Health correspondents list")
            page.get_by_role("button", name="Create embargoed preview link").click()
            link_url = page.input_value("#embargo-link-url")
            if camera.wants("embargo-links.png"):
                # The admin scrolls inside its own frame: a taller window shows the list of links too.
                page.set_viewport_size({"width": VIEWPORT["width"], "height": 1250})
                camera.shoot(page, "embargo-links.png")
                page.set_viewport_size(VIEWPORT)

            journalist = browser.new_context(viewport=VIEWPORT, device_scale_factor=1).new_page()
            journalist.goto(link_url)
            camera.shoot(journalist, "embargo-preview.png")

            edit_url = f"{base}/admin/pages/{pages['ordinary']}/edit/"
            if camera.wants("news-edit.png"):
                page.goto(edit_url)
                open_status_panel(page)
                camera.shoot(page, "news-edit.png")
            if camera.wants("news-schedule.png"):
                page.goto(f"{base}/admin/pages/add/news/newspage/{pages['news_index']}/")
                open_status_panel(page)
                page.get_by_role("button", name="Set schedule").click()
                tomorrow = datetime.now(ZoneInfo("Europe/London")) + timedelta(days=1)
                page.fill("#id_go_live_at", tomorrow.strftime("%d/%m/%Y 09:30"))
                page.wait_for_timeout(500)
                page.get_by_text("Set publishing schedule").click()  # closes the date picker
                page.locator(".xdsoft_datetimepicker:visible").wait_for(state="detached", timeout=5000)
                camera.shoot(page, "news-schedule.png")
            if camera.wants("news-actions.png"):
                page.goto(edit_url)
                page.get_by_role("button", name="More actions").click()
                camera.shoot(page, "news-actions.png")
            shoot_pledge_and_consent(page, base, camera)
            shoot_emails_and_reporting(page, base, pages, camera)
        finally:
            browser.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="where the PNGs go")
    parser.add_argument("--quick", action="store_true", help="only the first two screens (for the test suite)")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    camera = Camera(args.out, set(SCREENS[:2] if args.quick else SCREENS))

    with tempfile.TemporaryDirectory(prefix="synergi-docs-") as tmp:
        workdir = Path(tmp)
        print(f"Building a throwaway database in {workdir}")
        setup_django(workdir)
        password, pages = prepare_content()
        with dev_server(free_port()) as base:
            if camera.wants("cookie-audit.png"):
                run_cookie_audit(base)
            print(f"Serving on {base}; capturing {len(camera.wanted)} screens")
            capture(base, password, pages, camera, args.chromium)

    total = sum((args.out / name).stat().st_size for name in camera.taken)
    for name in camera.taken:
        print(f"  {args.out / name}  {(args.out / name).stat().st_size // 1024} KB")
    print(f"{len(camera.taken)} screenshots, {total // 1024} KB in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
