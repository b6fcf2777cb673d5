"""The reporting round online: the round's window, who is invited, their contacts, secret links and drafts.

The round itself stays the `pledge.ReportingRound` snippet that public pages, the explorer and the
open data already name; its window lives here, one to one (`RoundWindow`), so everything about
collecting reports is in this app and pledge's tables and migrations are untouched.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from newsdesk.models import hash_token
from pledge.choices import ProgressStatus


class RoundWindow(ClusterableModel):
    class State(models.TextChoices):
        PLANNED = "planned", "Planned"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    round = models.OneToOneField(
        "pledge.ReportingRound",
        on_delete=models.CASCADE,
        related_name="window",
        help_text="The reporting round signatories report in (Snippets › Reporting rounds).",
    )
    opens_at = models.DateTimeField(help_text="When contacts may start writing (UK time).")
    closes_at = models.DateTimeField(help_text="The deadline (UK time). Links stop working after it.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    # From the opening request until the background task has written the invitations and their emails.
    preparing_invitations = models.BooleanField(default=False, editable=False)

    panels = [
        FieldPanel("round"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        InlinePanel("extra_questions", heading="Extra questions for this round", label="Question"),
    ]

    class Meta:
        ordering = ["-closes_at"]
        verbose_name = "reporting window"
        constraints = [models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="window_order")]

    def __str__(self):
        return f"{self.round.name} ({self.get_state_display().lower()})"

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The round must close after it opens."})


class ExtraQuestion(models.Model):
    window = ParentalKey(RoundWindow, on_delete=models.CASCADE, related_name="extra_questions")
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)
    title = models.CharField(max_length=200, help_text="The question, e.g. 'How did you involve service users?'")
    hint = models.TextField(blank=True, help_text="A sentence of help shown under the question.")

    panels = [FieldPanel("title"), FieldPanel("hint")]

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title


class ReportingContact(models.Model):
    """Someone at a signatory who writes its report; no account, only a link by email."""

    signatory = models.ForeignKey("pledge.SignatoryPage", on_delete=models.CASCADE, related_name="reporting_contacts")
    name = models.CharField(max_length=120)
    email = models.EmailField()
    role = models.CharField(max_length=160, blank=True, help_text="Their job title, e.g. 'Head of Equality'.")

    panels = [FieldPanel("signatory"), FieldPanel("name"), FieldPanel("email"), FieldPanel("role")]

    class Meta:
        ordering = ["signatory__title", "name"]
        constraints = [models.UniqueConstraint(fields=["signatory", "email"], name="one_contact_per_address")]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class Invitation(models.Model):
    """A signatory asked to report in a round, with its own deadline if it was given an extension."""

    window = models.ForeignKey(RoundWindow, on_delete=models.CASCADE, related_name="invitations")
    signatory = models.ForeignKey("pledge.SignatoryPage", on_delete=models.CASCADE, related_name="invitations")
    extended_until = models.DateTimeField(null=True, blank=True, help_text="An extension: the new deadline, UK time.")
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("window"), FieldPanel("signatory"), FieldPanel("extended_until")]

    class Meta:
        ordering = ["signatory__title"]
        constraints = [models.UniqueConstraint(fields=["window", "signatory"], name="one_invitation_per_round")]

    def __str__(self):
        return f"{self.signatory.title}, {self.window.round.name}"

    @property
    def closes_at(self):
        return max(self.extended_until, self.window.closes_at) if self.extended_until else self.window.closes_at

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.window.state == RoundWindow.State.OPEN and self.window.opens_at <= now < self.closes_at


class AccessLinkQuerySet(models.QuerySet):
    def for_token(self, token):
        """The link whose secret is `token`, or None (same lookup as the embargo links: only a hash kept)."""
        return (
            self.select_related("contact", "invitation__window__round", "invitation__signatory")
            .filter(token_hash=hash_token(token))
            .first()
        )


class AccessLink(models.Model):
    """A contact's secret link to their organisation's report in one round. Only the token's hash is kept."""

    contact = models.ForeignKey(ReportingContact, on_delete=models.CASCADE, related_name="links")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(max_length=6, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccessLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Link …{self.token_hint} for {self.contact}"

    @classmethod
    def issue(cls, contact, invitation):
        """A new link and its token, which only the email ever holds. Earlier links keep working (a contact
        may have one open in a tab when a reminder arrives) until staff revoke them or the round closes."""
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(
            contact=contact, invitation=invitation, token_hash=hash_token(token), token_hint=token[-6:]
        )
        return link, token

    def works(self, now=None):
        return self.revoked_at is None and self.invitation.is_open(now)


class Report(models.Model):
    """A signatory's report in a round, written by its contacts: a draft until submitted."""

    class State(models.TextChoices):
        DRAFT = "draft", "In draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="report")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # Bumped on every save: a contact saving a page drawn from an older version is told, not overwritten.
    version = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(blank=True)
    report_page = models.ForeignKey(
        "pledge.ReportPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Report: {self.invitation}"

    @property
    def editable(self):
        return self.state in (self.State.DRAFT, self.State.RETURNED)


Status = ProgressStatus


class ReportStep(models.Model):
    """One page of the form: a commitment (commitment-<n>), next-steps, statement, or question-<id>."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    answer = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(ReportingContact, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="one_answer_per_step")]

    def __str__(self):
        return f"{self.report}: {self.key}"


class ReportDocument(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(ReportingContact, null=True, on_delete=models.SET_NULL)

    def __str__(self):
        return self.document.title


class ContactEmail(models.Model):
    """One email of one reason to one contact (invitation, reminder, return): written before sending,
    so a rerun sends no one the same email twice. The same idea as alerts.Delivery, per (reason, recipient)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    contact = models.ForeignKey(ReportingContact, on_delete=models.CASCADE, related_name="emails")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="emails")
    reason = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a worker took it; a "sending" row older than ALERTS_CLAIM_TIMEOUT belongs to a dead worker
    # and the next run takes it again (synergi_site/claims.py).
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "invitation", "reason"], name="one_email_per_reason")
        ]
        indexes = [models.Index(fields=["reason", "status"], name="reporting_email_status")]

    def __str__(self):
        return f"{self.reason} to {self.contact}"


@register_setting(icon="list-ul")
class ReportingSettings(BaseGenericSetting):
    """The words for each status, editable without a developer: the contacts' form, the report pages, the
    commitment explorer, the pledge page's chart and table, the PDFs and the review page all use them."""

    on_track_label = models.CharField(max_length=60, default="On track")
    achieved_label = models.CharField(max_length=60, default="Achieved")
    delayed_label = models.CharField(max_length=60, default="Delayed")
    not_started_label = models.CharField(max_length=60, default="Not started")

    class Meta:
        verbose_name = "Reporting round wording"

    def status_choices(self):
        return [
            (Status.ON_TRACK, self.on_track_label),
            (Status.ACHIEVED, self.achieved_label),
            (Status.DELAYED, self.delayed_label),
            (Status.NOT_STARTED, self.not_started_label),
        ]


def status_labels(request=None):
    """The editors' words for each status, by the key that is stored: every page, PDF and admin view that
    shows a status reads them here (with a request, once per request). An unknown key has no word."""
    return dict(ReportingSettings.load(request_or_site=request).status_choices())


def word_limit():
    return settings.REPORTING_WORD_LIMIT
