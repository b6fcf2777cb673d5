"""Demo content for reporting rounds: one open round for three fictional Pledge Makers, one report
submitted, one in draft, one not started; their contacts on example.org. Loading twice changes nothing.
No email is sent: staff use "Send each contact a new link" on a report to try the links.
Report pages and signatory profiles go through "Comms sign-off" like news releases, so an approved
report reaches the moderators' dashboard at once."""

import datetime

from django.utils import timezone

from news.demo import load_workflow
from pledge.choices import Role
from pledge.models import Commitment, ReportIndexPage, ReportingRound, SignatoryIndexPage, SignatoryPage

from .models import Invitation, Report, ReportingContact, ReportStep, RoundWindow, Status
from .steps import NEXT_STEPS, STATEMENT

ROUND_NAME = "Demo round: spring 2026 reports"
CONTACTS = [("Priya Placeholder", "Head of Equality"), ("Tom Example", "Quality Improvement Lead")]


def load(home_page):
    for index in (*ReportIndexPage.objects.all(), *SignatoryIndexPage.objects.all()):
        load_workflow(index)
    reporting_round, _ = ReportingRound.objects.get_or_create(
        name=ROUND_NAME, defaults={"date": datetime.date(2026, 6, 1)}
    )
    now = timezone.now()
    window, created = RoundWindow.objects.get_or_create(
        round=reporting_round,
        defaults={
            "opens_at": now - datetime.timedelta(days=3),
            "closes_at": now + datetime.timedelta(days=28),
            "state": RoundWindow.State.OPEN,
            "opened_at": now - datetime.timedelta(days=3),
        },
    )
    if not created:
        return window
    makers = list(
        SignatoryPage.objects.filter(role=Role.PLEDGE_MAKER, is_fictional_example=True).order_by("title")[:3]
    )
    for number, signatory in enumerate(makers):
        for name, role in CONTACTS:
            local = name.lower().replace(" ", ".")
            ReportingContact.objects.get_or_create(
                signatory=signatory,
                email=f"{local}+{signatory.slug[:30]}@example.org",
                defaults={"name": name, "role": role},
            )
        invitation = Invitation.objects.create(window=window, signatory=signatory)
        if number == 2:
            continue  # not started
        report = Report.objects.create(invitation=invitation)
        commitments = Commitment.objects.order_by("number")
        answered = commitments if number == 0 else commitments[:3]
        for commitment in answered:
            ReportStep.objects.create(
                report=report,
                key=f"commitment-{commitment.number}",
                status=Status.ON_TRACK if commitment.number % 3 else Status.DELAYED,
                answer=f"Placeholder answer (fictional) on commitment {commitment.number}.\n\nA second paragraph.",
            )
        if number == 0:
            ReportStep.objects.create(report=report, key=NEXT_STEPS, answer="Placeholder next steps (fictional).")
            ReportStep.objects.create(report=report, key=STATEMENT, answer="Placeholder statement (fictional).")
            Report.objects.filter(pk=report.pk).update(state=Report.State.SUBMITTED, submitted_at=now, version=9)
    return window
