"""Reporting emails go out in the background (Django's task framework), each once per (reason, contact).

The same pattern as alerts.sending: a ContactEmail row per (contact, invitation, reason) is written
first under a unique constraint, then claimed (with the claim's time, synergi_site/claims.py) before
it is sent and marked sent the moment the mail server accepts it, so a rerun after a crash sends no
one a second copy, and `manage.py resume_alerts` (cron) queues again what a dead worker left
unsent. Temporary SMTP failures are retried with alerts' own helper.
"""

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from django_tasks import task

from alerts.emails import mail_domain
from alerts.sending import PermanentFailure, TemporaryFailure, send_with_retries
from pledge.choices import Role
from pledge.models import SignatoryPage
from synergi_site import claims

from .models import AccessLink, ContactEmail, Invitation, Report, ReportingContact, RoundWindow

# Rows claimed at a time by one worker.
BATCH_SIZE = 200

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


def message_id(email_row):
    """The same every time this row is sent: a resend after a worker died between the mail server's
    "accepted" and the row's "sent" is recognisably the same email (see alerts.sending)."""
    return f"<reporting-email-{email_row.pk}@{mail_domain(settings.REPORTING_BASE_URL)}>"


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
    return EmailMessage(
        subject=subject, body=body, to=[email_row.contact.email], headers={"Message-ID": message_id(email_row)}
    )


def queue(invitations_and_contacts, reason):
    """Write the rows for (invitation, contact) pairs and send them after commit; returns how many are new."""
    rows = [ContactEmail(invitation=i, contact=c, reason=reason) for i, c in invitations_and_contacts]
    before = ContactEmail.objects.filter(reason=reason).count()
    ContactEmail.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    created = ContactEmail.objects.filter(reason=reason).count() - before
    if created:
        transaction.on_commit(lambda: send_queued.enqueue(reason))
    return created


@task()
def send_queued(reason):
    """Send every email of `reason` no worker has sent: each gets a fresh personal link (only its hash kept).

    Rows are claimed before sending (synergi_site.claims), so two workers never send the same row,
    and a worker that dies leaves its unsent rows to the next run once its claim has timed out."""
    rows = ContactEmail.objects.filter(reason=reason)
    sent = 0
    with mail.get_connection() as connection:
        while True:
            ids = list(claims.claimable(rows).order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE])
            if not ids:
                break
            taken = claims.claim(rows, ids, attempts=F("attempts") + 1)
            batch = list(
                ContactEmail.objects.filter(pk__in=taken)
                .select_related("contact", "invitation__window__round", "invitation__signatory", "invitation__report")
                .order_by("pk")
            )
            sent += send_batch(connection, batch)
    return sent


def send_batch(connection, batch):
    """Send a claimed batch, marking each row sent the moment the mail server has accepted its email."""
    renewal = claims.Renewal(ContactEmail)
    sent = 0
    for position, row in enumerate(batch):
        renewal.keep(batch[position:])  # slow sending (retries): still alive
        if kind_of(row.reason).startswith("reminder") and is_submitted(row.invitation):
            finish(row, ContactEmail.Status.FAILED, error="Report already submitted")
            continue
        _link, token = AccessLink.issue(row.contact, row.invitation)
        try:
            send_with_retries(connection, build_message(row, token))
        except (PermanentFailure, TemporaryFailure) as failure:
            finish(row, ContactEmail.Status.FAILED, error=str(failure)[:200])
            continue
        finish(row, ContactEmail.Status.SENT, sent_at=timezone.now())
        sent += 1
    return sent


def finish(row, status, **fields):
    ContactEmail.objects.filter(pk=row.pk).update(status=status, **fields)


