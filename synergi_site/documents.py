"""Document downloads with a Cache-Control that keeps a private collection's files out of shared caches.

Wagtail's own view serves the file (or its password form, for a restricted collection)
and sends no Cache-Control, so a CDN or proxy may keep any of them. A document in a
collection with a view restriction (its own or an ancestor's) is `private, no-store`;
any other is public for five minutes, so a file replaced or moved to a private
collection stops being handed out soon after.
"""

from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve

PUBLIC_MAX_AGE = 300


def is_private(document_id):
    document = get_document_model().objects.filter(pk=document_id).select_related("collection").first()
    return document is None or document.collection.get_view_restrictions().exists()


def serve(request, document_id, document_filename):
    response = wagtail_serve(request, document_id, document_filename)
    if is_private(document_id):
        response["Cache-Control"] = "private, no-store"
    elif response.status_code == 200:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response
