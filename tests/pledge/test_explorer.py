"""The commitment explorer: every signatory's answer to one commitment in one round."""

import re

import pytest

from pledge.factories import CommitmentResponseFactory, ReportPageFactory, SignatoryPageFactory


@pytest.fixture
def answers(section):
    for name in ("Valley Trust (fictional)", "City Trust (fictional)"):
        signatory = SignatoryPageFactory(parent=section.directory, title=name)
        for reporting_round in (section.inaugural, section.second):
            report = ReportPageFactory(
                parent=section.library,
                title=f"{name} {reporting_round.name}",
                signatory=signatory,
                round=reporting_round,
            )
            for number in (1, 2):
                CommitmentResponseFactory(
                    report=report,
                    commitment=section.commitments[number],
                    response=f"<p>{name} on {number} in {reporting_round.name}.</p>",
                )
    return section


def columns(response):
    return re.findall(r'<h3 class="comparison__title">([^<]+)</h3>', response.content.decode())


def test_shows_the_latest_round_by_default(client, answers):
    response = client.get("/pledge/commitments/2/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Commitment 2: Commitment title 2</h1>" in html
    assert columns(response) == ["City Trust (fictional)", "Valley Trust (fictional)"]
    assert "Valley Trust (fictional) on 2 in Second round reports." in html
    assert "on 1 in" not in html
    assert "Inaugural reports." not in html


def test_a_chosen_round(client, answers):
    response = client.get(f"/pledge/commitments/1/?round={answers.inaugural.pk}")
    html = response.content.decode()
    assert columns(response) == ["City Trust (fictional)", "Valley Trust (fictional)"]
    assert "City Trust (fictional) on 1 in Inaugural reports." in html
    assert "Second round reports." not in html.split("How signatories responded")[1].split("Compare another")[0]
    # Links to the other commitments keep the chosen round.
    assert f'href="/pledge/commitments/2/?round={answers.inaugural.pk}"' in html


def test_a_commitment_nobody_answered(client, answers):
    response = client.get("/pledge/commitments/5/")
    assert response.status_code == 200
    assert "No progress report in this round has a response to this commitment yet." in response.content.decode()


def test_unpublished_reports_are_left_out(client, answers):
    for report in answers.library.get_children().specific():
        if report.title.startswith("City") and report.round_id == answers.second.pk:
            report.unpublish()
    assert columns(client.get("/pledge/commitments/2/")) == ["Valley Trust (fictional)"]


@pytest.mark.parametrize("path", ["/pledge/commitments/8/", "/pledge/commitments/0/", "/pledge/commitments/abc/"])
def test_unknown_commitment_is_a_404(client, answers, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("value", ["x", "99999", "-1"])
def test_unknown_round_is_a_clear_page(client, answers, value):
    response = client.get(f"/pledge/commitments/2/?round={value}")
    assert response.status_code == 400
    assert "There is no such reporting round" in response.content.decode()
    assert columns(response) == []
