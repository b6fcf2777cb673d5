"""Each email once, even when a worker dies: the claim a worker puts on the rows it is about to send.

One place for the rule every send on the site follows (news alerts' Delivery rows, reporting's
ContactEmail rows). A row is written "queued" before anything is sent; a worker takes a batch by
marking it "sending" with the claim's time (`claimed_at`), in one write and skipping rows another
worker has locked; each row is marked sent (or failed) the moment its email is done. A worker that
dies leaves only rows it had not finished as "sending". Once ALERTS_CLAIM_TIMEOUT seconds have
passed since the claim (a live worker renews its claim at half that, however slowly it sends),
the next run takes them again; a row marked sent is never taken again.

The models need `status` (with Status.QUEUED and Status.SENDING), `claimed_at` and `created_at`.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone


def cutoff():
    """A claim older than this belongs to a dead worker."""
    return timezone.now() - timedelta(seconds=settings.ALERTS_CLAIM_TIMEOUT)


def claimable(rows):
    """Those of `rows` no live worker holds: queued, or claimed by a worker not heard of since the cutoff."""
    status = rows.model.Status
    return rows.filter(Q(status=status.QUEUED) | Q(status=status.SENDING, claimed_at__lt=cutoff()))


def claim(rows, ids, **changes):
    """Take those of `ids` still claimable for this worker, in one write; returns the set taken.

    `changes` are written with the claim (e.g. attempts=F("attempts") + 1)."""
    now = timezone.now()
    with transaction.atomic():
        locked = claimable(rows).filter(pk__in=ids).select_for_update(skip_locked=True)
        taken = set(locked.values_list("pk", flat=True))
        rows.model.objects.filter(pk__in=taken).update(status=rows.model.Status.SENDING, claimed_at=now, **changes)
    return taken


def renew(model, ids):
    """This worker is still alive: its claim on those of `ids` it has not finished starts again."""
    model.objects.filter(pk__in=ids, status=model.Status.SENDING).update(claimed_at=timezone.now())


class Renewal:
    """Renews a batch's claim at half the timeout while it is sent slowly (a throttle, retries).

    Call keep(rows_left) before each send: the rows not yet sent are renewed when due."""

    def __init__(self, model):
        self.model = model
        self.every = settings.ALERTS_CLAIM_TIMEOUT / 2
        self.renewed = time.monotonic()

    def keep(self, rows_left):
        if time.monotonic() - self.renewed > self.every:
            renew(self.model, [row.pk for row in rows_left])
            self.renewed = time.monotonic()


def unfinished(rows):
    """Those of `rows` a dead worker left (claimed before the cutoff), or that no worker took that long."""
    status = rows.model.Status
    return rows.filter(
        Q(status=status.SENDING, claimed_at__lt=cutoff()) | Q(status=status.QUEUED, created_at__lt=cutoff())
    )
