"""`{% site_picture image "featured" sizes="…" %}` and `{% site_image image "logo" %}`: the named renditions.

The names and their specs live in home/renditions.py, the same list the background task makes
when an image is saved or a page using it is published, so a visitor's request finds them made.
"""

from django import template
from django.utils.safestring import mark_safe

from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_rendition_or_not_found, get_renditions_or_not_found

from home.renditions import RENDITION_SETS

register = template.Library()


@register.simple_tag
def site_picture(image, name, **attrs):
    """A <picture> with a source per format and a srcset per width, from the named set."""
    if not image:
        return ""
    renditions = get_renditions_or_not_found(image, RENDITION_SETS[name])
    return mark_safe(Picture(renditions, attrs).__html__())  # noqa: S308 - Wagtail escapes every attribute


@register.simple_tag
def site_image(image, name, **attrs):
    """An <img> of the named single-spec set (e.g. a logo)."""
    if not image:
        return ""
    (spec,) = RENDITION_SETS[name]
    return get_rendition_or_not_found(image, spec).img_tag(attrs)
