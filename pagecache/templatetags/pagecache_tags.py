from django import template
from django.conf import settings

from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

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
