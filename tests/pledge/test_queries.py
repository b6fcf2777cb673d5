"""Listing pages run the same number of SQL queries whatever the number of signatories or reports."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from pledge.factories import (
    CommitmentResponseFactory,
    PdfDocumentFactory,
    ReportFileFactory,
    ReportPageFactory,
    SignatoryPageFactory,
)
from pledge.models import Role

LISTINGS = [
    "/pledge/signatories/",
    "/pledge/signatories/?role=maker&sort=newest",
    "/pledge/signatories/csv/",
    "/reports/",
    "/reports/?kind=progress&year=2021",
    "/pledge/",
    "/pledge/commitments/2/",
]


def fill(section, start, stop):
    for number in range(start, stop):
        signatory = SignatoryPageFactory(
            parent=section.directory,
            title=f"Org {number:03d} (fictional)",
            role=Role.PLEDGE_MAKER if number % 3 else Role.PLEDGE_SUPPORTER,
        )
        report = ReportPageFactory(parent=section.library, signatory=signatory, round=section.inaugural)
        ReportFileFactory(report=report, document=PdfDocumentFactory())
        CommitmentResponseFactory(report=report, commitment=section.commitments[2])


def queries_for(client, path):
    client.get(path)  # warm per-process caches (site root paths, settings)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("path", LISTINGS)
def test_query_count_does_not_grow_with_content(client, section, path, settings, cold_queries):
    # Measure the rendering itself, not the full-page cache in front of it.
    settings.PAGE_CACHE_ENABLED = False
    fill(section, 0, 10)
    with_ten = queries_for(client, path)
    fill(section, 10, 200)
    with_two_hundred = queries_for(client, path)
    assert with_ten == with_two_hundred, f"{path}: {with_ten} queries with 10 items, {with_two_hundred} with 200"
    assert with_ten < 30, f"{path}: {with_ten} queries"
