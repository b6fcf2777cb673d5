from django.urls import path

from wagtail.contrib.sitemaps.views import sitemap

from . import views
from .sitemap import PublicPagesSitemap

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PublicPagesSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
