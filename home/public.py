"""What the public may see: the one question every listing, count, chart, export, feed and API asks.

A page is public when it is live (published, not expired) and neither it nor
any page above it is behind Wagtail's Privacy setting (a password, a login or a
group). Anything shown about a page elsewhere (a response in the commitment
explorer, a count on the pledge page, a row in a CSV) must come through here.
"""

from wagtail.models import Page


def public_pages(queryset=None):
    """The pages of `queryset` (default: all pages) that an anonymous visitor may open."""
    if queryset is None:
        queryset = Page.objects.all()
    return queryset.live().public()