def resume_reporting_emails():
    """Queue again what a dead worker left unfinished; returns (round window ids, reasons).

    What cron's `manage.py resume_alerts` runs beside the alerts' own: rounds opened longer ago than
    ALERTS_CLAIM_TIMEOUT whose invitations are still being prepared, and emails claimed that long ago
    or queued that long with no worker taking them. A live worker's rows are not claimable, so its
    reasons are not queued twice; a round prepared twice is prepared once."""
    rounds = list(
        RoundWindow.objects.filter(preparing_invitations=True, opened_at__lt=claims.cutoff())
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for window_id in rounds:
        prepare_invitations.enqueue(window_id)
    reasons = sorted(set(claims.unfinished(ContactEmail.objects.all()).values_list("reason", flat=True)))
    for reason in reasons:
        send_queued.enqueue(reason)
    return rounds, reasons


def is_submitted(invitation):
    """From the invitation's report as loaded with it (callers select_related it), not a query per invitation."""
    report = getattr(invitation, "report", None)
    return report is not None and report.state in (Report.State.SUBMITTED, Report.State.APPROVED)


def default_signatories():
    """Who reports in a round unless staff change the list: the live Pledge Makers."""
    return SignatoryPage.objects.live().filter(role=Role.PLEDGE_MAKER)


def open_round(window, now=None):
    """Open the round. The request only flips its state and queues one task (prepare_invitations), which
    writes the invitations and their emails in the background, whatever the number of signatories.

    Returns False if the round was not planned (already open, or closed)."""
    with transaction.atomic():
        window = RoundWindow.objects.select_for_update().get(pk=window.pk)
        if window.state != RoundWindow.State.PLANNED:
            return False
        window.state = RoundWindow.State.OPEN
        window.opened_at = now or timezone.now()
        window.preparing_invitations = True
        window.save(update_fields=["state", "opened_at", "preparing_invitations"])
        transaction.on_commit(lambda: prepare_invitations.enqueue(window.pk))
    return True


@task()
def prepare_invitations(window_id):
    """The opening's work: invite the Pledge Makers (unless staff chose the list before the round opened),
    write one invitation email per contact, then queue their sending. Returns how many were queued.

    All in one transaction, with the round locked: a worker that dies leaves nothing half written (cron's
    `resume_alerts` queues it again), and a second run finds the round prepared and does nothing."""
    with transaction.atomic():
        window = RoundWindow.objects.select_for_update().filter(pk=window_id, preparing_invitations=True).first()
        if window is None:
            return 0
        if window.state != RoundWindow.State.OPEN:  # closed before the worker got to it: invite no one
            window.preparing_invitations = False
            window.save(update_fields=["preparing_invitations"])
            return 0
        if not window.invitations.filter(created_at__lt=window.opened_at).exists():
            Invitation.objects.bulk_create(
                [
                    Invitation(window=window, signatory_id=pk)
                    for pk in default_signatories().values_list("pk", flat=True)
                ],
                ignore_conflicts=True,
                batch_size=1000,
            )
        queued = invite(window.invitations.all())
        # A model save, so the pledge page's count of invitations is refreshed like any other change.
        window.preparing_invitations = False
        window.save(update_fields=["preparing_invitations"])
    return queued


def invitation_progress(window):
    """For the overview: whether the invitations are still being prepared, and their emails' counts."""
    counts = ContactEmail.objects.filter(invitation__window=window, reason=INVITATION).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=ContactEmail.Status.SENT)),
        failed=Count("pk", filter=Q(status=ContactEmail.Status.FAILED)),
    )
    return {
        "preparing": window.preparing_invitations,
        **counts,
        "waiting": counts["total"] - counts["sent"] - counts["failed"],
    }


def invite(invitations):
    return queue(list(_pairs(invitations)), INVITATION)


def still_to_report(invitations):
    """Those of `invitations` in a round open now, whose opening has been prepared, not yet submitted."""
    return [i for i in invitations if i.is_open() and not i.window.preparing_invitations and not is_submitted(i)]


def invite_added(invitation):
    """An organisation staff add to a round that is already open is invited at once, each contact once
    (the opening's task invited the rest; an email is unique per invitation, contact and reason)."""
    return invite(still_to_report([invitation]))


def invite_new_contact(contact):
    """A contact added to an organisation already invited to an open round gets its invitation at once."""
    invitations = Invitation.objects.filter(signatory_id=contact.signatory_id).select_related("window", "report")
    return queue([(invitation, contact) for invitation in still_to_report(invitations)], INVITATION)


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
