"""The site's URLs plus views that break the page-caching contract in each way the cache must notice."""

from django.http import HttpResponse
from django.urls import include, path
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache

from tests.purgeapp.models import Notice


def page(text):
    return HttpResponse(f"<p>{text}</p>")


@never_cache
def private_view(request):
    return page("private")


def sets_a_cookie(request):
    response = page("cookie")
    response.set_cookie("choice", "yes")
    return response


def varies_on_cookie(request):
    response = page("varies")
    patch_vary_headers(response, ["Cookie"])
    return response


def plain(request):
    return page(f"plain {request.GET.urlencode()}")


def notices(request):
    return page(" ".join(notice.text for notice in Notice.objects.order_by("pk")))


urlpatterns = [
    path("test/notices/", notices),
    path("test/private/", private_view),
    path("test/cookie/", sets_a_cookie),
    path("test/varies/", varies_on_cookie),
    path("test/plain/", plain),
    path("", include("synergi_site.urls")),
]
