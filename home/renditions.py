"""The renditions the site's templates show, named in one place, and the task that makes them ahead of visitors.

Templates ask for a named set (`{% site_picture image "featured" %}`, home/templatetags/site_images.py),
listings prefetch the same specs, and a background task (Django's task framework) makes every set
when an image is saved and when a page that uses an image is published. A public request then only
reads renditions that exist, instead of decoding a big original while a visitor waits.
"""

from django.db import transaction
from django.db.models.signals import post_save

from wagtail.images import get_image_model
from wagtail.signals import page_published

from django_tasks import task

FORMATS = ("avif", "webp", "jpeg")


def widths(*sizes):
    """A <picture>'s specs: every format at every width, in the order Wagtail's picture tag expands them."""
    return [f"format-{fmt}|width-{size}" for fmt in FORMATS for size in sizes]


# Link previews on social media and in chat apps (Open Graph and Twitter cards).
OPEN_GRAPH = "fill-1200x630|format-jpeg"

# NewsArticle structured data: search engines ask for 16:9, 4:3 and 1:1 crops.
STRUCTURED_DATA = {
    "16x9": "fill-1200x675|format-jpeg",
    "4x3": "fill-1200x900|format-jpeg",
    "1x1": "fill-1200x1200|format-jpeg",
}

# The organisation's logo in structured data: whole, never cropped.
LOGO = "max-600x600|format-png"

# The featured image as a feed enclosure and in the syndication API.
FEED_ENCLOSURE = OPEN_GRAPH
API_RENDITIONS = {"large": "width-1200|format-jpeg", "medium": "width-800|format-jpeg", **STRUCTURED_DATA}

# Every spec above, for anything that makes renditions ahead of time.
SHARING_SPECS = sorted({OPEN_GRAPH, LOGO, *STRUCTURED_DATA.values(), *API_RENDITIONS.values()})

RENDITION_SETS = {
    # A release's featured image and a picture in a page body (components/blocks/image.html).
    "featured": widths(400, 800, 1200),
    # The image on a news card in listings (news/includes/news_card.html).
    "card": widths(400, 800),
    # A signatory's logo (pledge/signatory_page.html).
    "logo": ["max-240x120"],
    # Link previews, structured data, feed enclosures and the syndication API (below).
    "sharing": SHARING_SPECS,
}
CARD_IMAGE_SPECS = RENDITION_SETS["card"]
FEATURED_IMAGE_SPECS = RENDITION_SETS["featured"]
LOGO_IMAGE_SPEC = RENDITION_SETS["logo"][0]
ALL_SPECS = list(dict.fromkeys(spec for specs in RENDITION_SETS.values() for spec in specs))


@task()
def make_renditions(image_ids):
    """Make every rendition the site shows for these images; the ones that exist are left alone."""
    for image in get_image_model().objects.filter(pk__in=image_ids):
        try:
            image.get_renditions(*ALL_SPECS)
        except (OSError, ValueError):
            # A missing or unreadable original: the page shows Wagtail's "not found" rendition instead.
            continue


def enqueue_after_commit(image_ids):
    """Queue the task once the transaction that saved the image or page is committed (it must see them)."""
    image_ids = sorted({int(pk) for pk in image_ids})
    if image_ids:
        transaction.on_commit(lambda: make_renditions.enqueue(image_ids))


def images_used_by(page):
    """The ids of library images a page shows: its image fields, and images in its StreamFields and rich text."""
    image_model = get_image_model()
    for field in page._meta.concrete_fields:
        value = field.value_from_object(page)
        if not value:
            continue
        if field.many_to_one and field.related_model is image_model:
            yield value
        elif hasattr(field, "extract_references"):  # what Wagtail's reference index reads, without the index
            yield from (ref[1] for ref in field.extract_references(value) if issubclass(ref[0], image_model))


def on_image_saved(instance, raw=False, **kwargs):
    if not raw:  # loaddata: the file may not be in place yet
        enqueue_after_commit([instance.pk])


def on_page_published(instance, **kwargs):
    enqueue_after_commit(images_used_by(instance.specific))


def connect_signals():
    post_save.connect(on_image_saved, sender=get_image_model(), dispatch_uid="home.renditions.image_saved")
    page_published.connect(on_page_published, dispatch_uid="home.renditions.page_published")
