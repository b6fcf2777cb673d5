"""A pledge section to test against: the pledge, its directory and library, seven commitments, two rounds."""

import datetime
from dataclasses import dataclass

import pytest

from pledge.factories import (
    CommitmentFactory,
    PledgePageFactory,
    ReportIndexPageFactory,
    ReportingRoundFactory,
    SignatoryIndexPageFactory,
)
from pledge.models import Commitment, PledgePage, ReportIndexPage, ReportingRound, SignatoryIndexPage


@dataclass
class PledgeSection:
    pledge: PledgePage
    directory: SignatoryIndexPage
    library: ReportIndexPage
    commitments: dict[int, Commitment]
    inaugural: ReportingRound
    second: ReportingRound


def build_pledge_section(home_page):
    pledge = PledgePageFactory(parent=home_page)
    return PledgeSection(
        pledge=pledge,
        directory=SignatoryIndexPageFactory(parent=pledge),
        library=ReportIndexPageFactory(parent=home_page),
        commitments={n: CommitmentFactory(number=n, short_title=f"Commitment title {n}") for n in range(1, 8)},
        inaugural=ReportingRoundFactory(name="Inaugural reports", date=datetime.date(2021, 5, 25)),
        second=ReportingRoundFactory(name="Second round reports", date=datetime.date(2021, 11, 1)),
    )


@pytest.fixture
def section(home_page):
    return build_pledge_section(home_page)
