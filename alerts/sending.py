"""Alerts go out in the background: publishing a release queues a task (Django's task framework) that
sends each subscriber's alert once.

The task first writes one Delivery row per (release, subscriber), protected by a unique constraint,
then claims a batch of rows ("sending", with the claim's time) before sending them. Each row is
marked "sent" the moment the mail server accepts its email, in its own write, so a worker that dies
mid-batch leaves only rows it had not sent as "sending". Once ALERTS_CLAIM_TIMEOUT has passed since
the claim (a live worker renews its claim well before that), any later run of the task takes those
rows again: a rerun never resends a row marked sent and never skips one that was not. The claim
itself is synergi_site/claims.py, shared with the reporting emails.

The one window left is between the mail server's "250 accepted" and the row's "sent" write (one
email per dead worker at most). No client can close it (SMTP has no two-phase commit, RFC 1047), so
we choose to resend rather than to lose: the resend carries the same Message-ID
(`<release-N.alert-M@domain>`), which is how receiving systems recognise a duplicate.

Sends are throttled (ALERTS_SENDS_PER_MINUTE), temporary SMTP failures retried with back-off
(ALERTS_RETRY_DELAYS), and a permanent failure stops mail to the address.
"""

import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from wagtail.signals import page_published

from django_tasks import task

from home.public import public_pages
from news.models import NewsPage
from synergi_site import claims

from . import emails
from .models import Delivery, ReleaseAlert, ReleaseUpdate, Subscriber, Suppression, address_hash

# A release is back-dated when the date it shows is this much before it first went live.
BACK_DATED_AFTER = timedelta(days=1)


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


def classify_smtp_error(error):
    """Temporary (4xx, a dropped connection, a timeout) or permanent (5xx: the address will not take mail)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        permanent = codes and all(code >= 500 for code in codes)
        return PermanentFailure if permanent else TemporaryFailure
    if isinstance(error, smtplib.SMTPResponseException):
        return PermanentFailure if error.smtp_code >= 500 else TemporaryFailure
    return TemporaryFailure


def is_first_go_live(page):
    """Whether this publish is the release's first: Wagtail sets both times together only then."""
    return page.first_published_at is not None and page.first_published_at == page.last_published_at


def is_back_dated(page):
    return page.display_date is not None and page.display_date < page.first_published_at - BACK_DATED_AFTER


def start_alert(page, include_back_dated=False):
    """Record that the release's alert has started and queue its task after commit; False if it had started."""
    if is_back_dated(page) and not include_back_dated:
        return False
    try:
        with transaction.atomic():
            ReleaseAlert.objects.create(release=page)
    except IntegrityError:
        return False
    transaction.on_commit(lambda: send_release_alert.enqueue(page.pk))
    return True


def start_update(page, user, note=""):
    """Send the live version of a republished release to its readers as an update, once per revision.

    Returns the new ReleaseUpdate, or None when this revision has already gone as an update (or the
    release never went out at all: the first alert, not an update, is what it needs).
    """
    if not page.live or page.live_revision_id is None or not ReleaseAlert.objects.filter(release=page).exists():
        return None
    try:
        with transaction.atomic():
            update = ReleaseUpdate.objects.create(
                release=page, revision_id=page.live_revision_id, note=note.strip()[:300], started_by=user
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: send_release_alert.enqueue(page.pk, update.pk))
    return update


def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, NewsPage) and is_first_go_live(instance):
        start_alert(instance)


def connect_signals():
    page_published.connect(on_page_published, sender=NewsPage, dispatch_uid="alerts_on_page_published")


def write_deliveries(release, update=None):
    topic_ids = list(release.topics.values_list("pk", flat=True))
    subscriber_ids = Subscriber.objects.for_topics(topic_ids).values_list("pk", flat=True).iterator(chunk_size=2000)
    batch = []
    for subscriber_id in subscriber_ids:
        batch.append(Delivery(release=release, update=update, subscriber_id=subscriber_id))
        if len(batch) >= 1000:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Delivery.objects.bulk_create(batch, ignore_conflicts=True)


def claimable(release, update=None):
    """Rows no live worker holds (synergi_site.claims: queued, or claimed by a worker now dead)."""
    return claims.claimable(Delivery.objects.filter(release=release, update=update))


def claim(release, update, batch):
    """Take these deliveries for this worker, in one write; returns those no one else had taken meanwhile."""
    rows = Delivery.objects.filter(release=release, update=update)
    taken = claims.claim(rows, [delivery.pk for delivery in batch], attempts=F("attempts") + 1)
    return [delivery for delivery in batch if delivery.pk in taken]


