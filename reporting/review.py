"""The Centre's side of a round: the overview's rows and counts, returning a report, approving it into
a draft ReportPage (with its PDF) that approval submits to the page's sign-off workflow ("Comms sign-off")
on its way to publishing."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import WorkflowState

import nh3

from pledge.choices import ReportKind
from pledge.models import CommitmentResponse, ExtraQuestionAnswer, ReportFile, ReportIndexPage, ReportPage
from pledge.pdf import text_pdf

from . import sending
from .answers import as_html
from .documents import save_document
from .models import Invitation, Report, status_labels
from .steps import NEXT_STEPS, QUESTION_PREFIX, STATEMENT, steps_for

STAGES = ["invited", "started", "submitted", "returned", "approved", "late"]


def stage_of(invitation, now):
    report = getattr(invitation, "report", None)
    if report is not None and report.state == Report.State.APPROVED:
        return "approved"
    if report is not None and report.state == Report.State.SUBMITTED:
        return "submitted"
    if now >= invitation.closes_at:
        return "late"
    if report is not None and report.state == Report.State.RETURNED:
        return "returned"
    if report is not None:
        return "started"
    return "invited"


def overview(window, now=None):
    """Every invitation of the round with its stage, and the counts: two queries whatever the size."""
    now = now or timezone.now()
    invitations = list(
        Invitation.objects.filter(window=window)
        .select_related("signatory", "report", "window")
        .order_by("signatory__title")
    )
    rows = [{"invitation": i, "report": getattr(i, "report", None), "stage": stage_of(i, now)} for i in invitations]
    counts = {stage: 0 for stage in STAGES}
    for row in rows:
        counts[row["stage"]] += 1
    counts["invited"] = len(rows)
    return rows, counts


RETURNABLE = (Report.State.SUBMITTED, Report.State.APPROVED)


def return_report(report, feedback, user=None):
    """Back to the organisation for changes: a submitted report, or an approved one (sign-off found something);
    approving it again updates the same report page. A sign-off under way for the approved version is
    cancelled, so Comms cannot publish what the organisation is now changing."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        updated = locked.state in RETURNABLE
        if updated:
            locked.state, locked.feedback, locked.submitted_at = Report.State.RETURNED, feedback, None
            locked.save(update_fields=["state", "feedback", "submitted_at"])  # the pledge page counts submissions
            report.refresh_from_db()
            sending.send_now(report.invitation, "returned")
            state = report.report_page.current_workflow_state if report.report_page_id else None
            if state is not None:
                state.cancel(user=user)
    return updated


def plain(html):
    return " ".join(nh3.clean(html or "", tags=set()).split())


def pdf_lines(invitation, answers, labels):
    lines = [f"{invitation.signatory.title}", f"{invitation.window.round.name}", ""]
    for step in steps_for(invitation):
        answer = answers.get(step.key)
        lines.append(step.title + (f" ({labels.get(answer.status)})" if answer and answer.status else ""))
        text = plain(answer.answer) if answer else ""
        # The small PDF writer takes lines: wrap at about 95 characters.
        while text:
            cut = text.rfind(" ", 0, 95) if len(text) > 95 else len(text)
            cut = cut if cut > 0 else 95
            lines.append("    " + text[:cut])
            text = text[cut:].lstrip()
        lines.append("")
    return lines


def submit_for_sign_off(page, user=None):
    """Put the page's latest revision into its workflow, as the editor's Submit or Resubmit would; returns the
    workflow state, or None where no workflow applies (the revision then waits for an editor, as before).

    A workflow already under way for the page is not left reviewing an older revision: one whose reviewers
    asked for changes is resumed (Wagtail's Resubmit); one still in progress is cancelled and started again
    (Wagtail's Restart workflow)."""
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    workflow = page.get_workflow()
    if workflow is None:
        return None
    if state is not None:
        state.cancel(user=user)
    return workflow.start(page, user)


def approve(report, user=None):
    """Make (or update) the signatory's ReportPage for the round as a draft revision and submit it (and the
    restated statement of intent, a draft of the profile) for sign-off; nothing goes live here."""
    invitation = report.invitation
    answers = {step.key: step for step in report.steps.all()}
    labels = status_labels()
    signatory = invitation.signatory.specific
    reporting_round = invitation.window.round
    title = f"{signatory.title}: {reporting_round.name}"
    document = save_document(
        f"{title} (PDF)",
        f"{slugify(title)[:80]}.pdf",
        ContentFile(text_pdf(title, pdf_lines(invitation, answers, labels))),
    )
    if report.report_page_id:
        page = report.report_page.specific.get_latest_revision_as_object()
    else:
        index = ReportIndexPage.objects.first()
        page = ReportPage(
            title=title,
            slug=unique_slug(index, slugify(title)[:200]),
            kind=ReportKind.PROGRESS,
            live=False,
        )
    page.publication_date = timezone.localdate()
    page.summary = f"{signatory.title}'s progress report on the seven commitments for {reporting_round.name}."
    page.signatory = signatory
    page.round = reporting_round
    page.next_steps = as_html(answers[NEXT_STEPS].answer) if NEXT_STEPS in answers else ""
    page.commitment_responses.clear()
    page.extra_answers.clear()
    for position, step in enumerate(steps_for(invitation)):
        answer = answers.get(step.key)
        if answer is None:
            continue
        if step.commitment is not None:
            page.commitment_responses.add(
                CommitmentResponse(commitment=step.commitment, response=as_html(answer.answer), status=answer.status)
            )
        elif step.key.startswith(QUESTION_PREFIX) and (answer.answer.strip() or answer.status):
            # The round's own questions, with their words as asked: the page reads the same if they change.
            page.extra_answers.add(
                ExtraQuestionAnswer(
                    question=step.title, status=answer.status, answer=as_html(answer.answer), sort_order=position
                )
            )
    page.files.clear()
    page.files.add(ReportFile(document=document, label="Progress report (PDF)"))
    for extra in report.documents.select_related("document"):
        page.files.add(ReportFile(document=extra.document, label=extra.document.title))
    with transaction.atomic():
        if page.pk is None:
            index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        submit_for_sign_off(page, user)
        if STATEMENT in answers and answers[STATEMENT].answer:
            # The restated statement of intent is a draft of the signatory's profile, signed off the same way.
            profile = signatory.get_latest_revision_as_object()
            profile.statement_of_intent = as_html(answers[STATEMENT].answer)
            profile.save_revision(user=user, log_action=True)
            submit_for_sign_off(signatory, user)
        Report.objects.filter(pk=report.pk).update(state=Report.State.APPROVED, report_page=page)
    return page


def unique_slug(parent, base):
    slug, n = base or "report", 1
    taken = set(parent.get_children().values_list("slug", flat=True))
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def extend(invitation, until):
    if until <= timezone.now() - datetime.timedelta(minutes=1):
        raise ValueError("An extension must end in the future.")
    Invitation.objects.filter(pk=invitation.pk).update(extended_until=until)
