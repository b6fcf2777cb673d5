"""A visitor goes from the pledge to a trust's latest progress report, at phone and desktop widths."""

import datetime

from django.utils import timezone

import pytest

from pledge import demo
from pledge.choices import ProgressStatus
from pledge.factories import CommitmentResponseFactory, ReportFileFactory, ReportPageFactory, SignatoryPageFactory
from pledge.models import ExtraQuestionAnswer
from reporting.models import ReportingSettings, RoundWindow
from tests.accessibility import VIEWPORTS, assert_no_axe_violations
from tests.pledge.conftest import build_pledge_section

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_pledge_to_directory_to_profile_to_download(live_server, live_home_page, new_browser_page, viewport):
    demo.load(live_home_page)
    page = new_browser_page(viewport=viewport, accept_downloads=True)

    assert page.goto(live_server.url + "/pledge/").status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "The National Pledge"
    assert page.get_by_role("img", name="Bar chart: progress reports published in each reporting round").is_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="See who has signed the pledge").click()
    page.wait_for_url("**/pledge/signatories/")
    assert_no_axe_violations(page)

    page.get_by_label("Organisation type").select_option(label="NHS trust")
    page.get_by_label("Region").select_option(label="North West England")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/pledge/signatories/?*organisation_type=nhs-trust*")
    cards = page.locator(".card__title a")
    assert cards.all_inner_texts() == [
        "Demo Shire Mental Health NHS Trust (fictional)",
        "Example Valley NHS Foundation Trust (fictional)",
    ]
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Example Valley NHS Foundation Trust (fictional)").click()
    page.wait_for_url("**/pledge/signatories/example-valley-nhs-foundation-trust-fictional/")
    assert page.get_by_text("This is a fictional organisation.").is_visible()
    assert_no_axe_violations(page)

    # Reports are listed newest round first: the first download is the latest report.
    latest = page.get_by_role("link", name="Download Third round progress report").first
    assert "(PDF," in latest.inner_text()
    with page.expect_download() as download_info:
        latest.click()
    download = download_info.value
    assert download.suggested_filename.startswith("third-round-progress-report")
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_library_explorer_and_report_have_no_axe_violations(live_server, live_home_page, new_browser_page, viewport):
    demo.load(live_home_page)
    page = new_browser_page(viewport=viewport)
    for path in [
        "/reports/",
        "/reports/?kind=progress&year=2021",
        "/pledge/commitments/2/",
        "/pledge/signatories/?role=x",
    ]:
        page.goto(live_server.url + path)
        assert_no_axe_violations(page)
    page.goto(live_server.url + "/reports/")
    page.locator(".card__title a").first.click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_a_report_with_statuses_and_extra_questions_has_no_axe_violations(
    live_server, live_home_page, new_browser_page, viewport
):
    section = build_pledge_section(live_home_page)
    signatory = SignatoryPageFactory(parent=section.directory, title="Northtown NHS Trust (fictional)")
    report = ReportPageFactory(parent=section.library, signatory=signatory, round=section.second)
    ReportFileFactory(report=report)
    for number, commitment in section.commitments.items():
        status = ProgressStatus.DELAYED if number == 3 else ProgressStatus.ON_TRACK
        CommitmentResponseFactory(report=report, commitment=commitment, status=status)
    ExtraQuestionAnswer.objects.create(
        report=report, question="How did you involve service users?", status="achieved", answer="<p>A panel.</p>"
    )
    now = timezone.now()
    RoundWindow.objects.create(
        round=section.second, opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=9)
    )
    RoundWindow.objects.update(state=RoundWindow.State.OPEN)
    wording = ReportingSettings.load()
    wording.delayed_label = "Behind plan"
    wording.save()

    page = new_browser_page(viewport=viewport)
    page.goto(live_server.url + report.url)
    assert page.get_by_role("heading", level=3, name="How did you involve service users?").is_visible()
    assert page.get_by_text("Status: Behind plan").is_visible()
    assert_no_axe_violations(page)
    page.goto(live_server.url + section.pledge.url)
    assert page.get_by_role("columnheader", name="Behind plan").is_visible()
    assert_no_axe_violations(page)
    page.goto(live_server.url + section.pledge.url + f"commitments/3/?round={section.second.pk}")
    assert page.get_by_text("Status: Behind plan").is_visible()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
