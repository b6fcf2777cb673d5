from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from synergi_site.health import healthz

# The admin's address can be moved away from the well-known /admin/.
ADMIN_PATH = getattr(settings, "WAGTAIL_ADMIN_PATH", "admin").strip("/")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(f"{ADMIN_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("consent.urls")),
    path("", include("news.urls")),
    path("", include("pledge.urls")),
    path("", include("search.urls")),
    path("", include("newsdesk.urls")),
    path("", include("opendata.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# A database outage answers the 503 page, whatever raised it.
handler500 = "synergi_site.errors.server_error"
