from django import template

from news.models import Topic

from .. import tokens

register = template.Library()


@register.inclusion_tag("alerts/includes/signup_form.html", takes_context=True)
def alerts_signup_form(context, chosen_topics=None, topic=None, topics=None, heading_level=2):
    """The sign-up form for shared-cached pages: no CSRF token, a signed start time, a honeypot.

    `topics` are the choices offered (default: every topic; a release offers its own, already read).
    """
    request = context.get("request")
    chosen = list(chosen_topics or []) + ([topic] if topic else [])
    chosen_ids = {each.pk for each in chosen}
    return {
        "topics": list(Topic.objects.all() if topics is None else topics),
        "chosen_ids": chosen_ids,
        "started": tokens.form_started(),
        "next": request.path if request else "",
        "heading_level": heading_level,
    }
