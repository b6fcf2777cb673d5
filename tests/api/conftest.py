"""Public items and their private, draft and embargoed neighbours, to prove only the public ones are published."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from home.factories import SiteImageFactory
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
from pledge.models import ExtraQuestionAnswer

LONDON = datetime.UTC


@dataclass
class Data:
    public: dict
    hidden: dict
    topics: dict
    rounds: dict


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret-words")


def unpublished(page):
    page.unpublish()
    return page


def scheduled(parent, factory, **fields):
    page = factory(parent=parent, live=False, **fields)
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    return page


@pytest.fixture
def data(home_page):
    pledge_topic = TopicFactory(name="National Pledge", slug="national-pledge")
    reports_topic = TopicFactory(name="Progress reports", slug="progress-reports")
    index = NewsIndexPageFactory(parent=home_page)
    image = SiteImageFactory(
        alt_text="Leaders at the launch", credit="Jo Example", file__width=1600, file__height=1200
    )
    launch = NewsPageFactory(
        parent=index,
        slug="launch",
        title="Pledge launched",
        standfirst="The pledge is launched.",
        display_date=datetime.datetime(2020, 8, 5, 9, tzinfo=LONDON),
        topics=[pledge_topic],
        featured_image=image,
        body=[("paragraph", '<p>See <a href="/pledge/">the pledge</a>.</p>')],
    )
    launch.save_revision().publish()
    progress = NewsPageFactory(
        parent=index,
        slug="progress",
        title="Progress reported",
        display_date=datetime.datetime(2021, 5, 25, 9, tzinfo=LONDON),
        topics=[reports_topic],
    )
    private_news = NewsPageFactory(parent=index, slug="private", title="Private release", topics=[reports_topic])
    restrict(private_news)
    draft_news = unpublished(NewsPageFactory(parent=index, slug="draft", title="Draft release"))
    embargoed_news = scheduled(index, NewsPageFactory, slug="embargoed", title="Embargoed release")

    pledge = PledgePageFactory(parent=home_page)
    directory = SignatoryIndexPageFactory(parent=pledge)
    trust = SignatoryPageFactory(parent=directory, slug="trust", title="Example Trust (fictional)")
    private_signatory = SignatoryPageFactory(parent=directory, slug="hidden", title="Hidden Org (fictional)")
    restrict(private_signatory)
    draft_signatory = unpublished(SignatoryPageFactory(parent=directory, slug="draft-org", title="Draft Org"))
    library = ReportIndexPageFactory(parent=home_page)
    first = ReportingRoundFactory(name="Inaugural reports", date=datetime.date(2021, 5, 25))
    second = ReportingRoundFactory(name="Second round", date=datetime.date(2021, 11, 1))
    commitments = {n: CommitmentFactory(number=n, short_title=f"Commitment {n}") for n in (1, 2)}
    report = ReportPageFactory(parent=library, slug="trust-report", signatory=trust, round=first)
    public_answers = [
        CommitmentResponseFactory(report=report, commitment=commitments[1], response="<p>We measured.</p>"),
        CommitmentResponseFactory(report=report, commitment=commitments[2], response="<p>We listened.</p>"),
    ]
    draft_report = unpublished(ReportPageFactory(parent=library, slug="draft-report", signatory=trust, round=second))
    CommitmentResponseFactory(report=draft_report, commitment=commitments[1], response="<p>Draft answer.</p>")
    hidden_report = ReportPageFactory(parent=library, slug="hidden-report", signatory=private_signatory, round=first)
    CommitmentResponseFactory(report=hidden_report, commitment=commitments[1], response="<p>Hidden answer.</p>")
    embargoed_report = scheduled(library, ReportPageFactory, slug="embargoed-report", signatory=trust, round=second)
    CommitmentResponseFactory(report=embargoed_report, commitment=commitments[2], response="<p>Embargoed answer.</p>")
    # Answers to a round's own extra questions: the public report's only.
    ExtraQuestionAnswer.objects.create(
        report=report, question="Who did you involve?", status="achieved", answer="<p>A panel.</p>"
    )
    for hidden, words in ((draft_report, "Draft"), (hidden_report, "Hidden"), (embargoed_report, "Embargoed")):
        ExtraQuestionAnswer.objects.create(report=hidden, question="Who?", answer=f"<p>{words} answer.</p>")
    return Data(
        public={"news": [progress, launch], "signatories": [trust], "responses": public_answers},
        hidden={
            "news": [private_news, draft_news, embargoed_news],
            "signatories": [private_signatory, draft_signatory],
        },
        topics={"pledge": pledge_topic, "reports": reports_topic},
        rounds={"first": first, "second": second},
    )