def send_with_retries(connection, message):
    """Send one message, retrying temporary failures after each of ALERTS_RETRY_DELAYS seconds."""
    delays = list(settings.ALERTS_RETRY_DELAYS)
    while True:
        try:
            connection.open()
            connection.send_messages([message])
            return
        except (smtplib.SMTPException, OSError) as error:
            kind = classify_smtp_error(error)
            connection.close()
            if kind is PermanentFailure or not delays:
                raise kind(str(error)[:200]) from error
            time.sleep(delays.pop(0))


def fail(delivery, failure, permanent):
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, error=str(failure)[:200])
    if permanent:
        Subscriber.objects.filter(pk=delivery.subscriber_id).update(status=Subscriber.Status.BOUNCED)
        Suppression.add(delivery.subscriber.email, Suppression.Reason.BOUNCED)


def mark_sent(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now(), error="")


def send_batch(connection, batch, *, release, update, topics, pause):
    """Send a claimed batch, marking each row sent as soon as the mail server has accepted it."""
    hashes = {delivery.pk: address_hash(delivery.subscriber.email) for delivery in batch}
    suppressed = set(Suppression.objects.filter(email_hash__in=hashes.values()).values_list("email_hash", flat=True))
    renewal = claims.Renewal(Delivery)
    sent = 0
    for position, delivery in enumerate(batch):
        renewal.keep(batch[position:])  # slow sending (throttle, retries): still alive
        if hashes[delivery.pk] in suppressed:
            fail(delivery, "Address suppressed", permanent=False)
            continue
        message = emails.release_alert(release, delivery.subscriber, delivery, topics, update=update)
        try:
            send_with_retries(connection, message)
        except PermanentFailure as failure:
            fail(delivery, failure, permanent=True)
        except TemporaryFailure as failure:
            fail(delivery, failure, permanent=False)
        else:
            mark_sent(delivery)
            sent += 1
        if pause:
            time.sleep(pause)
    return sent


@task()
def send_release_alert(release_id, update_id=None):
    """Send a release's alert (or one update of it) to every subscriber of its topics who has not had it."""
    release = public_pages(NewsPage.objects.filter(pk=release_id)).first()
    if release is None:  # unpublished or made private before the worker got to it
        return 0
    update = None
    if update_id is not None:
        update = ReleaseUpdate.objects.filter(pk=update_id, release=release).first()
        if update is None:
            return 0
    write_deliveries(release, update)
    topics = list(release.topics.all())
    per_minute = settings.ALERTS_SENDS_PER_MINUTE
    pause = 60 / per_minute if per_minute else 0
    sent = 0
    with mail.get_connection() as connection:
        while True:
            candidates = claimable(release, update).select_related("subscriber").order_by("pk")
            batch = list(candidates[: settings.ALERTS_BATCH_SIZE])
            if not batch:
                break
            claimed = claim(release, update, batch)
            sent += send_batch(connection, claimed, release=release, update=update, topics=topics, pause=pause)
    return sent


@task()
def send_confirmation(subscriber_id):
    """The one email an unconfirmed sign-up gets: its confirmation link (or, if confirmed, its preferences)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return
    if subscriber.confirmed_at is None:
        message = emails.confirmation(subscriber)
    else:
        message = emails.already_subscribed(subscriber)
    message.send()


def delivery_summary(release):
    """What editors see on a release: how many alerts were queued, sent and failed, and when."""
    counts = Delivery.objects.filter(release=release, update=None).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        queued=Count("pk", filter=Q(status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING])),
    )
    alert = ReleaseAlert.objects.filter(release=release).first()
    last = Delivery.objects.filter(release=release, update=None, sent_at__isnull=False).order_by("-sent_at").first()
    updates = ReleaseUpdate.objects.filter(release=release).annotate(
        total=Count("deliveries"),
        sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
    )
    return {
        **counts,
        "updates": list(updates.select_related("started_by")),
        "started_at": alert.started_at if alert else None,
        "last_sent_at": last.sent_at if last else None,
    }


def delete_stale_signups(now=None):
    """Unconfirmed sign-ups are deleted after ALERTS_UNCONFIRMED_DAYS."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS)
    deleted, _ = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return deleted


def resume_alerts():
    """Queue the alert task again for every release a dead worker left unfinished; returns their ids.

    A worker killed mid-run leaves its task marked running in the queue, so nothing runs it again
    by itself: cron runs `manage.py resume_alerts` every few minutes. Rows a live worker holds are
    not claimable, so a live worker's releases are not queued twice.
    """
    unfinished = sorted(
        set(claims.unfinished(Delivery.objects.all()).values_list("release_id", "update_id")),
        key=lambda pair: (pair[0], pair[1] or 0),
    )
    for release_id, update_id in unfinished:
        send_release_alert.enqueue(release_id, update_id)
    return unfinished
