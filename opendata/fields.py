"""The fields each dataset publishes, in one place: the API's JSON and the CSV columns both read these.

Each field is (name, function of the object and the site's root URL). Rich text and body HTML are
made portable (absolute links, nothing that runs) by home.syndication.
"""

from wagtail.rich_text import expand_db_html

from home import renditions
from home.sharing import absolute
from home.syndication import portable_html


def iso(value):
    return value.isoformat() if value else None


def page_url(page, root_url):
    url = page.get_url()
    return absolute(url, root_url) if url else None


def image_renditions(image, root_url):
    if image is None:
        return None
    sizes = {}
    for name, spec in renditions.API_RENDITIONS.items():
        rendition = image.get_rendition(spec)
        sizes[name] = {"url": absolute(rendition.url, root_url), "width": rendition.width, "height": rendition.height}
    return {"alt": image.alt_text, "credit": image.credit, "renditions": sizes}


def news_body(page, root_url):
    return portable_html(page.body.render_as_block(), page_url(page, root_url) or root_url + "/")


def date_modified(page):
    return max(page.last_published_at, page.date) if page.last_published_at else page.date


NEWS_FIELDS = [
    ("headline", lambda page, root: page.title),
    ("standfirst", lambda page, root: page.standfirst),
    ("date_published", lambda page, root: iso(page.date)),
    ("date_modified", lambda page, root: iso(date_modified(page))),
    ("topics", lambda page, root: [{"name": topic.name, "slug": topic.slug} for topic in page.topics.all()]),
    ("canonical_url", page_url),
    ("image", lambda page, root: image_renditions(page.featured_image, root)),
    ("image_caption", lambda page, root: page.featured_image_caption),
    ("body_html", news_body),
]
NEWS_LISTING_FIELDS = ["headline", "standfirst", "date_published", "topics", "canonical_url"]

SIGNATORY_FIELDS = [
    ("name", lambda page, root: page.title),
    ("role", lambda page, root: page.get_role_display()),
    ("organisation_type", lambda page, root: page.get_organisation_type_display()),
    ("region", lambda page, root: page.get_region_display()),
    ("date_signed", lambda page, root: iso(page.date_signed)),
    ("website", lambda page, root: page.website),
    ("profile_url", page_url),
    ("is_fictional_example", lambda page, root: page.is_fictional_example),
]

ROUND_FIELDS = [
    ("name", lambda item, root: item.name),
    ("date", lambda item, root: iso(item.date)),
    ("progress_reports", lambda item, root: item.report_count),
]


# The report an answer belongs to: the same columns for its commitments' responses and its extra answers.
REPORT_FIELDS = [
    ("round_id", lambda answer, root: answer.report.round_id),
    ("round", lambda answer, root: answer.report.round.name if answer.report.round else None),
    ("signatory", lambda answer, root: answer.report.signatory.title if answer.report.signatory else None),
    (
        "signatory_url",
        lambda answer, root: page_url(answer.report.signatory, root) if answer.report.signatory else None,
    ),
    ("report", lambda answer, root: answer.report.title),
    ("report_url", lambda answer, root: page_url(answer.report, root)),
    ("report_published", lambda answer, root: iso(answer.report.publication_date)),
]

RESPONSE_FIELDS = [
    ("commitment_number", lambda answer, root: answer.commitment.number),
    ("commitment", lambda answer, root: answer.commitment.short_title),
    *REPORT_FIELDS,
    ("response_html", lambda answer, root: portable_html(expand_db_html(answer.response), root + "/")),
    # Where the signatory says it stands (on track, achieved, delayed, not started), from the reporting round.
    ("status", lambda answer, root: answer.status or None),
]


# A progress report's answers to its round's extra questions: the same report columns as a response.
EXTRA_ANSWER_FIELDS = [
    ("question", lambda answer, root: answer.question),
    *REPORT_FIELDS,
    ("answer_html", lambda answer, root: portable_html(expand_db_html(answer.answer), root + "/")),
    ("status", lambda answer, root: answer.status or None),
]


def row(fields, item, root_url):
    return {name: function(item, root_url) for name, function in fields}
