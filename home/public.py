"""What the public may see: the one question every listing, count, chart, export, feed and API asks.

A page is public when it is live (published, not expired) and neither it nor
any page above it is behind Wagtail's Privacy setting (a password, a login or a
group). Anything shown about a page elsewhere (a response in the commitment
explorer, a count on the pledge page, a row in a CSV, a name next to a report)
must come through here: pages through `public_pages`, rows that belong to a page
through `with_public_page`, a page named by another through `public_page_flag`.
"""

from django.db.models import Exists, OuterRef

from wagtail.models import Page


def public_pages(queryset=None):
    """The pages of `queryset` (default: all pages) that an anonymous visitor may open."""
    if queryset is None:
        queryset = Page.objects.all()
    return queryset.live().public()


def with_public_page(queryset, field):
    """The rows of `queryset` whose page in `field` (a foreign key path, e.g. "report") is public."""
    return queryset.filter(**{f"{field}__in": public_pages().values("pk")})


def public_page_flag(field):
    """An annotation: True when the page in `field` (a foreign key path) is public, False when absent or not."""
    return Exists(public_pages().filter(pk=OuterRef(field)))


def is_public(page):
    """True when an anonymous visitor may open `page` (None is not public)."""
    return page is not None and public_pages(Page.objects.filter(pk=page.pk)).exists()
