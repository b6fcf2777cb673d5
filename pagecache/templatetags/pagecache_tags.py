from django import template
from django.conf import settings

from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.models import Site

from pagecache import store

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_userbar(context, position="bottom-right"):
    """Wagtail's userbar for logged-in editors, without reading anonymous visitors' sessions.

    {% wagtailuserbar %} reads request.user on every page, which loads the
    session and makes every response Vary on Cookie: no shared cache could keep
    it. Anonymous visitors have no session cookie, so the check stops there.
    """
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    return wagtailuserbar(context, position)


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name_parts):
        self.nodelist = nodelist
        self.name_parts = name_parts

    def render(self, context):
        request = context.get("request")
        if request is not None and getattr(request, "is_preview", False):
            return self.nodelist.render(context)  # a preview shows the draft: never a shared copy
        site = Site.find_for_request(request) if request is not None else None
        parts = [str(part.resolve(context)) for part in self.name_parts]
        name = ":".join([*parts, str(site.pk if site else "")])
        return store.remember(name, lambda: self.nodelist.render(context))


@register.tag
def shared_fragment(parser, token):
    """{% shared_fragment "footer" %}...{% endshared_fragment %}: rendered once per site until the next purge.

    For parts every page shows identically (the footer): their queries run once,
    not on every uncached page. Parts that differ by page name what they differ
    by: {% shared_fragment "news-related" page.pk %}. Anything else that varies
    (the request, the visitor) must stay outside. Previews always render afresh.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shared_fragment takes a name, then any values the fragment varies by")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
