"""/media/ served by the app itself while uploads are on local disk (production without object storage).

Only the image folders of settings.MEDIA_PUBLIC_FOLDERS are served, each with its Cache-Control:
renditions (images/) for a year and immutable, since a new crop or a replaced original gets a new
file name; originals (original_images/) for an hour. Documents are never served from here: they
go through Wagtail's serve view, which applies collection privacy. Only image types are sent, with
`nosniff`. A folder, a missing file and anything that would leave its folder (`..`, an absolute path,
a symlink out, a null byte) are all the same 404.
"""

import stat
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

IMAGE_CONTENT_TYPES = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def media_file(path):
    """(path on disk, its stat, Content-Type, Cache-Control) of a servable upload; else Http404."""
    folder, _, rest = path.partition("/")
    cache_control = settings.MEDIA_PUBLIC_FOLDERS.get(folder)
    content_type = IMAGE_CONTENT_TYPES.get(Path(rest).suffix.lower())
    if cache_control is None or content_type is None or "\x00" in path:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        # safe_join refuses '..' and absolute paths; resolving follows symlinks, checked below.
        full_path = Path(safe_join(root, path)).resolve(strict=True)
        status = full_path.stat()
    except (SuspiciousFileOperation, OSError, ValueError):
        raise Http404 from None
    if not full_path.is_relative_to(root / folder) or not stat.S_ISREG(status.st_mode):
        raise Http404
    return full_path, status, content_type, cache_control


@require_safe
def serve_media(request, path):
    full_path, status, content_type, cache_control = media_file(path)
    if not was_modified_since(request.headers.get("If-Modified-Since"), status.st_mtime):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(full_path.open("rb"), content_type=content_type)
        response["Content-Length"] = status.st_size
    response["Last-Modified"] = http_date(status.st_mtime)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response
