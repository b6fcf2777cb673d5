"""Embargoed preview links: a secret address that shows a journalist tomorrow's release today.

A link is bound to the revision it was made for (the scheduled one, if the release is
scheduled, else the latest saved draft) and shows that revision only: a draft saved
afterwards, a correction included, never reaches the journalist. Once that revision or
a later one is live, the link sends readers to the live page. Unpublishing the release
revokes its links.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

# A link with no go-live time to follow lasts a week unless the editor chooses otherwise.
DEFAULT_LIFETIME = timedelta(days=7)
# Embargoes longer than this are mistakes more often than plans.
MAX_LIFETIME = timedelta(days=90)


def hash_token(token):
    """What we keep instead of the token: someone who reads the database cannot rebuild the link."""
    return hashlib.sha256(token.encode()).hexdigest()


def scheduled_go_live(page):
    """When the page's approved scheduled revision goes live, or None if nothing is scheduled."""
    revision = page.scheduled_revision
    if revision is not None:
        return revision.approved_go_live_at
    return None


def embargo_time(page):
    """The go-live time to print on the embargo notice: the scheduled one, else the draft's own."""
    scheduled = scheduled_go_live(page)
    if scheduled is not None:
        return scheduled
    draft = page.get_latest_revision_as_object()
    if draft.go_live_at and draft.go_live_at > timezone.now():
        return draft.go_live_at
    return None


def shared_revision(page):
    """What a link made now shows: the revision scheduled to go live, else the latest saved one."""
    return page.scheduled_revision or page.get_latest_revision()


def default_expiry(page, now=None):
    """Links end at go-live by default; with no go-live time, after a week."""
    now = now or timezone.now()
    go_live = embargo_time(page)
    if go_live is not None and go_live > now:
        return go_live
    return now + DEFAULT_LIFETIME


class EmbargoLinkQuerySet(models.QuerySet):
    def for_token(self, token):
        """The link whose secret is `token`, or None. The comparison takes the same time whatever matches."""
        digest = hash_token(token)
        link = self.select_related("page", "revision").filter(token_hash=digest).first()
        if link is not None and hmac.compare_digest(link.token_hash, digest):
            return link
        return None


class EmbargoLink(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="embargo_links",
        help_text="The news release this link previews.",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        help_text="The version of the release the link shows, whatever is saved after it.",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(
        max_length=8, editable=False, help_text="The last characters of the link, to tell links apart."
    )
    recipient = models.CharField(
        "who it is for",
        max_length=200,
        blank=True,
        help_text="Who you are sending this link to, e.g. 'Health correspondents list' or 'Local radio newsdesk'. "
        "Only editors see this.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(
        "link stops working at",
        help_text="After this time the link shows 'page not found'. Defaults to the release's go-live time.",
    )
    ends_at_go_live = models.BooleanField(
        default=False,
        editable=False,
        help_text="Made to end at go-live: if the release is rescheduled, the link ends at the new time.",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_because = models.CharField(max_length=120, blank=True, editable=False)

    objects = EmbargoLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "embargoed preview link"

    def __str__(self):
        return f"Embargo link …{self.token_hint} for {self.page.title}"

    @classmethod
    def create_for(cls, page, user, expires_at=None, recipient=""):
        """A new link and its token, bound to what the release shows now. The token is never stored."""
        revision = shared_revision(page)
        if revision is None:
            raise ValueError("A release with no saved revision has nothing to share.")
        go_live = embargo_time(page)
        expires_at = expires_at or default_expiry(page)
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(
            page=page,
            revision=revision,
            token_hash=hash_token(token),
            token_hint=token[-6:],
            recipient=recipient,
            created_by=user,
            expires_at=expires_at,
            ends_at_go_live=go_live is not None and expires_at == go_live,
        )
        return link, token

    @cached_property
    def ends_at(self):
        """When the link stops working: its own time, or a rescheduled go-live it was made to follow."""
        if self.ends_at_go_live:
            go_live = scheduled_go_live(self.page)
            if go_live is not None:
                return min(go_live, self.created_at + MAX_LIFETIME)
        return self.expires_at

    @property
    def is_released(self):
        """True once the shared revision, or a later one, is live: the embargo is over."""
        page = self.page
        if not page.live:
            return False
        if page.live_revision_id is not None:
            # Revision ids only grow, so a live revision at or after the shared one was published after it.
            return page.live_revision_id >= self.revision_id
        return page.last_published_at is not None and page.last_published_at >= self.revision.created_at

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.ends_at <= timezone.now()

    @property
    def is_active(self):
        return not self.is_revoked and not self.is_expired

    @property
    def status(self):
        if self.is_revoked:
            return "Revoked"
        if self.is_expired:
            return "Expired"
        return "Active"

    def revoke(self, user, because=""):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = user
            self.revoked_because = because
            self.save(update_fields=["revoked_at", "revoked_by", "revoked_because"])
