"""Reporting emails go out in the background (Django's task framework), each once per (reason, contact).

The same pattern as alerts.sending: a ContactEmail row per (contact, invitation, reason) is written
first under a unique constraint, then claimed before it is sent, so a rerun after a crash sends no
one a second copy. Temporary SMTP failures are retried with alerts' own helper.
"""

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from django_tasks import task

from alerts.sending import PermanentFailure, TemporaryFailure, send_with_retries
from pledge.choices import Role
from pledge.models import SignatoryPage

from .models import AccessLink, ContactEmail, Invitation, Report, ReportingContact, RoundWindow

INVITATION = "invitation"
REMINDER_BEFORE = "reminder-before"
REMINDER_CLOSING = "reminder-closing"

SUBJECTS = {
    INVITATION: "Your organisation's progress report: {round}",
    REMINDER_BEFORE: "Reminder: your progress report is due on {closes}",
    REMINDER_CLOSING: "Your progress report is due today",
    "returned": "Your progress report has been returned with feedback",
    "fresh-link": "Your new link to your progress report",
    "resend": "Your link to your progress report: {round}",
    "reminder": "Reminder: your progress report is due on {closes}",
}


def report_url(token):
    return settings.REPORTING_BASE_URL.rstrip("/") + reverse("reporting:start", args=[token])


def kind_of(reason):
    return reason.split(":", 1)[0]


def build_message(email_row, token):
    invitation = email_row.invitation
    closes = timezone.localtime(invitation.closes_at)
    kind = kind_of(email_row.reason)
    report = getattr(invitation, "report", None)
    context = {
        "contact": email_row.contact,
        "signatory": invitation.signatory,
        "round": invitation.window.round,
        "closes": closes,
        "url": report_url(token),
        "kind": kind,
        "feedback": report.feedback if report and kind == "returned" else "",
        "fresh_link_url": settings.REPORTING_BASE_URL.rstrip("/") + reverse("reporting:fresh_link"),
    }
    subject = SUBJECTS[kind].format(round=invitation.window.round.name, closes=f"{closes:%-d %B %Y}")
    body = render_to_string("reporting/email/message.txt", context)
    return EmailMessage(subject=subject, body=body, to=[email_row.contact.email])


def queue(invitations_and_contacts, reason):
    """Write the rows for (invitation, contact) pairs and send them after commit; returns how many are new."""
    rows = [ContactEmail(invitation=i, contact=c, reason=reason) for i, c in invitations_and_contacts]
    before = ContactEmail.objects.filter(reason=reason).count()
    ContactEmail.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    created = ContactEmail.objects.filter(reason=reason).count() - before
    if created:
        transaction.on_commit(lambda: send_queued.enqueue(reason))
    return created


def claim(row_ids):
    taken = list(
        ContactEmail.objects.filter(pk__in=row_ids, status=ContactEmail.Status.QUEUED).values_list("pk", flat=True)
    )
    ContactEmail.objects.filter(pk__in=taken, status=ContactEmail.Status.QUEUED).update(
        status=ContactEmail.Status.SENDING
    )
    return taken


@task()
def send_queued(reason):
    """Send every queued email of `reason`: each gets a fresh personal link (only its hash kept)."""
    sent = 0
    queued = ContactEmail.objects.filter(reason=reason, status=ContactEmail.Status.QUEUED)
    with mail.get_connection() as connection:
        while True:
            ids = list(queued.order_by("pk").values_list("pk", flat=True)[:200])
            if not ids:
                break
            taken = claim(ids)
            rows = ContactEmail.objects.filter(pk__in=taken).select_related(
                "contact", "invitation__window__round", "invitation__signatory", "invitation__report"
            )
            for row in rows:
                if kind_of(reason).startswith("reminder") and is_submitted(row.invitation):
                    row.status, row.error = ContactEmail.Status.FAILED, "Report already submitted"
                    row.save(update_fields=["status", "error"])
                    continue
                _link, token = AccessLink.issue(row.contact, row.invitation)
                try:
                    send_with_retries(connection, build_message(row, token))
                except (PermanentFailure, TemporaryFailure) as failure:
                    row.status, row.error = ContactEmail.Status.FAILED, str(failure)[:200]
                    row.save(update_fields=["status", "error"])
                    continue
                row.status, row.sent_at = ContactEmail.Status.SENT, timezone.now()
                row.save(update_fields=["status", "sent_at"])
                sent += 1
    return sent


def is_submitted(invitation):
    """From the invitation's report as loaded with it (callers select_related it), not a query per invitation."""
    report = getattr(invitation, "report", None)
    return report is not None and report.state in (Report.State.SUBMITTED, Report.State.APPROVED)


def default_signatories():
    """Who reports in a round unless staff change the list: the live Pledge Makers."""
    return SignatoryPage.objects.live().filter(role=Role.PLEDGE_MAKER)


def open_round(window, now=None):
    """Open the round: invite the Pledge Makers (unless staff chose the list first) and queue the emails.

    The request writes rows only; the emails go in the background. Returns how many were queued."""
    with transaction.atomic():
        window = RoundWindow.objects.select_for_update().get(pk=window.pk)
        if window.state != RoundWindow.State.PLANNED:
            return 0
        if not window.invitations.exists():
            Invitation.objects.bulk_create(
                [
                    Invitation(window=window, signatory_id=pk)
                    for pk in default_signatories().values_list("pk", flat=True)
                ],
                ignore_conflicts=True,
            )
        window.state = RoundWindow.State.OPEN
        window.opened_at = now or timezone.now()
        window.save(update_fields=["state", "opened_at"])
        return invite(window.invitations.all())


def invite(invitations):
    return queue(list(_pairs(invitations)), INVITATION)


def _pairs(invitations):
    invitations = list(invitations)
    by_signatory = {}
    for contact in ReportingContact.objects.filter(signatory_id__in=[i.signatory_id for i in invitations]):
        by_signatory.setdefault(contact.signatory_id, []).append(contact)
    for invitation in invitations:
        for contact in by_signatory.get(invitation.signatory_id, []):
            yield invitation, contact


def close_round(window):
    window.state = RoundWindow.State.CLOSED
    window.save(update_fields=["state"])


def send_reminders(now=None):
    """The daily reminders: N days before each open invitation's close, and on its closing day; each once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    queued = 0
    invitations = Invitation.objects.filter(window__state=RoundWindow.State.OPEN).select_related("window", "report")
    for invitation in invitations:
        if is_submitted(invitation) or not invitation.is_open(now):
            continue
        days_left = (timezone.localdate(invitation.closes_at) - today).days
        if days_left == 0:
            reason = REMINDER_CLOSING
        elif days_left == settings.REPORTING_REMINDER_DAYS:
            reason = REMINDER_BEFORE
        else:
            continue
        queued += queue(list(_pairs([invitation])), reason)
    return queued


def send_now(invitation, kind, contacts=None):
    """A one-off email staff or a contact asked for (a resend, a reminder, a return, a fresh link)."""
    contacts = contacts if contacts is not None else list(invitation.signatory.reporting_contacts.all())
    reason = f"{kind}:{timezone.now():%Y%m%d%H%M%S%f}"
    return queue([(invitation, contact) for contact in contacts], reason)
