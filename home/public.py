"""What the public may see: the one question every listing, count, chart, export, feed and API asks.

A page is public when it is live (published, not expired) and neither it nor
any page above it is behind Wagtail's Privacy setting (a password, a login or a
group). Anything shown about a page elsewhere (a response in the commitment
explorer, a count on the pledge page, a row in a CSV, a name next to a report)
must come through here: pages through `public_pages`, rows that belong to a page
through `with_public_page`, a page named by another through `public_page_flag`.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.models import Page, PageViewRestriction


def behind_privacy():
    """True for a page that has a view restriction, or has one above it (its path starts with that page's).

    The same test as Wagtail's PageQuerySet.public(), as part of the one SQL query rather than a
    query for the restrictions first: a listing asks no more queries for it however often it asks.
    """
    return Exists(PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path"))))


def public_pages(queryset=None):
    """The pages of `queryset` (default: all pages) that an anonymous visitor may open."""
    if queryset is None:
        queryset = Page.objects.all()
    # exclude(Exists) rather than filter(~Exists): the query cache (django-cachalot) sees the restrictions
    # table only in the first form, and must, to drop a kept listing the moment a page is made private.
    return queryset.live().exclude(behind_privacy())


def searchable_public_pages():
    """The same pages as public_pages(), written the way a search backend can filter on (not a subquery).

    Wagtail's search backends translate a queryset's filters into their own query and understand
    only plain field lookups: Wagtail's own PageQuerySet.public() (a query for the restrictions first).
    """
    return Page.objects.live().public()


def with_public_page(queryset, field):
    """The rows of `queryset` whose page in `field` (a foreign key path, e.g. "report") is public."""
    return queryset.filter(**{f"{field}__in": public_pages().values("pk")})


def public_page_flag(field):
    """An annotation: True when the page in `field` (a foreign key path) is public, False when absent or not."""
    return Exists(public_pages().filter(pk=OuterRef(field)))


def is_public(page):
    """True when an anonymous visitor may open `page` (None is not public)."""
    return page is not None and public_pages(Page.objects.filter(pk=page.pk)).exists()
