"""What an audit saw and what it found: one AuditRun, its Observations and its Findings."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class Item(models.TextChoices):
    COOKIE = "cookie", "Cookie"
    LOCAL = "local", "Local storage key"
    SESSION = "session", "Session storage key"
    INDEXEDDB = "indexeddb", "IndexedDB database"
    REQUEST = "request", "Request to another website"


class AuditRunQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(status=AuditRun.Status.FINISHED)

    def running(self):
        """Queued or running, and not abandoned: a run older than the audit's time limit has died."""
        abandoned_before = timezone.now() - timedelta(seconds=settings.COOKIE_AUDIT_TOTAL_TIMEOUT + 600)
        return self.filter(
            status__in=[AuditRun.Status.QUEUED, AuditRun.Status.RUNNING], created_at__gte=abandoned_before
        )


class AuditRun(models.Model):
    """One audit: when, which pages and states, and how it ended."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    class Trigger(models.TextChoices):
        COMMAND = "command", "Command"
        SCHEDULE = "schedule", "Scheduled"
        ADMIN = "admin", "Run from the admin"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.COMMAND)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    base_url = models.CharField(max_length=300, blank=True)
    pages = models.JSONField(default=list, help_text="The addresses visited.")
    states = models.JSONField(default=list, help_text="The consent states each page was visited in.")
    page_errors = models.JSONField(default=list, help_text="Pages that timed out or answered an error, skipped.")
    changes = models.JSONField(default=dict, help_text="What appeared or went away since the last audit.")
    error = models.TextField(blank=True)

    objects = AuditRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"Cookie audit {self.created_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def open_findings(self):
        return self.findings.filter(accepted_at__isnull=True)

    @property
    def failed(self):
        """Violations, undeclared or stale items nobody has accepted: the command exits non-zero."""
        return self.open_findings.exists()


class Observation(models.Model):
    """Something the browser held or asked for, the first time the audit saw it."""

    run = models.ForeignKey(AuditRun, on_delete=models.CASCADE, related_name="observations")
    item = models.CharField(max_length=10, choices=Item.choices)
    name = models.CharField(max_length=300, help_text="The cookie or key's name, or the host asked.")
    domain = models.CharField(max_length=300, blank=True, help_text="Cookie domain, storage origin or request URL.")
    path = models.CharField(max_length=300, blank=True)
    expires = models.DateTimeField(null=True, blank=True, help_text="Blank: when the browser closes.")
    third_party = models.BooleanField(default=False)
    request_type = models.CharField(max_length=20, blank=True, help_text="script, frame, image, beacon…")
    page_url = models.CharField(max_length=500, help_text="The page that first showed it.")
    state = models.CharField(max_length=40, help_text="The consent state it was first seen in.")
    declaration = models.ForeignKey(
        "consent.CookieDeclaration", null=True, blank=True, on_delete=models.SET_NULL, related_name="observations"
    )
    category = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["item", "name"]

    def __str__(self):
        return f"{self.get_item_display()} {self.name}"

    @property
    def key(self):
        return f"{self.item}:{self.name}"


class Finding(models.Model):
    """A broken promise: a violation, something undeclared, or a declaration nothing sets."""

    class Kind(models.TextChoices):
        VIOLATION = "violation", "Violation"
        UNDECLARED = "undeclared", "Undeclared"
        STALE = "stale", "Stale declaration"

    run = models.ForeignKey(AuditRun, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    item = models.CharField(max_length=10, choices=Item.choices)
    name = models.CharField(max_length=300)
    category = models.CharField(max_length=20, blank=True)
    page_url = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=40, blank=True)
    detail = models.TextField()
    key = models.CharField(max_length=400, db_index=True, help_text="The same finding has the same key in each run.")
    is_new = models.BooleanField(default=True, help_text="Not found by the previous audit.")
    accepted_reason = models.TextField(blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"
