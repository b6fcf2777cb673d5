from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from synergi_site import documents
from synergi_site.health import healthz
from synergi_site.media import serve_media

# The admin's address can be moved away from the well-known /admin/.
ADMIN_PATH = getattr(settings, "WAGTAIL_ADMIN_PATH", "admin").strip("/")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(f"{ADMIN_PATH}/", include(wagtailadmin_urls)),
    # Wagtail's document download, with a Cache-Control by the collection's privacy (same address and name).
    re_path(r"^documents/(\d+)/(.*)$", documents.serve, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("consent.urls")),
    path("", include("news.urls")),
    path("", include("pledge.urls")),
    path("", include("search.urls")),
    path("", include("newsdesk.urls")),
    path("", include("opendata.urls")),
    path("", include("alerts.urls")),
    path("", include("reporting.urls")),
]

# Uploaded images on local disk are served by the app, in production too (synergi_site/media.py);
# with object storage (MEDIA_S3_BUCKET) their URLs point at the bucket instead.
if settings.MEDIA_SERVED_BY_APP:
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media")]

urlpatterns += [path("", include(wagtail_urls))]

# A database outage answers the 503 page, whatever raised it.
handler500 = "synergi_site.errors.server_error"
