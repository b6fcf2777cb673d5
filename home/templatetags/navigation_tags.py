from typing import NamedTuple

from django import template

from wagtail.models import Site

from home.public import public_pages

register = template.Library()


class MenuItem(NamedTuple):
    """What the menu shows of a page: plain values, cheap to keep and to read back on every page."""

    title: str
    url: str
    path: str  # the page's place in the tree, to tell the current section


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The home page's children ticked 'Show in menus', in tree order."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []

    pages = public_pages(site.root_page.get_children()).in_menu().specific(defer=True)
    return [MenuItem(page.title, page.get_url(request=request), page.path) for page in pages]


@register.simple_tag(takes_context=True)
def is_current_section(context, menu_item):
    """True when the page being shown is the menu item or inside it."""
    page = context.get("page")
    if page is None or not hasattr(page, "path"):
        return False
    return page.path.startswith(menu_item.path)
