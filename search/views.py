"""Site search over every live public page (search/bounded.py on PostgreSQL), and robots.txt for search engines."""

import html
import re

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from home.public import searchable_public_pages
from search import bounded

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200  # longer queries are cut, not refused
MAX_HIGHLIGHT_TERMS = 10
SUMMARY_LENGTH = 300


def plain_text(page, attribute):
    """The field's text; rich text (the pledge's introduction) without its tags and entities."""
    text = getattr(page, attribute, "")
    if not isinstance(text, str):
        return ""
    field = next((field for field in page._meta.get_fields() if field.name == attribute), None)
    if isinstance(field, RichTextField):
        text = html.unescape(strip_tags(text))
    return " ".join(text.split())


def summary_of(page):
    """What a result says about itself: the SEO description, a standfirst or an introduction."""
    for attribute in ("search_description", "standfirst", "introduction"):
        text = plain_text(page, attribute)
        if text:
            return text if len(text) <= SUMMARY_LENGTH else text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"
    return ""


def highlight(text, query):
    """`text` escaped, with each query word wrapped in <mark>: matched on the raw text, escaped piece by piece."""
    terms = sorted({term for term in query.split() if term}, key=len, reverse=True)[:MAX_HIGHLIGHT_TERMS]
    if not terms or not text:
        return escape(text)
    pattern = re.compile("(" + "|".join(re.escape(term) for term in terms) + ")", re.IGNORECASE)
    pieces = pattern.split(text)
    # re.split with one group: matches sit at the odd positions.
    html = "".join(f"<mark>{escape(piece)}</mark>" if i % 2 else escape(piece) for i, piece in enumerate(pieces))
    return mark_safe(html)  # noqa: S308 - every piece was escaped


def search_terms(query):
    """Words only, lower case: quotes, brackets and upper-case AND/OR/NOT are query syntax to
    SQLite's full-text engine, and a stray one is a syntax error there."""
    return " ".join(re.sub(r"[^\w]+", " ", query).lower().split())


@require_GET
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    terms = search_terms(query)
    results_page = None
    capped = False
    if query:
        page_number = request.GET.get("page")
        if terms and bounded.is_available():
            # PostgreSQL: the best matches among the newest, so a common word costs the same on a site of any size.
            matches = bounded.ranked_matches(terms)
            capped = matches.capped
            results_page = Paginator(matches.pages, RESULTS_PER_PAGE).get_page(page_number)
            results_page.object_list = bounded.specific_pages(results_page.object_list)
        else:
            results = searchable_public_pages().specific().search(terms) if terms else Page.objects.none()
            results_page = Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
        for result in results_page.object_list:
            result.search_summary = highlight(summary_of(result), terms)
    context = {"query": query, "results_page": results_page, "capped": capped, "limit": bounded.CANDIDATE_LIMIT}
    # Results are not a page to index or share: base.html sends noindex and no sharing card.
    context["no_sharing"] = True
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def robots_txt(request):
    site = Site.find_for_request(request)
    root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    lines = ["User-agent: *", "Disallow: /search/", f"Sitemap: {root_url}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
