"""Answers keep paragraphs, lists and links, nothing else; pasted HTML is cleaned with nh3 (ammonia)."""

import re

from django.utils.html import linebreaks

import nh3

TAGS = {"p", "br", "ul", "ol", "li", "a"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
BLOCK_TAG = re.compile(r"<(p|ul|ol|li)\b", re.IGNORECASE)
# What a person would not have meant to paste: code that runs, not formatting.
ACTIVE_CONTENT = re.compile(r"<\s*(script|iframe|object|embed|style)\b|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def clean(value):
    return nh3.clean(value or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None).strip()


def has_active_content(value):
    return bool(ACTIVE_CONTENT.search(value or ""))


def word_count(value):
    return len(nh3.clean(value or "", tags=set()).split())


def as_html(value):
    """What a reader sees: the cleaned HTML, or typed text with blank lines made paragraphs."""
    value = clean(value)
    if BLOCK_TAG.search(value):
        return value
    return linebreaks(value, autoescape=False)
