"""Readers who asked for news by email, addresses that asked never to get it, each alert sent, and the media list.

A subscriber is an address, their topics (none: all news), when and on which page they signed
up, when they confirmed, and a status: nothing else. An unsubscribed address is deleted and
kept only as a hash, so it is never mailed again and cannot be read back.
"""

import hashlib

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from news.models import Topic

MAX_ADDRESS_LENGTH = 254  # RFC 5321's limit on a forward path


def normalise(address):
    return address.strip().lower()


def address_hash(address):
    return hashlib.sha256(f"synergi-alerts\0{normalise(address)}".encode()).hexdigest()


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        return self.filter(status=Subscriber.Status.ACTIVE, confirmed_at__isnull=False)

    def for_topics(self, topic_ids):
        """Who gets an alert about a release filed under `topic_ids`: all-news readers and followers of one."""
        return self.receiving().filter(models.Q(all_news=True) | models.Q(topics__in=topic_ids)).distinct()


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        ACTIVE = "active", "Receiving alerts"
        PAUSED = "paused", "Paused"
        BOUNCED = "bounced", "Stopped: the address does not accept mail"

    email = models.EmailField(max_length=MAX_ADDRESS_LENGTH, unique=True)
    all_news = models.BooleanField(default=True, help_text="Every release, whatever its topics.")
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    signup_path = models.CharField("signed up on", max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "news alert subscriber"

    def __str__(self):
        return self.email

    def topic_names(self):
        return "all news" if self.all_news else "; ".join(topic.name for topic in self.topics.all())


class Suppression(models.Model):
    """An address that must never get mail from the alerts again, kept only as a hash."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Permanent delivery failure"
        COMPLAINED = "complained", "Reported as spam"
        ERASED = "erased", "Data erased on request"

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Suppressed address …{self.email_hash[-6:]} ({self.get_reason_display()})"

    @classmethod
    def add(cls, address, reason):
        cls.objects.get_or_create(email_hash=address_hash(address), defaults={"reason": reason})

    @classmethod
    def holds(cls, address):
        return cls.objects.filter(email_hash=address_hash(address)).exists()


class Delivery(models.Model):
    """One release's alert to one subscriber: made before sending, so no one gets the same alert twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    release = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="alert_deliveries")
    # Empty for the release's alert on go-live; else the update (a corrected version) this delivers.
    update = models.ForeignKey(
        "alerts.ReleaseUpdate", null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # When a worker took it; a "sending" row older than ALERTS_CLAIM_TIMEOUT belongs to a dead worker.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "subscriber"],
                condition=models.Q(update__isnull=True),
                name="alerts_one_delivery_per_release",
            ),
            models.UniqueConstraint(fields=["update", "subscriber"], name="alerts_one_delivery_per_update"),
        ]
        indexes = [models.Index(fields=["release", "status"], name="alerts_delivery_status")]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"{self.release_id} to {self.subscriber_id}: {self.status}"


class ReleaseAlert(models.Model):
    """That a release's alert was started: one row per release, so a republish never starts another."""

    release = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="alert")
    started_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Alert for page {self.release_id}"


class ReleaseUpdate(models.Model):
    """A corrected release sent again, as an update, because an editor chose to: once per published revision."""

    release = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="alert_updates")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(
        "what changed",
        max_length=300,
        blank=True,
        help_text="Shown at the top of the update, e.g. 'Corrected a date.'",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "revision"], name="alerts_one_update_per_revision"),
        ]
        ordering = ["-started_at"]

    def __str__(self):
        return f"Update of page {self.release_id} (revision {self.revision_id})"


class Journalist(index.Indexed, models.Model):
    """A journalist on the media list: who gets releases, and under embargo, from the comms team."""

    name = models.CharField(max_length=120)
    outlet = models.CharField(max_length=120, blank=True, help_text="Where they work, e.g. 'Exampletown Gazette'.")
    email = models.EmailField(max_length=MAX_ADDRESS_LENGTH, unique=True)
    beats = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="+",
        help_text="The topics they cover; 'Send to journalists' can choose by these.",
    )
    notes = models.TextField(blank=True, help_text="Only comms staff see this.")

    panels = [
        FieldPanel("name"),
        FieldPanel("outlet"),
        FieldPanel("email"),
        FieldPanel("beats", widget=forms.CheckboxSelectMultiple),
        FieldPanel("notes"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("outlet"), index.SearchField("email")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.outlet}" if self.outlet else self.name

    def beat_names(self):
        return "; ".join(topic.name for topic in self.beats.all())


class JournalistSend(models.Model):
    """One release emailed to one journalist: embargoed (with their own link) or after go-live."""

    class Kind(models.TextChoices):
        EMBARGOED = "embargoed", "Under embargo"
        RELEASE = "release", "After go-live"

    Status = Delivery.Status  # the same life as an alert's delivery (synergi_site.claims reads it)

    release = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="journalist_sends")
    journalist = models.ForeignKey(Journalist, on_delete=models.CASCADE, related_name="sends")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    embargo_link = models.ForeignKey(
        "newsdesk.EmbargoLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When a worker took the row to send it: a row still "sending" long after this belongs to a dead worker.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "journalist", "kind"], name="alerts_one_send_per_journalist"),
        ]

    def __str__(self):
        return f"{self.release_id} to {self.journalist_id} ({self.kind}): {self.status}"
