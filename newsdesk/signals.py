"""Unpublishing a release ends its embargoed preview links: a journalist sees 'page not found'."""

from django.dispatch import receiver
from django.utils import timezone

from wagtail.signals import page_unpublished

from .models import EmbargoLink

UNPUBLISHED = "the release was unpublished"


@receiver(page_unpublished)
def revoke_links_of_unpublished_page(sender, instance, **kwargs):
    EmbargoLink.objects.filter(page_id=instance.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_because=UNPUBLISHED
    )
