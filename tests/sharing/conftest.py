"""A site with one page of every public type, and an image for them to share."""

import datetime
from dataclasses import dataclass

from wagtail.models import Page

import pytest

from consent.factories import CookiesPageFactory
from home.factories import SiteImageFactory, StandardPageFactory
from news.factories import NewsIndexPageFactory, NewsPageFactory, TopicFactory
from pledge.factories import (
    CommitmentFactory,
    CommitmentResponseFactory,
    PledgePageFactory,
    ReportIndexPageFactory,
    ReportingRoundFactory,
    ReportPageFactory,
    SignatoryIndexPageFactory,
    SignatoryPageFactory,
)

INTRODUCTION = " ".join(f"word{n}" for n in range(1, 60))


@dataclass
class Site:
    home: Page
    pages: dict


@pytest.fixture
def share_image(db):
    return SiteImageFactory(alt_text="Colourful silhouettes of different people", file__width=1600, file__height=1000)


@pytest.fixture
def full_site(home_page, share_image):
    topic = TopicFactory(name="National Pledge", slug="national-pledge")
    about = StandardPageFactory(parent=home_page, slug="about", title="About the Centre", introduction=INTRODUCTION)
    news = NewsIndexPageFactory(parent=home_page)
    release = NewsPageFactory(
        parent=news,
        slug="leaders-report-progress",
        title="Senior leaders report progress on the National Pledge to reduce ethnic inequalities in mental "
        "health care across the country",
        standfirst="Leaders of NHS trusts say what they did.",
        featured_image=share_image,
        topics=[topic],
        display_date=datetime.datetime(2021, 5, 25, 9, tzinfo=datetime.UTC),
    )
    release.save_revision().publish()  # as an editor does: a published revision, a last published time
    pledge = PledgePageFactory(parent=home_page)
    directory = SignatoryIndexPageFactory(parent=pledge, introduction="Everyone who has signed.")
    signatory = SignatoryPageFactory(parent=directory, slug="example-trust", title="Example Trust (fictional)")
    library = ReportIndexPageFactory(parent=home_page, introduction="Reports from signatories.")
    commitment = CommitmentFactory(number=1, short_title="Measure")
    reporting_round = ReportingRoundFactory(name="Inaugural reports", date=datetime.date(2021, 5, 25))
    report = ReportPageFactory(
        parent=library, slug="example-report", signatory=signatory, round=reporting_round, summary="What we did."
    )
    CommitmentResponseFactory(report=report, commitment=commitment)
    cookies = CookiesPageFactory(parent=home_page)
    return Site(
        home=home_page,
        pages={
            "home": home_page,
            "standard": about,
            "news_index": news,
            "news": release,
            "pledge": pledge,
            "signatory_index": directory,
            "signatory": signatory,
            "report_index": library,
            "report": report,
            "cookies": cookies,
        },
    )
