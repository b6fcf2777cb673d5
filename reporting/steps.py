"""The form's pages for one report, in order: the commitments, the round's extra questions, next steps,
the statement of intent. Pre-filling from the organisation's previous published report lives here too."""

from dataclasses import dataclass

from django.db.models import F

from home.public import public_pages
from pledge.choices import ReportKind
from pledge.models import Commitment, ReportPage

from .models import Report, ReportStep

NEXT_STEPS = "next-steps"
STATEMENT = "statement"
QUESTION_PREFIX = "question-"


@dataclass
class Step:
    key: str
    title: str
    hint: str
    with_status: bool
    commitment: object = None


def steps_for(invitation):
    steps = [
        Step(f"commitment-{c.number}", f"Commitment {c.number}: {c.short_title}", c.description, True, c)
        for c in Commitment.objects.order_by("number")
    ]
    steps += [Step(f"{QUESTION_PREFIX}{q.pk}", q.title, q.hint, True) for q in invitation.window.extra_questions.all()]
    steps += [
        Step(NEXT_STEPS, "Next steps", "What your organisation will do in the next six months.", False),
        Step(STATEMENT, "Statement of intent", "Your organisation's statement of intent, restated.", False),
    ]
    return steps


def previous_report(invitation):
    """The organisation's latest published progress report from an earlier round."""
    return (
        public_pages(ReportPage.objects.filter(signatory=invitation.signatory, kind=ReportKind.PROGRESS))
        .exclude(round=invitation.window.round)
        .filter(round__date__lt=invitation.window.round.date)
        .order_by(F("round__date").desc(nulls_last=True), "-publication_date")
        .first()
    )


def previous_answers(invitation):
    page = previous_report(invitation)
    if page is None:
        return {}
    answers = {f"commitment-{r.commitment.number}": r.response for r in page.responses_in_order}
    if page.next_steps:
        answers[NEXT_STEPS] = page.next_steps
    statement = invitation.signatory.specific.statement_of_intent if invitation.signatory else ""
    if statement:
        answers[STATEMENT] = statement
    return answers


def report_for(invitation):
    """The report of this invitation, made (and pre-filled from last round) on first use."""
    report = Report.objects.filter(invitation=invitation).first()
    if report is not None:
        return report
    report, created = Report.objects.get_or_create(invitation=invitation)
    if created:
        ReportStep.objects.bulk_create(
            [
                ReportStep(report=report, key=key, answer=answer)
                for key, answer in previous_answers(invitation).items()
            ],
            ignore_conflicts=True,
        )
    return report
