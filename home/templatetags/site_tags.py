from django import template

from home.blocks import file_summary as _file_summary

register = template.Library()


@register.filter
def file_summary(document):
    """{{ document|file_summary }} -> 'PDF, 1.2 MB'."""
    return _file_summary(document)
