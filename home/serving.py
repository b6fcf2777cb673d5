"""Lookups every page view repeats, kept across requests until the next purge.

Before a page renders, Wagtail finds the request's Site (a query), loads its
home page as HomePage (a query), walks the path (HomePage.route: a query), and
checks the page and its ancestors for view restrictions (two queries). None of
these change unless an editor publishes, moves or deletes a page, or changes a
Site or a page's privacy, and each of those empties pagecache's store, so here
they are kept in it. The page served is still loaded afresh on every request.
"""

from django.http.request import split_domain_port

from wagtail.models import PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from pagecache import store


def find_site(hostname, port):
    """Wagtail's own Site lookup (as Site.find_for_request), with the home page loaded as its own type."""
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    site.root_page = site.root_page.specific
    return site


class SiteLookupMiddleware:
    """Gives Site.find_for_request the request's Site from the store instead of a query per request.

    Wagtail keeps the Site it finds on the request as `_wagtail_site` and looks
    no further when it is set. It sits after CommonMiddleware, which has already
    refused hosts not in ALLOWED_HOSTS, so the keys are the site's own few hosts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()
        request._wagtail_site = store.remember(f"site:{hostname}:{port}", lambda: find_site(hostname, port))
        return self.get_response(request)


def any_view_restrictions():
    """True while any page is private (a password, a login or a group): rare on this site."""
    return store.remember("view-restrictions:any", PageViewRestriction.objects.exists)


class PublicPageMixin:
    """For page types: no view-restriction queries while no page on the site is private.

    Wagtail's check_view_restrictions hook asks every page served for its
    restrictions (its own and its ancestors': two queries). With none anywhere
    the answer is known; with any, Wagtail's own lookup runs as before.
    """

    def get_view_restrictions(self):
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
